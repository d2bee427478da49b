"""Whether an inbound email gets an automatic reply: a table of real-world-shaped mail.

Every message is written out as the bytes a mail server would hand us, shaped after what
Gmail, Outlook/Exchange, Mailman, Postfix and newsletter senders really produce. Rule
numbers (R1-R18) are those of shared/reference/autoreply-rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes
from email.parser import BytesParser
from email.policy import compat32
from email.policy import default as default_policy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from between.core.email_rules import Verdict, autoreply_verdict, read_headers
from between.core.email_rules.addresses import parse_mailboxes
from between.core.email_rules.headers import keyword

JANE = "jane@riverside-counseling.example"
OURS = [JANE, "Dr Jane Doe <j.doe@riverside-counseling.example>"]


def mail(*lines: str | bytes, body: bytes = b"Hello,\r\n\r\nSee you soon.\r\n") -> bytes:
    """CRLF-joined header lines, a blank line, then the body."""
    head = b"\r\n".join(x if isinstance(x, bytes) else x.encode() for x in lines)
    return head + b"\r\n\r\n" + body


GMAIL = mail(
    "Return-Path: <grace.m@gmail.example>",
    "Received: by mail-lf1-f41.google.example with SMTP id 2adb3069b0e04;",
    "        Tue, 03 Aug 2027 09:12:44 -0700 (PDT)",
    "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=gmail.example; s=20230601;",
    "        h=to:subject:message-id:date:from:mime-version; bh=47DEQpj8HBSa+/TImW+5JC=",
    "MIME-Version: 1.0",
    "From: Grace M <grace.m@gmail.example>",
    "Date: Tue, 3 Aug 2027 12:12:31 -0400",
    "Message-ID: <CAF3q=Vx7ZkP+8Qm2a_bT0e@mail.gmail.example>",
    "Subject: Rescheduling Thursday",
    "To: Jane Doe <jane@riverside-counseling.example>",
    'Content-Type: multipart/alternative; boundary="000000000000a1b2c3"',
    body=b"--000000000000a1b2c3\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
    b"Can we move Thursday?\r\n--000000000000a1b2c3--\r\n",
)

OUTLOOK_OOF = mail(
    "From: Pat Kim <pat.kim@contoso.example>",
    "To: Jane Doe <jane@riverside-counseling.example>",
    "Subject: Automatic reply: Your appointment on Monday",
    "Thread-Topic: Your appointment on Monday",
    "Thread-Index: AQHZxyz1kq3Ry0b6T0a2Yw==",
    "Date: Mon, 2 Aug 2027 08:01:02 +0000",
    "Message-ID: <0b8e4f2c1d@PH0PR11MB4999.namprd11.prod.outlook.example>",
    "X-MS-Has-Attach:",
    "X-Auto-Response-Suppress: All",
    "X-MS-Exchange-Inbox-Rules-Loop: pat.kim@contoso.example",
    "X-MS-Exchange-Organization-AuthAs: Internal",
    "Content-Type: text/plain; charset=us-ascii",
    "MIME-Version: 1.0",
    body=b"I am out of the office until Friday.\r\n",
)

OUTLOOK_INVITE = mail(
    "From: Pat Kim <pat.kim@contoso.example>",
    "To: jane@riverside-counseling.example",
    "Subject: Case conference",
    "X-Auto-Response-Suppress: DR, OOF, AutoReply",
    'Content-Type: text/calendar; charset="utf-8"; method=REQUEST',
)

MAILMAN = mail(
    "Return-Path: <therapists-bounces+jane=riverside-counseling.example@lists.example>",
    "From: Sam Lee <sam@othersite.example>",
    "To: therapists@lists.example",
    "Subject: [therapists] Referral list update",
    "Message-ID: <5f1e.2027@othersite.example>",
    "X-BeenThere: therapists@lists.example",
    "X-Mailman-Version: 2.1.39",
    "Precedence: list",
    "List-Id: Therapists' network <therapists.lists.example>",
    "List-Unsubscribe: <https://lists.example/options/therapists>,",
    " <mailto:therapists-request@lists.example?subject=unsubscribe>",
    "List-Archive: <https://lists.example/pipermail/therapists/>",
    "List-Post: <mailto:therapists@lists.example>",
    "List-Help: <mailto:therapists-request@lists.example?subject=help>",
    "Errors-To: therapists-bounces+jane=riverside-counseling.example@lists.example",
    "Sender: therapists <therapists-bounces+jane=riverside-counseling.example@lists.example>",
)

POSTFIX_BOUNCE = mail(
    "Return-Path: <>",
    "From: MAILER-DAEMON@mx.riverside-counseling.example (Mail Delivery System)",
    "Subject: Undelivered Mail Returned to Sender",
    "To: jane@riverside-counseling.example",
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    "Content-Type: multipart/report; report-type=delivery-status;",
    '\tboundary="3F1A41C0B2.1722700000/mx.riverside-counseling.example"',
    "Message-Id: <20270803.3F1A41C0B2@mx.riverside-counseling.example>",
    body=b"This is a MIME-encapsulated message.\r\n\r\n"
    b"--3F1A41C0B2.1722700000/mx.riverside-counseling.example\r\n"
    b"Content-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
    b"I'm sorry to have to inform you that your message could not\r\n"
    b"be delivered to one or more recipients.\r\n\r\n"
    b"--3F1A41C0B2.1722700000/mx.riverside-counseling.example\r\n"
    b"Content-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n"
    b"Reporting-MTA: dns; mx.riverside-counseling.example\r\n"
    b"Arrival-Date: Tue,  3 Aug 2027 12:00:00 -0400 (EDT)\r\n\r\n"
    b"Final-Recipient: rfc822; Gone.Client@oldmail.example\r\n"
    b"Original-Recipient: rfc822;gone.client@oldmail.example\r\n"
    b"Action: failed\r\nStatus: 5.1.1\r\n"
    b"Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
    b"Final-Recipient: rfc822; slow@busy.example\r\n"
    b"Action: delayed\r\nStatus: 4.4.1\r\n\r\n"
    b"--3F1A41C0B2.1722700000/mx.riverside-counseling.example--\r\n",
)

EXCHANGE_NDR = mail(
    "From: Microsoft Outlook <postmaster@outlook.example>",
    "To: <jane@riverside-counseling.example>",
    "Subject: Undeliverable: Your appointment",
    "Content-Type: multipart/report; report-type=delivery-status;",
    '\tboundary="b1_ndr"',
    "X-MS-Exchange-Message-Is-Ndr:",
    "Auto-Submitted: auto-replied",
)

# A bounce some broken software sends from a real address, without Auto-Submitted.
REPORT_FROM_ADDRESS = mail(
    "From: Mail System <bounces@relay.example>",
    "To: jane@riverside-counseling.example",
    "Subject: Delivery Status Notification (Failure)",
    "Content-Type: multipart/report; report-type=delivery-status; boundary=x",
)

QMAIL_BOUNCE = mail(
    "From: MAILER-DAEMON@old.example",
    "To: jane@riverside-counseling.example",
    "Subject: failure notice",
)

NEWSLETTER = mail(
    "From: Practice Weekly <news@practiceweekly.example>",
    "To: jane@riverside-counseling.example",
    "Subject: 5 ways to grow your practice",
    "Precedence: bulk",
    "List-Unsubscribe: <https://practiceweekly.example/u/abc123>",
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    "Feedback-ID: 1234:weekly:campaign",
)

BULK_ONLY = mail(
    "From: Billing <billing@insurer.example>",
    "To: jane@riverside-counseling.example",
    "Subject: Your statement",
    "Precedence: bulk",
)

OUR_REPLY_BACK = mail(
    "From: jane@riverside-counseling.example",
    "To: Grace M <grace.m@gmail.example>",
    "Subject: Auto: Away until 9 August",
    "Message-ID: <4e68c003431b462faf2da0111bc95609.between-auto@between.example>",
    "In-Reply-To: <CAF3q=Vx7ZkP+8Qm2a_bT0e@mail.gmail.example>",
    "Auto-Submitted: auto-replied",
    "Precedence: bulk",
    "X-Auto-Response-Suppress: All",
    "X-Between-Loop: jane@riverside-counseling.example",
    "Resent-From: grace.m@gmail.example",
    "Resent-To: jane@riverside-counseling.example",
)

# Only the Message-ID gives it away: a gateway dropped our other headers.
OUR_ID_ONLY = mail(
    "From: grace.m@gmail.example",
    "To: jane@riverside-counseling.example",
    "Subject: Fwd: Auto: Away until 9 August",
    "Message-ID: <77aa.between-auto@between.example>",
)

WINDOWS_1252 = mail(
    b'From: "Jos\xe9 Garc\xeda" <jose.garcia@hotmail.example>',
    b"To: Jane Doe <jane@riverside-counseling.example>",
    b"Subject: Cita ma\xf1ana \x96 \x93urgente\x94",
    b"Date: Tue, 3 Aug 2027 10:00:00 +0200",
    b"Message-ID: <DB9PR01MB1234.1@hotmail.example>",
    b"Content-Type: text/plain; charset=windows-1252",
    body=b"Hola, \xbfpodemos cambiar la cita?\r\n",
)

UTF8_HEADERS = mail(
    "From: Zoë Ørsted <zoe@posteo.example>",
    "To: jane@riverside-counseling.example",
    "Subject: Frågor om nästa vecka",
)

BCC_ONLY = mail(
    "From: Grace M <grace.m@gmail.example>",
    "To: undisclosed-recipients:;",
    "Bcc: jane@riverside-counseling.example",
    "Subject: Group session",
)

BCC_STRIPPED = mail(
    "Delivered-To: jane@riverside-counseling.example",
    "X-Original-To: jane@riverside-counseling.example",
    "From: Grace M <grace.m@gmail.example>",
    "To: Book Club <bookclub@friends.example>",
    "Subject: Saturday",
)

RESENT_FORWARD = mail(
    "Resent-From: Front Desk <frontdesk@riverside-counseling.example>",
    "Resent-To: jane@riverside-counseling.example",
    "Resent-Date: Tue, 3 Aug 2027 10:05:00 -0400",
    "From: Grace M <grace.m@gmail.example>",
    "To: frontdesk@riverside-counseling.example",
    "Subject: Question for Dr Doe",
)

GARBAGE = (
    b"\x00\xff\xfe\x80garbage\r\n"
    b"To jane@riverside-counseling.example\r\n"
    b": no name\r\n"
    b"Subject: =?utf-8?b?!!!?=\r\n\r\nbody"
)

# A junk line, then a List-Id: the email package would file the List-Id under the body.
JUNK_THEN_LIST = mail(
    "From: news@lists.example",
    "To: jane@riverside-counseling.example",
    "this line is not a header",
    "List-Id: <news.lists.example>",
)

JUNK_LINE_ONLY = mail(
    "From: Grace M <grace.m@gmail.example>",
    "To: jane@riverside-counseling.example",
    "\x01\x02 broken",
    "Subject: hi",
)

# An unquoted address in the display name: a parser could read it as a second address.
DISPLAY_NAME_TRICK = mail(
    "From: list@lists.example",
    "To: jane@riverside-counseling.example <everyone@lists.example>",
    "Subject: hi",
)

QUOTED_NAME_TRICK = mail(
    "From: list@lists.example",
    'To: "jane@riverside-counseling.example" <everyone@lists.example>',
    "Subject: hi",
)

DUPLICATE_AUTO_SUBMITTED = mail(
    "From: robot@crm.example",
    "To: jane@riverside-counseling.example",
    "Auto-Submitted: no",
    "Auto-Submitted: auto-generated",
)

DUPLICATE_TO = mail(
    "From: Grace M <grace.m@gmail.example>",
    "To: someone@else.example",
    "To: JANE@Riverside-Counseling.example",
)

BROKEN_FROM_ENCODING = mail(
    "From: =?utf-8?b?!!notbase64?= <grace.m@gmail.example>",
    "To: jane@riverside-counseling.example",
    "Subject: =?x-unknown?q?hello?=",
)

NON_ASCII_TO_ADDRESS = mail(
    "From: Grace M <grace.m@gmail.example>",
    b"To: j\xe4ne@riverside-counseling.example",
)


def plain(*extra: str) -> bytes:
    """A personal mail to Jane with extra header lines."""
    return mail(
        "From: Grace M <grace.m@gmail.example>",
        "To: jane@riverside-counseling.example",
        "Subject: Next week",
        *extra,
    )


@dataclass(frozen=True)
class Case:
    id: str
    raw: bytes
    sender: str | None
    reply: bool
    reason: str = ""  # a fragment the reason must contain


GRACE = "grace.m@gmail.example"

CASES = [
    # Real-world shapes.
    Case("gmail personal mail", GMAIL, GRACE, True),
    Case("outlook out-of-office", OUTLOOK_OOF, "pat.kim@contoso.example", False, "Suppress"),
    Case("outlook meeting invite", OUTLOOK_INVITE, "pat.kim@contoso.example", False, "Suppress"),
    Case("mailman list post", MAILMAN, "therapists-bounces@lists.example", False, "List-Id"),
    Case("postfix bounce, null sender", POSTFIX_BOUNCE, "", False, "empty return address"),
    Case("exchange NDR, null sender", EXCHANGE_NDR, "<>", False, "empty return address"),
    Case(
        "gmail bounce, sender known",
        POSTFIX_BOUNCE,
        "MAILER-DAEMON@gmail.example",
        False,
        "Auto-Submitted",
    ),
    Case(
        "report from an address",
        REPORT_FROM_ADDRESS,
        "bounces@relay.example",
        False,
        "delivery report",
    ),
    Case(
        "qmail bounce",
        QMAIL_BOUNCE,
        "MAILER-DAEMON@old.example",
        False,
        "mail-system address (mailer-daemon)",
    ),
    Case("newsletter", NEWSLETTER, "bounce-77@mailer.example", False, "List-Unsubscribe"),
    Case("bulk only", BULK_ONLY, "billing@insurer.example", False, "Precedence: bulk"),
    Case("our reply looped back", OUR_REPLY_BACK, GRACE, False, "our own automatic reply"),
    Case("our Message-ID only", OUR_ID_ONLY, GRACE, False, "our own automatic reply"),
    Case("windows-1252 8-bit headers", WINDOWS_1252, "jose.garcia@hotmail.example", True),
    Case("utf-8 headers (RFC 6532)", UTF8_HEADERS, "zoe@posteo.example", True),
    Case("only Bcc to us", BCC_ONLY, GRACE, True),
    Case("Bcc stripped, Delivered-To only", BCC_STRIPPED, GRACE, False, "not addressed to you"),
    Case("Resent-To forward", RESENT_FORWARD, "frontdesk@riverside-counseling.example", True),
    Case("garbage headers", GARBAGE, GRACE, False, "damaged"),
    Case("junk line then List-Id", JUNK_THEN_LIST, "news@lists.example", False, "List-Id"),
    Case("junk header line", JUNK_LINE_ONLY, GRACE, False, "headers are damaged"),
    Case(
        "unquoted address as display name",
        DISPLAY_NAME_TRICK,
        "list@lists.example",
        False,
        "recipient headers are damaged",
    ),
    Case(
        "quoted address as display name",
        QUOTED_NAME_TRICK,
        "list@lists.example",
        False,
        "not addressed",
    ),
    Case(
        "duplicated Auto-Submitted",
        DUPLICATE_AUTO_SUBMITTED,
        "robot@crm.example",
        False,
        "auto-generated",
    ),
    Case("duplicated To, ours in one", DUPLICATE_TO, GRACE, True),
    Case("broken RFC 2047 words", BROKEN_FROM_ENCODING, GRACE, True),
    Case("8-bit address is not ours", NON_ASCII_TO_ADDRESS, GRACE, False, "not addressed"),
    Case("empty message", b"", GRACE, False, "not addressed"),
    # Envelope sender (R1-R3, R6, R18).
    Case("unknown envelope sender", GMAIL, None, False, "return address unknown"),
    Case("null sender despite Return-Path", GMAIL, "", False, "empty return address"),
    Case("null sender in brackets", GMAIL, " <> ", False, "empty return address"),
    Case("envelope sender in brackets", GMAIL, "<grace.m@gmail.example>", True),
    Case("bad envelope sender", GMAIL, "grace m@gmail", False, "not a valid address"),
    Case("no @ in envelope sender", GMAIL, "grace", False, "not a valid address"),
    Case("our own address", GMAIL, "JANE@riverside-counseling.example", False, "your own address"),
    Case(
        "our alternate address",
        GMAIL,
        "j.doe@riverside-counseling.example",
        False,
        "your own address",
    ),
    Case(
        "From is our address",
        mail("From: jane@riverside-counseling.example", "To: jane@riverside-counseling.example"),
        "jane+x@riverside-counseling.example",
        False,
        "your own address",
    ),
    # Auto-Submitted (R9).
    Case("Auto-Submitted: no", plain("Auto-Submitted: no"), GRACE, True),
    Case(
        "Auto-Submitted: NO (comment)", plain("Auto-Submitted: NO (sent by a person)"), GRACE, True
    ),
    Case(
        "Auto-Submitted zimbra",
        plain("Auto-Submitted: auto-replied (zimbra; vacation)"),
        GRACE,
        False,
        "auto-replied",
    ),
    Case(
        "Auto-Submitted params",
        plain("Auto-Submitted: Auto-Replied; owner-email=x@y.example"),
        GRACE,
        False,
        "auto-replied",
    ),
    Case(
        "Auto-Submitted notified",
        plain("Auto-Submitted: auto-notified"),
        GRACE,
        False,
        "auto-notified",
    ),
    Case("Auto-Submitted yes", plain("Auto-Submitted: yes"), GRACE, False, "Auto-Submitted"),
    Case("Auto-Submitted empty", plain("Auto-Submitted:"), GRACE, False, "Auto-Submitted"),
    # Precedence (R10).
    Case("Precedence junk", plain("Precedence: junk"), GRACE, False, "Precedence: junk"),
    Case("Precedence LIST", plain("Precedence: LIST"), GRACE, False, "Precedence: list"),
    Case("Precedence auto_reply", plain("Precedence: auto_reply"), GRACE, False, "Precedence"),
    Case("Precedence first-class", plain("Precedence: first-class"), GRACE, True),
    # List headers (R8).
    Case("List-Owner only", plain("List-Owner: <mailto:o@l.example>"), GRACE, False, "List-Owner"),
    Case("unknown List-* header", plain("List-Whatever: x"), GRACE, False, "List-* header"),
    # X-Auto-Response-Suppress (R11).
    Case(
        "suppress oof lower case",
        plain("X-Auto-Response-Suppress: dr,oof"),
        GRACE,
        False,
        "Suppress",
    ),
    Case("suppress DR RN NRN", plain("X-Auto-Response-Suppress: DR, RN, NRN"), GRACE, True),
    Case("suppress None", plain("X-Auto-Response-Suppress: None"), GRACE, True),
    Case("suppress 'Allow' is not All", plain("X-Auto-Response-Suppress: Allow"), GRACE, True),
    # System senders (R12, R13).
    Case("LISTSERV", plain(), "LISTSERV@lists.example", False, "(listserv)"),
    Case("majordomo", plain(), "majordomo@lists.example", False, "(majordomo)"),
    Case("owner-", plain(), "owner-therapists@lists.example", False, "owner-"),
    Case("-request", plain(), "therapists-request@lists.example", False, "-request"),
    Case("postmaster", plain(), "postmaster@isp.example", False, "(postmaster)"),
    Case("noreply", plain(), "noreply@portal.example", False, "no-reply"),
    Case("no-reply with tag", plain(), "no-reply+abc@portal.example", False, "no-reply"),
    Case("do-not-reply", plain(), "do-not-reply@bank.example", False, "no-reply"),
    Case(
        "From mailer-daemon",
        mail("From: Mailer-Daemon@x.example", "To: jane@riverside-counseling.example"),
        "relay@x.example",
        False,
        "mailer-daemon",
    ),
    Case(
        "From noreply",
        mail("From: No Reply <noreply@x.example>", "To: jane@riverside-counseling.example"),
        "bounce@x.example",
        False,
        "no-reply",
    ),
    # Loops (R14) and vendor markers (R15, R16).
    Case("X-Loop yes", plain("X-Loop: yes"), GRACE, False, "X-Loop"),
    Case(
        "X-Loop with our address",
        plain("X-Loop: jane@riverside-counseling.example"),
        GRACE,
        False,
        "X-Loop",
    ),
    Case("X-Autoreply", plain("X-Autoreply: yes"), GRACE, False, "X-Autoreply"),
    Case("X-Autorespond", plain("X-Autorespond: vacation"), GRACE, False, "X-Autorespond"),
    Case("other auto header", plain("X-Auto-Generated: 1"), GRACE, False, "auto-reply header"),
    Case(
        "Exchange rules loop alone",
        plain("X-MS-Exchange-Inbox-Rules-Loop: grace.m@gmail.example"),
        GRACE,
        True,
    ),
    Case(
        "Auto: subject is not proof",
        mail(
            "From: grace.m@gmail.example",
            "To: jane@riverside-counseling.example",
            "Subject: Auto: insurance question",
        ),
        GRACE,
        True,
    ),
    Case(
        "gmail vacation shape",
        plain("Precedence: bulk", "X-Autoreply: yes", "Auto-Submitted: auto-replied"),
        GRACE,
        False,
        "auto-replied",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_verdict_table(case: Case) -> None:
    verdict = autoreply_verdict(case.raw, envelope_sender=case.sender, our_addresses=OURS)
    assert isinstance(verdict, Verdict)
    assert verdict.reply is case.reply, verdict.reason
    assert case.reason in verdict.reason
    if case.reply:
        # R1: only the envelope sender, bare.
        assert case.sender is not None
        assert verdict.to == case.sender.strip().strip("<>")
    else:
        assert verdict.to is None
    # Reasons carry our own words only: no address, no subject, nothing the sender wrote.
    assert "@" not in verdict.reason
    for word in ("Rescheduling", "Referral", "Cita", "Undelivered", "Next week", "garbage"):
        assert word not in verdict.reason


def test_written_to_is_the_address_as_configured() -> None:
    # R30: the reply comes From the address written to; DUPLICATE_TO writes it in capitals.
    verdict = autoreply_verdict(DUPLICATE_TO, envelope_sender=GRACE, our_addresses=OURS)
    assert verdict.written_to == JANE
    alt = plain().replace(b"To: jane@", b"To: J.Doe@")
    verdict = autoreply_verdict(alt, envelope_sender=GRACE, our_addresses=OURS)
    assert verdict.reply
    assert verdict.written_to == "j.doe@riverside-counseling.example"


def test_without_our_addresses_nobody_gets_a_reply() -> None:
    verdict = autoreply_verdict(GMAIL, envelope_sender=GRACE, our_addresses=["not an address"])
    assert not verdict.reply
    assert "no practice address" in verdict.reason


def test_own_message_id_domain() -> None:
    raw = plain("Message-ID: <x1@replies.riverside-counseling.example>")
    assert autoreply_verdict(raw, envelope_sender=GRACE, our_addresses=OURS).reply
    verdict = autoreply_verdict(
        raw,
        envelope_sender=GRACE,
        our_addresses=OURS,
        own_message_id_domains=["replies.riverside-counseling.example"],
    )
    assert not verdict.reply
    assert "our own" in verdict.reason


def test_custom_loop_marker() -> None:
    raw = plain("X-Riverside-Loop: 1")
    assert autoreply_verdict(raw, envelope_sender=GRACE, our_addresses=OURS).reply
    verdict = autoreply_verdict(
        raw, envelope_sender=GRACE, our_addresses=OURS, loop_marker="X-Riverside-Loop"
    )
    assert not verdict.reply


@pytest.mark.parametrize(
    ("value", "kind", "reply"),
    [
        # [MS-OXCMAIL] 2.1.3.2.20: AutoReply concerns replies other than out-of-office.
        ("AutoReply", "out_of_office", True),
        ("AutoReply", "acknowledgement", False),
        ("AutoReply", None, False),
        ("OOF", "acknowledgement", False),
        ("All", "out_of_office", False),
        ("DR, NDR", "acknowledgement", True),
    ],
)
def test_suppress_depends_on_what_we_send(value: str, kind: str | None, reply: bool) -> None:
    verdict = autoreply_verdict(
        plain(f"X-Auto-Response-Suppress: {value}"),
        envelope_sender=GRACE,
        our_addresses=OURS,
        reply_kind=kind,  # type: ignore[arg-type]
    )
    assert verdict.reply is reply


@pytest.mark.parametrize("case", [c for c in CASES if c.raw], ids=lambda c: c.id)
def test_parsed_messages_get_the_same_verdict(case: Case) -> None:
    """A Message parsed by either policy, or text, gives what its bytes give."""
    expected = autoreply_verdict(case.raw, envelope_sender=case.sender, our_addresses=OURS)
    inputs: list[object] = [
        BytesParser(policy=compat32).parsebytes(case.raw),
        BytesParser(policy=default_policy).parsebytes(case.raw),
    ]
    if case.raw.isascii():
        inputs.append(case.raw.decode("ascii"))
    for given_ in inputs:
        got = autoreply_verdict(given_, envelope_sender=case.sender, our_addresses=OURS)  # type: ignore[arg-type]
        if case.id in ("junk then List-Id", "garbage headers"):
            # The email package files everything after a junk line under the body; the
            # verdict is still "no reply", for a reason that may differ.
            assert got.reply is False
        else:
            assert got.reply == expected.reply, (case.id, got.reason)


def test_header_reader_sees_every_header() -> None:
    block = read_headers(JUNK_THEN_LIST)
    assert block.damaged
    assert block.all("list-id") == ["<news.lists.example>"]
    block = read_headers(MAILMAN)
    assert not block.damaged
    # Folded lines are unfolded (RFC 5322 §2.2.3).
    assert "therapists-request" in block.all("List-Unsubscribe")[0]
    assert "\n" not in block.all("List-Unsubscribe")[0]
    # The mbox "From " line is not a header.
    block = read_headers(b"From grace@x.example Tue Aug  3 10:00:00 2027\n" + GMAIL)
    assert not block.damaged


def test_huge_header_section_is_damaged() -> None:
    raw = plain(*[f"X-Filler-{i}: {'x' * 200}" for i in range(2000)])
    verdict = autoreply_verdict(raw, envelope_sender=GRACE, our_addresses=OURS)
    assert not verdict.reply
    assert "damaged" in verdict.reason


def test_message_object_with_lost_headers_is_damaged() -> None:
    msg = message_from_bytes(JUNK_LINE_ONLY)
    verdict = autoreply_verdict(msg, envelope_sender=GRACE, our_addresses=OURS)
    assert not verdict.reply


# ---------------------------------------------------------------- properties (R18)

HEADER_NAMES = [
    "To", "Cc", "Bcc", "From", "Sender", "Resent-To", "Resent-From", "Auto-Submitted",
    "Precedence", "X-Auto-Response-Suppress", "List-Id", "X-Loop", "Message-ID",
    "References", "In-Reply-To", "Content-Type", "Subject", "X-Between-Loop", "X-Autoreply",
]  # fmt: skip

header_value = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", errors="surrogatepass")),
    st.lists(
        st.sampled_from(
            [b"<", b">", b"@", b",", b";", b":", b'"', b"(", b")", b"\\", b"=?utf-8?b?", b"?=",
             b"jane@riverside-counseling.example", b"\xff", b"\r\n ", b"\n", b"\r", b" ", b"a"]
        ),
        max_size=40,
    ).map(b"".join),
)  # fmt: skip
header_line = st.tuples(
    st.one_of(st.sampled_from(HEADER_NAMES), st.binary(min_size=1, max_size=20).map(repr)),
    header_value,
).map(
    lambda p: (
        (p[0].encode("latin-1", errors="replace") if isinstance(p[0], str) else p[0]) + b": " + p[1]
    )
)
sender = st.one_of(st.none(), st.just(""), st.just(GRACE), st.text(max_size=40))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(header_line, max_size=12), sender)
def test_arbitrary_headers_never_raise(lines: list[bytes], envelope: str | None) -> None:
    raw = b"\r\n".join(lines) + b"\r\n\r\nbody"
    verdict = autoreply_verdict(raw, envelope_sender=envelope, our_addresses=OURS)
    assert isinstance(verdict.reason, str) and verdict.reason
    if verdict.reply:
        assert verdict.to == (envelope or "").strip().strip("<>")
        assert verdict.written_to is not None
    # The same holds when the email package parsed it first.
    parsed = autoreply_verdict(
        message_from_bytes(raw), envelope_sender=envelope, our_addresses=OURS
    )
    assert isinstance(parsed, Verdict)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), sender)
def test_arbitrary_bytes_never_raise(raw: bytes, envelope: str | None) -> None:
    verdict = autoreply_verdict(raw, envelope_sender=envelope, our_addresses=OURS)
    assert isinstance(verdict, Verdict)


NEVER = [
    "List-Id: <a.example>",
    "Auto-Submitted: auto-generated",
    "Precedence: bulk",
    "X-Auto-Response-Suppress: OOF",
    "X-Loop: yes",
    "X-Between-Loop: 1",
    "Content-Type: multipart/report; report-type=delivery-status",
]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NEVER), st.lists(header_line, max_size=6), st.booleans())
def test_a_never_header_always_wins(never: str, noise: list[bytes], first: bool) -> None:
    """Whatever else a mail carries, one 'never reply' header means no reply."""
    noise = [line.replace(b"\r", b"").replace(b"\n", b"") for line in noise]  # no blank line
    lines = [*noise, never.encode()] if not first else [never.encode(), *noise]
    raw = plain().replace(b"\r\n\r\n", b"\r\n" + b"\r\n".join(lines) + b"\r\n\r\n", 1)
    verdict = autoreply_verdict(raw, envelope_sender=GRACE, our_addresses=OURS)
    assert not verdict.reply


# ---------------------------------------------------------------- address reader


@pytest.mark.parametrize(
    ("value", "addresses", "damaged"),
    [
        ("Dr. Jane <Jane@X.example>", ["jane@x.example"], False),
        ('"Smith, Grace" <g@x.example>, b@y.example', ["g@x.example", "b@y.example"], False),
        ("a@x.example (a comment (nested))", ["a@x.example"], False),
        ("a@x.example, , b@y.example", ["a@x.example", "b@y.example"], False),
        ("undisclosed-recipients:;", [], False),
        ("Team: a@x.example, b@y.example;, c@z.example", ["a@x.example", "b@y.example", "c@z.example"], False),  # noqa: E501
        ('"john doe"@x.example', ['"john doe"@x.example'], False),
        ("<@relay.example:me@x.example>", ["me@x.example"], False),
        # Damaged: the caller will not take these as proof of anything.
        ("me@x.example <list@y.example>", [], True),
        ("Bob <bob@x.example", [], True),
        ('"unclosed <a@x.example>', [], True),
        ("a@x.example b@y.example", [], True),
        ("<a@x.example> <b@y.example>", [], True),
        ("just words", [], True),
        ("(unclosed comment a@x.example", [], True),
    ],
)  # fmt: skip
def test_address_reader(value: str, addresses: list[str], damaged: bool) -> None:
    found, was_damaged = parse_mailboxes(value)
    assert [m.address for m in found] == addresses
    assert was_damaged is damaged


def test_display_names_are_decoded() -> None:
    (box,), _ = parse_mailboxes("=?utf-8?q?Zo=C3=AB?= <zoe@x.example>")
    assert box.name == "Zoë"
    (box,), _ = parse_mailboxes("=?utf-8?b?!!!?= <zoe@x.example>")
    assert box.address == "zoe@x.example"


@pytest.mark.parametrize(
    "value", ["(" * 60000, '"' * 60000, "a " * 30000, "(a)" * 20000, "." * 60000, "\\" * 60000]
)
def test_hostile_address_headers_are_read_in_one_pass(value: str) -> None:
    """Values on which the standard library's parser takes seconds (it is quadratic)."""
    raw = mail("From: grace.m@gmail.example", f"To: {value}", f"Auto-Submitted: {value}")
    verdict = autoreply_verdict(raw, envelope_sender=GRACE, our_addresses=OURS)
    assert not verdict.reply


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("auto-replied (zimbra; vacation)", "auto-replied"),
        ("no (a (nested; comment) here)", "no"),
        ("no (escaped \\) paren)", "no"),
        ("Auto-Replied; owner-email=x@y.example", "auto-replied"),
        ("(leading comment) no", "no"),
        ("(unclosed", ""),
    ],
)
def test_keyword(value: str, word: str) -> None:
    assert keyword(value) == word
