"""The automatic reply's headers and envelope, the once-per-period rules and bounces.

Rule numbers are those of shared/reference/autoreply-rules.md (R5, R14, R19-R30).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from between.core.email_rules import (
    REPLY_DSN_NOTIFY,
    REPLY_ENVELOPE_SENDER,
    auto_subject,
    autoreply_verdict,
    permanent_failures,
    reply_envelope_sender,
    reply_headers,
    reply_period,
    response_identity,
    tracking_key,
)
from between.core.tests.test_autoreply_verdict import (
    GMAIL,
    GRACE,
    JANE,
    OURS,
    POSTFIX_BOUNCE,
    WINDOWS_1252,
    mail,
)

DOMAIN = "between.riverside-counseling.example"


def headers_for(raw: bytes, sender: str = GRACE, **kw: object) -> dict[str, str]:
    args: dict[str, object] = {
        "from_address": JANE,
        "to": sender,
        "subject": "Away until 9 August",
        "message_id_domain": DOMAIN,
    }
    args.update(kw)
    return reply_headers(raw, **args)  # type: ignore[arg-type]


def test_reply_is_sent_from_the_null_sender() -> None:
    # R26 / RFC 3834 §3.3 / RFC 5230 §5.1.
    assert REPLY_ENVELOPE_SENDER == ""
    assert reply_envelope_sender() == ""
    assert REPLY_DSN_NOTIFY == "NEVER"


def test_reply_headers_for_a_gmail_mail() -> None:
    h = headers_for(GMAIL)
    assert h["Auto-Submitted"] == "auto-replied"  # R27 / RFC 3834 §3.1.7
    assert h["From"] == JANE  # R30
    assert h["To"] == "Grace M <grace.m@gmail.example>"  # R5: name from From
    assert h["Subject"] == "Auto: Away until 9 August"  # RFC 3834 §3.1.5
    assert h["In-Reply-To"] == "<CAF3q=Vx7ZkP+8Qm2a_bT0e@mail.gmail.example>"  # R28
    assert h["References"] == "<CAF3q=Vx7ZkP+8Qm2a_bT0e@mail.gmail.example>"
    assert h["Precedence"] == "bulk"  # R27
    assert h["X-Auto-Response-Suppress"] == "All"
    assert h["X-Between-Loop"] == JANE  # R14
    assert h["Message-ID"].startswith("<") and h["Message-ID"].endswith(f"@{DOMAIN}>")
    assert "Date" not in h
    assert h["Message-ID"] != headers_for(GMAIL)["Message-ID"]  # fresh every time


def test_reply_that_comes_back_is_recognised() -> None:
    """Our reply, forwarded back to us with all its headers, is never answered (R14)."""
    h = headers_for(GMAIL)
    back = EmailMessage(policy=default_policy)
    for name, value in h.items():
        back[name] = value
    back["Resent-To"] = JANE
    back.set_content("I am away.")
    verdict = autoreply_verdict(back.as_bytes(), envelope_sender=GRACE, our_addresses=OURS)
    assert not verdict.reply
    assert verdict.reason == "our own automatic reply came back"
    # And by its Message-ID alone, when a gateway strips the other headers.
    only_id = mail("From: grace.m@gmail.example", f"To: {JANE}", f"Message-ID: {h['Message-ID']}")
    assert not autoreply_verdict(only_id, envelope_sender=GRACE, our_addresses=OURS).reply


def test_headers_build_a_sendable_message() -> None:
    h = headers_for(WINDOWS_1252, sender="jose.garcia@hotmail.example")
    assert h["To"] == "José García <jose.garcia@hotmail.example>"  # cp1252 bytes read
    msg = EmailMessage(policy=default_policy)
    for name, value in h.items():
        msg[name] = value
    msg.set_content("I am away.")
    data = msg.as_bytes()
    assert data.isascii()  # non-ASCII names are RFC 2047 encoded on the way out (R29)
    assert b"=?utf-8?" in data


@pytest.mark.parametrize(
    ("lines", "in_reply_to", "references"),
    [
        # R28: References = original References + Message-ID.
        (["Message-ID: <c@x>", "References: <a@x> <b@x>"], "<c@x>", "<a@x> <b@x> <c@x>"),
        # RFC 5322 §3.6.4: no References, one In-Reply-To id stands in.
        (["Message-ID: <c@x>", "In-Reply-To: <b@x>"], "<c@x>", "<b@x> <c@x>"),
        (["Message-ID: <c@x>", "In-Reply-To: <a@x> <b@x>"], "<c@x>", "<c@x>"),
        # No Message-ID: no In-Reply-To, References copied unchanged.
        (["References: <a@x> <b@x>"], None, "<a@x> <b@x>"),
        ([], None, None),
        # A broken Message-ID is left out rather than copied.
        (["Message-ID: not an id"], None, None),
        # Folded long References stay one line of ids.
        (["Message-ID: <c@x>", "References: <a@x>", " <b@x>"], "<c@x>", "<a@x> <b@x> <c@x>"),
    ],
)
def test_threading(lines: list[str], in_reply_to: str | None, references: str | None) -> None:
    h = headers_for(mail("From: grace.m@gmail.example", *lines))
    assert h.get("In-Reply-To") == in_reply_to
    assert h.get("References") == references


def test_long_references_keep_the_root_and_the_latest() -> None:
    refs = " ".join(f"<id{i}@x>" for i in range(50))
    h = headers_for(mail("Message-ID: <last@x>", f"References: {refs}"))
    ids = h["References"].split()
    assert len(ids) == 20
    assert ids[0] == "<id0@x>" and ids[-1] == "<last@x>" and ids[-2] == "<id49@x>"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Away until 9 August", "Auto: Away until 9 August"),
        ("Auto: Away", "Auto: Away"),  # not repeated
        ("AUTO: Away", "AUTO: Away"),
        ("", "Automated reply"),  # R29: fixed text without a subject
        ("  \t ", "Automated reply"),
        ("Line\r\nBcc: evil@x.example", "Auto: Line Bcc: evil@x.example"),  # one header
        ("Vacaciones: vuelvo el lunes", "Auto: Vacaciones: vuelvo el lunes"),
    ],
)
def test_subject(subject: str, expected: str) -> None:
    assert auto_subject(subject) == expected


def test_long_subject_is_cut_with_an_ellipsis() -> None:
    # R29: Pigeonhole cuts at 256 code points and ends with "…".
    text = auto_subject("é" * 400)
    assert len(text) == 256
    assert text.endswith("…")


@pytest.mark.parametrize(
    ("lines", "sender", "expected"),
    [
        # R5: the first of Sender, Resent-From or From whose address is the sender.
        (["From: Grace M <grace.m@gmail.example>"], GRACE, "Grace M <grace.m@gmail.example>"),
        (
            ["From: Grace M <grace.m@gmail.example>", "Sender: Assistant <GRACE.M@gmail.example>"],
            GRACE,
            "Assistant <grace.m@gmail.example>",
        ),
        (
            ["From: Grace M <grace.m@gmail.example>", "Resent-From: Desk <desk@x.example>"],
            "desk@x.example",
            "Desk <desk@x.example>",
        ),
        # "Reply to unknown": no header matches the envelope sender, so the bare address.
        (
            ["From: Grace M <grace.m@gmail.example>"],
            "srs0=ab=cd@fwd.example",
            "srs0=ab=cd@fwd.example",
        ),
        (
            ["From: =?utf-8?q?Gr=C3=A2ce?= <grace.m@gmail.example>"],
            GRACE,
            "Grâce <grace.m@gmail.example>",
        ),
        (
            ['From: "Smith, Grace" <grace.m@gmail.example>'],
            GRACE,
            '"Smith, Grace" <grace.m@gmail.example>',
        ),
        # A name with line breaks or control characters cannot split the header.
        (["From: =?utf-8?q?A=0D=0ABcc=3A_x=40y?= <grace.m@gmail.example>"], GRACE, None),
    ],
)
def test_to_header(lines: list[str], sender: str, expected: str | None) -> None:
    h = headers_for(mail(*lines), sender=sender)
    if expected is not None:
        assert h["To"] == expected
    assert "\r" not in h["To"] and "\n" not in h["To"]
    assert sender.lower() in h["To"].lower()


def test_display_name_can_be_left_out() -> None:
    assert headers_for(GMAIL, include_display_name=False)["To"] == GRACE


def test_date_only_when_given() -> None:
    h = headers_for(GMAIL, now=datetime(2027, 8, 3, 16, 0, tzinfo=UTC))
    assert h["Date"] == "Tue, 03 Aug 2027 16:00:00 +0000"


def test_our_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="destination"):
        headers_for(GMAIL, sender="")
    with pytest.raises(ValueError, match="From"):
        headers_for(GMAIL, from_address="nobody")
    with pytest.raises(ValueError, match="domain"):
        headers_for(GMAIL, message_id_domain="bad domain!")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1500))
def test_reply_headers_never_raise_on_a_broken_original(raw: bytes) -> None:
    h = headers_for(raw)
    for value in h.values():
        assert "\n" not in value and "\r" not in value


# ---------------------------------------------------------------- R19-R21, R25


def test_reply_period() -> None:
    day = timedelta(days=1)
    assert reply_period(None) == 7 * day  # RFC 3834 §2 / RFC 5230 §4.1
    assert reply_period(timedelta(hours=1)) == day  # raised to the minimum
    assert reply_period(365 * day) == 60 * day  # lowered to the maximum (Pigeonhole)
    assert reply_period(None, minimum=10 * day) == 10 * day
    assert reply_period(365 * day, maximum=None) == 365 * day
    with pytest.raises(ValueError):
        reply_period(None, minimum=timedelta(0))
    with pytest.raises(ValueError):
        reply_period(None, maximum=7 * day)


def test_tracking_ignores_sender_case_and_hides_the_address() -> None:
    identity = response_identity(text="Away until {return}", subject="Away", from_address=JANE)
    assert tracking_key("Grace.M@Gmail.example", identity) == tracking_key(GRACE, identity)
    assert "grace" not in tracking_key(GRACE, identity)
    other = response_identity(text="Back soon", subject="Away", from_address=JANE)
    assert tracking_key(GRACE, identity) != tracking_key(GRACE, other)
    assert response_identity(handle="oof-2027-08") == "handle:oof-2027-08"


def test_permanent_failures_from_a_bounce() -> None:
    assert permanent_failures(POSTFIX_BOUNCE) == ["gone.client@oldmail.example"]
    assert permanent_failures(GMAIL) == []
    assert permanent_failures(b"\xff\x00garbage") == []
