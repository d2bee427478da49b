"""Reading the header section of a mail that may be broken in any way.

Inbound mail is written by every kind of software, some of it careless and some of it
hostile: raw 8-bit bytes, lines that are not headers, headers given twice, address lists
that do not parse. The verdict must never crash on any of that (reference rule R18), and
it must see *every* header, because a List-Id written after a garbage line is still a
List-Id. So this module does its own line-level scan of the header section instead of
trusting `email.parser`, which stops reading headers at the first line it does not
understand and files the rest under the body.

Values are kept as written (folding removed, RFC 2047 words *not* decoded): the checks
compare keywords, and the address parser decodes what it needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from typing import Any

# A header section larger than this is treated as damaged: real ones (long Received
# chains, DKIM signatures) stay far below it, and parsing it would only cost time.
MAX_HEADER_BYTES = 256 * 1024

# RFC 5322 §2.2 / §3.6.8: a field name is printable US-ASCII except the colon. Obsolete
# syntax (§4.5) allows white space before the colon.
_FIELD = re.compile(rb"^([\x21-\x39\x3b-\x7e]+)[ \t]*:")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_SURROGATE = re.compile(r"[\udc80-\udcff]")


@dataclass(frozen=True)
class RawHeader:
    """One header field: its name in lower case and its unfolded, decoded value."""

    key: str
    value: str
    eight_bit: bool = False


@dataclass(frozen=True)
class HeaderBlock:
    """Every header field of a message, in order, and whether the section was damaged.

    `damaged` means some of it could not be read as headers (a line without a colon, a
    continuation line with nothing to continue, a header section too large, a parser
    that gave up); what could be read is still here.
    """

    fields: tuple[RawHeader, ...]
    damaged: bool = False

    def all(self, name: str) -> list[str]:
        """Every value of the named field (duplicates included), in order."""
        key = name.lower()
        return [f.value for f in self.fields if f.key == key]

    def has(self, name: str) -> bool:
        key = name.lower()
        return any(f.key == key for f in self.fields)

    def names(self) -> list[str]:
        """Field names in lower case, in order, without duplicates."""
        return list(dict.fromkeys(f.key for f in self.fields))


def decode_bytes(raw: bytes) -> tuple[str, bool]:
    """Text for raw header bytes, and whether they held 8-bit bytes.

    RFC 6532 allows UTF-8 in headers; older software writes its own code page, most
    often Windows-1252. Nothing here can fail: undefined bytes become U+FFFD.
    """
    try:
        return raw.decode("ascii"), False
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), True


def read_headers(raw: bytes | str | Message) -> HeaderBlock:
    """The header section of raw bytes, text, or an already parsed `Message`.

    Never raises: anything unexpected gives an empty, damaged block.
    """
    try:
        if isinstance(raw, Message):
            return _from_message(raw)
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogateescape")
        if isinstance(raw, bytes | bytearray | memoryview):
            return _from_bytes(bytes(raw))
    except Exception:  # the promise is "never crashes"; the block says it is damaged
        return HeaderBlock(fields=(), damaged=True)
    return HeaderBlock(fields=(), damaged=True)


def _from_bytes(raw: bytes) -> HeaderBlock:
    damaged = False
    fields: list[RawHeader] = []
    name: bytes | None = None
    parts: list[bytes] = []
    size = 0

    def flush() -> None:
        if name is not None:
            text, eight_bit = decode_bytes(b"".join(parts))
            fields.append(RawHeader(name.decode("ascii").lower(), text.strip(), eight_bit))

    lines = raw.split(b"\n")
    for index, full in enumerate(lines):
        line = full[:-1] if full.endswith(b"\r") else full
        if not line.strip(b" \t"):
            # The first empty line ends the header section (RFC 5322 §2.1). A line of
            # only white space is not a legal separator, but every parser treats it so.
            break
        size += len(full) + 1
        if size > MAX_HEADER_BYTES:
            damaged = True
            break
        if index == 0 and line.startswith(b"From "):
            continue  # mbox "From " envelope line, not a header
        if line[:1] in (b" ", b"\t"):
            if name is None:
                damaged = True  # continuation of nothing
            else:
                parts.append(line)  # unfolding keeps the white space (RFC 5322 §2.2.3)
            continue
        match = _FIELD.match(line)
        flush()
        if match is None:
            damaged = True  # not a header; read on so that later headers still count
            name, parts = None, []
            continue
        name, parts = match.group(1), [line[match.end() :]]
    flush()
    return HeaderBlock(fields=tuple(fields), damaged=damaged)


def _from_message(msg: Message) -> HeaderBlock:
    damaged = any(
        type(d).__name__ in ("MissingHeaderBodySeparatorDefect", "InvalidHeaderDefect")
        for d in getattr(msg, "defects", ())
    )
    # raw_items() gives the values as stored, before the policy turns them into objects
    # (compat32 would wrap 8-bit values in Header objects, policy.default may raise).
    items: Any = msg.raw_items()
    fields: list[RawHeader] = []
    for name, value in items:
        text, eight_bit, ok = _value_text(value)
        damaged = damaged or not ok
        key = str(name).strip().lower()
        if not key or not _FIELD.match((key + ":").encode("ascii", errors="replace")):
            damaged = True
            continue
        fields.append(RawHeader(key, _FOLD.sub("", text).strip(), eight_bit))
    return HeaderBlock(fields=tuple(fields), damaged=damaged)


def _value_text(value: object) -> tuple[str, bool, bool]:
    """(text, eight_bit, readable) for a header value stored by any email policy."""
    try:
        text = str(value)
    except Exception:
        return "", False, False
    if _SURROGATE.search(text):
        # BytesParser keeps 8-bit bytes as surrogate escapes; get the bytes back.
        decoded, _ = decode_bytes(text.encode("utf-8", errors="surrogateescape"))
        return decoded, True, True
    return text, not text.isascii(), True


def bare_address(text: str) -> str | None:
    """The addr-spec of one configured address ("Name <a@b>" or "a@b"), lower-cased."""
    text = text.strip()
    if "<" in text and text.endswith(">"):
        text = text[text.rfind("<") + 1 : -1]
    text = text.strip().lower()
    if not valid_address(text):
        return None
    return text


_LOCAL = r'(?:[^\s<>()\[\],;:@"\\]+|"[^"\r\n\\]*")'
_DOMAIN = r"[^\s<>()\[\],;:@\"\\]+"
_ADDRESS = re.compile(rf"{_LOCAL}@{_DOMAIN}")


def valid_address(text: str) -> bool:
    """A plain `local@domain` without spaces, brackets or control characters."""
    if not text or not text.isprintable():
        return False
    return _ADDRESS.fullmatch(text) is not None


def local_part(address: str) -> str:
    """The part before the last "@", unquoted and lower-cased."""
    local = address.rpartition("@")[0]
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        local = local[1:-1]
    return local.lower()


def strip_comments(value: str) -> str:
    """The value with its (possibly nested) comments replaced by a space, in one pass.

    Quoted strings are left alone; an unclosed comment runs to the end.
    """
    out: list[str] = []
    depth = 0
    quoted = False
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c == "\\" and (depth or quoted):
            if not depth:
                out.append(value[i : i + 2])
            i += 2
            continue
        if depth:
            depth += 1 if c == "(" else -1 if c == ")" else 0
            if not depth:
                out.append(" ")
        elif c == '"':
            quoted = not quoted
            out.append(c)
        elif c == "(" and not quoted:
            depth = 1
        else:
            out.append(c)
        i += 1
    return "".join(out)


def keyword(value: str) -> str:
    """The first keyword of a structured value: comments and parameters removed.

    `auto-replied (zimbra; vacation)` and `Auto-Replied; owner-email=x` both give
    `auto-replied`.
    """
    return strip_comments(value).split(";", 1)[0].strip().lower()
