"""The voicemail greeting generated from the policy: emergency line first (R11, R12)."""

from __future__ import annotations

import pytest

from between.core.pipeline.voice_greeting import clock, describe_week, for_speech, greeting_text
from between.core.policy import reference_policy_text
from between.core.policy.schema import WeekHours
from between.policies.store import parsed_policy

REFERENCE = reference_policy_text()


def policy(text: str = REFERENCE):
    return parsed_policy(text)


def test_the_emergency_line_comes_first_then_crisis_lines_and_after_hours():
    text = greeting_text(policy())
    assert text.startswith("If this is an emergency, hang up and dial 911.")
    assert text.index("988 Suicide & Crisis Lifeline: call or text 988.") < text.index(
        "You have reached Riverside Counseling."
    )
    assert "Riverside on-call clinician at +1 212 555 0199" in text


def test_office_hours_and_the_call_return_rules_follow_and_the_tone_ends_it():
    text = greeting_text(policy())
    assert (
        "Office hours are Monday, 9 a.m. to noon and 1 p.m. to 5 p.m.; "
        "Tuesday to Thursday, 9 a.m. to 5 p.m.; Friday, 9 a.m. to 3 p.m." in text
    )
    assert (
        "I return calls within 1 business day, on Monday, Wednesday and Friday "
        "between noon and 1 p.m." in text
    )
    assert "Calls without a message are not returned." in text  # voicemail_required
    assert text.endswith("after the tone.")
    assert (
        text.index("You have reached")
        < text.index("Office hours")
        < text.index("I return calls")
        < text.index("after the tone")
    )


def test_rules_the_policy_does_not_set_are_not_mentioned():
    text = REFERENCE.replace(
        "  voicemail_required: true           # no voicemail, no callback\n",
        "  voicemail_required: false\n",
    )
    text = text.replace(
        """  callback_windows:
    monday: ["12:00-13:00"]
    wednesday: ["12:00-13:00"]
    friday: ["12:00-13:00"]
""",
        "",
    )
    greeting = greeting_text(policy(text))
    assert "I return calls within 1 business day, during office hours." in greeting
    assert "not returned" not in greeting


def test_another_country_s_emergency_number_and_lines():
    text = REFERENCE.replace('number: "911"', 'number: "999"').replace(
        '''    - name: "988 Suicide & Crisis Lifeline"
      contact: "call or text 988"''',
        '''    - name: "Samaritans"
      contact: "call 116 123"''',
    )
    greeting = greeting_text(policy(text))
    assert greeting.startswith("If this is an emergency, hang up and dial 999.")
    assert "Samaritans: call 116 123." in greeting and "911" not in greeting


def test_a_line_for_scheduling_only_says_so():
    text = REFERENCE.replace(
        """  phone:
    enabled: true
    number: "+1 212 555 0100"
    for: [admin, clinical]""",
        """  phone:
    enabled: true
    number: "+1 212 555 0100"
    for: [admin]""",
    )
    assert "This line is for scheduling and practical questions only." in greeting_text(
        policy(text)
    )


def test_the_greeting_carries_no_template_syntax_and_is_translatable():
    seen: list[str] = []

    def translate(s: str) -> str:
        seen.append(s)
        return s

    text = greeting_text(policy(), translate)
    assert "{" not in text and "}" not in text
    assert "If this is an emergency, hang up and dial {number}." in seen


@pytest.mark.parametrize(
    ("minutes", "spoken"),
    [(540, "9 a.m."), (720, "noon"), (750, "12:30 p.m."), (1020, "5 p.m."), (1440, "midnight")],
)
def test_clock(minutes, spoken):
    assert clock(minutes) == spoken


def test_days_with_the_same_hours_are_grouped():
    week = WeekHours(
        monday=["09:00-17:00"],
        tuesday=["09:00-17:00"],
        wednesday=["09:00-17:00"],
        saturday=["10:00-12:00"],
    )
    assert describe_week(week) == "Monday to Wednesday, 9 a.m. to 5 p.m.; Saturday, 10 a.m. to noon"


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("dial 911.", "dial 9 1 1."),
        ("call or text 988.", "call or text 9 8 8."),
        ("at +1 212 555 0199.", "at 1, 2 1 2, 5 5 5, 0 1 9 9."),
        ("call (212) 555-0142", "call 2 1 2, 5 5 5, 0 1 4 2"),
        ("dial 911. 988 Lifeline", "dial 9 1 1. 9 8 8 Lifeline"),
        ("9 a.m. to 5 p.m.", "9 a.m. to 5 p.m."),
        ("12:30 p.m.", "12:30 p.m."),
        ("within 1 business day", "within 1 business day"),
    ],
)
def test_numbers_are_spoken_digit_by_digit(text, spoken):
    assert for_speech(text) == spoken
