"""A small, linear-time reader for address-list headers (RFC 5322 §3.4).

Why not `email.headerregistry` or `email.utils.getaddresses`? The first is quadratic on
some input (a To: header of 16 000 dots or parentheses takes seconds, which a hostile
sender could use to stall the pipeline); the second reads an unquoted display name such
as `me@practice.example <list@lists.example>` as a second address, so a list could make
us believe it wrote to the therapist. This reader makes one pass, never backtracks,
and calls a header *damaged* whenever it is unsure, so that the caller can refuse to
treat it as proof (R7, R18).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.header import decode_header, make_header

from between.core.email_rules.headers import valid_address

# Address headers longer than this are not read at all (counted as damaged): a personal
# mail to a therapist never carries one this large.
MAX_ADDRESS_HEADER_CHARS = 64 * 1024
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Mailbox:
    """One parsed address: display name (RFC 2047 decoded) and lower-cased addr-spec."""

    name: str
    address: str


@dataclass
class _Element:
    """One comma-separated element as read: phrase words, angle addresses, bare text."""

    phrase: list[str]
    angles: list[str]
    bare: list[str]  # the text outside comments and angles, quotes kept
    bare_at: bool = False  # an "@" outside quotes, comments and angles

    def empty(self) -> bool:
        return not self.angles and not "".join(self.bare).strip()


def parse_mailboxes(value: str) -> tuple[list[Mailbox], bool]:
    """The mailboxes of an address-list header value, and whether it was damaged.

    Groups (`team: a@x, b@y;`) give their members; empty elements and empty groups
    (`undisclosed-recipients:;`) are fine. Damaged: unbalanced quotes, comments or angle
    brackets, two angle addresses in one element, an "@" in an unquoted display name, or
    an element that is not an address.
    """
    if len(value) > MAX_ADDRESS_HEADER_CHARS:
        return [], True
    elements, damaged = _scan(value)
    found: list[Mailbox] = []
    for element in elements:
        if element.empty():
            continue  # ",," and empty groups: obsolete but harmless (RFC 5322 §4.4)
        if element.angles:
            if len(element.angles) > 1 or element.bare_at:
                damaged = True
                continue
            address = element.angles[0].strip()
            if ":" in address:  # obsolete source route <@relay:me@x> (RFC 5322 §4.4)
                address = address.rsplit(":", 1)[1]
            name = _display(element.phrase)
        else:
            address = "".join(element.bare).strip()
            name = ""
        if not valid_address(address):
            damaged = True
            continue
        found.append(Mailbox(name, address.lower()))
    return found, damaged


def _scan(value: str) -> tuple[list[_Element], bool]:
    elements: list[_Element] = []
    current = _Element([], [], [])
    damaged = False
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c == '"':
            end, text = _quoted(value, i + 1)
            if end < 0:
                return [*elements, current], True
            current.phrase.append(text)
            current.bare.append(value[i : end + 1])
            i = end + 1
        elif c == "(":
            end = _comment_end(value, i + 1)
            if end < 0:
                return [*elements, current], True
            current.bare.append(" ")
            i = end + 1
        elif c == "<":
            end = value.find(">", i + 1)
            inner = value[i + 1 : end] if end >= 0 else ""
            if end < 0 or "<" in inner:
                return [*elements, current], True
            current.angles.append(inner)
            i = end + 1
        elif c == ">":
            damaged = True
            i += 1
        elif c in ",;":
            elements.append(current)
            current = _Element([], [], [])
            i += 1
        elif c == ":" and not current.angles and not current.bare_at:
            # A group name ends here (RFC 5322 §3.4); its members follow.
            current = _Element([], [], [])
            i += 1
        else:
            j = i
            while j < n and value[j] not in '"(<>,;:':
                j += 1
            if j == i:  # a ":" that is not a group name: keep it as text
                j = i + 1
            chunk = value[i:j]
            current.bare.append(chunk)
            current.phrase.extend(chunk.split())
            current.bare_at = current.bare_at or "@" in chunk
            i = j
    elements.append(current)
    return elements, damaged


def _quoted(value: str, i: int) -> tuple[int, str]:
    """(index of the closing quote or -1, the unescaped content)."""
    out: list[str] = []
    n = len(value)
    while i < n:
        c = value[i]
        if c == "\\" and i + 1 < n:
            out.append(value[i + 1])
            i += 2
            continue
        if c == '"':
            return i, "".join(out)
        out.append(c)
        i += 1
    return -1, ""


def _comment_end(value: str, i: int) -> int:
    """Index of the parenthesis closing a comment (nested, with quoted-pairs), or -1."""
    depth, n = 1, len(value)
    while i < n:
        c = value[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _display(words: list[str]) -> str:
    """The display name, RFC 2047 words decoded where they parse."""
    text = _SPACE.sub(" ", " ".join(words)).strip()
    if "=?" not in text or len(text) > 1000:
        return text
    try:
        return str(make_header(decode_header(text)))
    except Exception:  # a broken encoded word: keep it as written
        return text
