"""The SMTP listener, spoken to over real SMTP: 250 only after commit, 451 when the
database fails, 550 for addresses no practice owns, 552 for oversized mail.
"""

import smtplib

import pytest
from django.core import mail
from django.db import OperationalError, connection

from between.channels.email.smtpd import Handler
from between.channels.email.tests.conftest import CLIENT, OURS, ListenerController, wire
from between.messaging.models import Message, Outbound
from between.testing.dovecot import free_port
from between.testing.waiting import wait_for


def test_250_means_the_message_is_committed(listener, smtp_to, policy_version, consenting):
    refused = smtp_to.sendmail(CLIENT, [OURS], wire("gmail.eml"))
    assert refused == {}
    # Read from this thread's own connection: only a committed row is visible here.
    message = Message.objects.get()
    assert message.client == consenting and message.channel == "email"
    assert message.subject == "Moving Thursday’s session"
    assert message.raw == wire("gmail.eml") and not message.malformed
    assert message.from_address == CLIENT and message.to_addresses == [OURS]


def test_the_automatic_reply_is_queued_after_commit_and_sent_from_the_address_written_to(
    listener, smtp_to, policy_version, consenting
):
    smtp_to.sendmail(CLIENT, [OURS], wire("gmail.eml"))
    reply = Outbound.objects.get()
    assert reply.kind == "after_hours" and reply.to == CLIENT and reply.status == "sent"
    sent = mail.outbox[-1]  # the test settings' in-memory backend
    assert sent.envelope_sender == ""  # MAIL FROM:<>
    assert sent.from_email == OURS and sent.to == [CLIENT]
    assert sent.extra_headers["Auto-Submitted"] == "auto-replied"
    assert sent.extra_headers["In-Reply-To"] == "<CAF8x+Qz1Vb5kq3=Xn0yT7pA9hUeN2c@mail.gmail.com>"


def test_redelivery_is_idempotent(listener, smtp_to, policy_version, consenting):
    smtp_to.sendmail(CLIENT, [OURS], wire("gmail.eml"))
    smtp_to.sendmail(CLIENT, [OURS], wire("gmail.eml"))  # the sender did not see our 250
    assert Message.objects.count() == 1 and Outbound.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_recipient_no_practice_owns_is_refused_at_rcpt(listener, smtp_to, policy_version):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        smtp_to.sendmail(CLIENT, ["nobody@elsewhere.example"], wire("gmail.eml"))
    assert refused.value.recipients["nobody@elsewhere.example"][0] == 550
    assert Message.objects.count() == 0


def test_with_one_recipient_ours_the_message_is_stored_for_it(listener, smtp_to, policy_version):
    refused = smtp_to.sendmail(CLIENT, ["nobody@elsewhere.example", OURS], wire("gmail.eml"))
    assert refused["nobody@elsewhere.example"][0] == 550
    assert Message.objects.get().to_addresses == [OURS]


def test_lists_and_bounces_are_stored_but_never_answered(
    listener, smtp_to, policy_version, consenting
):
    smtp_to.sendmail("announce-bounces@lists.therapists.example", [OURS], wire("mailman-list.eml"))
    smtp_to.sendmail("", [OURS], wire("bounce.eml"))  # MAIL FROM:<>
    smtp_to.sendmail("jordan@contoso.example", [OURS], wire("outlook-suppress.eml"))
    assert Message.objects.count() == 3
    assert Outbound.objects.count() == 0 and mail.outbox == []
    assert all("no_auto_reply" in m.flags for m in Message.objects.all())


@pytest.mark.parametrize(
    "name",
    [
        "truncated.eml",
        "garbage.eml",
        "empty-body.eml",
        "windows-1252-8bit.eml",
        "attachment.eml",
        "html-only.eml",
    ],
)
def test_bad_input_is_accepted_and_kept(listener, smtp_to, policy_version, name):
    smtp_to.sendmail(CLIENT, [OURS], wire(name))
    message = Message.objects.get()
    assert bytes(message.raw) == wire(name)
    assert message.malformed is (name in ("truncated.eml", "garbage.eml"))


def test_raw_8bit_data_is_accepted_as_sent(listener, smtp_to, policy_version):
    smtp_to.ehlo()
    assert smtp_to.has_extn("8bitmime")
    smtp_to.sendmail(CLIENT, [OURS], wire("windows-1252-8bit.eml"), mail_options=["BODY=8BITMIME"])
    assert Message.objects.get().subject == "Café “homework” – week 3"


class FailingWrites:
    """A connection wrapper: the database refuses writes, as a full disk or a failover."""

    def __init__(self):
        self.calls = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            self.calls += 1
            raise OperationalError("could not write: the database is unavailable")
        return execute(sql, params, many, context)


def in_db_thread(listener, fn):
    """Run ``fn`` on the listener's database thread (the one that serves ingest)."""
    return listener.handler.executor.submit(fn).result()


def test_451_when_the_database_fails_and_the_retry_is_stored(listener, smtp_to, policy_version):
    failing = FailingWrites()
    wrapper = {}

    def install():
        wrapper["cm"] = connection.execute_wrapper(failing)
        wrapper["cm"].__enter__()

    in_db_thread(listener, install)
    try:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            smtp_to.sendmail(CLIENT, [OURS], wire("gmail.eml"))
    finally:
        in_db_thread(listener, lambda: wrapper["cm"].__exit__(None, None, None))
    assert refused.value.smtp_code == 451 and failing.calls >= 1
    assert Message.objects.count() == 0  # nothing half-stored
    smtp_to.rset()
    assert smtp_to.sendmail(CLIENT, [OURS], wire("gmail.eml")) == {}  # the sender's retry
    assert Message.objects.count() == 1


def test_451_at_rcpt_when_the_database_is_down(listener, smtp_to, policy_version):
    def down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    wrapper = {}

    def install():
        wrapper["cm"] = connection.execute_wrapper(down)
        wrapper["cm"].__enter__()

    in_db_thread(listener, install)
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            smtp_to.sendmail(CLIENT, [OURS], wire("gmail.eml"))
    finally:
        in_db_thread(listener, lambda: wrapper["cm"].__exit__(None, None, None))
    assert refused.value.recipients[OURS][0] == 451
    assert Message.objects.count() == 0


@pytest.fixture
def small_listener(transactional_db, settings):
    settings.BETWEEN_SMTP_MAX_BYTES = 2048
    handler = Handler(workers=1)
    controller = ListenerController(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()
        handler.close()


def test_552_for_a_message_over_the_size_limit_and_nothing_stored(small_listener, policy_version):
    big = wire("gmail.eml") + b"x" * 4096 + b"\r\n"
    with smtplib.SMTP(small_listener.hostname, small_listener.port, timeout=30) as client:
        client.ehlo()
        assert client.has_extn("size") and client.esmtp_features["size"] == "2048"
        # smtplib announces SIZE=, so the refusal comes at MAIL FROM.
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            client.sendmail(CLIENT, [OURS], big)
        assert refused.value.smtp_code == 552
        # A client that does not announce the size is refused after DATA.
        client.rset()
        client.mail(CLIENT)
        client.rcpt(OURS)
        code, _ = client.data(big)
        assert code == 552
    assert Message.objects.count() == 0


def test_serve_listens_until_stopped_and_closes_its_connections(transactional_db, policy_version):
    """The path `between smtpd` runs: default handler (several database threads)."""
    import asyncio
    import threading

    from between.channels.email.smtpd import serve

    port = free_port()
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(serve("127.0.0.1", port, stop=stop),)
    )
    thread.start()
    try:
        client = wait_for(
            lambda: smtplib.SMTP("127.0.0.1", port, timeout=30),
            "smtpd listening",
            errors=(OSError,),
        )
        with client:
            assert client.sendmail(CLIENT, [OURS], wire("gmail.eml")) == {}
        assert Message.objects.count() == 1
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=60)
        loop.close()
    assert not thread.is_alive()


def test_the_smtpd_command_refuses_a_bad_port(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--port"):
        call_command("smtpd", "--port", "70000")


def _note(n: int) -> bytes:
    return (
        f"From: {CLIENT}\r\nTo: {OURS}\r\nSubject: note {n}\r\n"
        f"Message-ID: <note-{n}@example.com>\r\n\r\nCan we move Thursday?\r\n"
    ).encode()


def test_rcpt_trusts_a_recent_yes_but_data_checks_again_and_a_removed_address_expires(
    transactional_db, policy_version
):
    from between.channels.email.smtpd import OURS_REMEMBERED_FOR
    from between.messaging.models import Endpoint

    now = [1000.0]
    handler = Handler(workers=1, timer=lambda: now[0])
    controller = ListenerController(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    client = smtplib.SMTP(controller.hostname, controller.port, timeout=30)
    try:
        assert client.sendmail(CLIENT, [OURS], _note(1)) == {}
        Endpoint.objects.filter(address=OURS).delete()  # the practice stops receiving here
        # RCPT answers from memory; DATA routes against the database: 550, nothing kept.
        with pytest.raises(smtplib.SMTPDataError) as at_data:
            client.sendmail(CLIENT, [OURS], _note(2))
        assert at_data.value.smtp_code == 550
        client.rset()
        now[0] += OURS_REMEMBERED_FOR
        with pytest.raises(smtplib.SMTPRecipientsRefused) as at_rcpt:
            client.sendmail(CLIENT, [OURS], _note(3))
        assert at_rcpt.value.recipients[OURS][0] == 550
        assert Message.objects.count() == 1
    finally:
        client.close()
        controller.stop()
        handler.close()


def test_rcpt_never_remembers_a_no(transactional_db, policy_version):
    from between.messaging.models import Endpoint

    handler = Handler(workers=1, timer=lambda: 5.0)  # time stands still
    controller = ListenerController(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    client = smtplib.SMTP(controller.hostname, controller.port, timeout=30)
    new = "intake@riverside-counseling.example"
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.sendmail(CLIENT, [new], _note(1))
        Endpoint.objects.create(practice=policy_version.practice, kind="email", address=new)
        assert client.sendmail(CLIENT, [new], _note(2)) == {}  # published: accepted at once
        assert Message.objects.get().to_addresses == [new]
    finally:
        client.close()
        controller.stop()
        handler.close()
