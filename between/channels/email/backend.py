"""Django's SMTP backend, with an envelope sender that may differ from the From header.

Automatic replies go out with the null envelope sender (MAIL FROM:<>, RFC 3834 §3.3,
RFC 5230 §5.1, reference rule R26) while their From header is the address the client
wrote to. Django's backend always uses From as the envelope sender, so a message that
carries ``envelope_sender`` is sent through this override instead. Where the server
speaks DSN, recipients get NOTIFY=NEVER so no delivery report comes back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import sanitize_address

from between.core.email_rules import REPLY_DSN_NOTIFY


class EnvelopeEmailMessage(EmailMessage):
    """An EmailMessage with its own SMTP envelope sender ("" is the null sender)."""

    def __init__(self, *args: Any, envelope_sender: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.envelope_sender = envelope_sender


class EmailBackend(DjangoSMTPBackend):
    """Sends ``EnvelopeEmailMessage`` with its envelope sender; others as Django does.

    Errors are not swallowed here whatever ``fail_silently`` says: the transport needs
    the SMTP reply code to tell a permanent failure from a temporary one.
    """

    def _send(self, email_message: EmailMessage) -> bool:
        envelope = getattr(email_message, "envelope_sender", None)
        if envelope is None:
            # django-stubs leave out the private _send that Django's backend defines.
            return bool(super()._send(email_message))  # type: ignore[misc]
        if not email_message.recipients():
            return False
        assert self.connection is not None
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_address = sanitize_address(envelope, encoding) if envelope else ""
        recipients = [sanitize_address(a, encoding) for a in email_message.recipients()]
        message = email_message.message()
        self.connection.ehlo_or_helo_if_needed()
        rcpt_options = [f"NOTIFY={REPLY_DSN_NOTIFY}"] if self.connection.has_extn("dsn") else []
        self.connection.sendmail(
            from_address,
            recipients,
            message.as_bytes(linesep="\r\n"),  # type: ignore[call-arg]  # Django's SafeMIME*
            rcpt_options=rcpt_options,
        )
        return True
