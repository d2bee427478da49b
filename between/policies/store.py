"""Between the stored policy versions and the core: parse once, answer due-time questions.

Parsing and validating a policy is far slower than asking its calendar a question, so
parsed calendars are cached by the text's content hash (a changed text is a new key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from between.core.calendar import Absence, BusinessCalendar
from between.core.policy import Policy, load_policy
from between.core.policy import reference_policy_text as _reference_text


def reference_policy_text() -> str:
    """The reference solo-practice policy shipped with Between (used by the demo)."""
    return _reference_text()


@lru_cache(maxsize=64)
def _parsed(digest: str, text: str) -> Policy:
    return load_policy(text, f"policy-{digest[:8]}.yaml").policy


def parsed_policy(text: str) -> Policy:
    return _parsed(hashlib.sha256(text.encode("utf-8")).hexdigest(), text)


def calendar_for(text: str, absences: Iterable[Absence] = ()) -> BusinessCalendar:
    return BusinessCalendar(parsed_policy(text), absences=tuple(absences))


def format_window(window: tuple[datetime, datetime] | None) -> str:
    """A callback window as staff read it: "Wed 12:00–13:00"."""
    if window is None:
        return ""
    start, end = window
    return f"{start:%a %H:%M}–{end:%H:%M}"
