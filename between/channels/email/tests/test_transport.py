"""Email out, delivered to a real SMTP server: the null envelope sender, the decision's
headers, and SMTP failures sorted into permanent and temporary.
"""

from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.utils import timezone

from between.channels.email.tests.conftest import CLIENT, OURS, wire
from between.channels.email.transport import PAGE_SUBJECT, EmailPager, EmailTransport
from between.messaging import tasks
from between.messaging.models import DeliveryAttempt, Message, Outbound, Page
from between.messaging.transport import DeliveryError, pager_for, transport_for
from between.testing.dovecot import free_port

REPLY_HEADERS = {
    "From": OURS,
    "To": f"Sam Tester <{CLIENT}>",
    "Subject": "Auto: Your message was received",
    "Message-ID": "<0123abcd.between-auto@riverside-counseling.example>",
    "In-Reply-To": "<CAF8x+Qz1Vb5kq3=Xn0yT7pA9hUeN2c@mail.gmail.com>",
    "References": "<CAF8x+Qz1Vb5kq3=Xn0yT7pA9hUeN2c@mail.gmail.com>",
    "Auto-Submitted": "auto-replied",
    "Precedence": "bulk",
    "X-Auto-Response-Suppress": "All",
    "X-Between-Loop": OURS,
}


@pytest.fixture
def reply(riverside):
    return Outbound.objects.create(
        practice=riverside,
        channel="email",
        to=CLIENT,
        kind="after_hours",
        subject="Auto: Your message was received",
        body="Thank you for your message. I reply within one business day.\n",
        headers=REPLY_HEADERS,
        created_at=timezone.now(),
    )


def received(capture, index=-1):
    envelope = capture.envelopes[index]
    return envelope, message_from_bytes(envelope.original_content, policy=default_policy)


def test_the_channels_register_an_email_transport_and_pager(db):
    assert isinstance(transport_for("email"), EmailTransport)
    assert isinstance(pager_for("email"), EmailPager)


@pytest.mark.django_db
def test_an_automatic_reply_goes_out_with_a_null_envelope_sender_and_its_headers(outgoing, reply):
    provider_id = EmailTransport().send(reply)
    envelope, sent = received(outgoing)
    assert envelope.mail_from == "<>"  # MAIL FROM:<>, the null sender
    assert envelope.rcpt_tos == [CLIENT]
    for name, value in REPLY_HEADERS.items():
        assert sent[name] == value, name
    assert sent["Date"]
    assert provider_id == REPLY_HEADERS["Message-ID"]
    assert sent.get_content().strip() == reply.body.strip()
    assert outgoing.rcpt_options == [[]]  # the test server offers no DSN, so no NOTIFY


@pytest.mark.django_db
def test_a_typed_reply_keeps_its_from_as_the_envelope_sender(outgoing, reply):
    reply.kind = "typed"
    reply.headers = {"From": OURS}
    reply.save()
    provider_id = EmailTransport().send(reply)
    envelope, sent = received(outgoing)
    assert envelope.mail_from == OURS
    assert sent["Message-ID"].strip() == provider_id
    assert provider_id.endswith("@riverside-counseling.example>")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("where", "answer", "permanent"),
    [
        ("rcpt", "550 5.1.1 <test@example.com>: Recipient address rejected", True),
        ("rcpt", "450 4.2.0 Mailbox busy, try later", False),
        ("data", "552 5.3.4 Message too big for this mailbox", True),
        ("data", "451 4.3.0 Local error in processing", False),
    ],
)
def test_smtp_codes_decide_permanent_or_temporary(outgoing, reply, where, answer, permanent):
    setattr(outgoing, f"{where}_reply", answer)
    with pytest.raises(DeliveryError) as failed:
        EmailTransport().send(reply)
    assert failed.value.permanent is permanent
    assert CLIENT not in str(failed.value)  # addresses are scrubbed from the detail


@pytest.mark.django_db
def test_an_unreachable_server_is_a_temporary_failure(settings, reply):
    settings.EMAIL_BACKEND = "between.channels.email.backend.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_TIMEOUT = 5
    with pytest.raises(DeliveryError) as failed:
        EmailTransport().send(reply)
    assert failed.value.permanent is False


@pytest.mark.django_db
def test_the_deliver_task_records_each_attempt(outgoing, reply):
    outgoing.rcpt_reply = "550 5.1.1 User unknown"
    assert tasks.deliver.call(reply.pk) == "failed"
    attempt = DeliveryAttempt.objects.get(outbound=reply)
    assert attempt.outcome == "permanent" and attempt.detail.startswith("recipient refused")
    outgoing.rcpt_reply = None
    reply.status = "queued"
    reply.save()
    assert tasks.deliver.call(reply.pk, 2) == "sent"
    assert DeliveryAttempt.objects.filter(outbound=reply).count() == 2


@pytest.mark.django_db
def test_a_page_by_email_carries_a_link_and_nothing_about_the_client(
    outgoing, riverside, client_record
):
    message = Message.objects.create(
        practice=riverside,
        client=client_record,
        channel="email",
        from_address=CLIENT,
        subject="tonight",
        body="I don't want to be here anymore",
        received_at=timezone.now(),
        crisis=True,
        dedupe_key="crisis-1",
    )
    page = Page.objects.create(
        practice=riverside,
        message=message,
        audience="after_hours",
        name="On call",
        email="oncall@riverside-counseling.example",
        created_at=timezone.now(),
    )
    link = f"https://between.example/messages/{message.pk}/"
    EmailPager().page(page, link)
    envelope, sent = received(outgoing)
    assert envelope.rcpt_tos == ["oncall@riverside-counseling.example"]
    assert sent["Subject"] == PAGE_SUBJECT and sent["Auto-Submitted"] == "auto-generated"
    text = envelope.original_content.decode()
    assert link in text
    for private in (client_record.name, CLIENT, message.body, message.subject):
        assert private not in text


@pytest.mark.django_db
def test_a_page_without_an_address_fails_permanently(riverside):
    page = Page.objects.create(
        practice=riverside, audience="clinician", name="Alex", created_at=timezone.now()
    )
    with pytest.raises(DeliveryError) as failed:
        EmailPager().page(page, "https://between.example/messages/1/")
    assert failed.value.permanent


def test_a_client_email_in_round_trips_to_a_reply_out(
    listener, outgoing, policy_version, consenting
):
    """The whole loop over real SMTP: in through the listener, the reply out by SMTP."""
    import smtplib

    with smtplib.SMTP(listener.hostname, listener.port, timeout=30) as client:
        client.sendmail(CLIENT, [OURS], wire("gmail.eml"))
    envelope, sent = received(outgoing)
    assert envelope.mail_from == "<>" and envelope.rcpt_tos == [CLIENT]
    assert sent["From"] == OURS and sent["Auto-Submitted"] == "auto-replied"
    assert sent["In-Reply-To"] == "<CAF8x+Qz1Vb5kq3=Xn0yT7pA9hUeN2c@mail.gmail.com>"
    assert "Thursday" not in envelope.original_content.decode()  # never quotes the client
    assert Outbound.objects.get().status == "sent"


@pytest.mark.django_db
def test_a_reply_or_page_sent_again_carries_the_same_message_id(outgoing, reply, riverside):
    """After a worker died mid-send the takeover sends again (send_claims); the copy has
    the first one's Message-ID, so mail clients show one message."""
    typed = Outbound.objects.create(
        practice=riverside, channel="email", to=CLIENT, kind="typed", body="See you Tuesday.",
        created_at=timezone.now(),
    )  # fmt: skip
    other = Outbound.objects.create(
        practice=riverside, channel="email", to=CLIENT, kind="typed", body="And Friday.",
        created_at=timezone.now(),
    )  # fmt: skip
    first, again, different = (EmailTransport().send(o) for o in (typed, typed, other))
    assert first == again != different
    page = Page.objects.create(
        practice=riverside, audience="clinician", name="Dr. Rivera",
        email="rivera@example.org", created_at=timezone.now(),
    )  # fmt: skip
    pager = EmailPager()
    assert pager.page(page, "https://x/p/1/") == pager.page(page, "https://x/p/1/")
    ids = {received(outgoing, i)[1]["Message-ID"] for i in range(-2, 0)}
    assert len(ids) == 1
