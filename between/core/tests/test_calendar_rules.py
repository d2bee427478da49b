"""Table tests pinning each due-time rule of the business calendar (issue 3)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from between.core.calendar import Absence, Accommodations, BusinessCalendar
from between.core.policy import load_policy
from between.core.policy.schema import WEEKDAYS, Duration, WeekHours
from between.core.tests.helpers import calendar, reference_text

EVERY_DAY = {day: ["09:00-17:00"] for day in WEEKDAYS}
SPLIT_MONDAY = {
    "monday": ["09:00-12:00", "13:00-17:00"],
    "tuesday": ["09:00-17:00"],
    "wednesday": ["09:00-17:00"],
    "thursday": ["09:00-17:00"],
    "friday": ["09:00-15:00"],
}
TUE_TO_SAT = {day: ["09:00-17:00"] for day in WEEKDAYS[1:6]}

REFERENCE = BusinessCalendar(load_policy(reference_text()).policy)


def due(cal: BusinessCalendar, received: str, **kwargs: Any) -> str | None:
    result = cal.due_at(datetime.fromisoformat(received), **kwargs)
    return result.due_at.isoformat() if result.due_at else None


# (case, policy changes, received, expected due)
HOURS_CASES = [
    (
        "spring forward New York: 24 h end an hour later on the clock",
        {"office_hours": EVERY_DAY, "turnaround": {"hours": 24}},
        "2027-03-13T10:00:00-05:00",
        "2027-03-14T11:00:00-04:00",
    ),
    (
        "fall back New York: 24 h end an hour earlier on the clock",
        {"office_hours": EVERY_DAY, "turnaround": {"hours": 24}},
        "2027-11-06T10:00:00-04:00",
        "2027-11-07T09:00:00-05:00",
    ),
    (
        "spring forward London",
        {"timezone": "Europe/London", "office_hours": EVERY_DAY, "turnaround": {"hours": 24}},
        "2027-03-27T10:00:00+00:00",
        "2027-03-28T11:00:00+01:00",
    ),
    (
        "fall back London",
        {"timezone": "Europe/London", "office_hours": EVERY_DAY, "turnaround": {"hours": 24}},
        "2027-10-30T10:00:00+01:00",
        "2027-10-31T09:00:00+00:00",
    ),
    (
        "fall back Sydney (April)",
        {"timezone": "Australia/Sydney", "office_hours": EVERY_DAY, "turnaround": {"hours": 24}},
        "2027-04-03T10:00:00+11:00",
        "2027-04-04T09:00:00+10:00",
    ),
    (
        "spring forward Sydney (October)",
        {"timezone": "Australia/Sydney", "office_hours": EVERY_DAY, "turnaround": {"hours": 24}},
        "2027-10-02T10:00:00+10:00",
        "2027-10-03T11:00:00+11:00",
    ),
    (
        "hours skip a weekend and a public holiday (MLK day) as whole days",
        {"holidays": {"country": "US"}, "turnaround": {"hours": 24}},
        "2027-01-15T10:00:00-05:00",
        "2027-01-19T10:00:00-05:00",
    ),
    (
        "received on a closed day: counting starts at 00:00 of the next open day",
        {"holidays": {"country": "US"}, "turnaround": {"hours": 24}},
        "2027-01-16T12:00:00-05:00",
        "2027-01-20T00:00:00-05:00",
    ),
    (
        "hours on a Tuesday-Saturday week",
        {"office_hours": TUE_TO_SAT, "turnaround": {"hours": 24}},
        "2027-02-06T12:00:00-05:00",
        "2027-02-09T12:00:00-05:00",
    ),
    (
        "hours count the evening of an open day",
        {"turnaround": {"hours": 10}},
        "2027-02-01T20:00:00-05:00",
        "2027-02-02T06:00:00-05:00",
    ),
]

BUSINESS_HOURS_CASES = [
    (
        "split office hours skip the lunch break",
        {"office_hours": SPLIT_MONDAY, "turnaround": {"business_hours": 4}},
        "2027-02-01T10:00:00-05:00",
        "2027-02-01T15:00:00-05:00",
    ),
    (
        "received exactly at opening; due exactly at a range's close",
        {"office_hours": SPLIT_MONDAY, "turnaround": {"business_hours": 3}},
        "2027-02-01T09:00:00-05:00",
        "2027-02-01T12:00:00-05:00",
    ),
    (
        "received exactly at the close of a range counts from the next range",
        {"office_hours": SPLIT_MONDAY, "turnaround": {"business_hours": 1}},
        "2027-02-01T12:00:00-05:00",
        "2027-02-01T14:00:00-05:00",
    ),
    (
        "received exactly at closing counts from the next open day",
        {"office_hours": SPLIT_MONDAY, "turnaround": {"business_hours": 1}},
        "2027-02-01T17:00:00-05:00",
        "2027-02-02T10:00:00-05:00",
    ),
    (
        "received at night counts from the next opening",
        {"turnaround": {"business_hours": 2.5}},
        "2027-02-01T23:00:00-05:00",
        "2027-02-02T11:30:00-05:00",
    ),
    (
        "business hours skip a holiday (Presidents' Day)",
        {"holidays": {"country": "US"}, "turnaround": {"business_hours": 8}},
        "2027-02-12T13:00:00-05:00",
        "2027-02-16T13:00:00-05:00",
    ),
    (
        "business hours on a Tuesday-Saturday week",
        {"office_hours": TUE_TO_SAT, "turnaround": {"business_hours": 4}},
        "2027-02-06T15:00:00-05:00",
        "2027-02-09T11:00:00-05:00",
    ),
    (
        "an office range across the spring-forward gap is one real hour shorter",
        {"office_hours": {"sunday": ["01:00-05:00"]}, "turnaround": {"business_hours": 3}},
        "2027-03-14T01:00:00-05:00",
        "2027-03-14T05:00:00-04:00",
    ),
]

BUSINESS_DAYS_CASES = [
    (
        "next open day's close",
        {},
        "2027-02-01T10:00:00-05:00",
        "2027-02-02T17:00:00-05:00",
    ),
    (
        "received exactly at opening",
        {},
        "2027-02-01T09:00:00-05:00",
        "2027-02-02T17:00:00-05:00",
    ),
    (
        "received exactly at closing",
        {},
        "2027-02-01T17:00:00-05:00",
        "2027-02-02T17:00:00-05:00",
    ),
    (
        "lands on the close of the last range of a short day",
        {"office_hours": SPLIT_MONDAY},
        "2027-02-04T11:00:00-05:00",
        "2027-02-05T15:00:00-05:00",
    ),
    (
        "weekend holiday observed on Monday (4 July 2027 is a Sunday)",
        {"holidays": {"country": "US"}},
        "2027-07-02T14:00:00-04:00",
        "2027-07-06T17:00:00-04:00",
    ),
    (
        "weekend holiday observed on Friday (Juneteenth 2027 is a Saturday)",
        {"holidays": {"country": "US"}},
        "2027-06-17T10:00:00-04:00",
        "2027-06-21T17:00:00-04:00",
    ),
    (
        "England: Christmas and Boxing Day 2027 on a weekend, observed Mon and Tue",
        {"timezone": "Europe/London", "holidays": {"country": "GB", "subdivision": "ENG"}},
        "2027-12-24T10:00:00+00:00",
        "2027-12-29T17:00:00+00:00",
    ),
    (
        "two business days on a Tuesday-Saturday week",
        {"office_hours": TUE_TO_SAT, "turnaround": {"business_days": 2}},
        "2027-02-05T10:00:00-05:00",
        "2027-02-09T17:00:00-05:00",
    ),
    (
        "an extra closure is a closed day",
        {"holidays": {"country": None, "extra_closures": [date(2027, 2, 2)]}},
        "2027-02-01T10:00:00-05:00",
        "2027-02-03T17:00:00-05:00",
    ),
    (
        "an absence in the file: counted from the return",
        {"absences": [{"start": date(2027, 2, 2), "end": date(2027, 2, 5)}]},
        "2027-02-01T10:00:00-05:00",
        "2027-02-08T17:00:00-05:00",
    ),
    (
        "received on an absence's last day (dates inclusive): the first open day after it",
        {"absences": [{"start": date(2027, 2, 2), "end": date(2027, 2, 5)}]},
        "2027-02-05T10:00:00-05:00",
        "2027-02-08T17:00:00-05:00",
    ),
    (
        "Sydney business day across the April DST change",
        {"timezone": "Australia/Sydney", "holidays": {"country": "AU", "subdivision": "NSW"}},
        "2027-04-02T10:00:00+11:00",
        "2027-04-05T17:00:00+10:00",
    ),
]


@pytest.mark.parametrize(
    ("case", "changes", "received", "expected"),
    HOURS_CASES + BUSINESS_HOURS_CASES + BUSINESS_DAYS_CASES,
    ids=[c[0] for c in HOURS_CASES + BUSINESS_HOURS_CASES + BUSINESS_DAYS_CASES],
)
def test_due_time_rules(case: str, changes: dict[str, Any], received: str, expected: str) -> None:
    assert due(calendar(**changes), received) == expected, case


REFERENCE_CASES = [
    ("extra closure, Christmas, weekend", "2026-12-23T16:00:00-05:00", "2026-12-28T17:00:00-05:00"),
    ("Presidents' Day", "2027-02-12T11:00:00-05:00", "2027-02-16T17:00:00-05:00"),
    ("Friday closes at 15:00", "2027-02-04T20:00:00-05:00", "2027-02-05T15:00:00-05:00"),
    ("during the file's absence", "2027-01-06T09:00:00-05:00", "2027-01-11T17:00:00-05:00"),
    ("a naive-looking UTC input", "2027-02-01T15:00:00+00:00", "2027-02-02T17:00:00-05:00"),
]


@pytest.mark.parametrize(("case", "received", "expected"), REFERENCE_CASES)
def test_reference_policy_due_times(case: str, received: str, expected: str) -> None:
    assert due(REFERENCE, received) == expected, case


def test_absence_passed_in_spanning_a_holiday() -> None:
    cal = BusinessCalendar(
        calendar(holidays={"country": "US"}).policy,
        absences=[Absence(date(2026, 12, 28), date(2027, 1, 5))],
    )
    result = cal.due_at(datetime.fromisoformat("2026-12-30T10:00:00-05:00"))
    assert result.due_at == datetime.fromisoformat("2027-01-06T17:00:00-05:00")
    assert "absence" in result.reason
    assert cal.closed_reason(date(2027, 1, 1)) == "absence"
    assert cal.closed_reason(date(2027, 1, 18)) == "public holiday: Martin Luther King Jr. Day"


def test_absences_from_file_and_database_are_merged() -> None:
    cal = BusinessCalendar(
        calendar(absences=[{"start": date(2027, 2, 2), "end": date(2027, 2, 2)}]).policy,
        absences=[Absence(date(2027, 2, 3), date(2027, 2, 3))],
    )
    assert due(cal, "2027-02-01T10:00:00-05:00") == "2027-02-04T17:00:00-05:00"


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="time-zone-aware"):
        REFERENCE.due_at(datetime(2027, 2, 1, 10))


# -- calls -------------------------------------------------------------------------------


def test_call_without_voicemail_has_no_due_time_when_voicemail_required() -> None:
    result = REFERENCE.due_at(
        datetime.fromisoformat("2027-02-01T10:00:00-05:00"), channel="call", voicemail=False
    )
    assert result.due_at is None
    assert "voicemail" in result.reason
    assert result.callback_window is None


def test_unknown_voicemail_is_treated_as_left() -> None:
    assert due(REFERENCE, "2027-02-01T10:00:00-05:00", channel="call") == (
        "2027-02-02T17:00:00-05:00"
    )


def window(cal: BusinessCalendar, received: str, **kwargs: Any) -> tuple[str, str] | None:
    result = cal.due_at(datetime.fromisoformat(received), channel="call", **kwargs)
    w = result.callback_window
    return (w[0].isoformat(), w[1].isoformat()) if w else None


CALLBACK_CASES = [
    ("before Monday's window", "2027-02-01T10:00:00-05:00", "2027-02-01T12:00:00-05:00"),
    ("during Monday's window", "2027-02-01T12:30:00-05:00", "2027-02-01T12:00:00-05:00"),
    ("exactly at the window's end", "2027-02-01T13:00:00-05:00", "2027-02-03T12:00:00-05:00"),
    ("Thursday: next is Friday", "2027-02-04T08:00:00-05:00", "2027-02-05T12:00:00-05:00"),
    ("a holiday Monday has no window", "2027-02-12T14:00:00-05:00", "2027-02-17T12:00:00-05:00"),
]


@pytest.mark.parametrize(("case", "received", "start"), CALLBACK_CASES)
def test_callback_goes_in_first_window_at_or_after_call(
    case: str, received: str, start: str
) -> None:
    found = window(REFERENCE, received, voicemail=True)
    assert found is not None and found[0] == start, case


def test_call_due_uses_return_within_and_says_when_window_is_late() -> None:
    result = REFERENCE.due_at(
        datetime.fromisoformat("2027-02-01T14:00:00-05:00"), channel="call", voicemail=True
    )
    assert result.due_at == datetime.fromisoformat("2027-02-02T17:00:00-05:00")
    assert "callback window starts after" in result.reason


def test_calls_without_windows_use_office_hours() -> None:
    cal = calendar(calls={"return_within": {"business_hours": 2}})
    assert window(cal, "2027-02-05T18:00:00-05:00") == (
        "2027-02-08T09:00:00-05:00",
        "2027-02-08T17:00:00-05:00",
    )
    assert due(cal, "2027-02-05T18:00:00-05:00", channel="call") == "2027-02-08T11:00:00-05:00"


def test_accommodation_wider_callback_window() -> None:
    wide = WeekHours.model_validate({d: ["09:00-17:00"] for d in WEEKDAYS[:5]})
    found = window(
        REFERENCE,
        "2027-02-01T14:00:00-05:00",
        accommodations=Accommodations(callback_windows=wide),
    )
    assert found == ("2027-02-01T09:00:00-05:00", "2027-02-01T17:00:00-05:00")


def test_accommodation_turnaround_given_as_a_value() -> None:
    extra = Accommodations(turnaround=Duration(business_days=3))
    cal = BusinessCalendar(REFERENCE.policy, accommodations=extra)
    assert due(cal, "2027-02-01T10:00:00-05:00") == "2027-02-04T17:00:00-05:00"
    faster = Accommodations(return_within=Duration(business_hours=1))
    assert due(REFERENCE, "2027-02-01T10:00:00-05:00", channel="call", accommodations=faster) == (
        "2027-02-01T11:00:00-05:00"
    )


# -- channels with their own hours ------------------------------------------------------


def coaching_calendar() -> BusinessCalendar:
    hours = {d: ["08:00-21:00"] for d in WEEKDAYS[:5]} | {"saturday": ["10:00-16:00"]}
    return calendar(
        timezone="Australia/Sydney",
        channels={
            "app": {
                "name": "Signal",
                "for": ["clinical"],
                "hours": hours,
                "turnaround": {"business_hours": 1},
            },
            "sms": {"enabled": False},
        },
    )


def test_channel_hours_and_turnaround() -> None:
    cal = coaching_calendar()
    assert due(cal, "2027-02-05T20:30:00+11:00", channel="app") == "2027-02-06T10:30:00+11:00"
    assert due(cal, "2027-02-05T20:30:00+11:00") == "2027-02-08T17:00:00+11:00"


def test_channel_not_offered_has_no_due_time() -> None:
    result = coaching_calendar().due_at(
        datetime.fromisoformat("2027-02-05T20:30:00+11:00"), channel="sms"
    )
    assert result.due_at is None and "does not offer sms" in result.reason


# -- instants ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "is_open", "next_open"),
    [
        ("2027-02-01T09:00:00-05:00", True, "2027-02-01T09:00:00-05:00"),
        ("2027-02-01T12:00:00-05:00", False, "2027-02-01T13:00:00-05:00"),
        ("2027-02-01T16:59:59-05:00", True, "2027-02-01T16:59:59-05:00"),
        ("2027-02-05T15:00:00-05:00", False, "2027-02-08T09:00:00-05:00"),
        ("2027-01-04T10:00:00-05:00", False, "2027-01-11T09:00:00-05:00"),
    ],
)
def test_is_open_and_next_open(instant: str, is_open: bool, next_open: str) -> None:
    dt = datetime.fromisoformat(instant)
    assert REFERENCE.is_open(dt) is is_open
    found = REFERENCE.next_open(dt)
    assert found is not None and found.isoformat() == next_open


def test_office_hours_at() -> None:
    found = REFERENCE.office_hours_at(datetime.fromisoformat("2027-02-01T14:00:00-05:00"))
    assert found is not None
    assert [x.isoformat() for x in found] == [
        "2027-02-01T13:00:00-05:00",
        "2027-02-01T17:00:00-05:00",
    ]


def test_closed_forever_gives_no_due_time() -> None:
    cal = calendar(absences=[{"start": date(2027, 1, 1), "end": date(2031, 1, 1)}])
    result = cal.due_at(datetime.fromisoformat("2027-02-01T10:00:00-05:00"))
    assert result.due_at is None and "no open time" in result.reason


def test_on_call_rotation() -> None:
    cal = calendar(
        emergency={
            "number": "911",
            "on_call": {
                "starts": datetime(2027, 1, 4, 9, 0),
                "rotation": [{"name": "A", "phone": "1"}, {"name": "B", "phone": "2"}],
            },
        }
    )

    def who(s: str) -> str | None:
        found = cal.on_call_at(datetime.fromisoformat(s))
        return found.name if found else None

    assert who("2027-01-04T09:00:00-05:00") == "A"
    assert who("2027-01-11T08:59:00-05:00") == "A"
    assert who("2027-01-11T09:00:00-05:00") == "B"
    assert who("2027-01-18T09:00:00-05:00") == "A"
    # Handover stays at 09:00 local after the DST change (70 days later, an even turn).
    assert who("2027-03-15T08:59:00-04:00") == "B"
    assert who("2027-03-15T09:00:00-04:00") == "A"
    assert REFERENCE.on_call_at(datetime.fromisoformat("2027-01-04T09:00:00-05:00")) is None


CALLBACK_BY_CASES = [
    # The reference policy: calls returned within one business day, in the windows Mon,
    # Wed and Fri 12:00-13:00.
    (
        "Monday morning: Monday's window is the last before Tuesday 17:00",
        "2027-02-01T10:00:00-05:00",
        "2027-02-01T13:00:00-05:00",
    ),
    (
        "Monday afternoon: no window by Tuesday 17:00, so Wednesday's",
        "2027-02-01T14:00:00-05:00",
        "2027-02-03T13:00:00-05:00",
    ),
    (
        "Wednesday morning: due Thursday 17:00, Wednesday's window is the last before it",
        "2027-02-03T08:00:00-05:00",
        "2027-02-03T13:00:00-05:00",
    ),
]


@pytest.mark.parametrize(("case", "received", "by"), CALLBACK_BY_CASES)
def test_callback_by_is_the_end_of_a_window_never_outside_one(
    case: str, received: str, by: str
) -> None:
    result = REFERENCE.due_at(datetime.fromisoformat(received), channel="call", voicemail=True)
    assert result.callback_by is not None and result.callback_by.isoformat() == by, case
    assert result.due_at is not None
    # Never later than the promise unless even the first window ends after it.
    window_end = result.callback_window[1] if result.callback_window else None
    assert result.callback_by <= max(result.due_at, window_end or result.due_at), case


def test_callback_by_with_a_wide_window_is_the_promised_time() -> None:
    wide = WeekHours.model_validate({d: ["09:00-17:00"] for d in WEEKDAYS[:5]})
    result = REFERENCE.due_at(
        datetime.fromisoformat("2027-02-01T14:00:00-05:00"),
        channel="call",
        accommodations=Accommodations(callback_windows=wide),
    )
    assert (
        result.callback_by == result.due_at == datetime.fromisoformat("2027-02-02T17:00:00-05:00")
    )
