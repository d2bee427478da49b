"""Values the crisis detector returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

About = Literal["self", "other"]

# Categories, in the order the inbox lists them. "model" means only the learned layer
# fired; "none" means nothing did.
CATEGORIES = (
    "suicidal_ideation",
    "self_harm",
    "plan_means",
    "goodbye",
    "harm_to_others",
    "abuse_danger",
    "medical_emergency",
    "distress",
    "model",
    "none",
)


@dataclass(frozen=True)
class Signal:
    """One lexicon hit: what matched (by name, never by quoting the client) and where.

    `start`/`end` are character offsets into the screened text, for highlighting.
    `weight` is the signal's contribution after negation, past tense and hyperbole
    have been taken into account (`base_weight` is the lexicon's value).
    """

    name: str
    category: str
    start: int
    end: int
    base_weight: float
    weight: float
    about: About = "self"
    negated: bool = False
    past: bool = False
    hyperbole: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "category": self.category,
            "span": [self.start, self.end],
            "weight": round(self.weight, 3),
            "about": self.about,
            "negated": self.negated,
            "past": self.past,
            "hyperbole": self.hyperbole,
        }


@dataclass(frozen=True)
class CrisisResult:
    """The detector's verdict on one text.

    `crisis` is `score >= 0.5`; the score is calibrated so that 0.5 is the threshold
    chosen by cross-validation for recall. `negated` is true when every strong rule hit
    (one that would reach 0.5 on its own) was negated ("I'm not going to hurt myself"):
    lower risk, still shown to the clinician.
    `layers` holds each layer's own score (`rules`, `model` or None when the model is
    unavailable) and the model status. `need` is the reader's choice of what the message
    needs besides a crisis (admin, clinical, boundary or other), None without the reader.
    """

    crisis: bool
    score: float
    category: str
    signals: tuple[Signal, ...]
    about: About | None
    negated: bool
    layers: dict[str, Any] = field(default_factory=dict)
    need: str | None = None

    @property
    def surfaced(self) -> bool:
        """Worth a clinician's look even when not a crisis (a negated or past hit)."""
        return self.crisis or bool(self.signals)

    def as_dict(self) -> dict[str, Any]:
        return {
            "crisis": self.crisis,
            "score": round(self.score, 4),
            "category": self.category,
            "about": self.about,
            "negated": self.negated,
            "signals": [s.as_dict() for s in self.signals],
            "layers": dict(self.layers),
        }
