"""Junk never pages: repetition is folded before anything reads it, and the reader's
verdict on empty, repeated and random texts stays below the crisis line."""

from __future__ import annotations

import random
import string

import pytest

from between.core.triage import Detector
from between.core.triage.junk import fold_repeats
from between.core.triage.tests.fakes import FakeReader


def test_a_word_sent_four_thousand_times_is_read_once():
    folded, origin = fold_repeats(" ".join(["help"] * 4000))
    assert folded == "help"
    assert origin is not None and len(origin) == len(folded)


def test_a_repeated_phrase_is_kept_once_with_what_surrounds_it():
    text = "Hi Alex. " + "call me back " * 20 + "about Thursday please."
    folded, origin = fold_repeats(text)
    assert folded == "Hi Alex. call me back about Thursday please."
    assert origin is not None
    # Every kept character points at the same character in the text as sent.
    assert all(text[origin[i]] == ch for i, ch in enumerate(folded))


def test_short_texts_and_texts_without_runs_are_untouched():
    assert fold_repeats("no no no") == ("no no no", None)
    ordinary = "Could we move Thursday's session to 3pm? I have a work thing until 2:30."
    assert fold_repeats(ordinary) == (ordinary, None)


def test_case_and_punctuation_do_not_hide_a_run():
    folded, _ = fold_repeats("Die! die, DIE die. die die die die die die die die die die")
    assert folded == "Die!"


def test_a_crisis_repeated_fifty_times_is_still_read_as_a_crisis():
    text = " ".join(["I want to kill myself tonight."] * 50)
    folded, _ = fold_repeats(text)
    assert folded == "I want to kill myself tonight."
    result = Detector(reader=FakeReader()).screen(text)
    assert result.crisis
    # The marked words sit where the client wrote them (the first copy).
    assert all(text[s.start : s.end].strip() for s in result.signals)
    assert all(s.end <= len("I want to kill myself tonight.") for s in result.signals)


def test_the_reader_sees_the_folded_text_and_never_an_empty_one():
    reader = FakeReader()
    Detector(reader=reader).screen_many(["", "   \n", " ".join(["buy now"] * 4000)])
    assert reader.calls == [["buy now"]]


def _random_text(seed: int, length: int) -> str:
    chooser = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "    +/=.,"
    return "".join(chooser.choice(alphabet) for _ in range(length))


JUNK = [
    "",
    "   ",
    "\n\n\n",
    ".",
    "?",
    "test",
    "hi",
    "ok",
    "asdf",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    " ".join(["lol"] * 4000),
    " ".join(["die"] * 4000),
    " ".join(["help"] * 4000),
    " ".join(["no"] * 500),
    "😂" * 300,
    "🙂 " * 1000,
    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
    "0123456789" * 100,
    _random_text(1, 200),
    _random_text(2, 5000),
    # an attachment pasted as text, base64
    "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29kZT4+" * 60,
    "<html><body><div><p></p><p></p></div></body></html>",
    "=?utf-8?B?SGVsbG8=?= =?utf-8?B?V29ybGQ=?=",
    "Sent from my iPhone",
    "lorem ipsum dolor sit amet, consectetur adipiscing elit " * 50,
]


@pytest.mark.model
@pytest.mark.parametrize("text", JUNK, ids=[f"junk{i}" for i in range(len(JUNK))])
def test_junk_never_reaches_the_crisis_line(shipped: Detector, text: str):
    assert not shipped.screen(text).crisis


def test_one_word_over_and_over_is_left_to_the_rules():
    reader = FakeReader()
    detector = Detector(reader=reader)
    flood = detector.screen(" ".join(["gloomy-dark"] * 4000))
    assert reader.calls == [] and not flood.crisis
    # The rules still read a flood: "kms" is explicit.
    assert detector.screen(" ".join(["kms"] * 100)).crisis
    # One word sent once is read as it is.
    detector.screen("goodbye")
    assert reader.calls == [["goodbye"]]


@pytest.mark.parametrize("text", ["", "  \n", ".", "!!!???", "0123456789 555-0100", "-- \n--"])
def test_texts_without_a_letter_or_emoji_are_left_to_the_rules(text: str):
    reader = FakeReader()
    assert not Detector(reader=reader).screen(text).crisis
    assert reader.calls == []


@pytest.mark.parametrize("text", ["💊💊💊⚰️", "ok", "ñ", "ا"])
def test_emoji_and_any_script_are_still_read(text: str):
    reader = FakeReader()
    Detector(reader=reader).screen(text)
    assert reader.calls == [[text]]
