"""Building policies for tests from small dictionaries (no files outside the package)."""

from __future__ import annotations

import copy
from typing import Any

from between.core.calendar import BusinessCalendar
from between.core.policy import Policy, reference_policy_text
from between.core.policy.schema import WEEKDAYS

WEEKDAYS_9_TO_5 = {day: ["09:00-17:00"] for day in WEEKDAYS[:5]}

BASE: dict[str, Any] = {
    "format": 1,
    "clinician": {"name": "Test Clinician"},
    "practice": {"name": "Test Practice"},
    "timezone": "America/New_York",
    "holidays": {"country": None},
    "office_hours": WEEKDAYS_9_TO_5,
    "turnaround": {"business_days": 1},
    "channels": {"portal": {"for": ["admin", "clinical"], "secure": True}},
    "emergency": {"number": "911"},
}


def policy(**changes: Any) -> Policy:
    """BASE with top-level keys replaced; validated by the models but not checked."""
    data = copy.deepcopy(BASE)
    data.update(changes)
    return Policy.model_validate(data)


def calendar(**changes: Any) -> BusinessCalendar:
    return BusinessCalendar(policy(**changes))


def reference_text() -> str:
    return reference_policy_text()
