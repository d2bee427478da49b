"""What a message needs: crisis, admin, clinical, boundary or other.

The policy routes by need (R8, R14: "texts are for scheduling only"), so every inbound
message is sorted before ``decide()`` runs. Crisis is screened first and wins over
everything; the crisis screen is passed in so the deeper detector (rules plus a learned
layer) can replace the plain keyword screen without this module changing.

The other needs are read by the crisis screen's reader when it has one (the detector's
learned reader, in English and Spanish; its choice comes as the result's ``need``).
Without it they are judged by phrase rules with word boundaries; a message that matches
several needs then takes the most protective: boundary over clinical over admin,
because a friend request tucked into a scheduling text still needs the clinician's
eyes, and clinical words must never be handled as a routine reschedule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Need(StrEnum):
    crisis = "crisis"
    admin = "admin"
    clinical = "clinical"
    boundary = "boundary"
    other = "other"


class CrisisScreenResult(Protocol):
    """What any crisis screen returns; the full detector's result satisfies this."""

    @property
    def crisis(self) -> bool: ...

    @property
    def signals(self) -> Sequence[object]: ...


CrisisScreen = Callable[[str], CrisisScreenResult]


def _phrases(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


# Each rule: (signal name, pattern). Signal names are shown to staff; never client words.
ADMIN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "scheduling",
        _phrases(
            r"(?:re-?)?schedul\w*",
            r"appointments?",
            r"appt",
            r"book(?:ing)?",
            r"move (?:my|our|the) (?:session|appointment|time)",
            r"(?:change|switch) (?:my|our|the) (?:session|appointment|time)",
            r"next (?:session|week's session)",
            r"(?:running|be|am|i'?m) (?:\w+ ){0,3}late",
            r"session (?:tomorrow|today|tonight|on \w+day)",
            r"available (?:on|at|this|next)",
            r"availability",
            r"(?:what|which) time",
            r"see you (?:on|at|tomorrow|next)",
            r"confirm(?:ing)?",
            r"new clients?",
            r"waitlist|waiting list",
            r"openings?",
            r"telehealth link|zoom link|video link",
        ),
    ),
    (
        "cancelling",
        _phrases(r"cancel\w*", r"can'?t make it", r"won'?t make it", r"no[- ]show", r"skip"),
    ),
    (
        "billing",
        _phrases(
            r"bill(?:ing)?",
            r"invoices?",
            r"superbill",
            r"receipts?",
            r"pay(?:ment|ing)?",
            r"co-?pay",
            r"insurance|insurer",
            r"deductible",
            r"charged?",
            r"refund",
            r"credit card",
            r"sliding scale|fees?",
        ),
    ),
    (
        "forms",
        _phrases(
            r"forms?",
            r"paperwork",
            r"sign(?:ed)? the",
            r"consent form",
            r"release of information|roi",
            r"records? request|my records",
            r"letter for (?:my|work|school)",
        ),
    ),
)

CLINICAL_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "homework",
        _phrases(
            r"homework",
            r"worksheets?",
            r"thought records?",
            r"exercises?",
            r"practi[cs]ed?",
            r"skills? (?:practice|card|use)",
            r"diary card",
            r"assignment",
        ),
    ),
    ("journaling", _phrases(r"journal\w*", r"diary entry", r"log(?:ged)? my (?:mood|sleep)")),
    (
        "check_in",
        _phrases(
            r"check(?:ing)?[- ]in",
            r"update on how",
            r"how i'?m doing",
            r"this week (?:has|was) been",
            r"rough (?:day|night|week)",
            r"hard (?:day|night|week)",
            r"since (?:our|last) session",
            r"talk (?:about|through) (?:it|this) (?:in|at|next)",
        ),
    ),
    (
        "symptoms",
        _phrases(
            r"anxi(?:ety|ous)",
            r"panic(?: attacks?)?",
            r"depress(?:ed|ion|ing)",
            r"can'?t sleep|insomnia|nightmares?",
            r"flashbacks?",
            r"triggered",
            r"intrusive thoughts?",
            r"relapse[ds]?",
            r"crav(?:ing|ings)",
            r"binge\w*|purg\w*",
            r"medications?|meds|dosage|side effects?",
            r"mood",
            r"overwhelmed",
            r"dissociat\w*",
            r"breathing exercise",
            r"grounding",
        ),
    ),
)

BOUNDARY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "social_request",
        _phrases(
            r"friend request",
            r"follow(?:ed)? (?:you|me) (?:on|back)",
            r"add(?:ed)? you on",
            r"(?:instagram|facebook|linkedin|tiktok|snapchat|twitter|x\.com)",
            r"connect on",
            r"dm(?:ed)? you",
        ),
    ),
    (
        "meet_outside",
        _phrases(
            r"(?:grab|get|have) (?:a )?(?:coffee|drink|drinks|lunch|dinner)",
            r"hang out",
            r"meet (?:up|outside|for)",
            r"come to my (?:party|wedding|show|game|house)",
            r"invite you",
            r"as friends",
            r"date with me|go out with me|ask you out",
        ),
    ),
    (
        "gift",
        _phrases(
            r"(?:a |little )?gift for you",
            r"got you (?:a|something)",
            r"bought you",
            r"present for you",
            r"gift card",
        ),
    ),
    (
        "personal_question",
        _phrases(
            r"are you married",
            r"do you have (?:kids|children|a partner|a boyfriend|a girlfriend)",
            r"where do you live",
            r"your (?:home )?address",
            r"your personal (?:number|phone|email|cell)",
            r"how old are you",
            r"your religion",
            r"are you single",
        ),
    ),
)

# Crisis words the plain screen catches when no deeper detector is wired in. Kept small
# on purpose: this is the floor, not the detector (see between.core.triage).
_BASIC_CRISIS = _phrases(
    r"kill(?:ing)? my ?self",
    r"end(?:ing)? (?:my|it) (?:life|all)",
    r"suicid\w*",
    r"want(?:ed)? to die",
    r"don'?t want to (?:live|be here|wake up)",
    r"hurt(?:ing)? my ?self",
    r"self[- ]harm\w*",
    r"cut(?:ting)? my ?self",
    r"overdos\w*",
    r"(?:pills|gun|rope) (?:counted|ready|loaded)",
    r"won'?t be here tomorrow",
    r"(?:kill|hurt|shoot|stab) (?:him|her|them|someone|somebody|people)",
    r"(?:he|she|they)(?:'s| is| are) (?:hitting|hurting|beating) me",
    r"i'?m not safe",
)


def screened_already(result: CrisisScreenResult) -> CrisisScreen:
    """A screen that answers with ``result``: for a text the detector has read already
    (in a batch), so ``classify_need`` does not read it twice."""

    def screen(_text: str) -> CrisisScreenResult:
        return result

    return screen


@dataclass(frozen=True)
class BasicCrisisResult:
    crisis: bool
    signals: tuple[str, ...] = ()


def basic_crisis_screen(text: str) -> BasicCrisisResult:
    """The floor screen used when no detector is supplied."""
    hits = tuple(sorted({m.group(0).lower() for m in _BASIC_CRISIS.finditer(text)}))
    return BasicCrisisResult(crisis=bool(hits), signals=("crisis_language",) if hits else ())


_ROUTINE = {Need.admin.value, Need.clinical.value, Need.boundary.value, Need.other.value}


@dataclass(frozen=True)
class NeedResult:
    need: Need
    signals: tuple[str, ...] = ()
    crisis_signals: tuple[object, ...] = field(default=())


def _matches(rules: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> list[str]:
    return [name for name, pattern in rules if pattern.search(text)]


def classify_need(text: str, *, crisis_screen: CrisisScreen | None = None) -> NeedResult:
    """Sort one message by need. Crisis first; then the most protective match."""
    if not text.strip():
        return NeedResult(Need.other)
    screen = crisis_screen or basic_crisis_screen
    crisis = screen(text)
    if crisis.crisis:
        return NeedResult(Need.crisis, ("crisis",), tuple(crisis.signals))
    boundary = _matches(BOUNDARY_RULES, text)
    clinical = _matches(CLINICAL_RULES, text)
    admin = _matches(ADMIN_RULES, text)
    signals = tuple(boundary + clinical + admin)
    read = getattr(crisis, "need", None)
    if read in _ROUTINE:
        # The reader read the whole message; the phrase rules' names are kept as signals
        # for staff to see why, but they no longer decide.
        return NeedResult(Need(read), signals)
    if boundary:
        return NeedResult(Need.boundary, signals)
    if clinical:
        return NeedResult(Need.clinical, signals)
    if admin:
        return NeedResult(Need.admin, signals)
    return NeedResult(Need.other)
