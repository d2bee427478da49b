"""A tiny stand-in for the embedding model so detector tests run in milliseconds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from between.core.triage.head import LogisticHead
from between.core.triage.tokenizer import WordPieceTokenizer

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "sad", "gloomy", "hello", "die", "dark", "thursday"]


class FakeEncoder:
    """Embeds a window as counts of the words 'gloomy' and 'dark' (dims 0 and 1)."""

    def __init__(self) -> None:
        self.tokenizer = WordPieceTokenizer(WORDS)
        self.calls = 0

    def embed_ids(
        self, sequences: Sequence[Sequence[int]], batch_size: int = 32
    ) -> NDArray[np.float32]:
        self.calls += 1
        out = np.zeros((len(sequences), 384), dtype=np.float32)
        gloomy, dark = self.tokenizer.vocab["gloomy"], self.tokenizer.vocab["dark"]
        for row, seq in enumerate(sequences):
            out[row, 0] = sum(1 for i in seq if i == gloomy)
            out[row, 1] = sum(1 for i in seq if i == dark)
        return out


def fake_head(threshold: float = 0.8) -> LogisticHead:
    """p = sigmoid(4 * (mean gloomy + max dark) - 2): 'gloomy dark' scores high."""
    coef = np.zeros(768)
    coef[0] = 4.0  # mean of the 'gloomy' count
    coef[384 + 1] = 4.0  # max of the 'dark' count
    return LogisticHead(
        coef, -2.0, np.zeros(768), np.ones(768), {"threshold": threshold, "trained_on": {"fake": 1}}
    )
