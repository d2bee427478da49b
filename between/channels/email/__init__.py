"""The email channel: SMTP in (``smtpd``), IMAP in (``imap``), both through ``ingest``;
out through Django's email backend (``transport``, ``backend``); ``display`` for what the
message page may show beyond the text.
"""
