from datetime import datetime
from zoneinfo import ZoneInfo

from between.core.calendar import BusinessCalendar
from between.core.pipeline.escalation import escalation_chain
from between.core.pipeline.values import Alert, Audience
from between.core.policy import load_policy, reference_policy_text

NY = ZoneInfo("America/New_York")
POLICY = load_policy(reference_policy_text()).policy
CALENDAR = BusinessCalendar(POLICY)


def names(chain):
    return [(a.audience, a.name) for a in chain]


def test_office_hours_chain_goes_from_clinician_to_after_hours():
    first = Alert("crisis_page", Audience.clinician, "Alex Rivera, LMFT", None, "alex@x.example")
    chain = escalation_chain(POLICY, CALENDAR, datetime(2026, 11, 23, 10, tzinfo=NY), first)
    assert names(chain) == [
        (Audience.clinician, "Alex Rivera, LMFT"),
        (Audience.after_hours, "Riverside on-call clinician"),
    ]


def test_absence_chain_starts_with_cover_and_lists_each_person_once():
    sam = POLICY.coverage[0]
    first = Alert("crisis_page", Audience.covering, sam.name, sam.phone, sam.email)
    chain = escalation_chain(POLICY, CALENDAR, datetime(2027, 1, 5, 10, tzinfo=NY), first)
    assert names(chain) == [
        (Audience.covering, "Sam Lee, PhD"),
        (Audience.after_hours, "Riverside on-call clinician"),
    ]


def test_a_rotation_pages_the_rest_of_the_rotation():
    text = reference_policy_text().replace(
        "coverage:",
        "  on_call:\n    starts: 2026-11-02T09:00:00\n    every_days: 7\n    rotation:\n"
        '      - {name: "A One", phone: "+1 212 555 0001"}\n'
        '      - {name: "B Two", phone: "+1 212 555 0002"}\ncoverage:',
    )
    policy = load_policy(text).policy
    calendar = BusinessCalendar(policy)
    at = datetime(2026, 11, 23, 22, tzinfo=NY)  # week 4 from the start: B Two is on call
    on_call = calendar.on_call_at(at)
    first = Alert("crisis_page", Audience.on_call, on_call.name, on_call.phone, None)
    assert [a.name for a in escalation_chain(policy, calendar, at, first)] == [
        "B Two",
        "Riverside on-call clinician",
        "A One",
    ]
