"""The parse is bounded in parts, depth, Content-* header bytes and time: a message over
a bound is stored raw, flagged ``too_complex_to_parse``, screened on the text read before
the bound, and answered; large messages never hold up small ones from other senders.

The bombs are built here, as bytes: 200,000 tiny parts, nesting 100,000 deep, 500 KB of
parameters in one header.
"""

from __future__ import annotations

import itertools
import smtplib
import threading
from datetime import UTC, datetime

import pytest

from between.channels.email import smtpd
from between.channels.email.display import attachments, sanitised_html
from between.channels.email.ingest import (
    FEED_CHARS,
    MAX_DEPTH,
    MAX_MIME_HEADER_CHARS,
    MAX_PARTS,
    TOO_COMPLEX,
    TRUNCATED_NOTE,
    TooComplex,
    bounded_message,
    dedupe_key,
    html_to_text,
    read_email,
)
from between.channels.email.tests.conftest import CLIENT, EVENING, OURS, ListenerController
from between.core.pipeline.decide import screened_text
from between.messaging.models import Message, Page
from between.messaging.pipeline import crisis_screen
from between.testing.dovecot import free_port
from between.testing.waiting import wait_for

AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
CRISIS = "I have the pills saved up and I'm going to take them tonight. I'm sorry."
HEAD = (
    f"From: {CLIENT}\r\nTo: {OURS}\r\nSubject: homework\r\n"
    "Message-ID: <{ident}@example.com>\r\nMIME-Version: 1.0\r\n"
)


def many_parts(n: int, first: str = "x", *, ident: str = "many") -> bytes:
    """A multipart/mixed of ``n`` tiny text parts (``n + 1`` parts with the message)."""
    head = HEAD.format(ident=ident) + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    part = b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    first_part = f"--b\r\nContent-Type: text/plain\r\n\r\n{first}\r\n".encode()
    return head.encode() + first_part + part * (n - 1) + b"--b--\r\n"


def nested(levels: int, kind: str = "multipart", text: str = "hello") -> bytes:
    """A text part ``levels`` containers deep, in multiparts or in forwarded messages."""
    head = HEAD.format(ident=f"{kind}-{levels}").encode()
    leaf = f"Content-Type: text/plain\r\n\r\n{text}\r\n".encode()
    if kind == "multipart":
        opening = b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n'
        return b"".join(
            [
                head,
                *(opening % (i, i) for i in range(levels)),
                leaf,
                *(b"--b%d--\r\n" % i for i in reversed(range(levels))),
            ]
        )
    return head + b"Content-Type: message/rfc822\r\n\r\n" * levels + leaf


def crisis_first_then_deep(levels: int) -> bytes:
    """A crisis sentence in the first part, then nesting ``levels`` deep."""
    head = HEAD.format(ident="deep") + 'Content-Type: multipart/mixed; boundary="top"\r\n\r\n'
    first = f"--top\r\nContent-Type: text/plain\r\n\r\n{CRISIS}\r\n--top\r\n"
    return head.encode() + first.encode() + nested(levels).split(b"\r\n", 5)[5] + b"--top--\r\n"


def read(raw: bytes, **kwargs):
    return read_email(raw, envelope_sender=CLIENT, rcpt_to=[OURS], received_at=AT, **kwargs)


# -- parts ----------------------------------------------------------------------------------


def test_a_message_of_max_parts_is_read_in_full():
    found = read(many_parts(MAX_PARTS - 1, "Can we move Thursday?"))
    assert found.flags == () and not found.inbound.malformed
    assert found.inbound.body == "Can we move Thursday?"


def test_one_part_more_is_stored_raw_and_flagged():
    raw = many_parts(MAX_PARTS, "Can we move Thursday?")
    found = read(raw)
    assert found.flags == (TOO_COMPLEX,) and found.inbound.malformed
    assert found.inbound.raw == raw
    assert found.inbound.body.startswith("Can we move Thursday?")
    assert found.inbound.body.endswith(TRUNCATED_NOTE)


def test_200000_parts_stop_the_parser_at_the_bound_and_keep_every_byte():
    raw = many_parts(200_000, ident="bomb")
    assert len(raw) > 7_000_000
    with pytest.raises(TooComplex) as over:
        bounded_message(raw)
    assert over.value.bound == "parts" and over.value.parts == MAX_PARTS  # not 200,001
    found = read(raw)
    inbound = found.inbound
    assert found.flags == (TOO_COMPLEX,) and inbound.malformed
    assert inbound.raw == raw  # every byte, to be read from the original
    assert inbound.subject == "homework" and inbound.sender == CLIENT
    assert inbound.recipients == (OURS,)
    assert inbound.dedupe_key == dedupe_key(raw)  # a redelivery is still the same message


# -- depth ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["multipart", "message"])
def test_a_part_max_depth_down_is_read(kind):
    found = read(nested(MAX_DEPTH, kind))
    assert found.flags == () and not found.inbound.malformed
    assert found.inbound.body == "hello"


@pytest.mark.parametrize("kind", ["multipart", "message"])
def test_one_level_deeper_is_stored_raw_and_flagged(kind):
    raw = nested(MAX_DEPTH + 1, kind)
    with pytest.raises(TooComplex) as over:
        bounded_message(raw)
    assert over.value.bound == "depth"
    found = read(raw)
    assert found.flags == (TOO_COMPLEX,) and found.inbound.malformed
    assert found.inbound.raw == raw


@pytest.mark.parametrize("kind", ["multipart", "message"])
def test_nesting_100000_deep_stops_at_the_depth_bound(kind):
    raw = nested(100_000, kind)
    with pytest.raises(TooComplex) as over:
        bounded_message(raw)
    assert over.value.bound == "depth" and over.value.parts <= MAX_DEPTH + 2
    found = read(raw)
    assert found.flags == (TOO_COMPLEX,) and found.inbound.raw == raw
    # No text part was finished: the start of the body stands in for the text.
    assert "Content-Type: " in found.inbound.body[:100]


# -- time -----------------------------------------------------------------------------------


def test_a_parse_past_its_deadline_is_stored_raw_and_flagged():
    ticks = itertools.count()
    slow = lambda: float(next(ticks))  # noqa: E731 - every look at the clock: a second on
    raw = many_parts(200, "Can we move Thursday?")
    found = read(raw, clock=slow, seconds=40)
    assert found.flags == (TOO_COMPLEX,) and found.inbound.raw == raw
    assert found.inbound.body.startswith("Can we move Thursday?")  # what was read in time
    with pytest.raises(TooComplex) as over:
        bounded_message(raw, clock=itertools.count().__next__)
    assert over.value.bound == "time" and over.value.parts < 200


def test_the_deadline_is_checked_between_chunks_of_one_long_part():
    ticks = itertools.count()
    raw = HEAD.format(ident="long").encode() + b"\r\n" + b"word " * (FEED_CHARS * 3)
    with pytest.raises(TooComplex) as over:
        bounded_message(raw, clock=lambda: float(next(ticks)))
    assert over.value.bound == "time" and over.value.parts == 1


def test_a_clock_that_stands_still_never_flags():
    assert read(many_parts(MAX_PARTS - 1), clock=lambda: 0.0).flags == ()


def test_content_fields_up_to_the_budget_are_read_and_one_character_more_is_flagged():
    def long_name(chars: int) -> bytes:
        value = "text/plain; name=" + "a" * (chars - len("text/plain; name="))
        head = HEAD.format(ident=f"name-{chars}").encode()
        return head + f"Content-Type: {value}\r\n\r\nCan we move Thursday?\r\n".encode()

    assert read(long_name(MAX_MIME_HEADER_CHARS)).flags == ()
    over = long_name(MAX_MIME_HEADER_CHARS + 1)
    with pytest.raises(TooComplex) as bound:
        bounded_message(over)
    assert bound.value.bound == "headers"
    found = read(over)
    assert found.flags == (TOO_COMPLEX,) and found.inbound.raw == over


def test_hostile_parameter_lists_are_stopped_at_the_budget_not_parsed():
    # 500 KB of "; a=b" in one Content-Type: a minute of parsing before the budget.
    raw = HEAD.format(ident="params").encode() + b"Content-Type: text/plain"
    raw += b"; a=b" * 100_000 + b"\r\n\r\n" + CRISIS.encode() + b"\r\n"
    with pytest.raises(TooComplex) as bound:
        bounded_message(raw)
    assert bound.value.bound == "headers"
    found = read(raw)
    assert found.flags == (TOO_COMPLEX,) and found.inbound.raw == raw
    assert CRISIS in found.inbound.body  # the start of the body stands in


def test_html_is_read_to_text_in_chunks_and_stops_at_the_deadline():
    html = "<p>w</p>" * (FEED_CHARS // 2) + "<p>Can we move Thursday?</p>"
    assert html_to_text(html).endswith("Can we move Thursday?")
    assert html_to_text(html, deadline=10.0, clock=lambda: 0.0) == html_to_text(html)
    with pytest.raises(TooComplex) as over:
        html_to_text(html, deadline=0.0, clock=lambda: 1.0)
    assert over.value.bound == "time"


def test_an_html_body_read_past_the_deadline_is_stored_raw_and_flagged():
    raw = (
        HEAD.format(ident="html").encode()
        + b"Content-Type: text/html\r\n\r\n<p>Can we move Thursday?</p>"
        + b"<p>w</p>" * FEED_CHARS
        + b"\r\n"
    )
    looks = itertools.count()
    bounded_message(raw, deadline=float("inf"), clock=lambda: float(next(looks)))
    parse_looks = next(looks) + 1  # read_email's own look at the clock, then the parse's
    # A clock that stands still through the parse and is past the deadline after it.
    clock = itertools.chain(itertools.repeat(0.0, parse_looks), itertools.repeat(99.0))
    found = read(raw, clock=clock.__next__)
    assert found.flags == (TOO_COMPLEX,) and found.inbound.raw == raw
    assert found.inbound.body.startswith("Can we move Thursday?")


# -- the crisis screen still reads it --------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [many_parts(200_000, CRISIS, ident="crisis"), crisis_first_then_deep(100_000)],
    ids=["many-parts", "deep"],
)
def test_a_crisis_in_the_first_part_of_a_bomb_is_screened(raw):
    found = read(raw)
    assert found.flags == (TOO_COMPLEX,)
    assert CRISIS in found.inbound.body
    assert crisis_screen()(screened_text(found.inbound)).crisis


# -- over SMTP: stored, flagged, screened, paged ---------------------------------------------


def test_a_bomb_over_smtp_gets_its_250_and_is_stored_raw_flagged_and_paged(
    listener, smtp_to, policy_version, consenting
):
    bomb = many_parts(200_000, CRISIS, ident="smtp-bomb")
    assert len(bomb) > smtpd.LIGHT_BYTES  # the heavy lane
    small = many_parts(MAX_PARTS, ident="smtp-small")
    assert len(small) <= smtpd.LIGHT_BYTES  # parsed where it is stored
    assert smtp_to.sendmail(CLIENT, [OURS], bomb) == {}
    assert smtp_to.sendmail(CLIENT, [OURS], small) == {}
    stored = {bytes(m.raw): m for m in Message.objects.all()}
    assert set(stored) == {bomb, small}  # the raw bytes, intact
    for message in stored.values():
        assert message.malformed and TOO_COMPLEX in message.flags and "malformed" in message.flags
    paged = stored[bomb]
    assert paged.crisis and "crisis" in paged.flags and paged.client == consenting
    assert Page.objects.filter(message=paged).exists()


def test_the_page_shows_no_html_or_files_of_a_bomb_and_does_not_parse_it_whole():
    html = many_parts(200_000, ident="html").replace(
        b"Content-Type: text/plain", b"Content-Type: text/html", 1
    )
    assert sanitised_html(html) is None
    assert attachments(many_parts(200_000, ident="files")) == []


def test_the_imap_poller_stores_a_bomb_flagged(transactional_db, policy_version):
    from between.channels.email.imap import Mailbox, Poller

    poller = Poller(Mailbox.from_url("imap://u:p@127.0.0.1:1/INBOX"), clock=lambda: EVENING)
    raw = many_parts(200_000, ident="imap")
    assert poller.store(raw) is not None
    message = Message.objects.get()
    assert bytes(message.raw) == raw and TOO_COMPLEX in message.flags and message.malformed


# -- lanes: large messages never hold up small ones ------------------------------------------


def note(n: int) -> bytes:
    return (
        f"From: {CLIENT}\r\nTo: {OURS}\r\nSubject: note {n}\r\n"
        f"Message-ID: <lane-note-{n}@example.com>\r\n\r\nCan we move Thursday?\r\n"
    ).encode()


def large(n: int) -> bytes:
    """An ordinary message over LIGHT_BYTES (a long text, as a pasted document)."""
    return (
        f"From: other@example.com\r\nTo: {OURS}\r\nSubject: large {n}\r\n"
        f"Message-ID: <lane-large-{n}@example.com>\r\n\r\n"
    ).encode() + b"A long pasted document.\r\n" * (smtpd.LIGHT_BYTES // 20)


@pytest.fixture
def two_threads(transactional_db, policy_version):
    """The listener with two database threads: one at most for large messages."""
    handler = smtpd.Handler(workers=2, clock=lambda: EVENING)
    controller = ListenerController(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()
        handler.close()


def send(controller, sender: str, raw: bytes, replies: list) -> None:
    with smtplib.SMTP(controller.hostname, controller.port, timeout=120) as client:
        client.ehlo()
        client.mail(sender)
        client.rcpt(OURS)
        replies.append(client.data(raw)[0])


def hold(monkeypatch, name: str, when) -> tuple[threading.Event, list[str]]:
    """Make ``smtpd.<name>`` wait for the returned event whenever ``when(args)``; the
    list holds the name of the thread of every call."""
    release, threads = threading.Event(), []
    real = getattr(smtpd, name)

    def held(*args, **kwargs):
        threads.append(threading.current_thread().name)
        if when(args):
            assert release.wait(120)
        return real(*args, **kwargs)

    monkeypatch.setattr(smtpd, name, held)
    return release, threads


def test_the_parse_runs_off_the_event_loop_small_in_the_store_thread_large_on_its_lane(
    two_threads, monkeypatch
):
    _, threads = hold(monkeypatch, "read_email", lambda args: False)
    replies = []
    send(two_threads, CLIENT, note(1), replies)
    send(two_threads, "other@example.com", large(1), replies)
    assert replies == [250, 250] and Message.objects.count() == 2
    assert threads[0].startswith("smtpd-db") and threads[1].startswith("smtpd-parse")


def test_large_messages_held_in_their_parse_do_not_delay_a_small_one(two_threads, monkeypatch):
    release, threads = hold(monkeypatch, "read_email", lambda args: len(args[0]) > 1024)
    replies = []
    senders = [
        threading.Thread(target=send, args=(two_threads, "other@example.com", large(n), replies))
        for n in range(smtpd.HEAVY_PARSERS + 1)  # one more than the lane holds
    ]
    try:
        for thread in senders:
            thread.start()
        wait_for(lambda: len(threads) == smtpd.HEAVY_PARSERS, "the heavy lane full and held")
        small = []
        send(two_threads, CLIENT, note(1), small)
        assert small == [250] and replies == []  # answered while every large one waits
        assert Message.objects.get().subject == "note 1"
    finally:
        release.set()
        for thread in senders:
            thread.join(timeout=120)
    assert replies == [250] * len(senders) and Message.objects.count() == len(senders) + 1


def test_large_messages_held_in_their_store_leave_a_database_thread_free(two_threads, monkeypatch):
    release, threads = hold(
        monkeypatch, "store_read", lambda args: args[0].inbound.subject.startswith("large")
    )
    replies = []
    senders = [
        threading.Thread(target=send, args=(two_threads, "other@example.com", large(n), replies))
        for n in range(3)  # as many as there are database threads, and one more
    ]
    try:
        for thread in senders:
            thread.start()
        wait_for(lambda: len(threads) == 1, "one large message held in a database thread")
        small = []
        send(two_threads, CLIENT, note(2), small)
        assert small == [250] and replies == []
        assert Message.objects.get().subject == "note 2"
        assert len(threads) == 2  # the small one's store; the other large ones still wait
    finally:
        release.set()
        for thread in senders:
            thread.join(timeout=120)
    assert replies == [250] * len(senders) and Message.objects.count() == len(senders) + 1
