"""Reading absences from an iCalendar (.ics) file, as exported by Outlook, Google or Apple.

Pure: bytes in, local dates out; nothing here reads the database or the clock (the
caller passes "today"). Recurring events are expanded by ``recurring-ical-events``
(RRULE, RDATE, EXDATE, moved and cancelled occurrences, Google's X-WR-TIMEZONE) within a
window from a little before today to about 18 months ahead: far enough to plan leave,
near enough that a weekly day off without an end does not become hundreds of rows.

Each event is read on its own, so one broken event is reported and skipped while the
rest of the file still imports; a file that cannot be read at all raises ``IcsError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Component

from between.practices.dates import local_dates

MAX_BYTES = 1_000_000
HORIZON_DAYS = 548  # about 18 months
LOOKBACK_DAYS = 90
# Properties whose unreadable value makes the whole event unreadable.
DATE_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


class IcsError(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class Event:
    """One occurrence as local dates. `problem` says why it cannot be imported at all
    (the file's own fault: malformed, cancelled, too far ahead); empty when it can."""

    key: str
    start: date | None
    end: date | None
    summary: str
    problem: str = ""

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Reading:
    events: list[Event]
    window_start: date
    window_end: date
    older: int = 0  # one-off events that ended before the window, not listed
    name: str = ""  # the calendar's own name (X-WR-CALNAME), when the file has one


def event_key(uid: str, original: date | datetime) -> str:
    """Which event and which of its dates an absence came from, whatever the time zone
    it was written in, so the same file imported twice is recognised."""
    if isinstance(original, datetime) and original.tzinfo is not None:
        original = original.astimezone(ZoneInfo("UTC"))
    return hashlib.sha256(f"{uid}\n{original.isoformat()}".encode()).hexdigest()


def read_ics(
    data: bytes,
    zone: ZoneInfo,
    today: date,
    *,
    horizon_days: int = HORIZON_DAYS,
    lookback_days: int = LOOKBACK_DAYS,
) -> Reading:
    if len(data) > MAX_BYTES:
        raise IcsError(
            "The file is larger than 1 MB. Export only the calendar or the dates of your "
            "time away, then try again."
        )
    if not data.strip():
        raise IcsError("The file is empty.")
    calendar = _parse(data)
    window_start = today - timedelta(days=lookback_days)
    window_end = today + timedelta(days=horizon_days)
    timezones = calendar.walk("VTIMEZONE")
    wr_timezone = calendar.get("X-WR-TIMEZONE")
    groups = _by_uid(calendar.walk("VEVENT"))
    if not groups:
        raise IcsError("The file holds no events: it may be an empty calendar or a task list.")
    events: list[Event] = []
    older = 0
    for uid, components in groups.items():
        found, skipped_older = _read_group(
            uid, components, timezones, wr_timezone, zone, window_start, window_end
        )
        events.extend(found)
        older += skipped_older
    events = _once_each(events)
    events.sort(key=lambda e: (e.start or date.max, e.end or date.max, e.summary))
    name = str(calendar.get("X-WR-CALNAME", "")).strip()[:100]
    return Reading(events, window_start, window_end, older, name)


def _parse(data: bytes) -> Calendar:
    try:
        parsed = Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises many kinds; all mean "not readable"
        raise IcsError(
            "This file could not be read as a calendar (.ics) file: it may be incomplete "
            "or damaged. Export it again and upload the new file. Nothing was changed."
        ) from exc
    if not isinstance(parsed, Calendar) or parsed.name != "VCALENDAR":
        raise IcsError("This is not a calendar (.ics) file. Nothing was changed.")
    return parsed


def _by_uid(components: Iterable[Component]) -> dict[str, list[Component]]:
    """A recurring event and its moved or cancelled occurrences share one UID."""
    groups: dict[str, list[Component]] = {}
    for number, component in enumerate(components):
        uid = str(component.get("UID", "")).strip()
        if not uid:
            # Not allowed by RFC 5545 but written by hand-made files: each stands alone.
            start = component.get("DTSTART")
            uid = f"no-uid:{component.get('SUMMARY', '')}:{start.to_ical() if start else number}"
        groups.setdefault(uid, []).append(component)
    return groups


def _read_group(
    uid: str,
    components: list[Component],
    timezones: list[Component],
    wr_timezone: Any,
    zone: ZoneInfo,
    window_start: date,
    window_end: date,
) -> tuple[list[Event], int]:
    summary = _summary(components[0])
    problem = next((p for p in map(_malformed, components) if p), "")
    if problem:
        return [Event(event_key(uid, date.min), None, None, summary, problem)], 0
    recurring = any(c.get("RRULE") or c.get("RDATE") for c in components)
    if not recurring and len(components) == 1:
        start, end = _dates(components[0], zone)
        if end < window_start:
            return [], 1
        if start > window_end:
            return [
                Event(
                    event_key(uid, components[0].decoded("DTSTART")),
                    start,
                    end,
                    summary,
                    f"too far ahead: only dates up to {window_end.isoformat()} are read",
                )
            ], 0
    single = Calendar()
    if wr_timezone:
        single.add("X-WR-TIMEZONE", wr_timezone)
    for component in (*timezones, *components):
        single.add_component(component)
    try:
        occurrences = list(recurring_ical_events.of(single).between(window_start, window_end))
    except Exception:  # the library's errors on a bad rule; the event is what is broken
        return [Event(event_key(uid, date.min), None, None, summary, _UNREADABLE_RULE)], 0
    return [_occurrence(uid, o, zone) for o in occurrences], 0


_UNREADABLE_RULE = "malformed: its repeat rule cannot be read"


def _malformed(component: Component) -> str:
    broken = {name for name, _message in getattr(component, "errors", [])}
    if "DTSTART" not in component:
        return "malformed: it has no start date"
    if broken & set(DATE_PROPERTIES):
        return "malformed: a date in it cannot be read"
    start = component.decoded("DTSTART")
    if not isinstance(start, date):
        return "malformed: its start date cannot be read"
    if "DTEND" in component:
        end = component.decoded("DTEND")
        if not isinstance(end, date) or isinstance(end, datetime) != isinstance(start, datetime):
            return "malformed: its end date cannot be read"
        if _comparable(end) < _comparable(start):
            return "malformed: it ends before it starts"
    if "DURATION" in component:
        duration = component.decoded("DURATION")
        if not isinstance(duration, timedelta) or duration < timedelta(0):
            return "malformed: its length cannot be read"
    return ""


def _comparable(value: date) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
    return datetime(value.year, value.month, value.day, tzinfo=ZoneInfo("UTC"))


def _summary(component: Component) -> str:
    # Kept whole here; the import shortens it with an ellipsis, so a cut is visible.
    return " ".join(str(component.get("SUMMARY", "")).split())[:2000] or "(no title)"


def _dates(component: Component, zone: ZoneInfo) -> tuple[date, date]:
    """Inclusive local dates. All-day events end the day before DTEND (it is exclusive);
    timed events cover every local date they touch in the practice's zone."""
    start = component.decoded("DTSTART")
    end: Any = component.decoded("DTEND") if "DTEND" in component else None
    if end is None and "DURATION" in component:
        end = start + component.decoded("DURATION")
    if isinstance(start, datetime):
        return local_dates(start, end if isinstance(end, datetime) else start, zone)
    if isinstance(end, date) and not isinstance(end, datetime) and end > start:
        return start, end - timedelta(days=1)
    return start, start


def _occurrence(uid: str, component: Component, zone: ZoneInfo) -> Event:
    start, end = _dates(component, zone)
    original = (
        component.decoded("RECURRENCE-ID")
        if "RECURRENCE-ID" in component
        else component.decoded("DTSTART")
    )
    status = str(component.get("STATUS", "")).upper()
    return Event(
        event_key(uid, original),
        start,
        end,
        _summary(component),
        "cancelled in the calendar" if status == "CANCELLED" else "",
    )


def _once_each(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    out: list[Event] = []
    for event in events:
        if event.key in seen and not event.problem:
            out.append(
                Event(event.key, event.start, event.end, event.summary, "listed twice in the file")
            )
            continue
        seen.add(event.key)
        out.append(event)
    return out
