"""The composer's SMS counter: the units carriers bill, at the segment boundaries."""

from __future__ import annotations

import pytest

from between.core.sms_segments import sms_length


def test_empty_text_is_no_message() -> None:
    n = sms_length("")
    assert (n.encoding, n.units, n.segments) == ("GSM-7", 0, 0)


def test_plain_gsm7_counts_one_septet_a_character() -> None:
    n = sms_length("Thursday at 4 works. See you then!")
    assert (n.encoding, n.units, n.segments, n.per_segment) == ("GSM-7", 34, 1, 160)
    assert n.summary == "34 characters · 1 text message"


@pytest.mark.parametrize("char", ["€", "[", "]", "{", "}", "~", "^", "|", "\\"])
def test_extension_characters_take_two_septets_and_stay_gsm7(char: str) -> None:
    n = sms_length(f"a{char}b")
    assert (n.encoding, n.units) == ("GSM-7", 4)


def test_gsm7_boundary_160_then_161() -> None:
    assert sms_length("a" * 160).segments == 1
    over = sms_length("a" * 161)
    assert (over.segments, over.per_segment) == (2, 153)
    assert sms_length("a" * 306).segments == 2
    assert sms_length("a" * 307).segments == 3


def test_an_extension_character_tips_over_160() -> None:
    assert sms_length("a" * 158 + "€").segments == 1  # 160 septets
    assert sms_length("a" * 159 + "€").segments == 2  # 161 septets


def test_emoji_switches_the_whole_text_to_ucs2_in_utf16_units() -> None:
    n = sms_length("See you 🙂")
    assert (n.encoding, n.units, n.segments, n.per_segment) == ("UCS-2", 10, 1, 70)
    assert "special characters" in n.summary


def test_ucs2_boundary_70_then_71() -> None:
    assert sms_length("“" + "a" * 69).segments == 1  # a curly quote: UCS-2
    over = sms_length("“" + "a" * 70)
    assert (over.units, over.segments, over.per_segment) == (71, 2, 67)


def test_emoji_count_two_units_and_are_not_split() -> None:
    assert sms_length("🙂" * 35).segments == 1  # 70 units
    assert sms_length("🙂" * 36).segments == 2  # 72 units: 67-unit parts, pairs kept whole
    assert sms_length("🙂" * 36).units == 72
