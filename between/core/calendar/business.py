"""The business calendar: when the practice is open and when a reply or callback is due.

Exact rules (docs/policy-format.md repeats them for therapists):

- A closed day is a local date with no ranges that weekday, a public holiday (observed
  days included), an extra closure or a date inside an absence (inclusive).
- `hours: H` counts H hours of real time over whole open days; a message received on a
  closed day starts counting at 00:00 of the next open day.
- `business_hours: H` counts H hours of real time inside the open ranges only.
- `business_days: N` ends at the close of the last range of the N-th open day strictly
  after the local date of receipt.
- Calls use `calls.return_within` the same way; with `voicemail_required` a call without
  voicemail has no due time. The callback goes in the first callback window (or office
  range) that has not ended when the call came in, and that window is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from between.core.calendar.days import WEEKDAY_NAMES, Closures, Schedule
from between.core.calendar.values import Absence, AbsenceLike, Accommodations, DueResult
from between.core.policy.schema import Contact, Duration, Policy, WeekHours

# How far ahead to look for open time before giving up: a calendar with no open day in
# three years is a broken policy (or a very long absence), not a reason to loop forever.
MAX_SCAN_DAYS = 3 * 366

Rule = tuple[str, float]  # ("business_days" | "business_hours" | "hours", amount)


def _rule(duration: Duration) -> Rule:
    if duration.kind == "business_days":
        return duration.kind, duration.amount
    return duration.kind, duration.amount * 3600.0


# Per-object caches hold the object itself and check identity, so an id reused after
# garbage collection (accommodations built per request) never returns a stale entry;
# they are bounded so a long-lived calendar does not grow without end.
_CACHE_LIMIT = 256


class _Rules:
    """(rule, description) per Duration, computed once: the hot path calls them often."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[Duration, Rule, str]] = {}

    def get(self, duration: Duration) -> tuple[Rule, str]:
        found = self._cache.get(id(duration))
        if found is None or found[0] is not duration:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = (duration, _rule(duration), duration.describe())
            self._cache[id(duration)] = found
        return found[1], found[2]


class BusinessCalendar:
    """A policy's calendar, with absences from the file merged with those passed in."""

    def __init__(
        self,
        policy: Policy,
        *,
        absences: Iterable[AbsenceLike] = (),
        accommodations: Accommodations | None = None,
        extra_closures: Iterable[date] = (),
    ) -> None:
        self.policy = policy
        self.zone = ZoneInfo(policy.timezone)
        self.accommodations = accommodations or Accommodations()
        self.absences: tuple[AbsenceLike, ...] = (
            *(Absence(a.start, a.end, a.covering) for a in policy.absences),
            *absences,
        )
        self.closures = Closures(
            policy.holidays.country,
            policy.holidays.subdivision,
            [*policy.holidays.extra_closures, *extra_closures],
            self.absences,
        )
        self.office = Schedule(policy.office_hours.minutes(), self.closures, self.zone)
        self._schedules: dict[int, tuple[WeekHours, Schedule]] = {}
        self._rules = _Rules()

    # -- schedules -----------------------------------------------------------------

    def schedule(self, week: WeekHours | None) -> Schedule:
        """The cached Schedule for a weekly pattern; office hours when `week` is None."""
        if week is None:
            return self.office
        if week is self.policy.office_hours:
            return self.office
        found = self._schedules.get(id(week))
        if found is None or found[0] is not week:
            if len(self._schedules) >= _CACHE_LIMIT:
                self._schedules.clear()
            found = (week, Schedule(week.minutes(), self.closures, self.zone))
            self._schedules[id(week)] = found
        return found[1]

    # -- questions about instants ----------------------------------------------------

    def _ts(self, dt: datetime) -> tuple[float, int]:
        if dt.tzinfo is None or dt.utcoffset() is None:
            raise ValueError("the calendar needs a time-zone-aware datetime")
        return dt.timestamp(), dt.astimezone(self.zone).toordinal()

    def _dt(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, self.zone)

    def is_closed_day(self, day: date) -> bool:
        return not self.office.is_open_day(day.toordinal())

    def closed_reason(self, day: date) -> str | None:
        """Why a local date is closed ("public holiday: ...", "absence", ...), or None."""
        reason = self.closures.reason(day)
        if reason is None and not self.office.week[day.weekday()]:
            reason = f"no office hours on {WEEKDAY_NAMES[day.weekday()]}s"
        return reason

    def office_hours_at(self, dt: datetime) -> tuple[datetime, datetime] | None:
        """The office-hour range containing `dt` (start inclusive, end exclusive)."""
        ts, ordinal = self._ts(dt)
        for start, end in self.office.ranges(ordinal):
            if start <= ts < end:
                return self._dt(start), self._dt(end)
        return None

    def is_open(self, dt: datetime) -> bool:
        return self.office_hours_at(dt) is not None

    def next_open(self, dt: datetime) -> datetime | None:
        """`dt` itself when open, else the next opening; None if none within 3 years."""
        ts, ordinal = self._ts(dt)
        found = self._next_range(self.office, ts, ordinal)
        if found is None:
            return None
        return dt.astimezone(self.zone) if found[0] <= ts else self._dt(found[0])

    def absence_at(self, dt: datetime) -> AbsenceLike | None:
        return self.closures.absence_on(dt.astimezone(self.zone).date())

    def on_call_at(self, dt: datetime) -> Contact | None:
        """Who is on call at `dt` by the rotation, or None when there is no rotation."""
        on_call = self.policy.emergency.on_call
        if on_call is None:
            return None
        starts = on_call.starts
        if starts.tzinfo is None:
            starts = starts.replace(tzinfo=self.zone)
        # Handover happens at the same local clock time, so count whole local days.
        local = dt.astimezone(self.zone)
        days = local.replace(tzinfo=None) - starts.astimezone(self.zone).replace(tzinfo=None)
        turn = (days.days // on_call.every_days) % len(on_call.rotation)
        return on_call.rotation[turn]

    # -- due times -----------------------------------------------------------------------

    def due_at(
        self,
        received: datetime,
        *,
        channel: str = "message",
        voicemail: bool | None = None,
        accommodations: Accommodations | None = None,
    ) -> DueResult:
        """When a reply to something received at `received` is owed.

        `channel` is "message" (the policy turnaround), "call", or a channel name
        (portal, email, sms, phone, app) whose own hours and turnaround then apply.
        `voicemail=None` means unknown and is treated as a voicemail left, so no call
        is dropped by default.
        """
        acc = accommodations or self.accommodations
        ts, ordinal = self._ts(received)
        if channel == "call":
            return self._call_due(ts, ordinal, voicemail, acc)
        schedule = self.office
        duration: Duration = self.policy.turnaround
        if channel != "message":
            found = self.policy.channel(channel)
            if found is None or not found.enabled:
                return DueResult(None, f"this practice does not offer {channel}")
            schedule = self.schedule(found.hours)
            duration = found.turnaround or duration
        if acc.turnaround is not None:
            duration = acc.turnaround
        rule, described = self._rules.get(duration)
        due = self._count(schedule, rule, ts, ordinal)
        if due is None:
            return DueResult(None, "the calendar has no open time in the next three years")
        return DueResult(self._dt(due), self._reason("reply", described, ordinal))

    def _call_due(
        self, ts: float, ordinal: int, voicemail: bool | None, acc: Accommodations
    ) -> DueResult:
        calls = self.policy.calls
        if calls is not None and calls.voicemail_required and voicemail is False:
            return DueResult(
                None, "no voicemail was left, and calls are returned only when a voicemail is left"
            )
        duration: Duration = calls.return_within if calls else self.policy.turnaround
        if acc.return_within is not None:
            duration = acc.return_within
        windows = acc.callback_windows or (calls.callback_windows if calls else None)
        rule, described = self._rules.get(duration)
        due = self._count(self.office, rule, ts, ordinal)
        window = self._next_range(self.schedule(windows), ts, ordinal)
        if due is None or window is None:
            return DueResult(None, "the calendar has no open time in the next three years")
        reason = self._reason("call back", described, ordinal)
        if window[0] > due:
            reason += "; the first callback window starts after that"
        by = self._last_window_end(self.schedule(windows), window, due)
        return DueResult(
            self._dt(due), reason, (self._dt(window[0]), self._dt(window[1])), self._dt(by)
        )

    def _last_window_end(self, schedule: Schedule, first: tuple[float, float], due: float) -> float:
        """When the callback is owed in practice: the end of the last callback window that
        ends by the promised time, so staff are never told to call outside a window. If
        even the first window ends later, that window is the soonest the call can happen."""
        last = first[1]
        if last >= due:
            return last
        start_day = datetime.fromtimestamp(first[1], self.zone).toordinal()
        end_day = datetime.fromtimestamp(due, self.zone).toordinal()
        for o in range(start_day, end_day + 1):
            for _start, end in schedule.ranges(o):
                if last < end <= due:
                    last = end
        return last

    def _reason(self, verb: str, described: str, ordinal: int) -> str:
        reason = f"{verb} within {described}"
        if self.closures.is_absent(ordinal):
            reason += "; received during an absence, counted from the return"
        elif not self.office.is_open_day(ordinal):
            reason += "; received on a closed day"
        return reason

    def _next_range(
        self, schedule: Schedule, ts: float, ordinal: int
    ) -> tuple[float, float] | None:
        """The first range of `schedule` that has not ended at `ts`."""
        for o in range(ordinal, ordinal + MAX_SCAN_DAYS):
            for start, end in schedule.ranges(o):
                if end > ts:
                    return start, end
        return None

    def _count(self, schedule: Schedule, rule: Rule, ts: float, ordinal: int) -> float | None:
        """The due instant as a timestamp, or None if the calendar never opens."""
        kind, amount = rule
        if kind == "business_days":
            wanted = int(amount)
            for o in range(ordinal + 1, ordinal + 1 + MAX_SCAN_DAYS):
                ranges = schedule.ranges(o)
                if ranges:
                    wanted -= 1
                    if wanted == 0:
                        return ranges[-1][1]
            return None
        need = amount
        last = ordinal + MAX_SCAN_DAYS
        if kind == "business_hours":
            for o in range(ordinal, last):
                for start, end in schedule.ranges(o):
                    if end <= ts:
                        continue
                    begin = start if start > ts else ts
                    if need <= end - begin:
                        return begin + need
                    need -= end - begin
            return None
        for o in range(ordinal, last):  # hours: whole open days
            if not schedule.ranges(o):
                continue
            begin, end = schedule.midnight(o), schedule.midnight(o + 1)
            if end <= ts:
                continue
            begin = max(begin, ts)
            if need <= end - begin:
                return begin + need
            need -= end - begin
        return None
