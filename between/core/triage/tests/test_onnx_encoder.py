"""The ONNX Runtime encoder (the shipped one) agrees with the numpy reference (marker
`model`: loads the weights).

onnxruntime and onnx are imported unconditionally: if they are missing these tests fail
rather than skip. Speed is measured by training/bench_encoders.py, not here.
"""

from __future__ import annotations

import sys

import numpy as np
import onnx
import onnxruntime  # noqa: F401  (fail, not skip, when it is missing)
import pytest

from between.core.triage.chunking import windows
from between.core.triage.encoder import MiniLMEncoder
from between.core.triage.onnx_encoder import OnnxMiniLMEncoder, build_model

pytestmark = pytest.mark.model

LONG = (
    (
        "Thanks for last week's session, I have been thinking about what we discussed. "
        "Work has been busy and the commute is long, and I keep meaning to call my sister. "
    )
    * 6
    + ("Honestly some nights I don't see the point of going on and I've thought about ending it. ")
    + ("Anyway, could we keep Thursday at 4pm? My manager moved our team meeting. ") * 5
)

TEXTS = [
    "Hi, could we move Thursday's session to 4pm? Something came up at work.",
    "I want to end my life",
    "Café naïve — ‘quotes’ 🙂",
    "ok",
    "I'm so tired of everything, nobody would even notice if I was gone.",
    "Please find attached the invoice for March. Let me know if anything is missing.",
    LONG,
]


@pytest.fixture(scope="module")
def reference() -> MiniLMEncoder:
    return MiniLMEncoder()


@pytest.fixture(scope="module")
def model() -> onnx.ModelProto:
    return build_model()


@pytest.fixture(scope="module")
def fp32(model: onnx.ModelProto) -> OnnxMiniLMEncoder:
    return OnnxMiniLMEncoder(model=model.SerializeToString())


@pytest.fixture(scope="module")
def sequences(reference: MiniLMEncoder) -> list[list[int]]:
    out = [w for text in TEXTS for w in windows(reference.tokenizer, text)]
    assert len(windows(reference.tokenizer, LONG)) >= 3
    return out


def test_fp32_matches_numpy(
    reference: MiniLMEncoder, fp32: OnnxMiniLMEncoder, sequences: list[list[int]]
) -> None:
    expected = reference.embed_ids(sequences)
    got = fp32.embed_ids(sequences)
    assert got.shape == (len(sequences), 384)
    assert got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosine = (got * expected).sum(axis=1)
    assert cosine.min() > 0.9999
    assert np.abs(got - expected).max() < 1e-4


def test_fp32_ignores_padding_and_batching(
    fp32: OnnxMiniLMEncoder, sequences: list[list[int]]
) -> None:
    batched = fp32.embed_ids(sequences, batch_size=32)  # padded to the longest window
    alone = fp32.embed_ids(sequences, batch_size=1)  # no padding at all
    assert ((batched * alone).sum(axis=1)).min() > 0.9999


def test_same_tokenizer_and_texts_interface(
    reference: MiniLMEncoder, fp32: OnnxMiniLMEncoder
) -> None:
    assert fp32.tokenizer.encode("Hello world!") == reference.tokenizer.encode("Hello world!")
    a, b = fp32.embed(["I want to kill myself", "I want to die"])
    assert 0.6 < float(a @ b) < 0.95


def test_the_detector_runs_on_onnx_runtime_and_falls_back_to_numpy_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from between.core.triage.detector import Detector, load_encoder

    assert isinstance(load_encoder(), OnnxMiniLMEncoder)
    assert Detector().status().model == "all-MiniLM-L6-v2 (ONNX Runtime)"
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as if it were not installed
    assert isinstance(load_encoder(), MiniLMEncoder)
    fallback = Detector()
    assert fallback.status().as_dict()["model"] == "all-MiniLM-L6-v2 (numpy)"
    assert fallback.available() and fallback.screen("I want to end my life").crisis


def test_the_start_up_banner_says_which_layers_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    from between.core import triage
    from between.core.triage.detector import Detector

    monkeypatch.setattr(triage, "_default", Detector())
    assert triage.describe() == "rules and all-MiniLM-L6-v2 (ONNX Runtime)"
    monkeypatch.setattr(triage, "_default", Detector(use_model=False))
    assert triage.describe() == "rules only (the learned layer is unavailable: disabled)"
