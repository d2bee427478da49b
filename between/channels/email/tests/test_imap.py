"""The IMAP poller against a real Dovecot: stored, then marked; redelivery changes nothing;
a database failure leaves the message unmarked for the next round.
"""

import threading
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from imapclient import IMAPClient  # type: ignore[import-untyped]

from between.channels.email.imap import (
    BACKLOG_DAYS,
    STORED,
    UNROUTED,
    Mailbox,
    MailboxURLError,
    Poller,
)
from between.channels.email.tests.conftest import CLIENT, EVENING, OURS, wire
from between.messaging.models import Message, Outbound
from between.testing.waiting import wait_for

pytestmark = pytest.mark.service


@pytest.fixture
def folder(dovecot):
    """A fresh folder on the test server, and a session to it for the test's own use."""
    name = f"T{uuid.uuid4().hex[:12]}"
    client = IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=30)
    client.login(dovecot.user, dovecot.password)
    client.create_folder(name)
    client.select_folder(name)
    try:
        yield name, client
    finally:
        client.logout()


def mailbox(dovecot, folder_name):
    return Mailbox.from_url(dovecot.url.replace("/INBOX", f"/{folder_name}"))


def poller(dovecot, folder_name, **kwargs):
    return Poller(mailbox(dovecot, folder_name), clock=lambda: EVENING, **kwargs)


def append(client, folder_name, name="gmail.eml", *, at=None):
    """File a sample as arrived at ``at`` (its INTERNALDATE): two minutes before the
    pollers' clock unless told otherwise."""
    # IMAP serves every message with CRLF line ends, so the samples go in that way.
    arrived = at if at is not None else EVENING - timedelta(minutes=2)
    client.append(folder_name, wire(name), msg_time=arrived)


def flags(client):
    client.noop()
    return {
        uid: {f.decode() for f in data[b"FLAGS"]}
        for uid, data in client.fetch(client.search(["ALL"]), ["FLAGS"]).items()
    }


def run_once(p):
    client = p.connect()
    try:
        return p.poll_once(client)
    finally:
        p.close(client)


def test_a_message_is_stored_then_marked(
    transactional_db, dovecot, folder, policy_version, consenting
):
    name, client = folder
    append(client, name)
    done = run_once(poller(dovecot, name))
    assert (done.stored, done.duplicates) == (1, 0)
    message = Message.objects.get()
    assert message.client == consenting and message.to_addresses == [OURS]
    assert message.received_at == EVENING - timedelta(minutes=2)  # INTERNALDATE
    assert bytes(message.raw) == wire("gmail.eml")
    assert [STORED in f for f in flags(client).values()] == [True]
    assert "\\Seen" not in next(iter(flags(client).values()))  # still unread for people
    # Return-Path is the envelope sender: the reply goes there.
    assert Outbound.objects.get().to == CLIENT


def test_a_redelivered_message_changes_nothing(
    transactional_db, dovecot, folder, policy_version, consenting
):
    name, client = folder
    append(client, name)
    run_once(poller(dovecot, name))
    append(client, name)  # the same mail delivered again (new UID, same Message-ID)
    done = run_once(poller(dovecot, name))
    assert (done.stored, done.duplicates) == (0, 1)
    assert Message.objects.count() == 1 and Outbound.objects.count() == 1
    assert all(STORED in f for f in flags(client).values())
    assert run_once(poller(dovecot, name)).seen == 0  # marked mail is not read again


def test_a_database_failure_leaves_the_message_unmarked(
    transactional_db, dovecot, folder, policy_version
):
    name, client = folder
    append(client, name)

    def refuse_writes(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError("could not write: the database is unavailable")
        return execute(sql, params, many, context)

    p = poller(dovecot, name)
    with connection.execute_wrapper(refuse_writes), pytest.raises(OperationalError):
        run_once(p)
    assert Message.objects.count() == 0
    assert not any(STORED in f for f in flags(client).values())
    assert run_once(p).stored == 1  # the next round stores it
    assert all(STORED in f for f in flags(client).values())


def test_mail_for_no_practice_is_left_in_place_and_marked_unrouted(
    transactional_db, dovecot, folder, policy_version
):
    name, client = folder
    raw = wire("gmail.eml").replace(b"alex@riverside-counseling.example", b"x@nowhere.example")
    client.append(name, raw, msg_time=EVENING)
    done = run_once(poller(dovecot, name))
    assert done.unrouted == 1 and Message.objects.count() == 0
    assert [UNROUTED in f for f in flags(client).values()] == [True]


def test_with_a_practice_given_everything_in_the_mailbox_is_theirs(
    transactional_db, dovecot, folder, policy_version, riverside
):
    name, client = folder
    append(client, name, "mailman-list.eml")  # addressed to the list, not to Alex
    done = run_once(poller(dovecot, name, practice=riverside))
    assert done.stored == 1
    message = Message.objects.get()
    assert message.practice == riverside and message.to_addresses == []
    assert Outbound.objects.count() == 0  # a list post is never answered


def test_mail_older_than_the_backlog_window_is_left_alone(
    transactional_db, dovecot, folder, policy_version
):
    """Connecting a mailbox with years of unread mail must not file (and answer) it all."""
    name, client = folder
    # IMAP's SINCE compares dates, not instants: a day either side of the edge.
    append(client, name, at=EVENING - timedelta(days=BACKLOG_DAYS + 2))
    append(client, name, "html-only.eml", at=EVENING - timedelta(days=BACKLOG_DAYS - 2))
    done = run_once(poller(dovecot, name))
    assert (done.seen, done.stored) == (1, 1)
    assert Message.objects.get().received_at == EVENING - timedelta(days=BACKLOG_DAYS - 2)
    assert sorted(STORED in f for f in flags(client).values()) == [False, True]


def test_malformed_mail_is_stored_raw_and_flagged(
    transactional_db, dovecot, folder, policy_version
):
    name, client = folder
    append(client, name, "truncated.eml")
    run_once(poller(dovecot, name))
    message = Message.objects.get()
    assert message.malformed and bytes(message.raw) == wire("truncated.eml")


def test_idle_picks_up_new_mail(transactional_db, dovecot, folder, policy_version, monkeypatch):
    name, client = folder
    # Only IDLE can bring the mail in before wait_for gives up: the next poll is an hour off.
    p = poller(dovecot, name, idle_seconds=3600)
    stop = threading.Event()
    thread = threading.Thread(target=p.run, args=(stop,), daemon=True)
    idling = threading.Event()
    start_idle = IMAPClient.idle

    def announce_idle(imap):
        answer = start_idle(imap)
        idling.set()  # connected, found nothing, and now waiting for news
        return answer

    monkeypatch.setattr(IMAPClient, "idle", announce_idle)
    thread.start()
    try:
        assert idling.wait(timeout=120)
        append(client, name)
        # The mark follows the commit, so it says the mail is stored; watching the mailbox
        # rather than the table keeps this thread off the database the poller writes to
        # (SQLite's shared in-memory test database answers "table is locked" then).
        wait_for(
            lambda: any(STORED in f for f in flags(client).values()),
            "IDLE bringing the new mail in",
        )
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert Message.objects.count() == 1


def test_imap_poll_once_command(
    transactional_db, dovecot, folder, policy_version, settings, capsys
):
    name, client = folder
    # The command reads on the real clock, so the mail arrived two minutes before it: a
    # sample from a fixed day falls out of the backlog window a week later.
    append(client, name, at=timezone.now() - timedelta(minutes=2))
    settings.BETWEEN_IMAP_URL = dovecot.url.replace("/INBOX", f"/{name}")
    call_command("imap-poll", "--once")
    assert capsys.readouterr().out.startswith("1 stored, 0 already stored")
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "imaps://me%40x.example:p%2Fw@mail.example:993/INBOX",
            ("mail.example", 993, True, "me@x.example", "p/w", "INBOX"),
        ),
        (
            "imap://u:s3cret-pw@127.0.0.1:1143/Clients/New",
            ("127.0.0.1", 1143, False, "u", "s3cret-pw", "Clients/New"),
        ),
        (
            "imaps://u:s3cret-pw@mail.example",
            ("mail.example", 993, True, "u", "s3cret-pw", "INBOX"),
        ),
    ],
)
def test_mailbox_urls(url, expected):
    box = Mailbox.from_url(url)
    assert (box.host, box.port, box.ssl, box.user, box.password, box.folder) == expected
    assert box.password not in repr(box)


@pytest.mark.parametrize(
    "url", ["http://u:p@h/", "imaps://h/INBOX", "imaps://u@h", "imaps://u:p@h:x/"]
)
def test_bad_mailbox_urls_are_refused_without_the_password(url):
    with pytest.raises(MailboxURLError) as refused:
        Mailbox.from_url(url)
    assert ":p@" not in str(refused.value)
