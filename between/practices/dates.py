"""Date arithmetic for absences, kept pure so the edge cases can be tested directly.

Absences are inclusive local dates of the practice. Everything that turns instants,
months and "today" into such dates lives here, away from the ORM and the request.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Span(Protocol):
    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """Inclusive ranges: an absence ending on the 5th and one starting on the 5th overlap."""
    return a_start <= b_end and b_start <= a_end


def local_dates(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """The first and last local date a timed event touches in the practice's zone.

    The end instant is exclusive (as in iCalendar): an event ending at midnight does not
    touch the next day, but one ending a minute after does. A naive (floating) time is a
    time on the practice's own clock.
    """
    first = _local(start, zone)
    last = _local(end, zone)
    if last <= first:
        return first.date(), first.date()
    return first.date(), (last - timedelta(microseconds=1)).date()


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def today_in(zone: ZoneInfo, now: datetime) -> date:
    return now.astimezone(zone).date()


def days(start: date, end: date) -> int:
    return (end - start).days + 1


@dataclass(frozen=True)
class Month:
    """A calendar month, the page of the absences calendar."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @property
    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def weeks(self) -> list[list[date]]:
        """Whole weeks, Monday first, covering the month (with the days either side)."""
        return calendar.Calendar(firstweekday=0).monthdatescalendar(self.year, self.month)

    @property
    def grid_start(self) -> date:
        return self.weeks()[0][0]

    @property
    def grid_end(self) -> date:
        return self.weeks()[-1][-1]


def by_day(spans: list[Span], first: date, last: date) -> dict[date, list[Span]]:
    """Each date from `first` to `last` with the spans covering it, in the given order."""
    found: dict[date, list[Span]] = {}
    day = first
    while day <= last:
        found[day] = [s for s in spans if s.start <= day <= s.end]
        day += timedelta(days=1)
    return found
