"""The rules layer: lexicon coverage, context readings and spans."""

from __future__ import annotations

import pytest

from between.core.triage import screen_rules
from between.core.triage.rules import normalise

CRISIS = [
    "I want to kill myself",
    "i wanna die",
    "kms",
    "thinking about sewerslide again",
    "I want to unalive myself",
    "I've been having sucidal thoughts all week",
    "im so done. want to kill my self",
    "everyone would be better off without me",
    "I wish I could go to sleep and never wake up",
    "I cut myself again last night",
    "the urge to sh is so bad tonight",
    "I've been saving up my pills",
    "How many Tylenol would it take",
    "I bought a gun yesterday",
    "I'm standing on the bridge right now",
    "thinking about jumping off the parking garage",
    "By the time you read this I'll be gone.",
    "This is my goodbye. Thank you for trying.",
    "I'm going to kill him when he gets home",
    "I keep having thoughts about hurting my baby",
    "My husband hit me again last night",
    "My boyfriend threatened to kill me if I leave",
    "I don't feel safe at home",
    "I can't breathe and my lips are turning blue",
    "I can't promise I'll be safe tonight",
    "i took like 30 pills",
]

NOT_CRISIS = [
    "Can we move Thursday's session to 4pm?",
    "I did the thought record every day this week.",
    "This homework is killing me lol",
    "I could kill my roommate for eating my leftovers again, haha",
    "I cut myself shaving this morning",
    "My back is killing me",
    "I'm dying to tell you about the interview",
    "We watched Suicide Squad last night",
    "Picked up my prescription today",
    "I'm a nurse in the ER, so my schedule changes weekly.",
    "",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_phrasings_fire(text: str) -> None:
    outcome = screen_rules(text)
    assert outcome.score >= 0.5, (text, outcome)
    assert outcome.signals


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_everyday_language_does_not_fire(text: str) -> None:
    assert screen_rules(text).score < 0.5


def test_negation_is_lower_risk_but_surfaced() -> None:
    outcome = screen_rules("I'm not going to hurt myself, don't worry")
    assert outcome.score < 0.5
    assert outcome.negated
    assert outcome.signals and outcome.signals[0].negated
    assert outcome.signals[0].category == "self_harm"


def test_not_sure_is_not_negation() -> None:
    outcome = screen_rules("I don't know if I want to die")
    assert outcome.score >= 0.5
    assert not outcome.negated


def test_third_party_reported_speech() -> None:
    outcome = screen_rules("my sister said she wants to die")
    assert outcome.score >= 0.5
    assert outcome.about == "other"
    assert screen_rules("My son told me he's been cutting himself").about == "other"
    assert screen_rules("I told my mom I want to die").about == "self"


def test_remote_past_is_surfaced_recent_past_is_crisis() -> None:
    remote = screen_rules("I used to cut myself in high school")
    assert remote.score < 0.5 and remote.signals[0].past
    recent = screen_rules("I tried to kill myself last weekend")
    assert recent.score >= 0.5


def test_spans_point_at_the_matched_words() -> None:
    text = "Hi! Can we talk? I have been thinking about Killing Myself."
    outcome = screen_rules(text)
    spans = [text[s.start : s.end].lower() for s in outcome.signals]
    assert any("killing myself" in span for span in spans)


def test_curly_quotes_and_case_keep_offsets() -> None:
    text = "I DON\u2019T WANT TO LIVE ANYMORE"
    assert len(normalise(text)) == len(text)
    outcome = screen_rules(text)
    assert outcome.score >= 0.5
    assert text[outcome.signals[0].start : outcome.signals[0].end].upper().startswith("DON")


def test_weak_signals_add_up() -> None:
    assert screen_rules("\U0001f52a").score < 0.5
    assert screen_rules("feeling hopeless \U0001f52a\U0001f48a").score >= 0.5


def test_long_text_is_scanned_to_the_end() -> None:
    text = "Scheduling notes and weekly news. " * 2000 + "I want to end my life."
    outcome = screen_rules(text)
    assert outcome.score >= 0.5
    assert max(s.end for s in outcome.signals) > len(text) - 30
