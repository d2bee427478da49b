"""The learned layer's classification head: L2-regularised logistic regression in numpy.

Input features are the mean and the element-wise maximum of a text's window
embeddings (768 numbers; for a short text both halves are the same vector), followed,
in a *stacked* head, by a few numbers read from the rules layer and the text's length
(`context_features`: how strong the plain, negated, remote-past and figurative hits
are, whether a hit is about someone else, and the log word count). The stacked
features let the head learn that "this traffic is killing me" (a figurative hit) and
"Can we move Thursday?" (four words, no hit) are not crises, which the embedding alone
confuses with short crisis texts. A head whose weights have 768 entries reads the
embedding alone. The weights live in head.npz beside this file, written by
training/train_crisis.py with the checksums of the data they were fitted on (head.json).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from between.core.triage.rules import RulesOutcome

FloatArray = NDArray[np.float64]
EMBEDDING_FEATURES = 768
CONTEXT_FEATURES = (
    "rules_score",
    "plain_hit",
    "negated_hit",
    "past_hit",
    "figurative_hit",
    "about_other",
    "log_words",
)
HEAD_NPZ = Path(__file__).with_name("head.npz")
HEAD_JSON = Path(__file__).with_name("head.json")


def pool_windows(window_embeddings: NDArray[np.float32]) -> NDArray[np.float32]:
    """(n_windows, 384) -> (768,) mean and max pooled features."""
    return np.concatenate([window_embeddings.mean(axis=0), window_embeddings.max(axis=0)]).astype(
        np.float32
    )


def context_features(rules: RulesOutcome, text: str) -> NDArray[np.float32]:
    """The stacked head's extra inputs (CONTEXT_FEATURES, in that order)."""
    plain = negated = past = figurative = 0.0
    other = 0.0
    for signal in rules.signals:
        if signal.hyperbole:
            figurative = max(figurative, signal.base_weight)
        elif signal.negated:
            negated = max(negated, signal.base_weight)
        elif signal.past:
            past = max(past, signal.base_weight)
        else:
            plain = max(plain, signal.base_weight)
        if signal.about == "other" and not signal.hyperbole:
            other = 1.0
    words = len(text.split())
    return np.array(
        [rules.score, plain, negated, past, figurative, other, np.log1p(words)], dtype=np.float32
    )


def _sigmoid(z: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


@dataclass
class LogisticHead:
    """p(crisis) = sigmoid(((x - mean) / scale) @ coef + intercept)."""

    coef: FloatArray
    intercept: float
    mean: FloatArray
    scale: FloatArray
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def stacked(self) -> bool:
        """True when the head also reads the rules/length context features."""
        return len(self.coef) == EMBEDDING_FEATURES + len(CONTEXT_FEATURES)

    def predict(self, features: NDArray[Any]) -> FloatArray:
        x = (np.asarray(features, dtype=np.float64) - self.mean) / self.scale
        return _sigmoid(x @ self.coef + self.intercept)

    def save(self, npz_path: Path, json_path: Path | None = None) -> None:
        np.savez(
            npz_path,
            coef=self.coef,
            intercept=np.array([self.intercept]),
            mean=self.mean,
            scale=self.scale,
        )
        if json_path is not None:
            json_path.write_text(
                json.dumps(self.meta, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )

    @classmethod
    def load(cls, npz_path: Path = HEAD_NPZ, json_path: Path | None = HEAD_JSON) -> LogisticHead:
        with np.load(npz_path) as data:
            coef = data["coef"].astype(np.float64)
            intercept = float(data["intercept"][0])
            mean = data["mean"].astype(np.float64)
            scale = data["scale"].astype(np.float64)
        meta: dict[str, Any] = {}
        if json_path is not None and json_path.exists():
            meta = json.loads(json_path.read_text(encoding="utf-8"))
        return cls(coef, intercept, mean, scale, meta)


def fit_logistic(
    features: NDArray[Any],
    labels: NDArray[Any],
    l2: float = 1.0,
    sample_weight: NDArray[Any] | None = None,
    iterations: int = 30,
) -> LogisticHead:
    """Fit by Newton's method (768 features: the Hessian is small), classes balanced.

    `l2` is the penalty on the standardised coefficients, relative to the total weight
    of the rows, so it means the same for 300 rows and for 3,000.
    """
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    positives = max(float(y.sum()), 1.0)
    negatives = max(float(len(y) - y.sum()), 1.0)
    weight = np.where(y > 0.5, len(y) / (2 * positives), len(y) / (2 * negatives))
    if sample_weight is not None:
        weight = weight * np.asarray(sample_weight, dtype=np.float64)
    penalty = np.full(z.shape[1], l2 * weight.sum() / len(y))
    penalty[-1] = 0.0  # the intercept is not penalised
    theta = np.zeros(z.shape[1])
    for _ in range(iterations):
        p = _sigmoid(z @ theta)
        gradient = z.T @ (weight * (p - y)) + penalty * theta
        hessian = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-7:
            break
    return LogisticHead(theta[:-1].copy(), float(theta[-1]), mean, scale)
