"""Flesch–Kincaid grade level, to keep the client document near grade 8 (English).

    grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59

Written here rather than taken from a library because the common one (textstat) now
fetches a pronunciation dictionary from the network on first use. Syllables are
counted by the usual vowel-group rule with silent endings removed, which is within a
syllable for nearly every English word; good enough for a bar, not for a paper.

Measured on the paragraphs and list items of the document (headings left out): each
is at least one sentence, phone numbers, addresses and links are left out as they are
not words anyone reads for meaning, and "a.m."/"Dr." do not end sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from between.core.documents.model import Bullets, Document, Paragraph, plain

_NOT_WORDS = re.compile(
    r"https?://\S+|\S+@\S+|\+?\d[\d ()\-]{2,}\d|\b\w+\.example\b", re.IGNORECASE
)
_ABBREVIATIONS = re.compile(r"\b(a\.m|p\.m|e\.g|i\.e|Dr|Mr|Mrs|Ms|St|etc)\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def syllables(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


@dataclass(frozen=True)
class Reading:
    grade: float
    words: int
    sentences: int
    syllables: int


def measure(units: Iterable[str]) -> Reading:
    """Each unit (a paragraph, a list item) holds one or more sentences."""
    words = sentences = syl = 0
    for unit in units:
        text = _ABBREVIATIONS.sub(lambda m: m.group(1).replace(".", ""), _NOT_WORDS.sub("", unit))
        found = _WORD.findall(text)
        if not found:
            continue
        words += len(found)
        syl += sum(syllables(w) for w in found)
        stripped = text.strip()
        ends = len(_SENTENCE_END.findall(stripped))
        sentences += ends + (0 if _SENTENCE_END.search(stripped[-1:] + " ") else 1)
    if not words:
        return Reading(0.0, 0, 0, 0)
    grade = 0.39 * words / sentences + 11.8 * syl / words - 15.59
    return Reading(round(grade, 2), words, sentences, syl)


def document_units(document: Document) -> list[str]:
    units: list[str] = []
    for blocks in (document.intro, *(s.blocks for s in document.sections)):
        for block in blocks:
            if isinstance(block, Paragraph):
                units.append(plain(block.parts))
            elif isinstance(block, Bullets):
                units.extend(plain(item) for item in block.items)
    return units


def reading_grade(document: Document) -> Reading:
    return measure(document_units(document))
