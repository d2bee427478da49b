"""Need triage on messages shaped like a therapist's inbox."""

import pytest

from between.core.needs import BasicCrisisResult, Need, classify_need

TABLE = [
    ("Hi, could we move Thursday's appointment to 4pm?", Need.admin, "scheduling"),
    ("Running about ten minutes late for my session tomorrow, sorry!", Need.admin, "scheduling"),
    ("I need to cancel next week, I'll be traveling", Need.admin, "cancelling"),
    ("Could you send me a superbill for October? My insurer needs it.", Need.admin, "billing"),
    ("Did you get the intake paperwork I sent?", Need.admin, "forms"),
    ("Are you taking new clients?", Need.admin, "scheduling"),
    ("I did the thought record homework three times this week", Need.clinical, "homework"),
    ("Journal entry from this week: the panic starts early", Need.clinical, "journaling"),
    ("Had a rough night, the breathing exercise helped a little", Need.clinical, "check_in"),
    ("My new meds are giving me side effects", Need.clinical, "symptoms"),
    (
        "I sent you a friend request on Instagram, hope that's okay!",
        Need.boundary,
        "social_request",
    ),
    ("Would you like to grab a coffee sometime?", Need.boundary, "meet_outside"),
    ("I got you a little gift for our last session", Need.boundary, "gift"),
    ("Are you married? Just curious", Need.boundary, "personal_question"),
    ("Thanks!", Need.other, None),
    ("", Need.other, None),
]


@pytest.mark.parametrize(("text", "need", "signal"), TABLE)
def test_inbox_table(text, need, signal):
    result = classify_need(text)
    assert result.need == need
    if signal:
        assert signal in result.signals


def test_the_most_protective_need_wins():
    mixed = classify_need("Can we reschedule? Also I followed you on Instagram")
    assert mixed.need == Need.boundary and "scheduling" in mixed.signals
    clinical = classify_need("Can we reschedule, my anxiety has been awful")
    assert clinical.need == Need.clinical


@pytest.mark.parametrize(
    "text",
    [
        "I can't keep doing this. I want to kill myself",
        "I have the pills counted out and I won't be here tomorrow",
        "i don't want to wake up anymore",
        "He is hitting me again and I'm not safe",
    ],
)
def test_crisis_beats_everything_even_in_a_scheduling_text(text):
    result = classify_need(f"Can we reschedule? {text}")
    assert result.need == Need.crisis


def test_a_supplied_crisis_screen_replaces_the_floor():
    calls: list[str] = []

    def screen(text: str) -> BasicCrisisResult:
        calls.append(text)
        return BasicCrisisResult(crisis=True, signals=("custom",))

    result = classify_need("see you Tuesday", crisis_screen=screen)
    assert result.need == Need.crisis and result.crisis_signals == ("custom",)
    assert calls == ["see you Tuesday"]
