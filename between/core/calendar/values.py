"""Values passed into and out of the business calendar.

Absences and accommodations come from the policy file and from the database alike, so
the calendar takes them as plain values and never looks anything up itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from between.core.policy.schema import Duration, WeekHours


class AbsenceLike(Protocol):
    """Anything with inclusive `start` and `end` dates (a schema Absence, a model row)."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


@dataclass(frozen=True)
class Absence:
    """The clinician is away from `start` to `end`, both dates inclusive (local dates)."""

    start: date
    end: date
    covering: str | None = None


@dataclass(frozen=True)
class Accommodations:
    """Per-client changes to the policy's timing (R16), each replacing the policy's value.

    A client whose disability needs a wider callback window gets `callback_windows`;
    a client agreed to get faster or slower replies gets `turnaround` / `return_within`.
    """

    callback_windows: WeekHours | None = None
    turnaround: Duration | None = None
    return_within: Duration | None = None


@dataclass(frozen=True)
class DueResult:
    """When a reply or callback is owed, or None with the reason there is no due time.

    `callback_window` is the (start, end) of the first callback window at or after the
    call, the slot in which to call back; for messages it is None. `callback_by` is the
    end of the last callback window that ends by `due_at` (the first window's end when
    even that one ends later): the time staff are told to call back by.
    """

    due_at: datetime | None
    reason: str
    callback_window: tuple[datetime, datetime] | None = None
    callback_by: datetime | None = None

    def to_json(self, received: datetime) -> dict[str, object]:
        window = self.callback_window
        return {
            "received": received.isoformat(),
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "reason": self.reason,
            "callback_window": (
                {"start": window[0].isoformat(), "end": window[1].isoformat()} if window else None
            ),
        }
