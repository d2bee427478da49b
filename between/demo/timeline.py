"""When the demo's dated things happen, relative to the day it is loaded.

The demo is a practice's inbox as someone meets it on the day they try Between: the
closures and the week away are still ahead, and every reply the demo's messages were
promised is still owed. Dates fixed in the file would go stale, and an inbox whose
automatic replies promised answers by a day already past tells a new user the product
breaks its own promises. Plain values in, values out: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from between.core.calendar.business import BusinessCalendar
from between.core.policy.edit import apply_changes

# The practice's own closures around the year's end (the reference policy's own days).
YEAR_END_CLOSURES = ((12, 24), (12, 31))
# The demo clinician's week away begins this many weeks after the Monday of the load.
WEEKS_UNTIL_AWAY = 4
# A promise due sooner than this after loading reads as already late by the time
# someone looks at it, so the demo inbox keeps every due time at least this far ahead.
PROMISE_MARGIN = timedelta(hours=2)


def year_end_closures(today: date) -> list[date]:
    """The next of each year-end closure on or after ``today``, in date order."""
    found = []
    for month, day in YEAR_END_CLOSURES:
        closure = date(today.year, month, day)
        if closure < today:
            closure = closure.replace(year=today.year + 1)
        found.append(closure)
    return sorted(found)


def week_away(today: date) -> tuple[date, date]:
    """Monday to Friday of a whole week a few weeks ahead, so it never holds ``today``."""
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=WEEKS_UNTIL_AWAY)
    return monday, monday + timedelta(days=4)


def policy_text(reference: str, today: date, covering: str) -> str:
    """The reference policy with its dated entries moved to just ahead of ``today``."""
    start, end = week_away(today)
    away: dict[str, Any] = {"start": start, "end": end, "covering": covering}
    return apply_changes(
        reference,
        [
            (("holidays", "extra_closures"), year_end_closures(today)),
            (("absences",), [away]),
        ],
    )


def owed(calendar: BusinessCalendar, arrived: datetime, kind: str) -> datetime | None:
    """When the practice owes an answer to a "message", a "voicemail" or a "call" (a
    hang-up without voicemail: nothing owed) that arrived at ``arrived``."""
    if kind == "message":
        return calendar.due_at(arrived).due_at
    if kind == "voicemail":
        return calendar.due_at(arrived, channel="call", voicemail=True).due_at
    return None


def arrivals(
    calendar: BusinessCalendar, now: datetime, items: Sequence[tuple[float, str]]
) -> list[datetime]:
    """When each demo item (hours before ``now`` as the demo's author wrote, and its
    kind for ``owed``) arrived: squeezed towards ``now``, order and spacing kept, just
    enough that every answer owed is still ahead (or as far ahead as an arrival of
    ``now`` itself would put it).

    Due times only move later as arrivals do, so the one scale that keeps the oldest
    item's promise keeps everyone's.
    """
    kinds = {kind for _, kind in items}
    best = {kind: owed(calendar, now, kind) for kind in kinds}

    def kept(arrived: datetime) -> bool:
        for kind in kinds:
            due, ahead = owed(calendar, arrived, kind), best[kind]
            if due is not None and ahead is not None and due < min(now + PROMISE_MARGIN, ahead):
                return False
        return True

    oldest = max((hours for hours, _ in items), default=0.0)
    scale = 1.0
    if oldest > 0 and not kept(now - timedelta(hours=oldest)):
        low, high = 0.0, 1.0  # kept() holds at low (arriving now), not at high
        for _ in range(24):
            middle = (low + high) / 2
            if kept(now - timedelta(hours=oldest * middle)):
                low = middle
            else:
                high = middle
        scale = low
    return [now - timedelta(hours=hours * scale) for hours, _ in items]
