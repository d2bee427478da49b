"""Raw email bytes to the pipeline's one inbound shape, whatever state the mail is in.

``parse_email`` is the one function the SMTP listener, the IMAP poller and the tests call
with captured bytes. It never raises: mail is written by every kind of software, and a
message we cannot read is still a message a client sent. What cannot be parsed is kept
whole (``Inbound.raw``, stored encrypted) and marked ``malformed`` so the inbox shows it
and the clinician reads it from the original.

Decisions (whether to answer, to whom) are not made here: the core reads the raw headers
itself (between.core.email_rules). This module only finds the text a person would read.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from email import message_from_bytes
from email import policy as email_policy
from email.errors import MessageDefect
from email.header import decode_header
from email.message import EmailMessage, Message
from email.utils import getaddresses
from html.parser import HTMLParser

from between.core.email_rules import read_headers
from between.core.email_rules.headers import HeaderBlock
from between.core.pipeline.values import Inbound, InChannel

log = logging.getLogger(__name__)

# The body handed to triage and shown in the inbox. A longer text part is cut here (the
# whole message stays in ``raw``): scanning megabytes of pasted text helps nobody.
MAX_BODY_CHARS = 200_000
MAX_SUBJECT_CHARS = 998  # RFC 5322 §2.1.1: the longest a header line may be
MAX_ADDRESS_CHARS = 320  # the model's column width
TRUNCATED_NOTE = "\n\n[… the rest is in the original message]"

# Defects after which what we show may not be what the sender wrote: the structure is
# broken (a multipart without its boundaries, headers that run into the body).
SERIOUS_DEFECTS = frozenset(
    {
        "StartBoundaryNotFoundDefect",
        "CloseBoundaryNotFoundDefect",
        "MissingHeaderBodySeparatorDefect",
        "MultipartInvariantViolationDefect",
        "FirstHeaderLineIsContinuationDefect",
        "MisplacedEnvelopeHeaderDefect",
        "InvalidBase64CharactersDefect",
        "InvalidBase64PaddingDefect",
        "InvalidBase64LengthDefect",
        "MessageDefect",  # ours: the part tree could not even be walked
    }
)

# Charsets that mail software declares by default whatever it actually wrote. Text
# declared as one of these but valid as UTF-8 (with non-ASCII in it) is UTF-8: a random
# Latin-1 text is almost never valid UTF-8.
_WESTERN = frozenset({"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "cp1252"})
_MSG_ID = re.compile(r"<([^<>\s]+)>")


def parse_email(
    raw: bytes,
    *,
    envelope_sender: str | None,
    rcpt_to: Sequence[str],
    received_at: datetime,
) -> Inbound:
    """The ``Inbound`` for one raw message. Never raises.

    ``envelope_sender`` is the SMTP MAIL FROM: "" (or "<>") for the null sender, None
    when unknown. ``rcpt_to`` are the envelope recipients; when none are known (a
    mailbox read over IMAP) the addressee headers stand in. ``sender`` is the envelope
    sender, or the From address when the envelope gives none (the null sender of a
    bounce, or an unknown envelope), so the inbox can say who wrote.
    """
    raw = bytes(raw or b"")
    envelope = _envelope(envelope_sender)
    try:
        return _parse(raw, envelope, rcpt_to, received_at)
    except Exception as exc:  # the promise is "never raises": keep it raw and flag it
        log.warning("email could not be parsed (%s); stored raw, flagged", type(exc).__name__)
        headers = _safe_headers(raw)
        return Inbound(
            channel=InChannel.email,
            received_at=received_at,
            sender=envelope or "",
            dedupe_key=dedupe_key(raw, headers),
            recipients=_recipients(rcpt_to, headers),
            envelope_sender=envelope,
            raw=raw,
            malformed=True,
        )


def _parse(
    raw: bytes, envelope: str | None, rcpt_to: Sequence[str], received_at: datetime
) -> Inbound:
    headers = read_headers(raw)
    message = message_from_bytes(raw, policy=email_policy.default)
    body, body_problem = body_text(message)
    sender = envelope or first_address(headers.all("from")) or ""
    malformed = (
        headers.damaged
        or not headers.fields
        or body_problem
        or any(_serious(d) for d in _all_defects(message))
    )
    return Inbound(
        channel=InChannel.email,
        received_at=received_at,
        sender=sender[:MAX_ADDRESS_CHARS],
        dedupe_key=dedupe_key(raw, headers),
        recipients=_recipients(rcpt_to, headers),
        subject=decode_words(_first(headers.all("subject")))[:MAX_SUBJECT_CHARS],
        body=_cut(body),
        envelope_sender=envelope,
        raw=raw,
        malformed=bool(malformed),
    )


# -- identity ------------------------------------------------------------------------------


def dedupe_key(raw: bytes, headers: HeaderBlock | None = None) -> str:
    """The same message delivered twice (SMTP retry, IMAP and SMTP both) gets one key.

    The Message-ID when there is one, else the raw bytes. Both are hashed: the key is
    stored in the clear and must fit its column whatever the sender wrote.
    """
    headers = headers if headers is not None else _safe_headers(raw)
    for value in headers.all("message-id"):
        found = _MSG_ID.search(value)
        ident = found.group(1) if found else value.strip()
        if ident:
            return "mid:" + hashlib.sha256(ident.encode("utf-8", "replace")).hexdigest()
    return "raw:" + hashlib.sha256(raw).hexdigest()


def _safe_headers(raw: bytes) -> HeaderBlock:
    try:
        return read_headers(raw)
    except Exception:  # read_headers promises not to raise; belt and braces
        return HeaderBlock(fields=(), damaged=True)


def _envelope(envelope_sender: str | None) -> str | None:
    if envelope_sender is None:
        return None
    text = envelope_sender.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    return text.lower() if "@" in text else text


# -- addresses -----------------------------------------------------------------------------

# Headers naming who a message was for, when no envelope says so (read over IMAP).
ADDRESSEE_HEADERS = (
    "delivered-to",
    "x-original-to",
    "to",
    "cc",
    "resent-to",
    "resent-cc",
)


def addresses(values: Iterable[str]) -> list[str]:
    """Bare lower-cased addresses in header values, in order, without duplicates."""
    found: dict[str, None] = {}
    for value in values:
        for _name, address in _pairs(value):
            address = address.strip().lower()
            if "@" in address and len(address) <= MAX_ADDRESS_CHARS and address.isprintable():
                found[address] = None
    return list(found)


def _pairs(value: str) -> list[tuple[str, str]]:
    try:
        return getaddresses([decode_words(value)])
    except Exception:  # an address list the parser chokes on names nobody
        return []


def first_address(values: Iterable[str]) -> str | None:
    found = addresses(values)
    return found[0] if found else None


def header_recipients(headers: HeaderBlock) -> list[str]:
    return addresses(v for name in ADDRESSEE_HEADERS for v in headers.all(name))


def _recipients(rcpt_to: Sequence[str], headers: HeaderBlock) -> tuple[str, ...]:
    envelope = [_envelope(r) or "" for r in rcpt_to]
    chosen = [r for r in envelope if r] or header_recipients(headers)
    return tuple(dict.fromkeys(chosen))


# -- text ----------------------------------------------------------------------------------


def decode_words(value: str) -> str:
    """A header value as text: RFC 2047 words decoded, unknown charsets replaced.

    Raw 8-bit bytes were already decoded by ``read_headers`` (UTF-8, else Windows-1252).
    """
    if "=?" not in value:
        return _one_line(value)
    try:
        parts = decode_header(value)
    except Exception:
        return _one_line(value)
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
        else:
            out.append(decode_text(chunk, charset))
    return _one_line("".join(out))


def _one_line(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())


def decode_text(data: bytes, charset: str | None) -> str:
    """Bytes as text whatever charset was declared: missing, wrong, or unknown.

    Never raises; bytes no charset explains become U+FFFD. Mail declared as ASCII or
    Latin-1 (or not declared) is read as UTF-8 when it is valid UTF-8, else as
    Windows-1252, as browsers do (WHATWG Encoding: the Latin-1 labels mean
    windows-1252; Outlook writes its smart quotes into "iso-8859-1" mail).
    """
    name = _codec(charset)
    if name is None or name in _WESTERN:
        if not any(b > 0x7F for b in data):
            return data.decode("ascii")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _codec(charset: str | None) -> str | None:
    """The codec for a declared charset; None when missing or unknown."""
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return {"windows-1252": "cp1252", "iso8859-1": "iso-8859-1", "ascii": "us-ascii"}.get(
        canonical, canonical
    )


def body_text(message: Message) -> tuple[str, bool]:
    """The text a person would read, and whether finding it went wrong.

    text/plain is preferred; an HTML-only message gives the text of its HTML. Parts that
    are attachments are never read as the body.
    """
    problem = False
    part: Message | None = None
    try:
        if isinstance(message, EmailMessage):
            part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        problem = True
    if part is None:
        part = _first_text_part(message)
    if part is None:
        return "", problem
    try:
        text = part_text(part)
    except Exception:
        return "", True
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return text.strip(), problem


def _first_text_part(message: Message) -> Message | None:
    """A fallback walk for structures ``get_body`` gives up on."""
    html: Message | None = None
    try:
        for part in message.walk():
            if part.is_multipart() or _is_attachment(part):
                continue
            if part.get_content_maintype() != "text":
                continue
            if part.get_content_subtype() == "plain":
                return part
            if part.get_content_subtype() == "html" and html is None:
                html = part
    except Exception:
        return html
    return html


def _is_attachment(part: Message) -> bool:
    try:
        return (part.get_content_disposition() or "") == "attachment"
    except Exception:
        return True


def part_text(part: Message) -> str:
    """A leaf part's payload as text (transfer encoding undone, charset applied)."""
    payload = part.get_payload(decode=True)
    if payload is None:
        content = part.get_payload()
        return content if isinstance(content, str) else ""
    if not isinstance(payload, bytes):
        return ""
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return decode_text(payload, charset)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _cut(text: str) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) <= MAX_BODY_CHARS:
        return text
    return text[:MAX_BODY_CHARS].rstrip() + TRUNCATED_NOTE


def _all_defects(message: Message) -> list[MessageDefect]:
    found: list[MessageDefect] = []
    try:
        for part in message.walk():
            found.extend(getattr(part, "defects", []))
    except Exception:  # a walk that breaks is itself a sign of damage
        found.append(MessageDefect("the message structure could not be walked"))
    return found


def _serious(defect: MessageDefect) -> bool:
    return type(defect).__name__ in SERIOUS_DEFECTS


def _first(values: list[str]) -> str:
    return values[0] if values else ""


# -- HTML ----------------------------------------------------------------------------------

_BLOCK = frozenset(
    {
        "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p",
        "pre", "section", "table", "tr", "ul",
    }
)  # fmt: skip
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML body: no markup, scripts or styles; paragraphs kept."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; this is for the truly unexpected
        return re.sub(r"<[^>]*>", " ", html)
    text = "".join(parser.out).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
