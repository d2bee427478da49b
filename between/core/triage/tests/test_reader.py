"""The shipped message reader: the graph built here computes what training computed."""

from __future__ import annotations

import json

import pytest

from between.core.triage.reader import (
    MAX_WINDOWS,
    MODEL_DIR,
    NEEDS,
    WINDOW,
    MessageReader,
    ReaderUnavailable,
)

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def reader() -> MessageReader:
    return MessageReader()


def test_the_graph_reproduces_the_training_code_s_readings(reader: MessageReader) -> None:
    """expected.json was written by training/export_reader.py with the torch model; the
    ONNX graph must give the same logits (float16 weights either way)."""
    import numpy as np

    for case in json.loads((MODEL_DIR / "expected.json").read_text(encoding="utf-8")):
        sequences = reader.windows(case["text"])
        danger, need = reader.logits(sequences)
        assert abs(float(danger.max()) - case["danger_logit"]) < 5e-3, case["text"][:40]
        assert np.allclose(need.mean(axis=0), case["need_logits"], atol=5e-3)


def test_readings_are_probabilities_in_order(reader: MessageReader) -> None:
    texts = ["Can we move Thursday's session to 3pm?", "", "¿Podemos cambiar la cita?"]
    readings = reader.read_many(texts)
    assert len(readings) == 3
    for reading in readings:
        assert 0.0 <= reading.danger <= 1.0
        assert set(reading.needs) == set(NEEDS)
        assert abs(sum(reading.needs.values()) - 1.0) < 1e-5
        assert reading.routine_need() != "crisis"
    # Read alone or in a batch (padded beside longer texts), the same reading.
    alone = reader.read("Can we move Thursday's session to 3pm?")
    assert alone.danger == pytest.approx(readings[0].danger, abs=1e-5)
    for name in NEEDS:
        assert alone.needs[name] == pytest.approx(readings[0].needs[name], abs=1e-5)


def test_windows_cover_a_long_text_and_stop_at_the_limit(reader: MessageReader) -> None:
    assert reader.windows("") == [[reader.bos, reader.eos]]
    long = reader.windows("word " * 2000)
    assert 1 < len(long) < MAX_WINDOWS and all(len(w) <= WINDOW + 2 for w in long)
    assert len(reader.windows("word " * 100_000)) == MAX_WINDOWS


def test_a_missing_model_is_reported_not_raised_later(tmp_path) -> None:
    with pytest.raises(ReaderUnavailable, match="cannot read"):
        MessageReader(tmp_path)
