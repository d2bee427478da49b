"""Ordinary inbox messages must not page anyone; crisis messages must (issue 5).

The rules-only checks run everywhere in milliseconds. The full detector (rules plus the
message reader) is checked under the `model` marker: it loads the reader.
"""

from __future__ import annotations

import pytest

from between.core.triage import Detector
from between.core.triage.rules import screen_rules

ORDINARY = [
    "Can we move Thursday?",
    "Can we move Thursday's appointment to 4pm?",
    "Running late tomorrow",
    "Running about ten minutes late for my session tomorrow, sorry!",
    "please call me back",
    "Also is 4pm ok?",
    "a third thing",
    "another thing",
    "one thing",
    "Thanks, see you then",
    "I did my homework",
    "I finished the worksheet",
    "See you Tuesday",
    "Could you send me a superbill for October? My insurer needs it.",
    "I sent you a friend request on Instagram, hope that's okay!",
    "Had a rough night, the breathing exercise helped a little. Talk Tuesday.",
    "Hi, it's about next week's appointment, please call me back",
    "hello?",
    "Hello, is this the counseling office?",
    "One more scheduling question.",
    "This traffic is killing me, running late",
    "warming up",
    "",
]

CRISIS = [
    "I want to kill myself",
    "I can't go on, I want to kill myself tonight",
    "I have the pills counted out and I won't be here tomorrow",
    "i dont want to wake up anymore",
    "nobody would even notice if i was gone",
    "I'm going to hurt him when he gets home",
    "he is hitting me again and I'm not safe",
    "I took all my pills",
    "my sister said she wants to die",
    "this is goodbye. thank you for everything",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_rules_leave_ordinary_messages_alone(text: str) -> None:
    assert screen_rules(text).score < 0.5


@pytest.mark.parametrize("text", CRISIS)
def test_rules_catch_plain_crisis_messages(text: str) -> None:
    assert screen_rules(text).score >= 0.5


@pytest.mark.model
@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_messages_are_not_crises(shipped: Detector, text: str) -> None:
    result = shipped.screen(text)
    assert not result.crisis, (result.score, result.layers)


@pytest.mark.model
@pytest.mark.parametrize("text", CRISIS)
def test_crisis_messages_are_crises(shipped: Detector, text: str) -> None:
    assert shipped.screen(text).crisis
