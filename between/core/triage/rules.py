"""The rules layer: lexicon hits read in context.

Each lexicon hit is checked for
- negation before it in the same clause ("I'm not going to hurt myself"): kept and shown,
  but its weight drops so it is no crisis on its own;
- remote past ("when I was 15 I tried to kill myself", "I used to cut"): the same;
  a recent past ("last night I took all my pills") keeps its full weight;
- figures of speech and topical mentions ("killing myself at the gym", "Suicide Squad",
  "I could kill him for eating my lunch lol"): weight drops further;
- who it is about: the writer ("self") or a third party the writer reports on
  ("my sister said she wants to die" is a crisis about someone else).
The score is a noisy-OR of the strongest hit per lexicon entry, so two weak hits
("hopeless" and a knife emoji) can add up to a crisis where one does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from between.core.triage.lexicon import compiled_with_cues
from between.core.triage.types import About, Signal

NEGATED_FACTOR = 0.35
REMOTE_PAST_FACTOR = 0.45
FIGURATIVE_FACTOR = 0.25
CRISIS_AT = 0.5

_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)

_CLAUSE_END = re.compile(r"[.!?;\n]|\bbut\b|\bthough\b|\balthough\b|\bhowever\b")
_SENTENCE_END = re.compile(r"[.!?\n]")
_NEGATION = re.compile(
    r"\b(?:(?<!why )not|never|nor|without|don'?t|dont|didn'?t|didnt|won'?t|wont|"
    r"wouldn'?t|wouldnt|isn'?t|aren'?t|ain'?t|"
    r"haven'?t|hasn'?t|no\s+(?:longer|thoughts?|plans?|intentions?|intent|desire|urges?|wish|risk|way))\b"
    r"(?!\s+(?:stop|help|wait|take|handle|cope|sleep|get\s+rid|shake|sure|know|care|see|believe|trust|"
    r"remember|tell|explain|understand|think\s+i\s+can|keep|anymore))"
)
_REMOTE_PAST = re.compile(
    r"\b(?:used\s+to|years?\s+ago|(?:a\s+)?long\s+time\s+ago|back\s+(?:then|in|when)|when\s+i\s+was\s+(?:young|little|a\s+|in\s+|\d+)|"
    r"as\s+a\s+(?:kid|teen|teenager|child)|in\s+(?:high\s+school|middle\s+school|college|my\s+(?:teens|twenties|20s))|"
    r"last\s+year|(?:months|decades)\s+ago|in\s+the\s+past|history\s+of|in\s+(?:19|20)\d\d|"
    r"(?:been|i'?m|am|stayed)\s+(?:clean|free|sober)\s+(?:from|of|for)|since\s+then)\b"
)
_RECENT = re.compile(
    r"\b(?:last\s+night|tonight|today|this\s+(?:morning|afternoon|evening|week)|yesterday|just\s+now|right\s+now|"
    r"(?:an?|few|\d+)\s+(?:hours?|minutes?|mins?)\s+ago|earlier|again|currently|lately|recently|anymore)\b"
)
_FIGURATIVE_AFTER = re.compile(
    r"\s*(?:laughing|with\s+laughter|of\s+(?:laughter|embarrassment|boredom|cringe)|at\s+(?:the\s+)?(?:gym|work|practice)|working|"
    r"shaving|cooking|chopping|playing|running|lifting|gardening|by\s+accident|accidentally|on\s+(?:a|the|some|my)\s+(?:\w+\s+)?"
    r"(?:knife|glass|paper|can|nail|edge|corner|stairs|ice)|trying\s+to|over\s+(?:this|that|it|a)|studying|"
    r"to\s+(?:get|finish|make|meet|pay|pass)|on\s+(?:caffeine|coffee|sugar|chocolate|netflix|tv|carbs|cuteness)|"
    r"squad|prevention|awareness|rates?\b|statistics|hotline|lines?\b|training|forest|bombers?|doors?)"
)
_FIGURATIVE_CLAUSE = re.compile(
    r"\b(?:lol|lmao|lmfao|haha\w*|jk|j/k|kidding|joking)\b|[\U0001f602\U0001f923]|"
    r"\bfor\s+(?:eating|being|taking|not|forgetting|leaving|using|stealing|making)\b"
)
_SELF_REF = re.compile(r"\b(?:my\s?self|myslef|meself|me|my|i|i'?m|im|i'?ve|i'?d|i'?ll|mine)\b")
_OTHER_IN_MATCH = re.compile(
    r"\b(?:him\s?self|her\s?self|them\s?sel(?:f|ves)|themself|his|their)\b|\bher\s+(?:own\s+)?li"
)
_FIRST = re.compile(r"\b(?:i|i'?m|im|i'?ve|i'?d|i'?ll|me|myself|we)\b")
_THIRD = re.compile(
    r"\b(?:he|she|they|he'?s|she'?s|they'?re|hes|shes|theyre|someone|somebody|friend|"
    r"(?:my|our|a)\s+(?:\w+\s+)?(?:sister|brother|mom|mum|mother|dad|father|son|daughter|friend|bestie|bff|partner|wife|husband|"
    r"boyfriend|girlfriend|bf|gf|roommate|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather|niece|nephew|kid|child|teen|"
    r"student|client|patient|coworker|co-worker|colleague|neighbou?r|classmate|ex))\b"
)
_SELF_CATEGORIES_ALWAYS = ("abuse_danger",)


@dataclass(frozen=True)
class RulesOutcome:
    score: float
    signals: tuple[Signal, ...]
    about: About | None
    negated: bool
    category: str


# Contractions whose apostrophe became a space ("i m", "don t", "can t": common where a
# pipeline stripped punctuation). Put back one character for one, so spans stay valid.
_SPACED_CONTRACTION = re.compile(
    r"\b(?:(i)\s(m|ve|ll|d)|(you|we|they)\s(re|ve|ll|d)|(he|she|it|that|there|what)\s(s|ll|d)|"
    r"(do|does|did|ca|wo|is|are|was|were|have|has|had|would|could|should|ai|must|need)n\st)\b"
)
_SPACED_CUE = re.compile(r" (?:[mtsd]|re|ve|ll)\b")  # cheap pre-check for the above
# UTF-8 read as Latin-1 ("iâ\x80\x99m" for "i’m"): three characters for one.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]{1,3}")


def _spaced_apostrophe(match: re.Match[str]) -> str:
    text = match.group(0)
    space = text.rfind(" ") if text.endswith("t") and text[-2] == " " else text.find(" ")
    return text[:space] + "'" + text[space + 1 :]


def normalise(text: str) -> str:
    """Lower-case, straighten quotes and restore spaced-out apostrophes ("i m" -> "i'm"),
    one character for one so spans stay valid."""
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. "İ" lower-cases to two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    lowered = lowered.translate(_QUOTES)
    if _SPACED_CUE.search(lowered):
        lowered = _SPACED_CONTRACTION.sub(_spaced_apostrophe, lowered)
    return lowered


def repair_mojibake(text: str) -> tuple[str, list[int] | None]:
    """Undo UTF-8 text decoded as Latin-1, with each repaired character's offset in
    `text` (None when nothing was repaired: the usual case, no cost beyond one search)."""
    if "\u00e2" not in text and "\u00c3" not in text and "\u00f0" not in text:
        return text, None
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for match in _MOJIBAKE.finditer(text):
        try:
            fixed = match.group(0).encode("latin-1").decode("utf-8")
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        pieces.append(text[last : match.start()])
        origin.extend(range(last, match.start()))
        pieces.append(fixed)
        origin.extend([match.start()] * len(fixed))
        last = match.end()
    if not origin and last == 0:
        return text, None
    pieces.append(text[last:])
    origin.extend(range(last, len(text) + 1))  # one past the end maps to the end
    return "".join(pieces), origin


def _clause_before(norm: str, start: int, limit: int = 90) -> str:
    window = norm[max(0, start - limit) : start]
    cut = 0
    for match in _CLAUSE_END.finditer(window):
        cut = match.end()
    return window[cut:]


def _sentence_around(norm: str, start: int, end: int) -> str:
    left = norm[max(0, start - 160) : start]
    cut = 0
    for match in _SENTENCE_END.finditer(left):
        cut = match.end()
    right = norm[end : end + 160]
    stop = _SENTENCE_END.search(right)
    return left[cut:] + norm[start:end] + (right[: stop.start()] if stop else right)


def _about(norm: str, start: int, end: int, category: str) -> About:
    matched = norm[start:end]
    if category in _SELF_CATEGORIES_ALWAYS:
        # The writer is the one in danger unless the victim named is someone else.
        victim = re.search(r"\b(?:her|him|them|my|the\s+kids)\s*$", matched)
        return "other" if victim else "self"
    if _OTHER_IN_MATCH.search(matched):
        return "other"
    if re.search(r"\b(?:my\s?self|myslef|meself|my|me)\b", matched):
        return "self"
    before = norm[max(0, start - 120) : start]
    cut = 0
    for match in _SENTENCE_END.finditer(before):
        cut = match.end()
    before = before[cut:]
    last_first = max((m.end() for m in _FIRST.finditer(before)), default=-1)
    last_third = max((m.end() for m in _THIRD.finditer(before)), default=-1)
    if re.match(r"\s*(?:i|i'?m|im|we)\b", matched):
        last_first = len(before) + 1
    return "other" if last_third > last_first else "self"


class RuleScreen:
    """Compiled lexicon plus the context checks; cheap to share across threads."""

    def __init__(self, use_cues: bool = True) -> None:
        self.entries = compiled_with_cues()
        self.use_cues = use_cues

    def screen(self, text: str) -> RulesOutcome:
        repaired, origin = repair_mojibake(text)
        norm = normalise(repaired)
        signals: list[Signal] = []
        for name, category, weight, pattern, cue in self.entries:
            if self.use_cues and cue is not None and cue.search(norm) is None:
                continue
            for match in pattern.finditer(norm):
                signals.append(
                    self._signal(norm, name, category, weight, match.start(), match.end())
                )
        if origin is not None:  # spans into the text as given, not the repaired one
            signals = [
                replace(s, start=origin[s.start], end=max(origin[s.end], origin[s.start] + 1))
                for s in signals
            ]
        return self._outcome(signals)

    def _signal(
        self, norm: str, name: str, category: str, weight: float, start: int, end: int
    ) -> Signal:
        clause = _clause_before(norm, start)
        tail = clause.split()[-6:]
        negated = bool(tail) and (bool(_NEGATION.search(" ".join(tail))) or tail[-1] == "no")
        sentence = _sentence_around(norm, start, end)
        past = bool(_REMOTE_PAST.search(sentence)) and not _RECENT.search(sentence)
        figurative = bool(_FIGURATIVE_AFTER.match(norm, end))
        if category in (
            "harm_to_others",
            "suicidal_ideation",
            "distress",
            "abuse_danger",
        ) and _FIGURATIVE_CLAUSE.search(sentence):
            figurative = figurative or category == "harm_to_others" or name == "kill_me_please"
        effective = weight
        if negated:
            effective *= NEGATED_FACTOR
        if past:
            effective *= REMOTE_PAST_FACTOR
        if figurative:
            effective *= FIGURATIVE_FACTOR
        return Signal(
            name=name,
            category=category,
            start=start,
            end=end,
            base_weight=weight,
            weight=effective,
            about=_about(norm, start, end, category),
            negated=negated,
            past=past,
            hyperbole=figurative,
        )

    @staticmethod
    def _outcome(signals: list[Signal]) -> RulesOutcome:
        if not signals:
            return RulesOutcome(0.0, (), None, False, "none")
        signals.sort(key=lambda s: (s.start, -s.weight))
        # Score: strongest hit per lexicon entry, and overlapping hits count once
        # (so "suicidal" matched by two entries is not double-counted).
        counted: list[Signal] = []
        seen_names: set[str] = set()
        for signal in sorted(signals, key=lambda s: -s.weight):
            if signal.name in seen_names:
                continue
            if any(signal.start < c.end and c.start < signal.end for c in counted):
                continue
            seen_names.add(signal.name)
            counted.append(signal)
        remaining = 1.0
        for signal in counted:
            remaining *= 1.0 - signal.weight
        score = 1.0 - remaining
        top = max(signals, key=lambda s: s.weight)
        strong = [s for s in signals if s.base_weight >= CRISIS_AT]
        negated = bool(strong) and all(s.negated for s in strong)
        return RulesOutcome(score, tuple(signals), top.about, negated, top.category)


_DEFAULT: RuleScreen | None = None


def screen_rules(text: str) -> RulesOutcome:
    """Rules layer alone, with a module-wide compiled lexicon."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RuleScreen()
    return _DEFAULT.screen(text)
