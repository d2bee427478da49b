"""Whether an inbound email may get an automatic reply, and to whom (RFC 3834, RFC 5230).

An automatic reply sent to the wrong mail does harm: it can start a mail loop with
another robot, spam a mailing list with a therapist's absence, or tell a stranger who
was blind-copied that the therapist is away. So the verdict says "reply" only when every
rule of /work/shared/reference/autoreply-rules.md (R1-R18) is satisfied and the message
could be read well enough to be sure; anything unclear is "no reply", with a reason.

Reasons are shown to the therapist in the inbox, so they are short plain words and carry
only our own fixed keywords, never a header value or anything the sender wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import Message
from typing import Literal

from between.core.email_rules.addresses import Mailbox, parse_mailboxes
from between.core.email_rules.headers import (
    HeaderBlock,
    bare_address,
    keyword,
    local_part,
    read_headers,
    valid_address,
)

DEFAULT_LOOP_MARKER = "X-Between-Loop"
# Our Message-IDs end their local part with this token (see reply.new_message_id), so a
# reply of ours that comes back is recognised by its Message-ID too (R14, as Zammad does).
OWN_MESSAGE_ID_TOKEN = ".between-auto@"  # noqa: S105 (a marker, not a secret)

ReplyKind = Literal["out_of_office", "acknowledgement"]

# R7: the headers that may show the mail was addressed to the therapist. Delivered-To,
# X-Original-To and the alias the mail came through do not count.
RECIPIENT_HEADERS = ("to", "cc", "bcc", "resent-to", "resent-cc", "resent-bcc")
# R8 (RFC 5230 §4.6, RFC 2369/2919): the seven list headers, for a readable reason. Any
# other List-* header also counts, as the brief asks.
LIST_HEADERS = {
    "list-id": "List-Id",
    "list-help": "List-Help",
    "list-subscribe": "List-Subscribe",
    "list-unsubscribe": "List-Unsubscribe",
    "list-post": "List-Post",
    "list-owner": "List-Owner",
    "list-archive": "List-Archive",
}
# R10 and F3: Pigeonhole, Zammad and Discourse refuse list; Discourse also auto_reply.
# Between takes the union (the stricter side).
BULK_PRECEDENCE = ("bulk", "junk", "list", "auto_reply")
KNOWN_AUTO_SUBMITTED = ("auto-replied", "auto-generated", "auto-notified")
# R12 (RFC 5230 §4.6, Pigeonhole _is_system_address) and R13/F5 (Zammad, RT, Discourse
# also refuse postmaster, abuse and root). Between follows the stricter side.
SYSTEM_LOCAL_PARTS = frozenset(
    {"mailer-daemon", "mailer_daemon", "mailerdaemon", "listserv", "majordomo"}
    | {"postmaster", "abuse", "root"}
)
# R13: senders that cannot be answered usefully (Zammad, Discourse).
_NO_REPLY = re.compile(r"no[-_.]?reply|do[-_.]?not[-_.]?reply")
# R15: Discourse's is_auto_generated? header-name pattern. Auto-Submitted is judged on
# its value (R9) and X-Auto-Response-Suppress is a request, not a marker.
_VENDOR_MARKER = re.compile(
    r"auto[-_]?(?:response|submitted|replied|reply|generated|respond)|holidayreply"
    r"|machinegenerated"
)
_VENDOR_EXEMPT = frozenset({"auto-submitted", "x-auto-response-suppress"})
_KNOWN_VENDOR_NAMES = {"x-autoreply": "X-Autoreply", "x-autorespond": "X-Autorespond"}
# RFC 3464 (DSN) and RFC 8098 (MDN) reports: bounces and read receipts.
_REPORT_TYPES = ("multipart/report", "message/delivery-status", "message/disposition-notification")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_REPLY_OK = "addressed to you, with no sign of automatic or list mail"


@dataclass(frozen=True)
class Verdict:
    """The answer: reply or not, why (plain words), and where a reply would go.

    `to` is the envelope sender when `reply` is true, else None (R1). `written_to` is the
    first of our addresses the mail was addressed to, the From of the reply (R30); it is
    set whenever one was found, even when the verdict is no.
    """

    reply: bool
    reason: str
    to: str | None = None
    written_to: str | None = None


def normalise_envelope_sender(envelope_sender: str | None) -> str | None:
    """The SMTP MAIL FROM as a bare address: "" for the null sender, None if unknown."""
    if envelope_sender is None:
        return None
    text = envelope_sender.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    return text


def autoreply_verdict(
    raw: bytes | str | Message,
    *,
    envelope_sender: str | None,
    our_addresses: Iterable[str],
    loop_marker: str = DEFAULT_LOOP_MARKER,
    reply_kind: ReplyKind | None = None,
    own_message_id_domains: Iterable[str] = (),
) -> Verdict:
    """Decide whether this mail may get an automatic reply. Never raises.

    `envelope_sender` is the SMTP MAIL FROM (Return-Path): "" or "<>" is the null
    sender, None means it is not known; neither gets a reply (R2, R3). `our_addresses`
    are the therapist's addresses, the final envelope recipient included, plus any
    alternates (R6, R7); "Name <addr>" is accepted. `reply_kind` says what we would
    send: X-Auto-Response-Suppress "AutoReply" stops acknowledgements but not
    out-of-office notices ([MS-OXCMAIL] 2.1.3.2.20, R11); None (unknown) honours it.
    `own_message_id_domains` are the domains our Message-IDs are minted under (R14).
    """
    try:
        return _verdict(
            raw,
            envelope_sender=envelope_sender,
            our_addresses=our_addresses,
            loop_marker=loop_marker,
            reply_kind=reply_kind,
            own_message_id_domains=own_message_id_domains,
        )
    except Exception:  # a bug here must not lose the message or send a wrong reply
        return Verdict(False, "the message could not be checked, so it is safer not to reply")


def _verdict(
    raw: bytes | str | Message,
    *,
    envelope_sender: str | None,
    our_addresses: Iterable[str],
    loop_marker: str,
    reply_kind: ReplyKind | None,
    own_message_id_domains: Iterable[str],
) -> Verdict:
    ours = _our_addresses(our_addresses)
    headers = read_headers(raw)
    found = _addressed_to(headers, ours)
    written_to = found[0]

    def no(reason: str) -> Verdict:
        return Verdict(False, reason, None, written_to)

    sender = normalise_envelope_sender(envelope_sender)
    # R3 / RFC 3834 §4: never guess a destination from Reply-To, From or Sender.
    if sender is None:
        return no("return address unknown")
    # R2 / RFC 3834 §2: MUST NOT reply to the null sender, whatever Return-Path says.
    if sender == "":
        return no("empty return address (a mail-system message such as a bounce)")
    # R18 (Pigeonhole smtp.svtest "Bad recipient address (from envelope)").
    if not valid_address(sender):
        return no("return address is not a valid address")
    if not ours:
        return no("no practice address is configured, so it is safer not to reply")
    # R6: never reply to ourselves (case-insensitive, Pigeonhole commit 4efeaa21).
    if sender.lower() in ours:
        return no("sent from your own address")

    checks = (
        _own_reply(headers, loop_marker, own_message_id_domains),
        _x_loop(headers),
        _auto_submitted(headers),
        _report(headers),
        _system_sender(sender, "return address"),
        _list(headers),
        _precedence(headers),
        _suppress(headers, reply_kind),
        _vendor_marker(headers),
        _from_headers(headers, ours),
    )
    for reason in checks:
        if reason:
            return no(reason)

    if headers.damaged:
        return no("message headers are damaged, so it is safer not to reply")
    # R7 / RFC 5230 §4.5: only mail addressed to the therapist directly.
    if written_to is None:
        if found[1]:
            return no("recipient headers are damaged, so it is safer not to reply")
        return no("not addressed to you directly (your address is not in To, Cc or Bcc)")
    # R1 / RFC 3834 §4: the reply goes to the envelope sender and nowhere else.
    return Verdict(True, _REPLY_OK, sender, written_to)


def _our_addresses(addresses: Iterable[str]) -> dict[str, str]:
    """Lower-cased addr-spec -> the address as configured (R6, R7: compare ignoring case)."""
    ours: dict[str, str] = {}
    for item in addresses:
        if not isinstance(item, str):
            continue
        bare = bare_address(item)
        if bare is not None:
            configured = item.strip()
            if "<" in configured:
                configured = configured[configured.rfind("<") + 1 : -1].strip()
            ours.setdefault(bare, configured)
    return ours


def _addressed_to(headers: HeaderBlock, ours: dict[str, str]) -> tuple[str | None, bool]:
    """(first of our addresses in a readable recipient header, our address seen only in a
    damaged one). An address inside a damaged header is not trusted (R7, R18): the parser
    may have read a display name such as `me@x <list@y>` as an address."""
    in_damaged = False
    for name in RECIPIENT_HEADERS:
        for value in headers.all(name):
            mailboxes, damaged = parse_mailboxes(value)
            for box in mailboxes:
                if box.address in ours:
                    if not damaged:
                        return ours[box.address], False
                    in_damaged = True
            if damaged and any(a in value.lower() for a in ours):
                in_damaged = True
    return None, in_damaged


def _own_reply(headers: HeaderBlock, loop_marker: str, domains: Iterable[str]) -> str:
    # R14: our own loop token (RT X-RT-Loop-Prevention), our own Message-ID domain
    # (Zammad "message id of the own system").
    if loop_marker and headers.has(loop_marker):
        return "our own automatic reply came back"
    own = {d.strip().lower().lstrip("@") for d in domains if isinstance(d, str) and d.strip()}
    for value in headers.all("message-id"):
        for msg_id in _MSG_ID.findall(value):
            lowered = msg_id.lower()
            if OWN_MESSAGE_ID_TOKEN in lowered or lowered.rpartition("@")[2] in own:
                return "our own automatic reply came back"
    return ""


def _x_loop(headers: HeaderBlock) -> str:
    # R14: Zammad refuses X-Loop: yes; the brief refuses any X-Loop (stricter side:
    # procmail and list software add it to mail that went through a robot).
    if headers.has("x-loop"):
        return "loop marker (X-Loop present)"
    return ""


def _auto_submitted(headers: HeaderBlock) -> str:
    # R9 / RFC 3834 §5 / RFC 5230 §4.6: every occurrence; any keyword but "no" (ignoring
    # case, comments and parameters) is automatic, unknown values and empty ones too.
    for value in headers.all("auto-submitted"):
        word = keyword(value)
        if word != "no":
            shown = word if word in KNOWN_AUTO_SUBMITTED else "not “no”"
            return f"automatic message (Auto-Submitted: {shown})"
    return ""


def _report(headers: HeaderBlock) -> str:
    # RFC 3464 delivery status and RFC 8098 disposition notifications are mail-system
    # reports; RFC 3834 §2 says not to answer them. Bounces also come from the null
    # sender (R2), but some systems send them from an ordinary address.
    for value in headers.all("content-type"):
        if keyword(value) in _REPORT_TYPES:
            return "delivery report (a bounce or read receipt)"
    return ""


def _system_sender(address: str, where: str) -> str:
    # R12 (RFC 5230 §4.6 MUST keep such a list) and R13.
    local = local_part(address)
    base = local.split("+", 1)[0]
    if base in SYSTEM_LOCAL_PARTS:
        return f"{where} is a mail-system address ({base})"
    if "-request" in local:
        return f"{where} is a list robot (-request)"
    if local.startswith("owner-"):
        return f"{where} is a list owner address (owner-)"
    if _NO_REPLY.search(local):
        return f"{where} is a no-reply address"
    return ""


def _list(headers: HeaderBlock) -> str:
    # R8 / RFC 5230 §4.6: any list header at all.
    for key in headers.names():
        if key.startswith("list-"):
            return f"mailing list ({LIST_HEADERS.get(key, 'List-* header')} present)"
    return ""


def _precedence(headers: HeaderBlock) -> str:
    # R10 / RFC 3834 §7: non-standard but widely used.
    for value in headers.all("precedence"):
        words = keyword(value).split()
        word = words[0] if words else ""
        if word in BULK_PRECEDENCE:
            return f"bulk mail (Precedence: {word})"
    return ""


def _suppress(headers: HeaderBlock, reply_kind: ReplyKind | None) -> str:
    # R11 / [MS-OXCMAIL] 2.1.3.2.20: comma-separated, case-insensitive. All and OOF stop
    # every reply we send (as Pigeonhole); AutoReply stops the non-out-of-office ones.
    for value in headers.all("x-auto-response-suppress"):
        tokens = {t.lower() for t in re.split(r"[,\s]+", value) if t}
        if tokens & {"all", "oof"} or ("autoreply" in tokens and reply_kind != "out_of_office"):
            return "sender asked for no automatic replies (X-Auto-Response-Suppress)"
    return ""


def _vendor_marker(headers: HeaderBlock) -> str:
    # R15: heuristics (Chatwoot X-Autoreply, Discourse's header-name scan).
    for key in headers.names():
        if key not in _VENDOR_EXEMPT and _VENDOR_MARKER.search(key):
            shown = _KNOWN_VENDOR_NAMES.get(key, "auto-reply header")
            return f"automatic message ({shown} present)"
    return ""


def _from_headers(headers: HeaderBlock, ours: dict[str, str]) -> str:
    # R13 (Discourse and RT look at From), R14 (Chatwoot: mail from our own sender).
    for name in ("from", "sender", "resent-from"):
        for value in headers.all(name):
            mailboxes, _damaged = parse_mailboxes(value)
            for box in mailboxes:
                if box.address in ours:
                    return "sent from your own address"
                reason = _system_sender(box.address, "sender")
                if reason:
                    return reason
    return ""


def sender_mailboxes(headers: HeaderBlock) -> list[Mailbox]:
    """Sender, Resent-From and From mailboxes, in the order R5 looks at them."""
    out: list[Mailbox] = []
    for name in ("sender", "resent-from", "from"):
        for value in headers.all(name):
            out.extend(parse_mailboxes(value)[0])
    return out
