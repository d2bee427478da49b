"""Repetition folded before a message is read.

A portal post of one word repeated 4,000 times once paged the on-call clinician: a
learned reader fed thousands of copies of anything reads noise, and one stranger could
page a clinician all night. So a run of the same word or phrase, three times or more in
a row, is read once. "die die die die" reads as "die" (no crisis); "I want to die" sent
fifty times still reads as "I want to die" (a crisis). Offsets map back to the text as
sent, so the inbox still marks the words where the client wrote them.

A message with no letters and no emoji (".", "!!!", a string of digits) says nothing a
reader could weigh, and goes to the rules alone too. A message that is nothing but one
word sent over and over ("pills pills pills ...") is
junk to the reader: a lone word is where a learned reading is least sure, and that is
exactly what a flood is made of. The rules still read it ("kms kms kms" still pages).
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\S+")
MIN_TOKENS = 12  # shorter texts are read as they are
MAX_UNIT = 8  # the longest phrase (in words) whose repeats are folded
MIN_REPEATS = 3


def _key(token: str) -> str:
    return token.strip(".,;:!?¡¿\"'()[]").lower()


def fold_repeats(text: str) -> tuple[str, list[int] | None]:
    """``text`` with consecutive repeats of a word or phrase (3 or more) kept once, and
    for each character of the result its offset in ``text`` (None: nothing folded)."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if len(spans) < MIN_TOKENS:
        return text, None
    keys = [_key(text[a:b]) for a, b in spans]
    drop = [False] * len(spans)
    i = 0
    while i < len(keys):
        folded = False
        for unit in range(1, MAX_UNIT + 1):
            pattern = keys[i : i + unit]
            if len(pattern) < unit:
                break
            repeats = 1
            while keys[i + repeats * unit : i + (repeats + 1) * unit] == pattern:
                repeats += 1
            if repeats >= MIN_REPEATS:
                for j in range(i + unit, i + repeats * unit):
                    drop[j] = True
                i += repeats * unit
                folded = True
                break
        if not folded:
            i += 1
    if not any(drop):
        return text, None
    pieces: list[str] = []
    origin: list[int] = []
    for k, ((_start, end), dropped) in enumerate(zip(spans, drop, strict=True)):
        if dropped:
            continue
        # The space that stood just before this token (after the previous one, kept or not).
        gap_start = spans[k - 1][1] if k else 0
        pieces.append(text[gap_start:end])
        origin.extend(range(gap_start, end))
    tail = spans[-1][1]  # whatever follows the last token
    pieces.append(text[tail:])
    origin.extend(range(tail, len(text)))
    return "".join(pieces), origin


def one_word_flood(folded: str, origin: list[int] | None) -> bool:
    """True when folding left a single word: the whole message was that word repeated."""
    return origin is not None and len(folded.split()) <= 1


def nothing_to_read(text: str) -> bool:
    """True when the text has no letter and no pictograph (emoji) in any script."""
    return not any(
        unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "So" for ch in text
    )


def for_the_rules_alone(folded: str, origin: list[int] | None) -> bool:
    """Texts the reader is not asked about (the rules still read them)."""
    return nothing_to_read(folded) or one_word_flood(folded, origin)
