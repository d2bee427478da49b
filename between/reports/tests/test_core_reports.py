"""The report arithmetic on hand-built rows: no database, exact figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from between.core import reports as core
from between.core.reports import (
    CallbackOutcome,
    CallRow,
    CrisisRow,
    MessageRow,
    Outcome,
    Period,
    Week,
)
from between.core.tests.helpers import policy

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
PERIOD = Period(date(2026, 1, 5), date(2026, 1, 18), NY)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


def row(received: datetime, due: datetime | None, answered: datetime | None = None, **kw):
    return MessageRow(
        received_at=received,
        channel=kw.pop("channel", "portal"),
        due_at=due,
        answered_at=answered,
        **kw,
    )


# -- outcomes ---------------------------------------------------------------------------------


def test_answered_exactly_at_the_due_time_is_in_time():
    due = local(2026, 1, 7, 17)
    assert core.outcome(row(local(2026, 1, 6, 10), due, due), NOW) is Outcome.in_time
    late = due + timedelta(seconds=1)
    assert core.outcome(row(local(2026, 1, 6, 10), due, late), NOW) is Outcome.late


def test_unanswered_is_overdue_only_once_the_due_time_has_passed():
    due = local(2026, 1, 7, 17)
    message = row(local(2026, 1, 6, 10), due)
    assert core.outcome(message, due + timedelta(minutes=1)) is Outcome.overdue
    assert core.outcome(message, due) is Outcome.pending
    assert core.outcome(message, due - timedelta(hours=1)) is Outcome.pending


def test_without_a_policy_there_is_no_due_time_and_no_share():
    rows = [
        row(local(2026, 1, 6, 10), None),
        row(local(2026, 1, 7, 10), None, local(2026, 1, 7, 11)),
    ]
    found = core.turnaround(rows, PERIOD, NOW)
    assert found.total.no_due == 2
    assert found.total.decided == 0
    assert found.total.share is None


# -- turnaround -------------------------------------------------------------------------------


def test_turnaround_by_week_and_channel():
    rows = [
        # week of 5 Jan: one in time, one late
        row(local(2026, 1, 6, 10), local(2026, 1, 7, 17), local(2026, 1, 7, 9)),
        row(local(2026, 1, 6, 21), local(2026, 1, 7, 17), local(2026, 1, 8, 10), channel="sms"),
        # week of 12 Jan: one in time (exactly), one overdue, one pending
        row(
            local(2026, 1, 12, 10), local(2026, 1, 13, 17), local(2026, 1, 13, 17), channel="email"
        ),
        row(local(2026, 1, 17, 11), local(2026, 1, 20, 17)),
        row(local(2026, 1, 18, 11), local(2026, 3, 2, 17)),
        # left out: a crisis, and a message outside the period
        row(local(2026, 1, 8, 2), local(2026, 1, 8, 2), crisis=True),
        row(local(2026, 1, 19, 0, 1), local(2026, 1, 20, 17)),
    ]
    found = core.turnaround(rows, PERIOD, NOW)
    (w1, t1), (w2, t2) = found.weeks
    assert (w1.label, w2.label) == ("2026-W02", "2026-W03")
    assert (t1.in_time, t1.late, t1.overdue, t1.pending) == (1, 1, 0, 0)
    assert (t2.in_time, t2.late, t2.overdue, t2.pending) == (1, 0, 1, 1)
    assert t1.share == 0.5 and t2.share == 0.5
    assert found.total.total == 5 and found.total.share == 0.5
    channels = dict(found.channels)
    assert [c for c, _ in found.channels] == ["portal", "email", "sms"]
    assert (channels["portal"].in_time, channels["portal"].overdue, channels["portal"].pending) == (
        1,
        1,
        1,
    )
    assert channels["sms"].late == 1 and channels["email"].in_time == 1


def test_an_empty_period_still_lists_every_week():
    found = core.turnaround([], Period(date(2026, 1, 1), date(2026, 1, 31), NY), NOW)
    assert [w.label for w, _ in found.weeks] == [
        "2026-W01",
        "2026-W02",
        "2026-W03",
        "2026-W04",
        "2026-W05",
    ]
    assert all(t.total == 0 and t.share is None for _, t in found.weeks)
    assert found.channels == ()


def test_weeks_follow_local_dates_across_the_spring_dst_change():
    # DST starts in New York on Sunday 8 March 2026 at 02:00.
    period = Period(date(2026, 3, 2), date(2026, 3, 15), NY)
    sunday_late = datetime(2026, 3, 9, 3, 30, tzinfo=UTC)  # Sun 8 Mar 23:30 EDT
    monday_early = datetime(2026, 3, 9, 4, 30, tzinfo=UTC)  # Mon 9 Mar 00:30 EDT
    assert period.week_of(sunday_late) == Week(date(2026, 3, 2))
    assert period.week_of(monday_early) == Week(date(2026, 3, 9))
    start, end = period.bounds()
    assert start == datetime(2026, 3, 2, 5, tzinfo=UTC)  # EST midnight
    assert end == datetime(2026, 3, 16, 4, tzinfo=UTC)  # EDT midnight
    found = core.turnaround([row(sunday_late, None), row(monday_early, None)], period, NOW)
    assert [t.no_due for _, t in found.weeks] == [1, 1]


def test_the_autumn_dst_week_has_its_extra_hour():
    period = Period(date(2026, 10, 26), date(2026, 11, 1), NY)
    start, end = period.bounds()
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=7, hours=1)
    assert period.contains(datetime(2026, 11, 2, 4, 59, tzinfo=UTC))  # Sun 23:59 EST
    assert not period.contains(datetime(2026, 11, 2, 5, 0, tzinfo=UTC))


def test_default_period_is_twelve_weeks_to_today():
    period = Period.last_weeks(date(2026, 11, 25), NY)  # a Wednesday
    assert period.first == date(2026, 9, 7) and period.last == date(2026, 11, 25)
    assert len(period.weeks()) == 12
    with pytest.raises(ValueError):
        Period(date(2026, 1, 2), date(2026, 1, 1), NY)


# -- after hours ------------------------------------------------------------------------------


def test_after_hours_by_week_and_channel_with_the_policy_calendar():
    calendar = core.office_hours_calendar(
        policy(absences=[{"start": "2026-01-13", "end": "2026-01-14"}])
    )
    rows = [
        row(local(2026, 1, 6, 10), None, calendar="v1"),  # Tue in hours
        row(local(2026, 1, 6, 21), None, calendar="v1", channel="sms"),  # Tue evening
        row(local(2026, 1, 10, 11), None, calendar="v1"),  # Saturday
        row(local(2026, 1, 13, 10), None, calendar="v1"),  # absence day, office hours
        row(local(2026, 1, 14, 8, 59), None, calendar="v1", channel="voice"),  # before opening
        row(local(2026, 1, 15, 9), None, calendar="v1"),  # opening minute: open
    ]
    found = core.after_hours(rows, PERIOD, {"v1": calendar})
    assert (found.received, found.after_hours, found.unknown) == (6, 3, 0)
    first, second = found.weeks
    assert (first.received, first.after_hours, first.by_channel) == (3, 2, {"sms": 1, "portal": 1})
    assert (second.received, second.after_hours, second.by_channel) == (3, 1, {"voice": 1})
    assert found.channels == ("portal", "sms", "voice")
    assert found.by_channel == (("portal", 1, 4), ("sms", 1, 1), ("voice", 1, 1))


def test_after_hours_without_a_calendar_uses_the_recorded_flag_or_says_unknown():
    rows = [
        row(local(2026, 1, 6, 10), None, flags=("after_hours", "boundary")),
        row(local(2026, 1, 6, 11), None, flags=("no_consent",)),
        row(local(2026, 1, 6, 12), None),
        row(local(2026, 1, 6, 13), None, calendar="gone"),
        row(local(2026, 1, 6, 14), None, flags=("no_policy_in_force",)),
    ]
    found = core.after_hours(rows, PERIOD, {})
    assert (found.received, found.after_hours, found.unknown) == (5, 1, 3)


# -- callbacks --------------------------------------------------------------------------------


def test_callback_outcomes():
    due = local(2026, 1, 8, 17)
    assert core.callback_outcome(CallRow(local(2026, 1, 7, 11), due, due), NOW) is (
        CallbackOutcome.kept
    )
    late = CallRow(local(2026, 1, 7, 11), due, due + timedelta(minutes=1))
    assert core.callback_outcome(late, NOW) is CallbackOutcome.late
    assert core.callback_outcome(CallRow(local(2026, 1, 7, 11), due), NOW) is (
        CallbackOutcome.missed
    )
    assert core.callback_outcome(CallRow(local(2026, 1, 7, 11), due), due) is (
        CallbackOutcome.pending
    )
    assert core.callback_outcome(CallRow(local(2026, 1, 7, 11), None), NOW) is (
        CallbackOutcome.no_due
    )
    unrecorded = CallRow(local(2026, 1, 7, 11), due, None, done=True)
    assert core.callback_outcome(unrecorded, NOW) is CallbackOutcome.unrecorded


def test_callbacks_by_week_leave_out_crisis_calls():
    due = local(2026, 1, 8, 17)
    rows = [
        CallRow(local(2026, 1, 7, 11), due, local(2026, 1, 8, 12)),
        CallRow(local(2026, 1, 7, 12), due),
        CallRow(local(2026, 1, 7, 13), due, crisis=True),
        CallRow(local(2026, 1, 13, 16), local(2026, 1, 14, 17), local(2026, 1, 15, 9)),
    ]
    found = core.callbacks(rows, PERIOD, NOW)
    (_, first), (_, second) = found.weeks
    assert (first.kept, first.missed, first.share) == (1, 1, 0.5)
    assert (second.late, second.share) == (1, 0.0)
    assert found.total.total == 3 and found.total.share == pytest.approx(1 / 3)


# -- crisis -----------------------------------------------------------------------------------


def test_crisis_times_median_worst_and_never_acknowledged():
    at = local(2026, 1, 8, 2)
    rows = [
        CrisisRow("message:1", at, "portal", at + timedelta(seconds=30), at + timedelta(minutes=5)),
        CrisisRow("message:2", at + timedelta(days=6), "sms", at + timedelta(days=6, seconds=90)),
        CrisisRow(
            "call:3", at + timedelta(days=7), "voice", None, at + timedelta(days=7, minutes=9)
        ),
        CrisisRow("message:4", at + timedelta(days=40), "sms"),  # outside the period
    ]
    found = core.crisis(rows, PERIOD)
    assert [i.ref for i in found.items] == ["message:1", "message:2", "call:3"]
    assert found.reply_median == timedelta(seconds=60)
    assert found.reply_worst == timedelta(seconds=90)
    assert found.acknowledge_median == timedelta(minutes=7)
    assert found.acknowledge_worst == timedelta(minutes=9)
    assert [i.ref for i in found.never_acknowledged] == ["message:2"]
    assert [i.ref for i in found.no_reply] == ["call:3"]
    assert found.items[0].received_at.tzinfo == NY


def test_no_crisis_no_times():
    found = core.crisis([], PERIOD)
    assert found.items == () and found.reply_median is None and found.acknowledge_worst is None


def test_durations_and_shares_as_staff_read_them():
    assert core.format_duration(None) == "—"
    assert core.format_duration(timedelta(seconds=45)) == "45 s"
    assert core.format_duration(timedelta(seconds=60)) == "1 min"
    assert core.format_duration(timedelta(seconds=200)) == "3 min 20 s"
    assert core.format_duration(timedelta(hours=2, minutes=5)) == "2 h 05 min"
    assert core.format_duration(timedelta(days=1, hours=3)) == "1 d 3 h"
    assert core.format_share(None) == "—" and core.format_share(2 / 3) == "67%"


# -- the download -----------------------------------------------------------------------------


def test_csv_rows_hold_counts_only_and_skip_sections_not_given():
    rows = [row(local(2026, 1, 6, 10), local(2026, 1, 7, 17), local(2026, 1, 7, 9))]
    found = list(core.csv_rows(turnaround_report=core.turnaround(rows, PERIOD, NOW)))
    assert found[0] == ("section", "breakdown", "group", "measure", "value")
    assert {r[0] for r in found[1:]} == {"turnaround"}
    assert ("turnaround", "week", "2026-W02", "in_time", "1") in found
    assert ("turnaround", "channel", "portal", "share_in_time", "1.0000") in found
    assert ("turnaround", "week", "2026-W03", "share_in_time", "") in found
    crisis = core.crisis(
        [CrisisRow("message:1", local(2026, 1, 8, 2), "sms", local(2026, 1, 8, 2, 1))], PERIOD
    )
    found = list(core.csv_rows(crisis_report=crisis))
    assert ("crisis", "total", "all", "worst_seconds_to_reply", "60") in found
    assert ("crisis", "total", "all", "median_seconds_to_acknowledge", "") in found
    assert not any("message:1" in cell for r in found for cell in r)


def test_a_keeping_period_reads_as_people_say_it():
    from between.core.reports import format_period

    assert [format_period(d) for d in (2555, 365, 730, 540, 90, 30, 1, 100, 3650)] == [
        "7 years",
        "1 year",
        "2 years",
        "18 months",
        "3 months",
        "30 days",
        "1 day",
        "100 days",
        "10 years",
    ]
