"""How well the practice keeps what its policy promises, from plain rows.

The shell reads the database and hands over one small row per message, call or crisis:
times, channel, category and flags, never the words and never the client. Everything is
bucketed by ISO week in the practice's own time zone, so a message at 00:30 on a Monday
belongs to the week that starts that Monday whatever the UTC offset, in DST weeks too.

Definitions (the report page repeats them for staff):

- A message is *answered* at the earlier of the first typed reply and the moment it was
  marked done. It is *in time* when answered at or before its due time (exactly on time
  counts as in time), *late* when after, *overdue* when still unanswered after its due
  time, *pending* when unanswered and not yet due. A message with no due time (no policy
  was in force) is counted apart and never enters the share.
- Crisis messages are left out of the turnaround figures: their due time is the moment
  they arrive, and what matters for them is measured in the crisis section instead.
- *After hours* means outside the policy's weekly office hours or on a closed day
  (weekend, public holiday, the practice's closures). A clinician's absence is not after
  hours: the client wrote at an ordinary time.
- A callback is *kept* when the call was returned at or before its callback due time,
  *late* when after, *missed* when still not returned after it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import ClassVar, Protocol
from zoneinfo import ZoneInfo

from between.core.calendar import BusinessCalendar
from between.core.policy.schema import Policy

DEFAULT_WEEKS = 12
MAX_PERIOD_DAYS = 366

# The order channels are listed in, whatever order they turn up in.
CHANNEL_ORDER = ("portal", "email", "sms", "voice")
CHANNEL_LABELS = {
    "portal": "Portal",
    "email": "Email",
    "sms": "Text",
    "voice": "Voicemail",
}


def channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel.title())


def _ordered_channels(seen: Iterable[str]) -> tuple[str, ...]:
    found = set(seen)
    known = [c for c in CHANNEL_ORDER if c in found]
    return (*known, *sorted(found - set(CHANNEL_ORDER)))


# -- weeks and periods ----------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week, named by its Monday (a local date of the practice)."""

    monday: date

    @classmethod
    def of(cls, day: date) -> Week:
        return cls(day - timedelta(days=day.weekday()))

    @property
    def label(self) -> str:
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def short(self) -> str:
        return f"{self.monday.day} {self.monday:%b}"


@dataclass(frozen=True)
class Period:
    """Local dates ``first`` to ``last`` (both included) in the practice's time zone."""

    first: date
    last: date
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period must end on or after its first day")

    @classmethod
    def last_weeks(cls, today: date, zone: ZoneInfo, weeks: int = DEFAULT_WEEKS) -> Period:
        """This week and the ``weeks - 1`` before it, up to today."""
        return cls(Week.of(today).monday - timedelta(weeks=weeks - 1), today, zone)

    @classmethod
    def last_days(cls, today: date, zone: ZoneInfo, days: int) -> Period:
        return cls(today - timedelta(days=days - 1), today, zone)

    def bounds(self) -> tuple[datetime, datetime]:
        """The instants the period starts and ends (end excluded), for a database query."""
        start = datetime.combine(self.first, time(0), tzinfo=self.zone)
        end = datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=self.zone)
        return start, end

    def contains(self, at: datetime) -> bool:
        return self.first <= self.local(at).date() <= self.last

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.zone)

    def week_of(self, at: datetime) -> Week:
        return Week.of(self.local(at).date())

    def weeks(self) -> tuple[Week, ...]:
        """Every week the period touches, empty ones included, so charts show gaps."""
        found = []
        monday = Week.of(self.first).monday
        while monday <= self.last:
            found.append(Week(monday))
            monday += timedelta(weeks=1)
        return tuple(found)


# -- office hours -----------------------------------------------------------------------------


class OfficeHours(Protocol):
    def is_open(self, dt: datetime) -> bool: ...


def office_hours_calendar(policy: Policy) -> BusinessCalendar:
    """The policy's calendar without absences, for telling office hours from after hours.

    An absence makes every hour closed for replies, yet a client who writes at 10:00 on a
    Tuesday while the clinician is away has not written after hours.
    """
    return BusinessCalendar(policy.model_copy(update={"absences": []}))


def is_after_hours(
    at: datetime,
    calendar_key: str | None,
    flags: Sequence[str],
    calendars: Mapping[str, OfficeHours],
) -> bool | None:
    """Outside office hours by the calendar of the policy in force at the time.

    Without a known calendar the pipeline's own flag, recorded on arrival, is the next
    best witness; with neither the answer is unknown (None).
    """
    calendar = calendars.get(calendar_key) if calendar_key is not None else None
    if calendar is not None:
        return not calendar.is_open(at)
    if "after_hours" in flags:
        return True
    if flags and "no_policy_in_force" not in flags:
        return False
    return None


# -- turnaround -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageRow:
    """One inbound message as the reports see it: times and labels, no words."""

    received_at: datetime
    channel: str
    due_at: datetime | None = None
    answered_at: datetime | None = None
    category: str = "other"
    crisis: bool = False
    calendar: str | None = None
    flags: tuple[str, ...] = ()


class Outcome(StrEnum):
    in_time = "in_time"
    late = "late"
    overdue = "overdue"
    pending = "pending"
    no_due = "no_due"


OUTCOME_LABELS = {
    Outcome.in_time: "Answered in time",
    Outcome.late: "Answered late",
    Outcome.overdue: "Open and overdue",
    Outcome.pending: "Open, not yet due",
    Outcome.no_due: "No due time",
}


def outcome(row: MessageRow, now: datetime) -> Outcome:
    if row.due_at is None:
        return Outcome.no_due
    if row.answered_at is not None:
        return Outcome.in_time if row.answered_at <= row.due_at else Outcome.late
    return Outcome.overdue if row.due_at < now else Outcome.pending


@dataclass
class _Counts:
    """One count per outcome; which outcomes are settled, and which of those is the
    promise kept, is said by each kind of count."""

    settled: ClassVar[tuple[str, ...]]
    kept_as: ClassVar[str]

    def add(self, found: StrEnum) -> None:
        setattr(self, found.value, getattr(self, found.value) + 1)

    @property
    def decided(self) -> int:
        """Contacts whose promise is settled one way or the other."""
        return sum(getattr(self, name) for name in self.settled)

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    @property
    def share(self) -> float | None:
        """Share kept in time among the settled ones; None when none is settled."""
        return getattr(self, self.kept_as) / self.decided if self.decided else None


@dataclass
class Tally(_Counts):
    settled: ClassVar[tuple[str, ...]] = ("in_time", "late", "overdue")
    kept_as: ClassVar[str] = "in_time"

    in_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    no_due: int = 0


@dataclass(frozen=True)
class TurnaroundReport:
    weeks: tuple[tuple[Week, Tally], ...]
    channels: tuple[tuple[str, Tally], ...]
    total: Tally


def turnaround(rows: Iterable[MessageRow], period: Period, now: datetime) -> TurnaroundReport:
    by_week = {week: Tally() for week in period.weeks()}
    by_channel: dict[str, Tally] = {}
    total = Tally()
    for row in rows:
        if row.crisis or not period.contains(row.received_at):
            continue
        found = outcome(row, now)
        by_week[period.week_of(row.received_at)].add(found)
        by_channel.setdefault(row.channel, Tally()).add(found)
        total.add(found)
    return TurnaroundReport(
        weeks=tuple(by_week.items()),
        channels=tuple((c, by_channel[c]) for c in _ordered_channels(by_channel)),
        total=total,
    )


# -- after hours ------------------------------------------------------------------------------


@dataclass
class AfterHoursWeek:
    week: Week
    received: int = 0
    after_hours: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AfterHoursReport:
    weeks: tuple[AfterHoursWeek, ...]
    channels: tuple[str, ...]
    by_channel: tuple[tuple[str, int, int], ...]  # channel, after hours, received
    received: int
    after_hours: int
    unknown: int  # no policy in force and nothing recorded: hours unknown


def after_hours(
    rows: Iterable[MessageRow], period: Period, calendars: Mapping[str, OfficeHours]
) -> AfterHoursReport:
    weeks = {week: AfterHoursWeek(week) for week in period.weeks()}
    received: dict[str, int] = {}
    late: dict[str, int] = {}
    unknown = 0
    for row in rows:
        if not period.contains(row.received_at):
            continue
        bucket = weeks[period.week_of(row.received_at)]
        bucket.received += 1
        received[row.channel] = received.get(row.channel, 0) + 1
        found = is_after_hours(row.received_at, row.calendar, row.flags, calendars)
        if found is None:
            unknown += 1
        elif found:
            bucket.after_hours += 1
            bucket.by_channel[row.channel] = bucket.by_channel.get(row.channel, 0) + 1
            late[row.channel] = late.get(row.channel, 0) + 1
    channels = _ordered_channels(received)
    return AfterHoursReport(
        weeks=tuple(weeks.values()),
        channels=channels,
        by_channel=tuple((c, late.get(c, 0), received[c]) for c in channels),
        received=sum(received.values()),
        after_hours=sum(late.values()),
        unknown=unknown,
    )


# -- callbacks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallRow:
    """A call that may be owed a callback; ``done`` without a time predates recording it."""

    at: datetime
    due_at: datetime | None
    called_back_at: datetime | None = None
    done: bool = False
    crisis: bool = False


class CallbackOutcome(StrEnum):
    kept = "kept"
    late = "late"
    missed = "missed"
    pending = "pending"
    no_due = "no_due"
    unrecorded = "unrecorded"


CALLBACK_LABELS = {
    CallbackOutcome.kept: "Called back in time",
    CallbackOutcome.late: "Called back late",
    CallbackOutcome.missed: "Missed (overdue)",
    CallbackOutcome.pending: "Not yet due",
    CallbackOutcome.no_due: "No callback time",
    CallbackOutcome.unrecorded: "Returned, time not recorded",
}


def callback_outcome(row: CallRow, now: datetime) -> CallbackOutcome:
    if row.called_back_at is None and row.done:
        return CallbackOutcome.unrecorded
    if row.due_at is None:
        return CallbackOutcome.no_due
    if row.called_back_at is not None:
        return CallbackOutcome.kept if row.called_back_at <= row.due_at else CallbackOutcome.late
    return CallbackOutcome.missed if row.due_at < now else CallbackOutcome.pending


@dataclass
class CallbackTally(_Counts):
    settled: ClassVar[tuple[str, ...]] = ("kept", "late", "missed")
    kept_as: ClassVar[str] = "kept"

    kept: int = 0
    late: int = 0
    missed: int = 0
    pending: int = 0
    no_due: int = 0
    unrecorded: int = 0


@dataclass(frozen=True)
class CallbackReport:
    weeks: tuple[tuple[Week, CallbackTally], ...]
    total: CallbackTally


def callbacks(rows: Iterable[CallRow], period: Period, now: datetime) -> CallbackReport:
    """Crisis calls are left out: they are answered by the crisis path, not a callback."""
    by_week = {week: CallbackTally() for week in period.weeks()}
    total = CallbackTally()
    for row in rows:
        if row.crisis or not period.contains(row.at):
            continue
        found = callback_outcome(row, now)
        by_week[period.week_of(row.at)].add(found)
        total.add(found)
    return CallbackReport(weeks=tuple(by_week.items()), total=total)


# -- crisis -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrisisRow:
    """``ref`` is an opaque handle for the shell ("message:12"), never a name."""

    ref: str
    received_at: datetime
    channel: str
    reply_sent_at: datetime | None = None
    acknowledged_at: datetime | None = None


@dataclass(frozen=True)
class CrisisItem:
    ref: str
    received_at: datetime  # local time of the practice
    channel: str
    to_reply: timedelta | None
    to_acknowledge: timedelta | None


@dataclass(frozen=True)
class CrisisReport:
    items: tuple[CrisisItem, ...]
    reply_median: timedelta | None
    reply_worst: timedelta | None
    acknowledge_median: timedelta | None
    acknowledge_worst: timedelta | None

    @property
    def never_acknowledged(self) -> tuple[CrisisItem, ...]:
        return tuple(i for i in self.items if i.to_acknowledge is None)

    @property
    def no_reply(self) -> tuple[CrisisItem, ...]:
        return tuple(i for i in self.items if i.to_reply is None)


def _median(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def crisis(rows: Iterable[CrisisRow], period: Period) -> CrisisReport:
    items = sorted(
        (
            CrisisItem(
                ref=row.ref,
                received_at=period.local(row.received_at),
                channel=row.channel,
                to_reply=row.reply_sent_at - row.received_at if row.reply_sent_at else None,
                to_acknowledge=(
                    row.acknowledged_at - row.received_at if row.acknowledged_at else None
                ),
            )
            for row in rows
            if period.contains(row.received_at)
        ),
        key=lambda item: item.received_at,
    )
    replies = [i.to_reply for i in items if i.to_reply is not None]
    acks = [i.to_acknowledge for i in items if i.to_acknowledge is not None]
    return CrisisReport(
        items=tuple(items),
        reply_median=_median(replies),
        reply_worst=max(replies, default=None),
        acknowledge_median=_median(acks),
        acknowledge_worst=max(acks, default=None),
    )


def format_duration(value: timedelta | None) -> str:
    """Short and exact enough to compare: "45 s", "3 min 20 s", "2 h 05 min", "1 d 3 h"."""
    if value is None:
        return "—"
    seconds = round(value.total_seconds())
    if seconds < 0:
        return "-" + format_duration(timedelta(seconds=-seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def format_period(days: int) -> str:
    """A keeping period as people say it: "7 years", "18 months", "30 days" (2,555 days
    is seven years of 365; a period that is not whole years or 30-day months stays in
    days, so the words never round the law's figure)."""
    if days > 0 and days % 365 == 0:
        years = days // 365
        return "1 year" if years == 1 else f"{years} years"
    if days >= 60 and days % 30 == 0:
        return f"{days // 30} months"
    return "1 day" if days == 1 else f"{days:,} days"


def format_share(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


# -- the download -----------------------------------------------------------------------------

CsvRow = tuple[str, str, str, str, str]


def csv_rows(
    *,
    turnaround_report: TurnaroundReport | None = None,
    after_hours_report: AfterHoursReport | None = None,
    callback_report: CallbackReport | None = None,
    crisis_report: CrisisReport | None = None,
) -> Iterator[CsvRow]:
    """Long format (section, breakdown, group, measure, value): one shape for every table.

    Values are counts, shares and seconds only. Sections the reader may not see are
    passed as None and are simply absent.
    """
    yield ("section", "breakdown", "group", "measure", "value")
    if turnaround_report is not None:
        groups: list[tuple[str, str, Tally]] = [
            *(("week", w.label, t) for w, t in turnaround_report.weeks),
            *(("channel", c, t) for c, t in turnaround_report.channels),
            ("total", "all", turnaround_report.total),
        ]
        for breakdown, group, tally in groups:
            for found in Outcome:
                yield ("turnaround", breakdown, group, found.value, str(getattr(tally, found)))
            yield ("turnaround", breakdown, group, "share_in_time", _share_value(tally.share))
    if after_hours_report is not None:
        for bucket in after_hours_report.weeks:
            label = bucket.week.label
            yield ("after_hours", "week", label, "received", str(bucket.received))
            yield ("after_hours", "week", label, "after_hours", str(bucket.after_hours))
            for channel in after_hours_report.channels:
                value = str(bucket.by_channel.get(channel, 0))
                yield ("after_hours", "week", label, f"after_hours_{channel}", value)
        for channel, late, received in after_hours_report.by_channel:
            yield ("after_hours", "channel", channel, "received", str(received))
            yield ("after_hours", "channel", channel, "after_hours", str(late))
        yield ("after_hours", "total", "all", "hours_unknown", str(after_hours_report.unknown))
    if callback_report is not None:
        call_groups = [
            *(("week", w.label, t) for w, t in callback_report.weeks),
            ("total", "all", callback_report.total),
        ]
        for breakdown, group, calls in call_groups:
            for kind in CallbackOutcome:
                yield ("callbacks", breakdown, group, kind.value, str(getattr(calls, kind)))
            yield ("callbacks", breakdown, group, "share_kept", _share_value(calls.share))
    if crisis_report is not None:
        for item in crisis_report.items:
            group = f"{item.received_at.isoformat()} {item.channel}"
            to_ack = _seconds(item.to_acknowledge)
            yield ("crisis", "contact", group, "seconds_to_reply", _seconds(item.to_reply))
            yield ("crisis", "contact", group, "seconds_to_acknowledge", to_ack)
        summary = (
            ("median_seconds_to_reply", crisis_report.reply_median),
            ("worst_seconds_to_reply", crisis_report.reply_worst),
            ("median_seconds_to_acknowledge", crisis_report.acknowledge_median),
            ("worst_seconds_to_acknowledge", crisis_report.acknowledge_worst),
        )
        for name, seconds in summary:
            yield ("crisis", "total", "all", name, _seconds(seconds))


def _share_value(share: float | None) -> str:
    return "" if share is None else f"{share:.4f}"


def _seconds(value: timedelta | None) -> str:
    return "" if value is None else str(round(value.total_seconds()))
