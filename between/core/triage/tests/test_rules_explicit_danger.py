"""The rules layer in English: plan, means or time; a goodbye with means; harm to
another person; danger at home now. Look-alikes stay below the crisis line."""

from __future__ import annotations

import pytest

from between.core.triage import screen_rules
from between.core.triage.lexicon import cue_literals
from between.core.triage.rules import CRISIS_AT, RuleScreen

# (text, category of the strongest hit, who it is about)
CRISIS = [
    # means with an intent or a time, in any order
    ("I have the pills saved up and I'm going to take them tonight", "plan_means", "self"),
    ("tonight's the night, I'm gonna take the meds I've been stockpiling", "plan_means", "self"),
    ("I'm going to take the tablets I saved when everyone's asleep", "plan_means", "self"),
    ("the gun is loaded and I'll use it after work", "plan_means", "self"),
    ("the rope is tied, I'm going to do it this weekend", "plan_means", "self"),
    ("there's a knife in my bag and I'm about to use it", "plan_means", "self"),
    ("the pills are counted out and I plan to end it", "plan_means", "self"),
    ("I'm going to swallow them all tonight", "plan_means", "self"),
    ("sitting in the garage with the engine running", "plan_means", "self"),
    ("how many of my blood pressure pills would it take", "plan_means", "self"),
    ("she's been saving up her sleeping pills for weeks", "plan_means", "other"),
    # taken already
    ("i tookd to many of my sleeping pills", "medical_emergency", "self"),
    ("took most of the bottle of lorazepam an hour ago", "medical_emergency", "self"),
    ("I took all my dad's oxy", "medical_emergency", "self"),
    # a goodbye with means
    ("I've written letters to everyone and the pills are on the table", "goodbye", "self"),
    ("said my goodbyes. I have the gun with me", "goodbye", "self"),
    # harm to another person
    ("I'm going to kill my stepfather when he walks in tonight", "harm_to_others", "self"),
    ("I have thoughts of hurting my baby", "harm_to_others", "self"),
    ("I keep picturing dropping the baby down the stairs", "harm_to_others", "self"),
    ("I had this thought of smothering my son with a pillow", "harm_to_others", "self"),
    # danger at home now
    ("he's outside my door with a knife", "abuse_danger", "self"),
    ("he's hitting me right now", "abuse_danger", "self"),
    ("I'm locked in the bathroom and he's trying to get in", "abuse_danger", "self"),
    ("he's screaming that he'll kill me if I open the door", "abuse_danger", "self"),
    ("can't call, he'll hear me", "abuse_danger", "self"),
    ("he took my phone and kicked a hole in the door", "abuse_danger", "self"),
    # self-harm now, misspelled ideation
    ("did it again on my thighs, deeper than last time", "self_harm", "self"),
    ("burned my arm with a lighter again", "self_harm", "self"),
    ("I've been skipping my insulin on purpose since Friday", "self_harm", "self"),
    ("i wnat to die", "suicidal_ideation", "self"),
    ("ill be dead by sunday anyway", "suicidal_ideation", "self"),
]

NOT_CRISIS = [
    "this heat wave is killing me",
    "my boss is going to kill me if I'm late again lol",
    "I'm dying to see the new season",
    "I nearly died laughing at your email",
    "I'd rather die than sing karaoke at the office party",
    "I'm not going to hurt myself, I promise",
    "I don't have any thoughts of suicide right now",
    "Years ago I tried to kill myself, and today I'm doing well",
    "when I was a teenager I used to cut, that's behind me now",
    "I cut my finger chopping onions last night",
    "I nicked myself shaving this morning",
    "Is it safe to take ibuprofen with sertraline?",
    "I forgot my pills last night, should I take two today?",
    "my pills are ready at the pharmacy, can I pick them up after work?",
    "I'm going to take my meds after work tonight",
    "my meds are in my bag, I'll take them after lunch",
    "I counted my pills to fill the weekly organizer tonight",
    "I'm a school counselor, do you offer suicide prevention trainings?",
    "As a nurse, how should I ask patients about suicidal thoughts?",
    "We lost a student to suicide last spring and the staff is still grieving",
    'My favorite lyric is "I\'d rather die than live without you", so cheesy',
    "I want to dye my hair purple before the wedding",
    "I could strangle my brother for eating my leftovers",
    "I thought I was going to die on that roller coaster",
    "hoping to not wake up before noon on Saturday lol",
    "I'm thinking about dropping my son off at school early",
    "I'll take them all to the park after school",
    "The gun range was fun, first time shooting a rifle",
]


@pytest.mark.parametrize(("text", "category", "about"), CRISIS)
def test_explicit_danger_fires(text: str, category: str, about: str) -> None:
    outcome = screen_rules(text)
    assert outcome.score >= CRISIS_AT, (text, outcome)
    assert outcome.category == category, (text, outcome)
    assert outcome.about == about, (text, outcome)


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_look_alikes_stay_below_the_line(text: str) -> None:
    outcome = screen_rules(text)
    assert outcome.score < CRISIS_AT, (text, outcome)


def test_two_denials_are_one_denial() -> None:
    assert screen_rules("I'm not suicidal and I'm not going to hurt myself").score < CRISIS_AT


def test_a_taken_back_statement_is_read_as_one() -> None:
    text = "When I said I don't want to wake up tomorrow, I meant the 7am slot."
    outcome = screen_rules(text)
    assert outcome.score < CRISIS_AT and outcome.negated


def test_weak_danger_signs_add_up() -> None:
    assert screen_rules("banging on the door").score < CRISIS_AT
    assert screen_rules("banging on the door. pls send someone").score >= CRISIS_AT


def test_cue_literals() -> None:
    assert cue_literals(r"can'?t|go\s+on") == {"can't", "cant", "go on"}
    assert cue_literals(r"\bd[ií]a\b") == {"dia", "día"}


def test_cues_hide_no_hit() -> None:
    fast, slow = RuleScreen(), RuleScreen(use_cues=False)
    for text, _, _ in CRISIS:
        assert fast.screen(text).signals == slow.screen(text).signals, text
    for text in NOT_CRISIS:
        assert fast.screen(text).signals == slow.screen(text).signals, text
