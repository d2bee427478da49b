"""The document as one self-contained, accessible HTML page.

Accessible on purpose: a `lang` attribute, one h1 then h2 and h3 in order, sections
labelled by their headings, underlined links, text at WCAG AAA contrast (7:1 or more,
see PALETTE and its test), a stylesheet inline that also prints well. Nothing is
fetched from anywhere (no fonts, images or scripts), so it opens offline and
WeasyPrint turns it into a PDF without touching the network.

Every piece of text goes through ``html.escape``: a practice name, a setup step or a
statement in the policy file is data, never markup.
"""

from __future__ import annotations

from html import escape

from between.core.documents.model import (
    Block,
    Bullets,
    Document,
    Line,
    Link,
    Paragraph,
    Section,
    Subheading,
)
from between.core.i18n import Translate, identity

# (text colour, background) pairs the stylesheet uses; the test checks each is >= 7:1.
PALETTE = {
    "body": ("#1f2328", "#ffffff"),
    "byline": ("#424a53", "#ffffff"),
    "link": ("#0a4b8c", "#ffffff"),
    "urgent heading": ("#8a1c15", "#fdf2f2"),
    "urgent text": ("#1f2328", "#fdf2f2"),
    "urgent link": ("#0a4b8c", "#fdf2f2"),
}

STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #ffffff; color: #1f2328;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
    sans-serif;
  font-size: 1.05rem; line-height: 1.6; }
main { max-width: 42rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.25rem; }
h2 { font-size: 1.4rem; line-height: 1.3; margin: 2.25rem 0 0.75rem;
  padding-bottom: 0.25rem; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.4rem; }
p { margin: 0.6rem 0; }
ul, ol { padding-left: 1.4rem; }
li { margin: 0.3rem 0; }
a { color: #0a4b8c; text-decoration: underline; text-underline-offset: 0.15em; }
a:focus-visible { outline: 3px solid #0a4b8c; outline-offset: 2px; }
.byline { margin: 0 0 1.5rem; color: #424a53; }
.strong { font-weight: 700; }
.urgent { margin-top: 2.25rem; padding: 0.1rem 1rem 0.75rem; background: #fdf2f2;
  border-left: 6px solid #b3261e; }
.urgent h2 { color: #8a1c15; border-bottom: none; margin-top: 1rem; }
nav h2 { font-size: 1.1rem; border-bottom: none; margin-top: 1.5rem; }
@page { margin: 2cm 2cm 2.2cm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
@media print {
  body { font-size: 11pt; line-height: 1.45; color: #000000; background: #ffffff; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  a { color: #000000; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
  .urgent { break-inside: avoid; page-break-inside: avoid; background: #ffffff;
    border: 2px solid #000000; }
  .urgent h2 { color: #000000; }
}
"""


def _line(parts: Line) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, Link):
            out.append(f'<a href="{escape(part.href, quote=True)}">{escape(part.text)}</a>')
        else:
            out.append(escape(part))
    return "".join(out)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        css = ' class="strong"' if block.strong else ""
        return f"<p{css}>{_line(block.parts)}</p>"
    if isinstance(block, Bullets):
        items = "\n".join(f"  <li>{_line(item)}</li>" for item in block.items)
        return f"<ul>\n{items}\n</ul>"
    if isinstance(block, Subheading):
        return f"<h3>{escape(block.text)}</h3>"
    raise TypeError(f"unknown block {block!r}")


def _section(section: Section) -> str:
    anchor = f"s-{escape(section.key, quote=True)}"
    css = ' class="urgent"' if section.urgent else ""
    body = "\n".join(_block(b) for b in section.blocks)
    return (
        f'<section{css} aria-labelledby="{anchor}">\n'
        f'<h2 id="{anchor}">{escape(section.title)}</h2>\n{body}\n</section>'
    )


def to_html(document: Document, _: Translate = identity) -> str:
    """A complete HTML5 document."""
    contents = "\n".join(
        f'  <li><a href="#s-{escape(s.key, quote=True)}">{escape(s.title)}</a></li>'
        for s in document.sections
    )
    intro = "\n".join(_block(b) for b in document.intro)
    sections = "\n".join(_section(s) for s in document.sections)
    title = f"{document.title} · {document.byline}"
    contents_title = _("Contents")
    return f"""<!DOCTYPE html>
<html lang="{escape(document.language, quote=True)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<header>
<h1>{escape(document.title)}</h1>
<p class="byline">{escape(document.byline)}</p>
{intro}
</header>
<nav aria-labelledby="toc">
<h2 id="toc">{escape(contents_title)}</h2>
<ol>
{contents}
</ol>
</nav>
{sections}
</main>
</body>
</html>
"""
