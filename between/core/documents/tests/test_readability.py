"""The Flesch-Kincaid measure behaves like the published formula on known text."""

from __future__ import annotations

import pytest

from between.core.documents.readability import measure, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("message", 2),
        ("policy", 3),
        ("emergency", 4),
        ("communications", 5),
        ("time", 1),
        ("appointment", 3),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_grade_of_plain_and_of_dense_text() -> None:
    plain = measure(["The cat sat on the mat. It was warm. We like it."])
    dense = measure(
        [
            "Notwithstanding contemporaneous organizational considerations, "
            "communications regarding administrative responsibilities necessitate "
            "comprehensive documentation."
        ]
    )
    assert plain.grade < 2 < 12 < dense.grade
    assert plain.sentences == 3 and plain.words == 12


def test_numbers_addresses_and_abbreviations_are_not_words_or_sentence_ends() -> None:
    reading = measure(["Call +1 212 555 0100 or email sam@x.example between 9 a.m. and noon."])
    assert reading.sentences == 1
    assert reading.words == 7  # Call, or, email, between, am, and, noon
