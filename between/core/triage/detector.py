"""The combined crisis detector: rules, then the learned layer, one decision.

Decision: a text is a crisis when the rules score reaches 0.5 on their own, or the
learned head's probability reaches the threshold chosen by cross-validation for
recall (stored in head.json). The reported score is the larger of the rules score and
the head's probability mapped so that its threshold lands on 0.5; so `crisis` is
always `score >= 0.5`, whichever layer fired.

A negated or remote-past hit ("I'm not going to hurt myself", "I used to cut in high
school") is no crisis by the rules alone, but the head may still flag the message: on
the public sets, capping the head for such readings lost 2-4 points of recall (posts
like "I don't want to die, but I can't keep living like this" are crises).

If the embedding model or the head cannot be loaded, the rules still run, the layers
dict says the model is unavailable, and `status()` tells the health page why.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from between.core.triage.chunking import windows
from between.core.triage.head import (
    HEAD_JSON,
    HEAD_NPZ,
    LogisticHead,
    context_features,
    pool_windows,
)
from between.core.triage.rules import CRISIS_AT, RuleScreen, RulesOutcome
from between.core.triage.types import CrisisResult

DEFAULT_MODEL_THRESHOLD = 0.5  # used only when head.json carries no tuned threshold
# A message this short with no lexicon signal at all is not paged by the head alone:
# on a fragment ("warming up", "See you Tuesday") the embedding is mostly noise, and in
# the project's inbox data 2 of 203 such rows are crises (both misspelt) while the rules
# catch the short crisis texts ("kms", "i want to die", "goodbye forever").
SHORT_WORDS = 3


def model_blocked(text: str, rules: RulesOutcome) -> bool:
    """True when the head may not make this text a crisis on its own."""
    return not rules.signals and len(text.split()) <= SHORT_WORDS


@dataclass(frozen=True)
class ModelStatus:
    """What the health page shows about the learned layer."""

    available: bool
    reason: str
    model: str
    threshold: float | None
    trained_on: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "available": self.available,
            "reason": self.reason,
            "model": self.model,
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
        }


def load_encoder() -> Any:
    """ONNX Runtime where it is installed and starts; else the numpy reference, which
    gives the same embeddings about 1.8 times slower (see onnx_encoder)."""
    from between.core.triage.encoder import MiniLMEncoder, ModelUnavailable

    try:
        from between.core.triage.onnx_encoder import OnnxMiniLMEncoder

        return OnnxMiniLMEncoder()
    except ModelUnavailable:
        raise  # the weights themselves are missing: numpy cannot read them either
    except Exception:  # onnxruntime or onnx missing or failing: same model, slower path
        return MiniLMEncoder()


def model_to_score(probability: float, threshold: float) -> float:
    """Map the head's probability so that its threshold becomes 0.5 (monotone, 0..1)."""
    threshold = min(max(threshold, 1e-6), 1 - 1e-6)
    if probability < threshold:
        return 0.5 * probability / threshold
    return 0.5 + 0.5 * (probability - threshold) / (1.0 - threshold)


def combine(
    rules: RulesOutcome, probability: float | None, threshold: float, blocked: bool = False
) -> tuple[float, str]:
    """Combined score and category from the two layers (`blocked`: see model_blocked)."""
    model_score = 0.0 if probability is None else model_to_score(probability, threshold)
    if blocked:
        model_score = min(model_score, CRISIS_AT - 0.01)
    score = max(rules.score, model_score)
    if rules.signals:
        category = rules.category
    elif score >= CRISIS_AT:
        category = "model"
    else:
        category = "none"
    return score, category


class Detector:
    """Screens texts for crisis. Loading the model is lazy and happens once.

    `use_model=False` gives the rules alone (the health page's fallback, and fast tests).
    `encoder` and `head` can be injected (tests use a tiny fake encoder).
    """

    def __init__(
        self,
        use_model: bool = True,
        encoder: Any | None = None,
        head: LogisticHead | None = None,
        head_path: Path = HEAD_NPZ,
        head_json: Path = HEAD_JSON,
        threshold: float | None = None,
    ) -> None:
        self.rules = RuleScreen()
        self.use_model = use_model
        self._encoder = encoder
        self._head = head
        self._head_path = head_path
        self._head_json = head_json
        self._threshold = threshold
        self._error: str | None = None
        self._loaded = False
        self._lock = threading.Lock()

    # Model loading ----------------------------------------------------------
    def _load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            if not self.use_model:
                self._error = "disabled"
            else:
                try:
                    if self._head is None:
                        self._head = LogisticHead.load(self._head_path, self._head_json)
                    if self._encoder is None:
                        self._encoder = load_encoder()
                except Exception as exc:  # any failure leaves the rules running
                    self._error = f"{type(exc).__name__}: {exc}"
                    self._encoder = None
            self._loaded = True

    @property
    def threshold(self) -> float:
        if self._threshold is not None:
            return self._threshold
        self._load()
        if self._head is not None:
            return float(self._head.meta.get("threshold", DEFAULT_MODEL_THRESHOLD))
        return DEFAULT_MODEL_THRESHOLD

    def available(self) -> bool:
        """True when the learned layer is loaded and used."""
        self._load()
        return self._encoder is not None and self._head is not None and self._error is None

    def status(self) -> ModelStatus:
        ok = self.available()
        meta = self._head.meta if self._head is not None else {}
        return ModelStatus(
            available=ok,
            reason="ok" if ok else (self._error or "unknown"),
            model=f"all-MiniLM-L6-v2 ({getattr(self._encoder, 'runtime', 'not loaded')})",
            threshold=self.threshold if ok else None,
            trained_on=tuple(str(d) for d in meta.get("trained_on", {})),
        )

    # Screening ----------------------------------------------------------------
    def model_probabilities(
        self, texts: Sequence[str], outcomes: Sequence[RulesOutcome] | None = None
    ) -> list[float | None]:
        """The head's probability per text, or None for each when the model is unavailable.

        A stacked head also reads the rules' reading of each text (`outcomes`, computed
        here when not given)."""
        if not texts:
            return []
        if not self.available():
            return [None] * len(texts)
        assert self._encoder is not None and self._head is not None
        tokenizer = self._encoder.tokenizer
        sequences: list[list[int]] = []
        owners: list[int] = []
        for index, text in enumerate(texts):
            for window in windows(tokenizer, text):
                sequences.append(window)
                owners.append(index)
        embedded = self._encoder.embed_ids(sequences)
        owner_array = np.array(owners)
        features = np.stack([pool_windows(embedded[owner_array == i]) for i in range(len(texts))])
        if self._head.stacked:
            if outcomes is None:
                outcomes = [self.rules.screen(t) for t in texts]
            pairs = zip(outcomes, texts, strict=True)
            context = np.stack([context_features(o, t) for o, t in pairs])
            features = np.hstack([features, context])
        return [float(p) for p in self._head.predict(features)]

    def screen(self, text: str) -> CrisisResult:
        return self.screen_many([text])[0]

    def screen_many(self, texts: Iterable[str], batch_size: int = 64) -> list[CrisisResult]:
        """Screen texts in order; the model embeds them in batches."""
        items = list(texts)
        results: list[CrisisResult] = []
        threshold = self.threshold
        for start in range(0, len(items), batch_size):
            part = items[start : start + batch_size]
            outcomes = [self.rules.screen(t) for t in part]
            # A blank message has nothing to read: the model is not asked.
            asked = [i for i, t in enumerate(part) if t.strip()]
            answers = self.model_probabilities(
                [part[i] for i in asked], [outcomes[i] for i in asked]
            )
            probabilities: list[float | None] = [0.0 if self.available() else None for _ in part]
            for i, p in zip(asked, answers, strict=True):
                probabilities[i] = p
            for text, outcome, probability in zip(part, outcomes, probabilities, strict=True):
                blocked = model_blocked(text, outcome)
                results.append(self._result(outcome, probability, threshold, blocked))
        return results

    def _result(
        self, rules: RulesOutcome, probability: float | None, threshold: float, blocked: bool
    ) -> CrisisResult:
        score, category = combine(rules, probability, threshold, blocked)
        crisis = score >= CRISIS_AT
        about = rules.about if rules.signals else None
        layers: dict[str, Any] = {
            "rules": round(rules.score, 4),
            "model": None if probability is None else round(probability, 4),
            "model_threshold": threshold if probability is not None else None,
            "model_available": probability is not None,
            "model_blocked": blocked,
        }
        return CrisisResult(
            crisis=crisis,
            score=min(max(score, 0.0), 1.0),
            category=category,
            signals=rules.signals,
            about=about,
            negated=rules.negated,
            layers=layers,
        )
