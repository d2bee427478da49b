import io

from django.core.mail import EmailMessage

from between.channels.email.console import EmailBackend


def test_the_console_prints_the_message_with_its_recipients_masked():
    stream = io.StringIO()
    message = EmailMessage(
        subject="Your message arrived outside office hours",
        body="Alex will answer on Monday.",
        from_email="alex@riverside-counseling.example",
        to=['"Jane Doe" <jane.doe@example.com>'],
        cc=["sam.lee@example.org"],
        reply_to=["jane.doe@example.com"],
    )
    assert EmailBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert "jane.doe" not in printed and "Jane Doe" not in printed and "sam.lee" not in printed
    assert "To: j***@e***.com" in printed and "Cc: s***@e***.org" in printed
    assert "Reply-To: j***@e***.com" in printed
    assert "From: alex@riverside-counseling.example" in printed  # the practice's own
    assert "Alex will answer on Monday." in printed
