"""Boundary patterns for one client, on hand-built contacts."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from between.core.boundaries import (
    SUGGESTIONS,
    TITLES,
    Contact,
    Pattern,
    find_patterns,
)
from between.core.reports import Period, office_hours_calendar
from between.core.tests.helpers import policy

NY = ZoneInfo("America/New_York")
PERIOD = Period(date(2026, 1, 1), date(2026, 1, 31), NY)
CALENDARS = {"v1": office_hours_calendar(policy())}


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


def contact(when: datetime, **kw) -> Contact:
    return Contact(at=when, channel=kw.pop("channel", "portal"), calendar="v1", **kw)


def test_every_pattern_is_listed_even_when_empty():
    found = find_patterns([], [], PERIOD, CALENDARS)
    assert [f.pattern for f in found.findings] == list(Pattern)
    assert not found.any and found.contacts == 0


def test_after_hours_contacts_in_local_time():
    contacts = [
        contact(at(2026, 1, 6, 10)),  # Tuesday, open
        contact(at(2026, 1, 6, 22, 15), ref="message:2"),  # Tuesday night
        contact(at(2026, 1, 10, 9), channel="voice"),  # Saturday
    ]
    found = find_patterns(contacts, [], PERIOD, CALENDARS).get(Pattern.after_hours)
    assert found.count == 2
    first, second = found.occurrences
    assert (first.at.hour, first.at.minute, first.at.tzinfo) == (22, 15, NY)
    assert first.ref == "message:2"
    assert second.channel == "Voicemail"


def test_three_contacts_within_a_day_without_a_reply_are_a_burst():
    contacts = [contact(at(2026, 1, 6, 9)), contact(at(2026, 1, 6, 15)), contact(at(2026, 1, 7, 9))]
    found = find_patterns(contacts, [], PERIOD, CALENDARS).get(Pattern.bursts)
    assert found.count == 1
    burst = found.occurrences[0]
    assert burst.count == 3 and burst.until == at(2026, 1, 7, 9)


def test_a_reply_in_between_breaks_the_burst():
    contacts = [contact(at(2026, 1, 6, 9)), contact(at(2026, 1, 6, 15)), contact(at(2026, 1, 7, 9))]
    replies = [at(2026, 1, 6, 16)]
    found = find_patterns(contacts, replies, PERIOD, CALENDARS).get(Pattern.bursts)
    assert found.count == 0


def test_a_burst_needs_the_contacts_within_24_hours_of_the_first():
    spread = [
        contact(at(2026, 1, 6, 9)),
        contact(at(2026, 1, 6, 15)),
        contact(at(2026, 1, 7, 9, 1)),
    ]
    assert find_patterns(spread, [], PERIOD, CALENDARS).get(Pattern.bursts).count == 0
    many = [contact(at(2026, 1, 12, 8) + timedelta(hours=h)) for h in range(5)]
    found = find_patterns(many, [], PERIOD, CALENDARS).get(Pattern.bursts)
    assert [o.count for o in found.occurrences] == [5]


def test_channels_not_offered_from_the_pipeline_flags():
    contacts = [
        contact(at(2026, 1, 6, 10), channel="sms", flags=("channel_not_for_need",)),
        contact(at(2026, 1, 7, 10), channel="email", flags=("channel_not_offered", "after_hours")),
        contact(at(2026, 1, 8, 10), flags=("no_consent",)),
    ]
    found = find_patterns(contacts, [], PERIOD, CALENDARS).get(Pattern.unoffered_channel)
    assert [o.note for o in found.occurrences] == [
        "channel not offered for this kind of message",
        "channel not offered",
    ]


def test_dual_relationship_requests_by_kind():
    contacts = [
        contact(at(2026, 1, 6, 10), category="boundary", signals=("social_request", "gift")),
        contact(at(2026, 1, 7, 10), category="boundary", flags=("boundary", "meet_outside")),
        contact(at(2026, 1, 8, 10), category="boundary"),
        contact(at(2026, 1, 9, 10), category="clinical", signals=("homework",)),
    ]
    found = find_patterns(contacts, [], PERIOD, CALENDARS).get(Pattern.dual_relationship)
    assert [o.note for o in found.occurrences] == [
        "Friend or follow request; Gift",
        "Invitation to meet outside therapy",
        "Other request beyond therapy",
    ]


def test_crisis_contacts_are_never_part_of_a_pattern():
    contacts = [
        contact(at(2026, 1, 6, 22), crisis=True),
        contact(at(2026, 1, 6, 22, 5), crisis=True),
        contact(at(2026, 1, 6, 22, 10), crisis=True, flags=("channel_not_offered",)),
        contact(at(2026, 1, 6, 23)),
    ]
    found = find_patterns(contacts, [], PERIOD, CALENDARS)
    assert (found.contacts, found.crisis) == (4, 3)
    assert found.get(Pattern.after_hours).count == 1
    assert found.get(Pattern.bursts).count == 0
    assert found.get(Pattern.unoffered_channel).count == 0


def test_contacts_outside_the_period_are_ignored():
    found = find_patterns([contact(at(2026, 2, 1, 22))], [], PERIOD, CALENDARS)
    assert found.contacts == 0 and not found.any


def test_suggestions_are_kind_and_exist_for_every_pattern():
    assert set(SUGGESTIONS) == set(Pattern) == set(TITLES)
    blaming = re.compile(r"\b(inappropriate|violat\w*|must not|warn\w*|breach\w*|refus\w*)\b", re.I)
    for text in SUGGESTIONS.values():
        assert not blaming.search(text), text
        assert text.endswith(".") and len(text) < 300
