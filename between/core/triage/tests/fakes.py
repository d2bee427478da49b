"""A tiny stand-in for the message reader so detector tests run in microseconds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from between.core.triage.reader import NEEDS, Reading


class FakeReader:
    """Danger 0.9 when a text says both 'gloomy' and 'dark', else 0.1; its need is
    admin when it mentions 'thursday', clinical for 'sad', else other."""

    name = "fake reader"
    runtime = "in memory"

    def __init__(self, threshold: float = 0.8) -> None:
        self.config: dict[str, Any] = {"danger_threshold": threshold, "trained_on": {"fake": 1}}
        self.calls: list[list[str]] = []

    def read_many(self, texts: Sequence[str]) -> list[Reading]:
        self.calls.append(list(texts))
        out = []
        for text in texts:
            lowered = text.lower()
            danger = 0.9 if "gloomy" in lowered and "dark" in lowered else 0.1
            need = "admin" if "thursday" in lowered else "clinical" if "sad" in lowered else "other"
            needs = {n: (0.7 if n == need else 0.3 / (len(NEEDS) - 1)) for n in NEEDS}
            out.append(Reading(danger=danger, needs=needs))
        return out
