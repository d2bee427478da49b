"""The demo is dated from the day it is loaded: whatever that day is, its closures and its
week away are ahead and no answer it owes is already late."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from between.core.policy import reference_policy_text
from between.demo import data, timeline
from between.demo.load import load_demo
from between.messaging.models import Call, Message
from between.policies.models import PolicyVersion
from between.policies.store import calendar_for, parsed_policy
from between.practices.models import Absence

NY = ZoneInfo("America/New_York")
SAM = "Sam Lee, PhD"  # the reference policy's covering colleague

# Days that have caught date arithmetic out: a Monday before the office opens, inside a
# callback window, Friday after closing, a weekend, the days around the year-end
# closures, a leap day, the spring-forward night, and a day a year ahead of this code.
LOAD_TIMES = [
    datetime(2027, 2, 1, 8, 0, tzinfo=NY),
    datetime(2027, 2, 1, 12, 30, tzinfo=NY),
    datetime(2027, 2, 5, 16, 0, tzinfo=NY),
    datetime(2027, 2, 6, 10, 0, tzinfo=NY),
    datetime(2026, 12, 23, 18, 0, tzinfo=NY),
    datetime(2026, 12, 26, 9, 0, tzinfo=NY),
    datetime(2028, 2, 29, 23, 30, tzinfo=NY),
    datetime(2027, 3, 14, 1, 45, tzinfo=NY),
    datetime(2027, 12, 31, 11, 0, tzinfo=NY),
]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 3, 1), [date(2027, 12, 24), date(2027, 12, 31)]),
        (date(2027, 12, 24), [date(2027, 12, 24), date(2027, 12, 31)]),
        (date(2027, 12, 25), [date(2027, 12, 31), date(2028, 12, 24)]),
        (date(2028, 1, 1), [date(2028, 12, 24), date(2028, 12, 31)]),
    ],
)
def test_year_end_closures_are_the_next_ones(today, expected):
    assert timeline.year_end_closures(today) == expected


@pytest.mark.parametrize("today", [date(2027, 2, 1), date(2027, 2, 7), date(2027, 12, 29)])
def test_the_week_away_is_a_whole_week_well_ahead(today):
    start, end = timeline.week_away(today)
    assert start.weekday() == 0 and end - start == timedelta(days=4)
    assert timedelta(days=21) < start - today <= timedelta(days=28)


def test_the_policy_keeps_its_text_and_moves_only_its_dates():
    reference = reference_policy_text()
    text = timeline.policy_text(reference, date(2027, 6, 9), SAM)
    policy = parsed_policy(text)
    assert policy.holidays.extra_closures == [date(2027, 12, 24), date(2027, 12, 31)]
    assert [(a.start, a.end, a.covering) for a in policy.absences] == [
        (date(2027, 7, 5), date(2027, 7, 9), SAM)
    ]
    # Comments and every other line are the reference's own.
    assert text.splitlines()[:5] == reference.splitlines()[:5]
    assert len(text.splitlines()) == len(reference.splitlines())


@pytest.mark.parametrize("now", LOAD_TIMES, ids=lambda t: t.strftime("%a-%Y-%m-%d-%H%M"))
def test_arrivals_keep_their_order_and_every_promise_ahead(now):
    calendar = calendar_for(timeline.policy_text(reference_policy_text(), now.date(), SAM))
    items = [(70.0, "message"), (5.0, "voicemail"), (28.0, "call"), (0.0, "message")]
    arrived = timeline.arrivals(calendar, now, items)
    assert arrived[3] == now and arrived[0] < arrived[2] < arrived[1] < now
    for at, (_, kind) in zip(arrived, items, strict=True):
        due = timeline.owed(calendar, at, kind)
        best = timeline.owed(calendar, now, kind)
        if due is not None:
            assert due >= min(now + timeline.PROMISE_MARGIN, best), (kind, at, due)


def test_arrivals_are_left_as_written_when_every_promise_holds():
    monday = datetime(2027, 2, 1, 16, 0, tzinfo=NY)  # a reply is owed by Tuesday afternoon
    calendar = calendar_for(reference_policy_text())
    arrived = timeline.arrivals(calendar, monday, [(3.0, "message"), (1.0, "voicemail")])
    assert arrived == [monday - timedelta(hours=3), monday - timedelta(hours=1)]


@pytest.mark.django_db
@pytest.mark.parametrize("now", LOAD_TIMES, ids=lambda t: t.strftime("%a-%Y-%m-%d-%H%M"))
def test_the_loaded_demo_owes_nothing_already_late(now):
    with freeze_time(now):
        load_demo()
    assert Message.objects.count() == len(data.MESSAGES)
    for message in Message.objects.all():
        assert message.received_at <= now and message.due_at is not None
        if message.crisis:
            assert message.due_at == message.received_at == now  # owed at once, and new
        else:
            assert message.due_at > now, message.dedupe_key
    for call in Call.objects.filter(voicemail=True):
        assert call.callback_due is not None and call.callback_due > now, call.call_id
    # The inbox reads as the author wrote it: oldest first by their hours, crisis newest.
    by_age = sorted(data.MESSAGES, key=lambda m: -m.hours_ago)
    received = [Message.objects.get(dedupe_key=m.key).received_at for m in by_age]
    assert received == sorted(received)
    policy = parsed_policy(PolicyVersion.objects.get().text)
    local_today = now.astimezone(NY).date()
    assert all(day >= local_today for day in policy.holidays.extra_closures)
    absence = Absence.objects.get()
    assert absence.start > local_today and absence.note == "Week away"
    assert [(a.start, a.end) for a in policy.absences] == [(absence.start, absence.end)]
