from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from between.practices.dates import Month, by_day, local_dates, overlaps
from between.practices.ical import Event

NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")


def test_inclusive_ranges_sharing_a_day_overlap():
    assert overlaps(date(2027, 3, 1), date(2027, 3, 5), date(2027, 3, 5), date(2027, 3, 9))
    assert not overlaps(date(2027, 3, 1), date(2027, 3, 4), date(2027, 3, 5), date(2027, 3, 9))


def test_local_dates_of_timed_events():
    assert local_dates(
        datetime(2027, 3, 19, 3, tzinfo=UTC), datetime(2027, 3, 19, 5, tzinfo=UTC), NEW_YORK
    ) == (date(2027, 3, 18), date(2027, 3, 19))
    # Ending exactly at local midnight does not touch the next day.
    assert local_dates(
        datetime(2027, 4, 20, tzinfo=NEW_YORK), datetime(2027, 4, 21, tzinfo=NEW_YORK), NEW_YORK
    ) == (date(2027, 4, 20), date(2027, 4, 20))
    # A floating time is the practice's own clock; a zero-length event is its one day.
    moment = datetime(2027, 5, 1, 23, 30)
    assert local_dates(moment, moment, NEW_YORK) == (date(2027, 5, 1), date(2027, 5, 1))


def test_month_grid_runs_monday_to_sunday_across_month_and_year_boundaries():
    december = Month(2026, 12)
    weeks = december.weeks()
    assert weeks[0][0] == date(2026, 11, 30)  # a Monday, from November
    assert weeks[-1][-1] == date(2027, 1, 3)  # a Sunday, in January
    assert all(len(w) == 7 for w in weeks)
    assert december.next == Month(2027, 1)
    assert Month(2027, 1).previous == december
    assert Month(2028, 2).last == date(2028, 2, 29)


def test_by_day_lists_each_span_on_every_day_it_covers():
    a = Event("a", date(2027, 2, 27), date(2027, 3, 2), "A")
    b = Event("b", date(2027, 3, 2), date(2027, 3, 2), "B")
    found = by_day([a, b], date(2027, 2, 28), date(2027, 3, 3))
    assert [len(found[d]) for d in sorted(found)] == [1, 1, 2, 0]
