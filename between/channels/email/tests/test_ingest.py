"""parse_email on captured real-world shapes: it never raises and loses nothing."""

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from between.channels.email.ingest import (
    MAX_BODY_CHARS,
    TRUNCATED_NOTE,
    decode_text,
    dedupe_key,
    html_to_text,
    parse_email,
)
from between.channels.email.tests.conftest import CLIENT, OURS, SAMPLES, sample
from between.core.pipeline.values import InChannel

AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def parse(name, envelope=CLIENT, rcpt=(OURS,)):
    return parse_email(sample(name), envelope_sender=envelope, rcpt_to=list(rcpt), received_at=AT)


def test_a_gmail_message_gives_its_plain_text_and_decoded_subject():
    inbound = parse("gmail.eml")
    assert inbound.channel is InChannel.email and inbound.received_at == AT
    assert inbound.sender == CLIENT and inbound.envelope_sender == CLIENT
    assert inbound.recipients == (OURS,)
    assert inbound.subject == "Moving Thursday’s session"
    assert inbound.body.startswith("Hi Alex,\n\nCould we move Thursday’s session to Friday")
    assert "<div" not in inbound.body
    assert inbound.raw == sample("gmail.eml") and not inbound.malformed


def test_outlook_smart_quotes_in_iso_8859_1_are_read_as_windows_1252():
    inbound = parse("outlook-suppress.eml", envelope="jordan@contoso.example")
    assert "My insurer’s portal asks for it." in inbound.body
    assert not inbound.malformed


def test_raw_8bit_headers_and_a_wrong_charset_are_decoded_not_dropped():
    inbound = parse("windows-1252-8bit.eml")
    assert inbound.subject == "Café “homework” – week 3"
    assert inbound.body.startswith("I did the “thought record” exercise – it’s harder")
    assert "naïvely" in inbound.body and not inbound.malformed


def test_utf8_declared_latin1_bytes_and_unknown_charsets_fall_back():
    inbound = parse("wrong-charset.eml")
    assert inbound.body == "Je suis désolée pour le retard."
    assert inbound.subject == "Re: café"


def test_an_html_only_message_gives_readable_text_without_markup_or_script():
    inbound = parse("html-only.eml")
    assert inbound.body.startswith("Hi Alex,\n\nThis week went better than last week & I kept")
    assert "sleep: better" in inbound.body
    for never in ("<", "document.cookie", "font-family", "Newsletter-style", "tracker"):
        assert never not in inbound.body


def test_attachments_stay_in_the_raw_and_are_never_read_as_the_body():
    inbound = parse("attachment.eml")
    assert inbound.body == "Here is the worksheet from last session, filled in."
    assert b"JVBERi0xLjQK" in inbound.raw  # the PDF is kept, inside the (encrypted) raw
    assert not inbound.malformed


def test_an_empty_body_is_an_empty_message_not_an_error():
    inbound = parse("empty-body.eml")
    assert inbound.body == "" and inbound.subject == "" and not inbound.malformed


def test_a_truncated_multipart_keeps_what_could_be_read_and_is_flagged():
    inbound = parse("truncated.eml")
    assert inbound.malformed
    assert inbound.body == "I wrote something before the connection dropped"
    assert inbound.raw == sample("truncated.eml")


def test_garbage_is_stored_raw_and_flagged():
    raw = sample("garbage.eml")
    inbound = parse("garbage.eml")
    assert inbound.malformed and inbound.raw == raw
    assert inbound.dedupe_key == "raw:" + __import__("hashlib").sha256(raw).hexdigest()
    assert inbound.sender == CLIENT  # the envelope still says who sent it


def test_a_bounce_with_the_null_sender_keeps_it_null_and_names_the_daemon():
    inbound = parse("bounce.eml", envelope="")
    assert inbound.envelope_sender == ""
    assert inbound.sender == "mailer-daemon@mail.example.com"
    assert inbound.body.startswith("This is the mail system at host mail.example.com.")
    assert "Reporting-MTA" not in inbound.body  # the machine-readable part is not the body


def test_an_unknown_envelope_falls_back_to_from_and_to_headers():
    inbound = parse("mailman-list.eml", envelope=None, rcpt=())
    assert inbound.envelope_sender is None
    assert inbound.sender == "network@therapists.example"
    assert inbound.recipients == ("announce@lists.therapists.example",)


def test_envelope_addresses_are_bare_and_lower_case():
    inbound = parse(
        "gmail.eml", envelope="<Test@Example.COM>", rcpt=("<Alex@Riverside-Counseling.example>",)
    )
    assert inbound.envelope_sender == CLIENT and inbound.recipients == (OURS,)
    assert parse("bounce.eml", envelope="<>").envelope_sender == ""


def test_the_dedupe_key_is_the_message_id_whatever_else_changed():
    raw = sample("gmail.eml")
    relayed = b"Received: from relay.example by mx.example; Tue, 24 Nov 2026\r\n" + raw
    assert dedupe_key(raw) == dedupe_key(relayed)
    assert dedupe_key(raw).startswith("mid:") and len(dedupe_key(raw)) <= 128
    assert dedupe_key(sample("attachment.eml")) != dedupe_key(raw)


def test_without_a_message_id_the_key_is_a_hash_of_the_bytes():
    raw = b"From: a@example.com\nTo: b@example.com\n\nhello\n"
    assert dedupe_key(raw).startswith("raw:")
    assert dedupe_key(raw) == dedupe_key(bytes(raw)) != dedupe_key(raw + b"again\n")


def test_a_huge_body_is_cut_for_reading_and_kept_whole_in_the_raw():
    raw = b"From: a@example.com\nSubject: long\n\n" + b"word " * (MAX_BODY_CHARS // 4)
    inbound = parse_email(raw, envelope_sender=None, rcpt_to=[OURS], received_at=AT)
    assert inbound.body.endswith(TRUNCATED_NOTE.strip())
    assert len(inbound.body) <= MAX_BODY_CHARS + len(TRUNCATED_NOTE) and inbound.raw == raw


@pytest.mark.parametrize(
    ("data", "charset", "text"),
    [
        (b"caf\xc3\xa9", None, "café"),
        (b"caf\xe9", None, "café"),
        (b"caf\xc3\xa9", "iso-8859-1", "café"),  # declared Latin-1, written UTF-8
        (b"\x93q\x94", "iso-8859-1", "“q”"),  # WHATWG: Latin-1 labels mean windows-1252
        (b"caf\xe9", "utf-8", "café"),
        (b"caf\xe9", "no-such-charset", "café"),
        (b"\x1b$B$3$s$K$A$O\x1b(B", "iso-2022-jp", "こんにちは"),  # 7-bit, not ASCII
        (b"\x81", "cp1252", "\ufffd"),
    ],
)
def test_decode_text(data, charset, text):
    assert decode_text(data, charset) == text


def test_html_to_text_keeps_paragraphs_and_drops_hidden_parts():
    html = "<p>one</p><p>two<br>three</p><style>x{}</style><script>y()</script>&amp;"
    assert html_to_text(html) == "one\n\ntwo\nthree\n&"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_any_bytes(raw):
    inbound = parse_email(raw, envelope_sender=None, rcpt_to=[], received_at=AT)
    assert inbound.raw == raw and inbound.dedupe_key


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(p.name for p in SAMPLES.glob("*.eml"))), st.data())
def test_never_raises_on_damaged_samples(name, data):
    raw = sample(name)
    cut = data.draw(st.integers(0, len(raw)))
    noise = data.draw(st.binary(max_size=40))
    mangled = raw[:cut] + noise + raw[cut:]
    inbound = parse_email(mangled, envelope_sender="", rcpt_to=[OURS], received_at=AT)
    assert inbound.raw == mangled
