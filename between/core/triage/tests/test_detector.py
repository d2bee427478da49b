"""The combined detector with a stand-in reader: decision, need, fallback, batching,
folded repetition."""

from __future__ import annotations

from between.core.needs import Need, classify_need
from between.core.triage import CrisisResult, Detector
from between.core.triage.detector import model_to_score
from between.core.triage.tests.fakes import FakeReader


def detector(threshold: float = 0.8) -> Detector:
    return Detector(reader=FakeReader(threshold))


def test_the_reader_can_flag_what_the_rules_miss() -> None:
    result = detector().screen("gloomy dark")
    assert result.crisis and result.category == "model"
    assert result.layers["rules"] == 0.0 and result.layers["model"] == 0.9
    assert result.about is None


def test_rules_flag_even_when_the_reader_is_quiet() -> None:
    result = detector().screen("I want to kill myself")
    assert result.crisis and result.layers["model"] == 0.1
    assert result.category == "suicidal_ideation" and result.about == "self"


def test_a_negated_hit_is_surfaced_and_the_reader_can_still_flag() -> None:
    quiet = detector().screen("I'm not going to hurt myself, see you Thursday")
    assert not quiet.crisis and quiet.negated and quiet.surfaced
    loud = detector().screen("I'm not going to hurt myself, it is all gloomy and dark")
    assert loud.crisis and loud.negated  # recall first: a negation does not silence the reader


def test_the_threshold_maps_to_half() -> None:
    assert model_to_score(0.8, 0.8) == 0.5
    assert model_to_score(0.0, 0.8) == 0.0
    assert model_to_score(1.0, 0.8) == 1.0
    for text in ["hello", "gloomy", "gloomy dark", "I want to die"]:
        result = detector().screen(text)
        assert 0.0 <= result.score <= 1.0 and result.crisis == (result.score >= 0.5)
    assert not detector(0.95).screen("gloomy dark").crisis  # 0.9 is below this threshold


def test_the_reader_reads_the_need_and_classify_need_follows_it() -> None:
    d = detector()
    assert d.screen("Can we move Thursday?").need == "admin"
    assert classify_need("Can we move Thursday?", crisis_screen=d.screen).need is Need.admin
    # The phrase rules would call this admin ("appointment"); the reader's reading decides.
    assert classify_need("sad about my appointment", crisis_screen=d.screen).need is Need.clinical
    # A crisis is a crisis whatever the reader's routine need.
    assert classify_need("gloomy dark thursday", crisis_screen=d.screen).need is Need.crisis


def test_without_a_reader_the_phrase_rules_read_the_need() -> None:
    rules_only = Detector(use_model=False)
    assert rules_only.screen("Can we move my appointment?").need is None
    found = classify_need("Can we move my appointment?", crisis_screen=rules_only.screen)
    assert found.need is Need.admin


def test_an_unavailable_reader_leaves_the_rules_running(monkeypatch) -> None:
    from between.core.triage import reader

    monkeypatch.setattr(reader, "MODEL_DIR", reader.MODEL_DIR / "missing")
    broken = Detector()
    assert not broken.available()
    status = broken.status()
    assert not status.available and "missing" in status.reason
    result = broken.screen("I want to kill myself")
    assert result.crisis and result.layers["model"] is None
    assert result.layers["model_available"] is False and result.need is None


def test_a_rules_only_detector_says_disabled() -> None:
    rules_only = Detector(use_model=False)
    assert not rules_only.available() and rules_only.status().reason == "disabled"
    assert not rules_only.screen("See you Thursday").crisis


def test_screen_many_keeps_order_and_batches_and_skips_blank_texts() -> None:
    fake = FakeReader()
    d = Detector(reader=fake)
    texts = ["hello", "I want to die", "gloomy dark", "thursday", "  "] * 32
    results = d.screen_many(texts, batch_size=64)
    assert len(results) == len(texts) and all(isinstance(r, CrisisResult) for r in results)
    assert [r.crisis for r in results[:5]] == [False, True, True, False, False]
    assert [len(call) for call in fake.calls] == [52, 51, 25]  # blank texts are not read
    assert results[4].layers["model"] == 0.0 and results[4].need is None


def test_spans_point_at_the_words_as_sent_after_folding() -> None:
    text = "ok " * 20 + "I want to kill myself"
    result = detector().screen(text)
    signal = result.signals[0]
    assert text[signal.start : signal.end].lower().startswith(("want", "kill"))


def test_the_result_as_dict_has_no_message_text() -> None:
    payload = detector().screen("I want to kill myself").as_dict()
    assert "kill myself" not in repr(payload)
    assert payload["signals"][0]["span"][1] > payload["signals"][0]["span"][0]
