"""Crisis triage: screen a message for crisis language (pure Python, no Django).

    >>> from between.core.triage import screen
    >>> result = screen("my sister said she wants to die")
    >>> result.crisis, result.about
    (True, 'other')

`screen`/`screen_many` use one shared `Detector` (rules plus the message reader when it
loads; the reader also reads each message's need); `available()` and `status()` report
whether the reader is running.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from between.core.triage.detector import Detector, ModelStatus
from between.core.triage.rules import RulesOutcome, screen_rules
from between.core.triage.types import CATEGORIES, CrisisResult, Signal

__all__ = [
    "CATEGORIES",
    "CrisisResult",
    "Detector",
    "ModelStatus",
    "RulesOutcome",
    "Signal",
    "available",
    "default_detector",
    "describe",
    "screen",
    "screen_many",
    "screen_rules",
    "status",
]

_default: Detector | None = None
_lock = threading.Lock()


def default_detector() -> Detector:
    """The process-wide detector (the model loads on first use)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Detector()
    return _default


def screen(text: str) -> CrisisResult:
    """Screen one text with the shared detector."""
    return default_detector().screen(text)


def screen_many(texts: Iterable[str]) -> list[CrisisResult]:
    """Screen several texts in order, batching the model."""
    return default_detector().screen_many(texts)


def available() -> bool:
    """True when the learned layer is loaded; False means rules only."""
    return default_detector().available()


def status() -> ModelStatus:
    """Learned-layer status for the health page (available, reason, threshold, data)."""
    return default_detector().status()


def describe() -> str:
    """One line for a server's start-up banner; loads the model now, so the first
    message after a restart does not wait for it (about a second)."""
    current = status()
    if current.available:
        return f"rules and {current.model}"
    return f"rules only (the learned layer is unavailable: {current.reason})"
