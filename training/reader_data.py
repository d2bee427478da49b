"""The messages the reader learns from, each with its danger label and, where the
source says it, its need.

Sources (all written for this project; none is a blind set that still judges):
- ``training/data/writers/T*.csv``: seventeen writers' inbox messages under the labelling
  rule of issue 13, in English and Spanish, with category and crisis labels;
- ``between/core/triage/data/inbox.csv``: 403 hand-written messages (crisis, kind);
- ``between/core/triage/data/inbox_generated.csv``: 4,165 messages generated from
  templates (crisis, family). Near-duplicates, so they count less (``GENERATED_WEIGHT``);
- ``training/junk_data.py``: 600 generated junk texts (mashes, blobs, filler, emoji
  spam), need ``other``, no crisis;
- ``training/data/blind/{A..L}.csv``: the blind sets whose verdict is spent
  (``training.blind.SPENT``): each judged the readers trained before it, and teaches
  the ones trained after; newer blind sets judge those.

Where a source's kind maps plainly onto a need it is kept; otherwise the row teaches
danger only (need ``None``). A crisis row's need is always ``crisis``.
"""

from __future__ import annotations

import csv
import os
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WRITERS = REPO / "training" / "data" / "writers"
OWN = REPO / "between" / "core" / "triage" / "data"
GENERATED_WEIGHT = 0.3

csv.field_size_limit(sys.maxsize)

INBOX_KINDS = {
    "scheduling": "admin",
    "admin": "admin",
    "billing": "admin",
    "long_admin": "admin",
    "venting": "clinical",
    "distress": "clinical",
    "homework": "clinical",
    "negated": "clinical",
    "past": "clinical",
    "long_venting": "clinical",
    "long_homework": "clinical",
    "long_grief": "clinical",
    "long_work": "clinical",
    "boundary": "boundary",
    "long_boundary": "boundary",
}
GENERATED_FAMILIES = {
    "billing": "admin",
    "call_back": "admin",
    "cancel": "admin",
    "confirm": "admin",
    "forms": "admin",
    "move_session": "admin",
    "reschedule": "admin",
    "running_late": "admin",
    "tech": "admin",
    "boundary": "boundary",
    "homework": "clinical",
    "venting": "clinical",
    "symptom_update": "clinical",
    "negated_past": "clinical",
}


@dataclass(frozen=True)
class Example:
    text: str
    crisis: int
    need: str | None  # crisis, admin, clinical, boundary, other; None: not known
    source: str  # the writer (T1...) or "inbox" / "generated"
    language: str  # en, es
    weight: float = 1.0


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def writers_dir() -> Path:
    """The writers' sets: ``training/data/writers``, or ``BETWEEN_TRAINING_WRITERS``
    (``between triage train --data-dir``)."""
    return Path(os.environ.get("BETWEEN_TRAINING_WRITERS", WRITERS))


def writer_examples(folder: Path | None = None) -> list[Example]:
    out = []
    for path in sorted((folder or writers_dir()).glob("T*.csv")):
        for row in _rows(path):
            out.append(
                Example(
                    row["text"], int(row["crisis"]), row["category"], path.stem, row["language"]
                )
            )
    return out


def own_examples(folder: Path = OWN) -> list[Example]:
    out = []
    for row in _rows(folder / "inbox.csv"):
        crisis = int(row["crisis"])
        need = "crisis" if crisis else INBOX_KINDS.get(row["kind"])
        out.append(Example(row["text"], crisis, need, "inbox", "en"))
    for row in _rows(folder / "inbox_generated.csv"):
        crisis = int(row["crisis"])
        need = "crisis" if crisis else GENERATED_FAMILIES.get(row["family"])
        out.append(Example(row["text"], crisis, need, "generated", "en", GENERATED_WEIGHT))
    return out


def spent_blind_examples() -> list[Example]:
    """The spent blind sets, each checked against its frozen checksum first; the set's
    letter is the example's source, as a training writer's T-number is."""
    from training import blind

    out = []
    for name in blind.SPENT:
        for text, crisis, category, language in blind.load_set(name):
            out.append(Example(text, crisis, category, name, language))
    return out


def all_examples() -> list[Example]:
    from training.junk_data import junk_examples

    return writer_examples() + spent_blind_examples() + own_examples() + junk_examples()
