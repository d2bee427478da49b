"""Client-facing documents rendered from the policy in force (R5-R9, R11, R12, R22).

Public API (pure: no Django; the shell passes a gettext as ``translate``):

    render_document(policy, "html" | "md" | "txt", *, translate=identity,
                    language="en", effective=None) -> str
    build_document(policy, translate, *, language, effective) -> Document
    render_replies_preview(policy, translate=identity, *, at=None) -> list[Preview]
    reading_grade(document) -> Reading   (Flesch-Kincaid)
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from between.core.documents.html import to_html
from between.core.documents.model import Document, Section
from between.core.documents.policy_document import build_document
from between.core.documents.readability import Reading, reading_grade
from between.core.documents.replies import Preview, render_replies_preview
from between.core.documents.text import to_markdown, to_text
from between.core.i18n import Translate, identity
from between.core.policy.schema import Policy

Format = Literal["html", "md", "txt"]
FORMATS: tuple[Format, ...] = ("html", "md", "txt")


def render_document(
    policy: Policy,
    fmt: Format,
    *,
    translate: Translate = identity,
    language: str = "en",
    effective: date | None = None,
) -> str:
    """The client's Communications Policy in one format.

    `translate` is a gettext for `language` (``between.documents.i18n.translator``);
    `language` goes into the HTML `lang` attribute. `effective`, when given, is shown
    as the date the policy takes effect.
    """
    document = build_document(policy, translate, language=language, effective=effective)
    if fmt == "html":
        return to_html(document, translate)
    if fmt == "md":
        return to_markdown(document)
    if fmt == "txt":
        return to_text(document)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "Document",
    "Format",
    "Preview",
    "Reading",
    "Section",
    "build_document",
    "reading_grade",
    "render_document",
    "render_replies_preview",
]
