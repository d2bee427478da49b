"""A seeded fuzz pass over the email parser (issue 14): any bytes a sender can put after
DATA are stored, raw and whole, or the message is refused with a clear code. The parser
never raises, and nothing it makes breaks the store (PostgreSQL refuses NUL in text,
some of what a header holds cannot be encoded, a date may be out of range...).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from between.channels.email.ingest import read_email
from between.channels.email.smtpd import store
from between.channels.email.tests.conftest import CLIENT, OURS, wire
from between.messaging.models import Message

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=200,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
WHEN = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
_numbers = itertools.count(1)

HEADER_NAMES = [
    "From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
    "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted", "Precedence",
    "List-Id", "Return-Path", "Reply-To", "X-Auto-Response-Suppress", "MIME-Version",
]  # fmt: skip
# Header values as mail brings them: any bytes, encoded words, odd charsets, NUL.
header_value = st.one_of(
    st.binary(max_size=120),
    st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"=?utf-8?b?w6nDqQ==?=",
            b"=?x-unknown?q?caf=E9?=",
            b"=?utf-8?q?\x00?=",
            b'multipart/mixed; boundary="b"',
            b"multipart/mixed; boundary=",
            b"text/plain; charset=utf-7",
            b"text/plain; charset=\xff\xfe",
            b"base64",
            b"quoted-printable",
            b"Mon, 31 Feb 99999 25:61:61 +9999",
            b"<>",
            b"auto-replied",
            b"\x00",
        ]
    ),
)
body = st.one_of(
    st.binary(max_size=600),
    st.sampled_from(
        [
            b"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n",
            b"--b\r\n--b\r\n--b--",
            b"=?=\r\n=\r\n=XX",
            b"SGVsbG8=\r\n!!!",
            b"<html><body><p>I can't go on<script>x</script>",
        ]
    ),
)


def message_bytes(headers: list[tuple[str, bytes]], text: bytes, number: int) -> bytes:
    lines = [name.encode() + b": " + value.replace(b"\r\n", b" ") for name, value in headers]
    lines.append(f"X-Fuzz-Number: {number}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + text


@seed(20261206)
@FUZZ
@given(
    headers=st.lists(st.tuples(st.sampled_from(HEADER_NAMES), header_value), max_size=10),
    text=body,
    envelope=st.one_of(st.none(), st.just(""), st.just(CLIENT), st.text(max_size=40)),
)
def test_any_bytes_after_data_are_stored_raw_and_whole(policy_version, headers, text, envelope):
    raw = message_bytes(headers, text, next(_numbers))
    # The parser alone never raises, whatever the bytes.
    read = read_email(raw, envelope_sender=envelope, rcpt_to=[OURS], received_at=WHEN)
    assert read.inbound.raw == raw
    # And the whole store path keeps it: the 250 the listener would give.
    result = store(raw, envelope, [OURS], WHEN)
    assert result is not None and result.message is not None
    assert bytes(Message.objects.get(pk=result.message.pk).raw) == raw


@seed(20261206)
@FUZZ
@given(cut=st.integers(min_value=0, max_value=4000), flips=st.lists(st.integers(0, 4000)))
def test_a_real_message_cut_or_corrupted_anywhere_is_still_stored(policy_version, cut, flips):
    # A Message-ID of its own: the same one twice is a redelivery, rightly stored once.
    number = next(_numbers)
    sample = wire("gmail.eml").replace(b"CAF8x+Qz1Vb5kq3", f"fuzz{number:06d}".encode())
    raw = bytearray(sample[:cut] + f"\r\nX-Fuzz: {number}".encode())
    for at in flips:
        if at < len(raw):
            raw[at] ^= 0x80
    result = store(bytes(raw), CLIENT, [OURS], WHEN)
    assert result is not None and bytes(result.message.raw) == bytes(raw)


@pytest.mark.parametrize("ident", [b"<>", b"none", b"\x99\xf8", b"<caf\xc3\xa9@x>", b"< >"])
def test_two_messages_with_the_same_broken_message_id_are_both_stored(policy_version, ident):
    """Found by the fuzz pass: a Message-ID that is not one ("<>", a bare word, bytes
    that do not decode) was taken as the message's identity, so a second, different
    message with the same broken ID was dropped as a redelivery."""
    first, second = (
        message_bytes([("Message-ID", ident), ("Subject", b"x")], text, 0)
        for text in (b"Can we move Thursday?", b"I can't go on tonight")
    )
    stored = [store(raw, CLIENT, [OURS], WHEN) for raw in (first, second)]
    assert all(result is not None and result.created for result in stored)
    assert Message.objects.count() == 2
