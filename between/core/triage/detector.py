"""The combined crisis detector: rules, then the message reader, one decision.

A text is a crisis when the rules score reaches 0.5 on their own (explicit danger: the
lexicon, in English and Spanish), or when the reader's danger probability reaches the
threshold chosen for recall on writers it never trained on (``model/config.json``). The
reported score is the larger of the rules score and the reader's probability mapped so
that its threshold lands on 0.5; so ``crisis`` is always ``score >= 0.5``.

The reader also reads what the message needs (admin, clinical, boundary, other):
``CrisisResult.need`` carries its choice among the four for ``classify_need``.

Repetition is folded first (``junk.fold_repeats``): a phrase sent four thousand times is
read once; a message that is one word over and over, or has no letter or emoji at all,
is left to the rules. If the reader cannot be loaded, the rules still run, ``available()`` is
False and ``status()`` says why (the health page shows "degraded").
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from between.core.triage.junk import fold_repeats, for_the_rules_alone
from between.core.triage.reader import Reading
from between.core.triage.rules import CRISIS_AT, RuleScreen, RulesOutcome
from between.core.triage.types import CrisisResult, Signal

DEFAULT_THRESHOLD = 0.5  # only when the model's config carries no tuned threshold


class Reader(Protocol):
    """What the detector needs of a reader (the shipped one, or a test's stand-in)."""

    name: str
    runtime: str
    config: dict[str, Any]

    def read_many(self, texts: Sequence[str]) -> list[Reading]: ...


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


def model_to_score(probability: float, threshold: float) -> float:
    """Map the reader's probability so that its threshold becomes 0.5 (monotone, 0..1)."""
    threshold = min(max(threshold, 1e-6), 1 - 1e-6)
    if probability < threshold:
        return 0.5 * probability / threshold
    return 0.5 + 0.5 * (probability - threshold) / (1.0 - threshold)


def _shift(signals: tuple[Signal, ...], origin: list[int] | None) -> tuple[Signal, ...]:
    """Spans read on the folded text, mapped back to the text as sent."""
    if origin is None:
        return signals
    return tuple(
        replace(s, start=origin[s.start], end=origin[max(s.end - 1, s.start)] + 1) for s in signals
    )


class Detector:
    """Screens texts for crisis and reads their need. The reader loads once, lazily.

    ``use_model=False`` gives the rules alone (fast tests, and the fallback); ``reader``
    and ``threshold`` can be injected (tests use a tiny stand-in).
    """

    def __init__(
        self,
        use_model: bool = True,
        reader: Reader | None = None,
        threshold: float | None = None,
    ) -> None:
        self.rules = RuleScreen()
        self.use_model = use_model
        self._reader = reader
        self._threshold = threshold
        self._error: str | None = None if use_model else "disabled"
        self._loaded = reader is not None or not use_model
        self._lock = threading.Lock()

    def _load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            try:
                from between.core.triage import reader

                self._reader = reader.MessageReader(reader.MODEL_DIR)
            except Exception as exc:  # any failure leaves the rules running
                self._error = f"{type(exc).__name__}: {exc}"
            self._loaded = True

    @property
    def threshold(self) -> float:
        if self._threshold is not None:
            return self._threshold
        self._load()
        if self._reader is not None:
            return float(self._reader.config.get("danger_threshold", DEFAULT_THRESHOLD))
        return DEFAULT_THRESHOLD

    @property
    def reader(self) -> Reader | None:
        """The loaded reader, or None (rules only)."""
        return self._reader if self.available() else None

    def available(self) -> bool:
        """True when the reader is loaded and used."""
        if not self.use_model:
            return False
        self._load()
        return self._reader is not None

    def status(self) -> ModelStatus:
        ok = self.available()
        reader = self._reader
        trained = reader.config.get("trained_on", {}) if reader is not None else {}
        return ModelStatus(
            available=ok,
            reason="ok" if ok else (self._error or "unknown"),
            model=f"{reader.name} ({reader.runtime})" if reader is not None else "not loaded",
            threshold=self.threshold if ok else None,
            trained_on=tuple(str(name) for name in trained),
        )

    # Screening ----------------------------------------------------------------

    def screen(self, text: str) -> CrisisResult:
        return self.screen_many([text])[0]

    def screen_many(self, texts: Iterable[str], batch_size: int = 64) -> list[CrisisResult]:
        """Screen texts in order; the reader reads them in batches."""
        items = list(texts)
        results: list[CrisisResult] = []
        use_reader = self.available()
        threshold = self.threshold
        for start in range(0, len(items), batch_size):
            folded = [fold_repeats(t) for t in items[start : start + batch_size]]
            outcomes = [self.rules.screen(text) for text, _ in folded]
            readings: list[Reading | None] = [None] * len(folded)
            if use_reader:
                assert self._reader is not None
                asked = [
                    i
                    for i, (text, origin) in enumerate(folded)
                    if not for_the_rules_alone(text, origin)
                ]
                answers = self._reader.read_many([folded[i][0] for i in asked]) if asked else []
                for i, answer in zip(asked, answers, strict=True):
                    readings[i] = answer
            for (_, origin), outcome, found in zip(folded, outcomes, readings, strict=True):
                results.append(self._result(outcome, found, threshold, origin, use_reader))
        return results

    @staticmethod
    def _result(
        rules: RulesOutcome,
        reading: Reading | None,
        threshold: float,
        origin: list[int] | None,
        use_reader: bool,
    ) -> CrisisResult:
        danger = reading.danger if reading is not None else (0.0 if use_reader else None)
        model_score = 0.0 if danger is None else model_to_score(danger, threshold)
        score = max(rules.score, model_score)
        crisis = score >= CRISIS_AT
        if rules.signals:
            category = rules.category
        elif crisis:
            category = "model"
        else:
            category = "none"
        layers: dict[str, Any] = {
            "rules": round(rules.score, 4),
            "model": None if danger is None else round(danger, 4),
            "model_threshold": threshold if danger is not None else None,
            "model_available": use_reader,
        }
        if reading is not None:
            layers["needs"] = {name: round(p, 4) for name, p in reading.needs.items()}
        return CrisisResult(
            crisis=crisis,
            score=min(max(score, 0.0), 1.0),
            category=category,
            signals=_shift(rules.signals, origin),
            about=rules.about if rules.signals else None,
            negated=rules.negated,
            layers=layers,
            need=reading.routine_need() if reading is not None else None,
        )
