"""Property tests: invariants of due times that must hold for every instant and calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from between.core.calendar import BusinessCalendar
from between.core.policy import load_policy
from between.core.policy.schema import WEEKDAYS
from between.core.tests.helpers import policy, reference_text

SPLIT = {
    "monday": ["09:00-12:00", "13:00-17:00"],
    "tuesday": ["07:30-11:00", "12:00-19:45"],
    "thursday": ["00:00-02:30", "22:00-24:00"],
    "saturday": ["10:00-14:00"],
}
TUE_TO_SAT = {day: ["09:00-17:00"] for day in WEEKDAYS[1:6]}
ZONES = ["America/New_York", "Europe/London", "Australia/Sydney"]
RULES = [{"business_days": 1}, {"business_days": 3}, {"business_hours": 5}, {"hours": 24}]
WEEKS = [SPLIT, TUE_TO_SAT]


def variants() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for zone in ZONES:
        for rule in RULES:
            for week in WEEKS:
                country = {"America/New_York": "US", "Europe/London": "GB"}.get(zone, "AU")
                out.append(
                    {
                        "timezone": zone,
                        "turnaround": rule,
                        "office_hours": week,
                        "holidays": {"country": country},
                        "absences": [{"start": date(2027, 8, 2), "end": date(2027, 8, 13)}],
                    }
                )
    return out


VARIANTS = variants()
CALENDARS = [BusinessCalendar(policy(**v)) for v in VARIANTS]
CALENDARS.append(BusinessCalendar(load_policy(reference_text()).policy))

START = datetime(2027, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 24 * 3600
instants = st.integers(min_value=0, max_value=YEAR_SECONDS).map(
    lambda s: START + timedelta(seconds=s)
)
calendars = st.sampled_from(CALENDARS)
channels = st.sampled_from(["message", "call"])


@settings(deadline=None, max_examples=300)
@given(cal=calendars, received=instants, channel=channels)
def test_due_is_never_before_received(
    cal: BusinessCalendar, received: datetime, channel: str
) -> None:
    result = cal.due_at(received, channel=channel)
    assert result.due_at is not None
    assert result.due_at >= received
    if result.callback_window is not None:
        assert result.callback_window[1] > received


@settings(deadline=None, max_examples=300)
@given(cal=calendars, a=instants, b=instants, channel=channels)
def test_due_never_decreases_as_received_increases(
    cal: BusinessCalendar, a: datetime, b: datetime, channel: str
) -> None:
    first, second = sorted([a, b])
    due_first = cal.due_at(first, channel=channel).due_at
    due_second = cal.due_at(second, channel=channel).due_at
    assert due_first is not None and due_second is not None
    assert due_first <= due_second


@settings(deadline=None, max_examples=150)
@given(
    index=st.integers(min_value=0, max_value=len(VARIANTS) - 1),
    received=instants,
    closed=st.integers(min_value=0, max_value=400).map(lambda d: date(2027, 1, 1) + timedelta(d)),
)
def test_adding_a_closed_day_never_makes_due_earlier(
    index: int, received: datetime, closed: date
) -> None:
    base = BusinessCalendar(policy(**VARIANTS[index]))
    more = BusinessCalendar(policy(**VARIANTS[index]), extra_closures=[closed])
    before = base.due_at(received).due_at
    after = more.due_at(received).due_at
    assert before is not None and after is not None
    assert after >= before


@settings(deadline=None, max_examples=300)
@given(
    cal=st.sampled_from([c for c in CALENDARS if c.policy.turnaround.kind == "business_days"]),
    received=instants,
)
def test_business_days_lands_on_a_closing_time(cal: BusinessCalendar, received: datetime) -> None:
    due = cal.due_at(received).due_at
    assert due is not None
    just_before = cal.office_hours_at(due - timedelta(seconds=1))
    assert just_before is not None and just_before[1] == due
    # ... and it is the day's last closing: the office does not open again that date.
    reopens = cal.next_open(due)
    assert reopens is not None
    assert reopens.date() > due.astimezone(cal.zone).date()
