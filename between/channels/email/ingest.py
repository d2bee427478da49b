"""Raw email bytes to the pipeline's one inbound shape, whatever state the mail is in.

``parse_email`` is the one function the SMTP listener, the IMAP poller and the tests call
with captured bytes. It never raises: mail is written by every kind of software, and a
message we cannot read is still a message a client sent. What cannot be parsed is kept
whole (``Inbound.raw``, stored encrypted) and marked ``malformed`` so the inbox shows it
and the clinician reads it from the original.

Decisions (whether to answer, to whom) are not made here: the core reads the raw headers
itself (between.core.email_rules). This module only finds the text a person would read.

The parse is bounded in parts, depth, Content-* header bytes and time (``MAX_PARTS``,
``MAX_DEPTH``, ``MAX_MIME_HEADER_CHARS``, ``PARSE_SECONDS``): the parser counts what it
builds as it builds it and stops at the first bound crossed, so a message of 200,000
tiny parts costs what 500 do. Such a message is stored raw, ``malformed`` and flagged
``too_complex_to_parse``; its body is the text of the parts read before the stop (or the
start of its body), so the crisis screen still reads what the sender wrote first.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy as email_policy
from email.errors import MessageDefect
from email.feedparser import FeedParser
from email.header import decode_header
from email.message import EmailMessage, Message
from email.policy import EmailPolicy
from email.utils import getaddresses
from html.parser import HTMLParser
from typing import TYPE_CHECKING

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
_REAL_MSG_ID = re.compile(r"[!-;=?-~]+@[!-;=?-~]+")  # printable ASCII but < and >

# -- bounds on the parse -------------------------------------------------------------------
# Python's email parser costs about 0.3 ms of CPU per MIME part, holding the GIL: 20,000
# parts take 6 s, 200,000 over a minute. Real mail has a handful of parts (a long thread
# with a dozen attachments stays under 100); 500 leaves room and parses in ~0.15 s.
MAX_PARTS = 500
# How many containers a part may sit inside (the top-level message is at 0). Mail software
# nests 2-5 deep (mixed > related > alternative, a forwarded message inside). The parser
# and walk() recurse once per level and fail near 1,000; 20 is far past real mail and far
# short of that.
MAX_DEPTH = 20
# The email package parses a structured field (Content-Type, Content-Disposition) anew each
# time it is read, at up to ~5 ms per KB for a hostile list of parameters, and reads each
# several times: 500 KB of them took a minute. All the Content-* fields of one message
# together may hold this much; real mail has under 2 KB, one with 20 long-named
# attachments some 10 KB.
MAX_MIME_HEADER_CHARS = 32 * 1024
# The parse's own deadline, checked as each part is made, each header field read and each
# chunk fed (of the MIME source, then of an HTML body): within the bounds above, real mail
# of the largest size we accept (BETWEEN_SMTP_MAX_BYTES, 25 MB) parses in 0.3-1.2 s on a
# busy two-core machine; this stops whatever else the parser might be made to do (20 MB
# of header lines, or of HTML tags, take 10-13 s).
PARSE_SECONDS = 5.0
FEED_CHARS = 64 * 1024  # input fed between two looks at the clock
HTML_FEED_MOST = 1024 * 1024  # HTML fed between two looks at the clock, at most
# Of a message over a bound, at most this much of the text parts read before the bound is
# looked at again for its text (HTMLParser takes ~0.5 s for 800,000 characters of tags);
# when they hold no text, the first FALLBACK_BODY_BYTES of the body are the text screened.
FALLBACK_READ_CHARS = 4 * MAX_BODY_CHARS
FALLBACK_BODY_BYTES = 64 * 1024
TOO_COMPLEX = "too_complex_to_parse"  # the flag stored with such a message


class TooComplex(Exception):
    """The parse crossed a bound. ``bound`` is "parts", "depth", "headers" or "time";
    ``root`` is the message as built so far (None if the parser made nothing yet)."""

    def __init__(self, bound: str, parts: int, root: EmailMessage | None) -> None:
        super().__init__(f"over the {bound} bound after {parts} parts")
        self.bound = bound
        self.parts = parts
        self.root = root


@dataclass(frozen=True)
class ReadEmail:
    """What ``read_email`` found: the inbound, and the flags to store with it."""

    inbound: Inbound
    flags: tuple[str, ...] = ()


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
    return read_email(
        raw, envelope_sender=envelope_sender, rcpt_to=rcpt_to, received_at=received_at
    ).inbound


def read_email(
    raw: bytes,
    *,
    envelope_sender: str | None,
    rcpt_to: Sequence[str],
    received_at: datetime,
    seconds: float = PARSE_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> ReadEmail:
    """``parse_email`` with the flags the store needs: ``too_complex_to_parse`` when the
    parse crossed a bound (then the inbound is ``malformed``). Never raises."""
    raw = bytes(raw or b"")
    envelope = _envelope(envelope_sender)
    try:
        return ReadEmail(_parse(raw, envelope, rcpt_to, received_at, clock() + seconds, clock))
    except TooComplex as over:
        log.warning(
            "email over the %s bound (%s parts read); stored raw, flagged",
            over.bound,
            over.parts,
        )
        inbound = _too_complex(raw, envelope, rcpt_to, received_at, over.root)
        return ReadEmail(inbound, (TOO_COMPLEX,))
    except Exception as exc:  # the promise is "never raises": keep it raw and flag it
        log.warning("email could not be parsed (%s); stored raw, flagged", type(exc).__name__)
        headers = _safe_headers(raw)
        return ReadEmail(
            Inbound(
                channel=InChannel.email,
                received_at=received_at,
                sender=envelope or "",
                dedupe_key=dedupe_key(raw, headers),
                recipients=_recipients(rcpt_to, headers),
                envelope_sender=envelope,
                raw=raw,
                malformed=True,
            )
        )


def _parse(
    raw: bytes,
    envelope: str | None,
    rcpt_to: Sequence[str],
    received_at: datetime,
    deadline: float,
    clock: Callable[[], float],
) -> Inbound:
    headers = read_headers(raw)
    message = bounded_message(raw, deadline=deadline, clock=clock)
    try:
        body, body_problem = body_text(message, deadline=deadline, clock=clock)
    except TooComplex as over:  # its HTML took past the deadline to read
        parts = sum(1 for _ in _parts_in_order(message))
        raise TooComplex(over.bound, parts, message) from None
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


# -- the bounded parse --------------------------------------------------------------------


class _Counted:
    """The parser's message factory: it counts every part as the parser makes it (and,
    told by ``_BoundedPolicy``, the header fields it reads) and raises ``TooComplex`` at
    the first bound crossed, before the part or field is used."""

    def __init__(self, deadline: float, clock: Callable[[], float]) -> None:
        self.deadline = deadline
        self.clock = clock
        self.policy = _BoundedPolicy(self)
        self.armed = False  # FeedParser calls its factory once to try the signature
        self.root: EmailMessage | None = None
        self.parts = 0
        self.mime_header_chars = 0

    def __call__(self, policy: email_policy.Policy | None = None) -> EmailMessage:
        message = EmailMessage(policy=self.policy)
        if not self.armed:
            return message
        if self.root is None:
            self.root = message
        else:
            self.check()
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise TooComplex("parts", self.parts - 1, self.root)
        return message

    def check(self) -> None:
        # The part made last is the last one down the right-hand edge of the tree: its
        # depth is that edge's length. Checked as each next part is made and at the end,
        # this sees every part's depth (at most MAX_DEPTH + 1 steps each time).
        depth = 0
        node: Message | None = self.root
        while node is not None:
            payload = node.get_payload()
            last = payload[-1] if isinstance(payload, list) and payload else None
            node = last if isinstance(last, Message) else None
            if node is not None:
                depth += 1
                if depth > MAX_DEPTH:
                    raise TooComplex("depth", self.parts, self.root)
        self.check_time()

    def header(self, name: str, value: str) -> None:
        if name.strip().lower().startswith("content-"):
            self.mime_header_chars += len(value)
            if self.mime_header_chars > MAX_MIME_HEADER_CHARS:
                raise TooComplex("headers", self.parts, self.root)
        self.check_time()

    def check_time(self) -> None:
        if self.clock() > self.deadline:
            raise TooComplex("time", self.parts, self.root)


if TYPE_CHECKING:
    _EmailPolicy = EmailPolicy[EmailMessage]
else:
    _EmailPolicy = EmailPolicy  # not subscriptable at run time


class _BoundedPolicy(_EmailPolicy):
    """The default policy, telling its ``_Counted`` of each header field as it is read."""

    counted: _Counted

    def __init__(self, counted: _Counted) -> None:
        super().__init__(message_factory=EmailMessage)
        object.__setattr__(self, "counted", counted)  # a policy is read-only once made

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        name, value = super().header_source_parse(sourcelines)
        self.counted.header(name, value)
        return name, value


def bounded_message(
    raw: bytes,
    *,
    deadline: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> EmailMessage:
    """``email.message_from_bytes(raw, policy=default)``, but ``TooComplex`` is raised as
    soon as the message has more than MAX_PARTS parts, a part deeper than MAX_DEPTH, more
    than MAX_MIME_HEADER_CHARS in Content-* fields, or the deadline (``clock`` time,
    default PARSE_SECONDS from now) passes."""
    counted = _Counted(clock() + PARSE_SECONDS if deadline is None else deadline, clock)
    parser = FeedParser(counted, policy=counted.policy)
    counted.armed = True
    # As BytesParser does: bytes as ASCII with surrogate escapes (byte by byte, so chunks
    # decode alike), fed in chunks; a message over a bound is never decoded past it.
    data = memoryview(bytes(raw))
    for start in range(0, len(data), FEED_CHARS):
        parser.feed(str(data[start : start + FEED_CHARS], "ascii", "surrogateescape"))
        counted.check_time()
    message = parser.close()
    counted.check()
    return message


def _too_complex(
    raw: bytes,
    envelope: str | None,
    rcpt_to: Sequence[str],
    received_at: datetime,
    root: EmailMessage | None,
) -> Inbound:
    """A message over a bound: kept whole and flagged, with the text that was cheap to
    find (the parts read before the bound) for the inbox and the crisis screen."""
    headers = _safe_headers(raw)
    sender = envelope or first_address(headers.all("from")) or ""
    text = _text_read_so_far(root) or _start_of_body(raw)
    body = _cut(text)
    if not body.endswith(TRUNCATED_NOTE):
        body = (body.rstrip() + TRUNCATED_NOTE).lstrip()
    return Inbound(
        channel=InChannel.email,
        received_at=received_at,
        sender=sender[:MAX_ADDRESS_CHARS],
        dedupe_key=dedupe_key(raw, headers),
        recipients=_recipients(rcpt_to, headers),
        subject=decode_words(_first(headers.all("subject")))[:MAX_SUBJECT_CHARS],
        body=body,
        envelope_sender=envelope,
        raw=raw,
        malformed=True,
    )


def _parts_in_order(root: Message) -> Iterator[Message]:
    """Every part of a (partly built) tree, in document order, without recursion."""
    stack = [root]
    while stack:
        part = stack.pop()
        yield part
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, Message)]))


def _text_read_so_far(root: EmailMessage | None) -> str:
    """The text parts the parser finished before it stopped, plain preferred to HTML."""
    if root is None:
        return ""
    plain: list[str] = []
    html: list[str] = []
    left = FALLBACK_READ_CHARS
    for part in _parts_in_order(root):
        if left <= 0:
            break
        subtype, text, read = _leaf_text(part, left)
        left -= read
        if text:
            (plain if subtype == "plain" else html).append(text)
    return "\n\n".join(plain or html)


def _leaf_text(part: Message, most: int) -> tuple[str, str, int]:
    """("plain" or "html", the text of at most ``most`` characters of it, how many were
    read) for a finished text part that is not an attachment; ("", "", 0) for anything
    else, a broken part included (the others are still read)."""
    try:
        if part.is_multipart() or _is_attachment(part) or part.get_payload() is None:
            return "", "", 0
        subtype = part.get_content_subtype()
        if part.get_content_maintype() != "text" or subtype not in ("plain", "html"):
            return "", "", 0
        source = part_text(part)[:most]
        text = html_to_text(source) if subtype == "html" else source
        return subtype, text.strip(), len(source)
    except Exception:
        return "", "", 0


def _start_of_body(raw: bytes) -> str:
    """The first FALLBACK_BODY_BYTES after the header section, as text."""
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    start = min(ends) if ends else len(raw)
    return decode_text(raw[start : start + FALLBACK_BODY_BYTES], None).strip()


# -- identity ------------------------------------------------------------------------------


def dedupe_key(raw: bytes, headers: HeaderBlock | None = None) -> str:
    """The same message delivered twice (SMTP retry, IMAP and SMTP both) gets one key.

    The Message-ID when there is one, else the raw bytes. Both are hashed: the key is
    stored in the clear and must fit its column whatever the sender wrote.
    A Message-ID counts only when it looks like one (printable ASCII around an "@", as
    RFC 5322 writes it): "<>", a bare word or undecodable bytes would make different
    messages one, and the second would be dropped as a redelivery.
    """
    headers = headers if headers is not None else _safe_headers(raw)
    for value in headers.all("message-id"):
        found = _MSG_ID.search(value)
        ident = found.group(1) if found else value.strip()
        if _REAL_MSG_ID.fullmatch(ident):
            return "mid:" + hashlib.sha256(ident.encode("ascii")).hexdigest()
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


def body_text(
    message: Message,
    *,
    deadline: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[str, bool]:
    """The text a person would read, and whether finding it went wrong.

    text/plain is preferred; an HTML-only message gives the text of its HTML. Parts that
    are attachments are never read as the body. Reading HTML past ``deadline`` raises
    ``TooComplex``.
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
        text = html_to_text(text, deadline=deadline, clock=clock)
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


def html_to_text(
    html: str,
    *,
    deadline: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> str:
    """The readable text of an HTML body: no markup, scripts or styles; paragraphs kept.

    Fed in chunks; past ``deadline`` (a ``clock`` time) it raises ``TooComplex``: 20 MB of
    tags take HTMLParser some 13 s. The chunks grow (to HTML_FEED_MOST): HTMLParser reads
    an unfinished tag again from its start at every feed, and one tag may be megabytes
    long (an image inline as a data: URL).
    """
    parser = _TextExtractor()
    try:
        start, size = 0, FEED_CHARS
        while start < len(html):
            parser.feed(html[start : start + size])
            start, size = start + size, min(2 * size, HTML_FEED_MOST)
            if deadline is not None and clock() > deadline:
                raise TooComplex("time", 0, None)
        parser.close()
    except TooComplex:
        raise
    except Exception:  # HTMLParser is lenient; this is for the truly unexpected
        return re.sub(r"<[^>]*>", " ", html)
    text = "".join(parser.out).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
