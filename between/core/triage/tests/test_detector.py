"""The combined detector with a fake model: decision, fallback, chunking, batching."""

from __future__ import annotations

from pathlib import Path

from between.core.triage import CrisisResult, Detector
from between.core.triage.chunking import MAX_WINDOWS, WINDOW, windows
from between.core.triage.detector import model_to_score
from between.core.triage.tests.fakes import FakeEncoder, fake_head


def detector(threshold: float = 0.8) -> Detector:
    return Detector(encoder=FakeEncoder(), head=fake_head(threshold))


def test_model_layer_can_flag_what_rules_miss() -> None:
    result = detector().screen("gloomy dark gloomy dark")
    assert result.crisis
    assert result.category == "model"
    assert result.layers["rules"] == 0.0
    assert result.layers["model"] > 0.8
    assert result.about is None


def test_rules_flag_even_when_model_is_quiet() -> None:
    result = detector().screen("I want to kill myself")
    assert result.crisis
    assert result.category == "suicidal_ideation"
    assert result.about == "self"


def test_negated_hit_is_surfaced_and_the_model_can_still_flag() -> None:
    quiet = detector().screen("I'm not going to hurt myself, see you Thursday")
    assert not quiet.crisis
    assert quiet.negated and quiet.surfaced
    loud = detector().screen("I'm not going to hurt myself, gloomy dark gloomy dark")
    assert loud.crisis  # recall first: the head is not silenced by a negation
    assert loud.negated


def test_score_threshold_maps_to_half() -> None:
    assert model_to_score(0.8, 0.8) == 0.5
    assert model_to_score(0.0, 0.8) == 0.0
    assert model_to_score(1.0, 0.8) == 1.0
    for text in ["hello", "gloomy", "gloomy dark", "I want to die"]:
        result = detector().screen(text)
        assert 0.0 <= result.score <= 1.0
        assert result.crisis == (result.score >= 0.5)


def test_unavailable_model_falls_back_to_rules(tmp_path: Path) -> None:
    broken = Detector(head_path=tmp_path / "missing.npz", head_json=tmp_path / "missing.json")
    assert not broken.available()
    status = broken.status()
    assert not status.available
    assert "missing.npz" in status.reason or "No such file" in status.reason
    result = broken.screen("I want to kill myself")
    assert result.crisis
    assert result.layers["model"] is None
    assert result.layers["model_available"] is False


def test_rules_only_detector_reports_disabled() -> None:
    rules_only = Detector(use_model=False)
    assert not rules_only.available()
    assert rules_only.status().reason == "disabled"
    assert not rules_only.screen("See you Thursday").crisis


def test_screen_many_keeps_order_and_batches() -> None:
    fake = FakeEncoder()
    d = Detector(encoder=fake, head=fake_head())
    texts = ["hello", "I want to die", "gloomy dark gloomy dark", "thursday"] * 40
    results = d.screen_many(texts, batch_size=64)
    assert len(results) == len(texts)
    assert all(isinstance(r, CrisisResult) for r in results)
    assert [r.crisis for r in results[:4]] == [False, True, True, False]
    assert fake.calls == 3  # 160 texts in batches of 64


def test_long_text_is_chunked_and_buried_signal_found() -> None:
    fake = FakeEncoder()
    text = "hello " * 3000 + "gloomy dark dark"
    assert len(windows(fake.tokenizer, text)) > 20
    result = Detector(encoder=fake, head=fake_head(0.6)).screen(text)
    assert result.crisis  # the max-pooled window carries the 'dark' signal


def test_window_limits() -> None:
    fake = FakeEncoder()
    pieces = windows(fake.tokenizer, "hello " * 100_000)
    assert len(pieces) == MAX_WINDOWS
    assert all(len(p) <= WINDOW + 2 for p in pieces)
    assert windows(fake.tokenizer, "") == [[fake.tokenizer.cls_id, fake.tokenizer.sep_id]]


def test_result_as_dict_has_no_message_text() -> None:
    text = "I want to kill myself"
    payload = detector().screen(text).as_dict()
    assert "kill myself" not in repr(payload)
    assert payload["signals"][0]["span"][1] > payload["signals"][0]["span"][0]


def test_head_alone_does_not_page_on_a_short_fragment_without_signal() -> None:
    short = detector().screen("gloomy dark")  # the fake head scores it high
    assert short.layers["model"] > 0.8
    assert short.layers["model_blocked"] is True
    assert not short.crisis and short.score < 0.5
    assert detector().screen("gloomy dark gloomy dark").crisis  # four words: the head may page
    assert detector().screen("kms").crisis  # the rules still catch short crisis texts
