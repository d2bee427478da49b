"""The document as Markdown and as plain text (for email bodies and printing anywhere)."""

from __future__ import annotations

import re
import textwrap

from between.core.documents.model import (
    Block,
    Bullets,
    Document,
    Line,
    Link,
    Paragraph,
    Subheading,
    plain,
)

WIDTH = 78

# Characters Markdown could read as syntax anywhere in a line...
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
# ... and at the start of one (a heading, a list item, a quote, "1.").
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape a whole line of text (inline characters and a syntax-like start)."""
    return _md_line_start(_md_inline(text))


def _md_inline(text: str) -> str:
    return _MD_INLINE.sub(r"\\\1", text)


def _md_line_start(text: str) -> str:
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_href(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _md_line(parts: Line) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, Link):
            out.append(f"[{_md_inline(part.text)}]({_md_href(part.href)})")
        else:
            out.append(_md_inline(part))
    # Line-start escapes apply to the line, not to each piece ("+1 212" after "Text: ").
    return _md_line_start("".join(out))


def _md_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        text = _md_line(block.parts)
        return f"**{text}**" if block.strong else text
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md_line(item)}" for item in block.items)
    if isinstance(block, Subheading):
        return f"### {md_escape(block.text)}"
    raise TypeError(f"unknown block {block!r}")


def to_markdown(document: Document) -> str:
    parts = [f"# {md_escape(document.title)}", md_escape(document.byline)]
    parts += [_md_block(b) for b in document.intro]
    for section in document.sections:
        parts.append(f"## {md_escape(section.title)}")
        parts += [_md_block(b) for b in section.blocks]
    return "\n\n".join(parts) + "\n"


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _txt_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _wrap(plain(block.parts))
    if isinstance(block, Bullets):
        return "\n".join(_wrap(plain(item), "  - ", "    ") for item in block.items)
    if isinstance(block, Subheading):
        return block.text
    raise TypeError(f"unknown block {block!r}")


def to_text(document: Document) -> str:
    title = document.title.upper()
    parts = [f"{title}\n{document.byline}\n{'=' * max(len(title), len(document.byline))}"]
    parts += [_txt_block(b) for b in document.intro]
    for section in document.sections:
        parts.append(f"{section.title}\n{'-' * len(section.title)}")
        parts += [_txt_block(b) for b in section.blocks]
    return "\n\n".join(parts) + "\n"
