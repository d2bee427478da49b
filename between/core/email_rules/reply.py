"""The headers and envelope of an automatic reply (RFC 3834 §3, RFC 5230 §5).

The reply must be recognisable as automatic by every robot that receives it, so that no
loop starts (Auto-Submitted, Precedence, X-Auto-Response-Suppress, our loop marker and a
Message-ID with our token), must thread under the client's mail (In-Reply-To,
References), and must be sent with the null envelope sender so that a bounce of the
reply never comes back as a new message (R26).

Values are returned as Unicode text without folding or RFC 2047 encoding: set them on an
`email.message.EmailMessage` (policy.default) or a Django `EmailMessage`, which encode
non-ASCII text as RFC 2047 words only where needed (R29) and fold long lines.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from email.headerregistry import Address
from email.message import Message
from email.utils import format_datetime

from between.core.email_rules.headers import (
    HeaderBlock,
    bare_address,
    read_headers,
    valid_address,
)
from between.core.email_rules.verdict import (
    DEFAULT_LOOP_MARKER,
    OWN_MESSAGE_ID_TOKEN,
    normalise_envelope_sender,
    sender_mailboxes,
)

# R26 / RFC 3834 §3.3 / RFC 5230 §5.1: send every automatic reply with MAIL FROM:<>.
# A bounce of the reply then goes nowhere instead of arriving as a new message that
# could be answered again. (The alternative the RFCs allow, a dedicated address that
# never auto-replies, is not used.)
REPLY_ENVELOPE_SENDER = ""
# R26: ask for no delivery status notifications where the server supports DSN.
REPLY_DSN_NOTIFY = "NEVER"
# R27 / RFC 3834 §3.1.7: the marker every well-behaved responder checks.
AUTO_SUBMITTED = "auto-replied"
# R29 / Pigeonhole: the subject when there is none, and the longest subject we write.
FALLBACK_SUBJECT = "Automated reply"
MAX_SUBJECT_CHARS = 256
# References can grow without bound in a long thread; keep the first (the thread root)
# and the most recent ones (RFC 5322 §3.6.4 allows trimming, mail clients do it).
MAX_REFERENCES = 20

_MSG_ID = re.compile(r"<[^<>\s]+>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$")


def reply_envelope_sender() -> str:
    """The SMTP MAIL FROM for every automatic reply: the null sender (R26)."""
    return REPLY_ENVELOPE_SENDER


def reply_headers(
    original: bytes | str | Message,
    *,
    from_address: str,
    to: str,
    subject: str,
    message_id_domain: str,
    loop_marker: str = DEFAULT_LOOP_MARKER,
    now: datetime | None = None,
    include_display_name: bool = True,
) -> dict[str, str]:
    """Headers for the automatic reply to `original`.

    `from_address` is the therapist address the client wrote to (`Verdict.written_to`,
    R30), optionally with a configured display name. `to` is the envelope sender
    (`Verdict.to`, R1); the To header takes the display name the sender gave for that
    address (R5) unless `include_display_name` is false. `subject` is the reply's own
    subject; it gets the "Auto: " prefix of RFC 3834 §3.1.5 once. Pass a subject
    rendered from the policy rather than the client's: the client's subject is their own
    words, which an automatic reply must not repeat (R32, DESIGN R3). `now` adds a Date
    header (R31); without it the sending backend adds one at send time.

    The reply must be sent with `REPLY_ENVELOPE_SENDER` (the null sender) and, where the
    server supports DSN, NOTIFY=`REPLY_DSN_NOTIFY`.

    Raises ValueError only for our own bad input (from, to, domain); a malformed
    `original` never makes it raise.
    """
    sender = normalise_envelope_sender(to) or ""
    if not valid_address(sender):
        raise ValueError("the reply destination is not a valid address")
    if bare_address(from_address) is None:
        raise ValueError("the reply From is not a valid address")
    domain = _domain(message_id_domain)

    headers = read_headers(original)
    parent_ids = _ids(headers.all("message-id"))[:1]
    references = _ids(headers.all("references"))
    if not references:
        # RFC 5322 §3.6.4: without References, a single In-Reply-To id stands in.
        in_reply_to = _ids(headers.all("in-reply-to"))
        references = in_reply_to if len(in_reply_to) == 1 else []

    out: dict[str, str] = {
        "From": _clean(from_address),
        "To": _recipient(sender, headers, include_display_name),
        "Subject": auto_subject(subject),
    }
    if now is not None:
        out["Date"] = format_datetime(now)
    out["Message-ID"] = new_message_id(domain)
    # R28 / RFC 3834 §3.1.5-3.1.6 / RFC 5230 §5.8: In-Reply-To is the original
    # Message-ID; References is the original References plus it. Without a Message-ID
    # there is no In-Reply-To and References is copied unchanged.
    if parent_ids:
        out["In-Reply-To"] = parent_ids[0]
    chain = _trim(list(dict.fromkeys([*references, *parent_ids])))
    if chain:
        out["References"] = " ".join(chain)
    out["Auto-Submitted"] = AUTO_SUBMITTED
    # R27: Pigeonhole also sends these, for list software and older Microsoft clients.
    out["Precedence"] = "bulk"
    out["X-Auto-Response-Suppress"] = "All"
    # R14: our own loop token, so the verdict recognises the reply if it comes back.
    out[loop_marker] = bare_address(from_address) or "1"
    return out


def auto_subject(subject: str) -> str:
    """ "Auto: " + subject, without doubling the prefix (RFC 3834 §3.1.5, R29).

    An empty subject gives the fixed text; a long one is cut to 256 characters ending
    with "…" (Pigeonhole). Cutting happens on the Unicode text, before any RFC 2047
    encoding, so an encoded word is never split.
    """
    text = " ".join(_clean(subject).split())
    if not text:
        return FALLBACK_SUBJECT
    if not text.lower().startswith("auto:"):
        text = f"Auto: {text}"
    if len(text) > MAX_SUBJECT_CHARS:
        text = text[: MAX_SUBJECT_CHARS - 1].rstrip() + "…"
    return text


def new_message_id(domain: str) -> str:
    """A fresh Message-ID carrying our token, so a returning reply is recognised (R14)."""
    return f"<{uuid.uuid4().hex}{OWN_MESSAGE_ID_TOKEN}{_domain(domain)}>"


def _domain(domain: str) -> str:
    text = domain.strip().strip("<>").lower().lstrip("@")
    try:
        text = text.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError("the Message-ID domain is not a valid domain") from exc
    if not _DOMAIN.match(text):
        raise ValueError("the Message-ID domain is not a valid domain")
    return text


def _ids(values: list[str]) -> list[str]:
    return [m for value in values for m in _MSG_ID.findall(value)]


def _trim(ids: list[str]) -> list[str]:
    if len(ids) <= MAX_REFERENCES:
        return ids
    return [ids[0], *ids[-(MAX_REFERENCES - 1) :]]


def _recipient(sender: str, headers: HeaderBlock, include_display_name: bool) -> str:
    """R5: the envelope sender, named as the first of Sender, Resent-From or From that
    carries the same address names it (Pigeonhole _get_full_reply_recipient)."""
    if not include_display_name:
        return sender
    wanted = sender.lower()
    for box in sender_mailboxes(headers):
        if box.address == wanted:
            name = " ".join(_clean(box.name).split())[:128]
            if not name or "\ufffd" in name:
                return sender
            try:
                return str(Address(display_name=name, addr_spec=sender))
            except Exception:  # an address the header model refuses: use it bare
                return sender
    return sender


def _clean(text: str) -> str:
    """No control characters or line breaks: a header value must stay one header."""
    return _CONTROL.sub(" ", text).strip()
