"""The client document as plain values, before it becomes HTML, Markdown or text.

The wording is decided once (``policy_document.py``); each format only lays it out, so
the three can never say different things. Text here is final, already translated and
never escaped: each renderer escapes for its own format.
"""

from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """Text that points somewhere: a web page, an email address, a phone number."""

    text: str
    href: str


Inline = str | Link
Line = tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    parts: Line
    strong: bool = False  # the emergency line at the top


@dataclass(frozen=True)
class Bullets:
    items: tuple[Line, ...]


@dataclass(frozen=True)
class Subheading:
    text: str


Block = Paragraph | Bullets | Subheading


@dataclass(frozen=True)
class Section:
    """A titled part of the document; `key` is a stable anchor ("emergency")."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    urgent: bool = False


@dataclass(frozen=True)
class Document:
    title: str
    byline: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    language: str = "en"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


_FORMATTER = string.Formatter()


def compose(template: str, **values: Inline) -> Line:
    """A translated template with its ``{fields}`` filled, links kept as links.

    ``compose("Email me at {address}.", address=Link(...))`` gives
    ``("Email me at ", Link(...), ".")``. A field the template does not have is ignored,
    and a field it has but was not given raises KeyError (a translation bug to catch in
    tests, never to show a client as "{address}").
    """
    parts: list[Inline] = []
    for literal, name, spec, _conversion in _FORMATTER.parse(template):
        if literal:
            parts.append(literal)
        if name is None:
            continue
        value = values[name]
        if isinstance(value, Link):
            parts.append(value)
        else:
            parts.append(_FORMATTER.format_field(value, spec or ""))
    return tuple(parts)


def plain(line: Line) -> str:
    """The words of a line, links as their text."""
    return "".join(p.text if isinstance(p, Link) else p for p in line)


def para(*parts: Inline) -> Paragraph:
    return Paragraph(tuple(p for p in parts if p != ""))
