"""Reading real-world calendar exports: Outlook with a Windows time zone, Google's weekly
day off with a skipped and a moved Friday, an Apple vacation, and a truncated file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from between.practices.ical import IcsError, event_key, read_ics

DATA = Path(__file__).parent / "data"
NEW_YORK = ZoneInfo("America/New_York")
TODAY = date(2027, 2, 1)


def read(name: str, today: date = TODAY, zone: ZoneInfo = NEW_YORK):
    return read_ics((DATA / name).read_bytes(), zone, today)


def spans(reading, *, problems: bool = False):
    return [(e.start, e.end, e.summary) for e in reading.events if bool(e.problem) == problems]


def test_outlook_export_with_a_windows_time_zone_maps_to_local_dates():
    reading = read("outlook-vtimezone.ics")
    assert spans(reading) == [
        (date(2026, 12, 21), date(2026, 12, 23), "Holiday break"),
        (date(2027, 3, 15), date(2027, 3, 17), "Conference (out of office)"),
        # 03:00-05:00 UTC is 23:00-01:00 in New York: it touches two local dates.
        (date(2027, 3, 18), date(2027, 3, 19), "Red-eye flight home"),
        # All-day: DTEND is exclusive.
        (date(2027, 4, 5), date(2027, 4, 5), "Training day"),
        # Midnight to midnight touches one date only.
        (date(2027, 4, 20), date(2027, 4, 20), "Personal day"),
    ]


def test_timed_events_are_read_in_the_practice_zone_not_the_file_zone():
    london = read("outlook-vtimezone.ics", zone=ZoneInfo("Europe/London"))
    red_eye = next(e for e in london.events if e.summary == "Red-eye flight home")
    # 03:00-05:00 UTC is the early morning of the 19th in London.
    assert (red_eye.start, red_eye.end) == (date(2027, 3, 19), date(2027, 3, 19))
    conference = next(e for e in london.events if e.summary.startswith("Conference"))
    # 09:00 New York on the 15th to 17:00 on the 17th is 13:00 to 21:00 London time.
    assert (conference.start, conference.end) == (date(2027, 3, 15), date(2027, 3, 17))


def test_weekly_day_off_skips_the_excluded_friday_and_follows_the_moved_one():
    days_off = [s for s in spans(read("google-weekly-day-off.ics")) if s[2].startswith("Day off")]
    assert [start for start, _end, _summary in days_off] == [
        date(2027, 1, 8),
        date(2027, 1, 15),
        date(2027, 1, 22),
        date(2027, 1, 29),
        date(2027, 2, 5),
        date(2027, 2, 12),
        # 19 February is excluded (EXDATE); 26 February was moved to Thursday the 25th.
        date(2027, 2, 25),
        date(2027, 3, 5),
        date(2027, 3, 12),
    ]  # COUNT=10 with one excluded: nine
    assert all(start == end for start, end, _summary in days_off)


def test_fortnightly_timed_rule_with_until_and_a_timed_exdate():
    halves = [s[0] for s in spans(read("google-weekly-day-off.ics")) if s[2].startswith("Half")]
    assert halves == [date(2027, 2, 3), date(2027, 3, 3), date(2027, 3, 17), date(2027, 3, 31)]


def test_the_moved_occurrence_keeps_the_key_of_its_original_date():
    reading = read("google-weekly-day-off.ics")
    moved = next(e for e in reading.events if "moved" in e.summary)
    uid = "5k2l9v0q3m7d1c8r6t4b2n0x1s@google.com"
    assert moved.key == event_key(uid, date(2027, 2, 26))
    assert len({e.key for e in reading.events}) == len(reading.events)


def test_keys_do_not_change_between_two_readings():
    first = [e.key for e in read("google-weekly-day-off.ics").events]
    assert first == [e.key for e in read("google-weekly-day-off.ics").events]


def test_vacation_file_reports_each_unreadable_event_and_keeps_the_rest():
    reading = read("vacation-all-day.ics")
    assert spans(reading) == [
        (date(2027, 5, 24), date(2027, 5, 24), "Family day"),  # no DTEND: one day
        (date(2027, 7, 5), date(2027, 7, 16), "Summer vacation"),
        (date(2027, 7, 8), date(2027, 7, 8), "Dentist"),
    ]
    problems = {e.summary: e.problem for e in reading.events if e.problem}
    assert problems == {
        "Workshop (cancelled)": "cancelled in the calendar",
        "Ends before it starts": "malformed: it ends before it starts",
        "No start date": "malformed: it has no start date",
        "Sabbatical": "too far ahead: only dates up to 2028-08-02 are read",
    }


def test_endless_rule_stops_at_the_horizon():
    text = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:every-monday\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20260105\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Admin day\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    reading = read_ics(text, NEW_YORK, TODAY)
    starts = [e.start for e in reading.events]
    assert starts[0] >= reading.window_start
    assert starts[-1] <= reading.window_end
    assert 85 <= len(starts) <= 92  # 90 days back and 548 ahead, weekly


def test_old_one_off_events_are_counted_not_listed():
    text = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:old\r\nDTSTAMP:20200101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20200105\r\nSUMMARY:Long ago\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:soon\r\nDTSTAMP:20200101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20270305\r\nSUMMARY:Soon\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    reading = read_ics(text, NEW_YORK, TODAY)
    assert [e.summary for e in reading.events] == ["Soon"]
    assert reading.older == 1


def test_unreadable_rule_is_reported_for_that_event_only():
    text = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:bad-rule\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20270301\r\nRRULE:FREQ=SOMETIMES;COUNT=x\r\n"
        b"SUMMARY:Odd\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:fine\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20270305\r\nSUMMARY:Fine\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    reading = read_ics(text, NEW_YORK, TODAY)
    by_summary = {e.summary: e.problem for e in reading.events}
    assert by_summary["Fine"] == ""
    assert by_summary["Odd"].startswith("malformed")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ((DATA / "broken.ics").read_bytes(), "could not be read"),
        (b"", "empty"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone\r\nEND:VCARD\r\n", "not a calendar"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no events"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "could not be read"),
        (b"X" * 1_000_001, "larger than 1 MB"),
    ],
)
def test_unreadable_files_raise_a_clear_error(data, says):
    with pytest.raises(IcsError, match=says):
        read_ics(data, NEW_YORK, TODAY)
