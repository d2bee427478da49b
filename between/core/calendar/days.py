"""Which local dates are closed, and each open date's ranges as real instants.

Everything the due-time arithmetic needs about a date is computed once and cached as
POSIX timestamps: the date's midnight, the next midnight and its open ranges. Counting
then works on real elapsed seconds, so a 24-hour turnaround across a spring-forward
night ends an hour later on the clock, and an office-hour range on a DST day lasts as
long as it really does. Caching per date is what makes the benchmark target reachable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from between.core.calendar.values import AbsenceLike

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Ranges = tuple[tuple[float, float], ...]
WeekMinutes = tuple[tuple[tuple[int, int], ...], ...]


class Closures:
    """Dates closed whatever the weekday: public holidays, extra closures, absences."""

    def __init__(
        self,
        country: str | None,
        subdivision: str | None,
        extra: Iterable[date],
        absences: Iterable[AbsenceLike],
    ) -> None:
        self._country = country
        self._subdivision = subdivision
        self._extra = {d.toordinal() for d in extra}
        self._absences = sorted(absences, key=lambda a: (a.start, a.end))
        self._absent: set[int] = set()
        for a in self._absences:
            self._absent.update(range(a.start.toordinal(), a.end.toordinal() + 1))

    def _holidays(self, year: int) -> dict[int, str]:
        return _public_holidays(self._country, self._subdivision, year) if self._country else {}

    def is_closed(self, ordinal: int) -> bool:
        if ordinal in self._absent or ordinal in self._extra:
            return True
        return ordinal in self._holidays(date.fromordinal(ordinal).year)

    def is_absent(self, ordinal: int) -> bool:
        return ordinal in self._absent

    def absence_on(self, day: date) -> AbsenceLike | None:
        for a in self._absences:
            if a.start <= day <= a.end:
                return a
        return None

    def reason(self, day: date) -> str | None:
        """Why a date is closed regardless of weekday, or None."""
        if day.toordinal() in self._absent:
            return "absence"
        if day.toordinal() in self._extra:
            return "extra closure"
        name = self._holidays(day.year).get(day.toordinal())
        return f"public holiday: {name}" if name else None


class Schedule:
    """A weekly pattern of ranges (office hours, callback windows, a channel's hours)
    on top of the closures, with each date's instants cached."""

    def __init__(self, week: WeekMinutes, closures: Closures, zone: ZoneInfo) -> None:
        self.week = week
        self._closures = closures
        self._zone = zone
        self._ranges: dict[int, Ranges] = {}
        self._midnights: dict[int, float] = {}

    def midnight(self, ordinal: int) -> float:
        """Timestamp of local 00:00 on the date (the first instant of that date)."""
        ts = self._midnights.get(ordinal)
        if ts is None:
            d = date.fromordinal(ordinal)
            ts = datetime(d.year, d.month, d.day, tzinfo=self._zone).timestamp()
            self._midnights[ordinal] = ts
        return ts

    def ranges(self, ordinal: int) -> Ranges:
        """Open ranges of the date as (start, end) timestamps; empty when closed."""
        found = self._ranges.get(ordinal)
        if found is None:
            found = self._compute(ordinal)
            self._ranges[ordinal] = found
        return found

    def is_open_day(self, ordinal: int) -> bool:
        return bool(self.ranges(ordinal))

    def _compute(self, ordinal: int) -> Ranges:
        d = date.fromordinal(ordinal)
        week = self.week[d.weekday()]
        if not week or self._closures.is_closed(ordinal):
            return ()
        out = []
        for start, end in week:
            out.append((self._local(d, start), self._local(d, end)))
        return tuple(out)

    def _local(self, d: date, minute: int) -> float:
        if minute >= 24 * 60:
            return self.midnight(d.toordinal() + 1)
        # fold=0: a time that does not exist (spring forward) is read with the offset
        # before the change, i.e. it lands just after the gap; an ambiguous time is its
        # first occurrence.
        local = datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=self._zone)
        return local.timestamp()


@lru_cache(maxsize=128)
def _public_holidays(country: str, subdivision: str | None, year: int) -> dict[int, str]:
    # A calendar is built for every message (absences change), but a country's holidays
    # for a year never do: computing them is the slowest step of a due time.
    table = holidays_lib.country_holidays(country, subdiv=subdivision, years=year, observed=True)
    return {d.toordinal(): str(name) for d, name in table.items() if d.year == year}
