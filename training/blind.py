"""The blind sets' figures: what Between's two readings of a message (danger and need)
do on messages written by people who never saw its training data.

    python -m training.blind [--rules-only] [--sets A,B,C] [--json]

Each set in ``training/data/blind`` is checked against its frozen checksum first; a
changed file stops the run (exit 2), because a figure from an edited set says nothing.
The readings are the production ones: the crisis detector Between ships and
``classify_need`` with it as its crisis screen, exactly as ``decide()`` calls them.

Printed per set and language: crisis recall, the share of ordinary messages flagged as
crisis (each of which pages someone), the five-way category accuracy and each class's
own accuracy (the share of its messages given that category).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training.common import REPO, sha256_file

BLIND_DIR = REPO / "training" / "data" / "blind"
SETS = ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O")
# Sets whose verdict is spent: each judged the readers trained before it was read, and
# now teaches the readers trained after (training.reader_data) or tunes the shipped one's
# threshold if it never learnt from them (training.validation). Their figures for such
# a reader are development figures; only the sets not listed here judge it.
SPENT = ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L")
UNSPENT = tuple(name for name in SETS if name not in SPENT)
CLASSES = ("crisis", "admin", "clinical", "boundary", "other")

# Rows: (text, crisis 0/1, category, language).
Row = tuple[str, int, str, str]
# A reader: texts in, (crisis flag, category) per text out.
Reader = Callable[[Sequence[str]], list[tuple[bool, str]]]


class ChangedSet(RuntimeError):
    """A blind set does not match its frozen checksum."""


def frozen_checksums(folder: Path = BLIND_DIR) -> dict[str, str]:
    sums: dict[str, str] = {}
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        sums[name] = digest
    return sums


def load_set(name: str, folder: Path = BLIND_DIR) -> list[Row]:
    path = folder / f"{name}.csv"
    expected = frozen_checksums(folder).get(path.name)
    if expected is None or sha256_file(path) != expected:
        raise ChangedSet(f"{path} does not match its frozen checksum in SHA256SUMS")
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            (r["text"], int(r["crisis"]), r["category"], r["language"])
            for r in csv.DictReader(handle)
        ]


@dataclass
class Figures:
    """Counts for one slice of a set (all rows, or one language)."""

    crises: int = 0
    caught: int = 0
    ordinary: int = 0
    flagged: int = 0
    by_class: dict[str, list[int]] = field(default_factory=dict)  # class -> [right, total]

    def add(self, truth_crisis: int, truth_class: str, flagged: bool, predicted: str) -> None:
        if truth_crisis:
            self.crises += 1
            self.caught += int(flagged)
        else:
            self.ordinary += 1
            self.flagged += int(flagged)
        right_total = self.by_class.setdefault(truth_class, [0, 0])
        right_total[0] += int(predicted == truth_class)
        right_total[1] += 1

    @property
    def recall(self) -> float:
        return self.caught / self.crises if self.crises else float("nan")

    @property
    def false_positive_rate(self) -> float:
        return self.flagged / self.ordinary if self.ordinary else float("nan")

    @property
    def accuracy(self) -> float:
        right = sum(r for r, _ in self.by_class.values())
        total = sum(t for _, t in self.by_class.values())
        return right / total if total else float("nan")

    def class_accuracy(self, name: str) -> float:
        right, total = self.by_class.get(name, [0, 0])
        return right / total if total else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "messages": self.crises + self.ordinary,
            "crises": self.crises,
            "recall": round(self.recall, 4),
            "ordinary": self.ordinary,
            "flagged": self.flagged,
            "false_positive_rate": round(self.false_positive_rate, 4),
            "category_accuracy": round(self.accuracy, 4),
            "by_class": {
                name: {"right": rt[0], "total": rt[1], "accuracy": round(rt[0] / rt[1], 4)}
                for name, rt in sorted(self.by_class.items())
            },
        }


def measure(rows: Sequence[Row], reader: Reader) -> dict[str, Figures]:
    """Figures for all rows ("all") and per language."""
    readings = reader([text for text, *_ in rows])
    slices: dict[str, Figures] = {"all": Figures()}
    for (_, crisis, category, language), (flagged, predicted) in zip(rows, readings, strict=True):
        for key in ("all", language):
            slices.setdefault(key, Figures()).add(crisis, category, flagged, predicted)
    return slices


class ReaderMissing(RuntimeError):
    """The reader was asked for and did not load."""


def production_reader(rules_only: bool = False) -> Reader:
    """The readings decide() makes: the shipped detector, and classify_need with it.

    Raises ReaderMissing when the reader was wanted and did not load, so a rules-only
    run is never reported as the reader's."""
    from between.core.needs import classify_need, screened_already
    from between.core.triage import Detector

    detector = Detector(use_model=not rules_only)
    if not rules_only and not detector.available():
        raise ReaderMissing(f"the message reader did not load ({detector.status().reason})")

    def read(texts: Sequence[str]) -> list[tuple[bool, str]]:
        out = []
        for text, result in zip(texts, detector.screen_many(texts), strict=True):
            need = classify_need(text, crisis_screen=screened_already(result)).need.value
            out.append((result.crisis, need))
        return out

    return read


def table(results: dict[str, dict[str, Figures]]) -> str:
    head = (
        f"{'set':<4}{'lang':<5}{'msgs':>5}{'recall':>9}{'flagged':>12}{'category':>10}"
        + "".join(f"{c:>10}" for c in CLASSES)
    )
    lines = [head]
    for name, slices in results.items():
        for key in ("all", "en", "es"):
            f = slices.get(key)
            if f is None:
                continue
            flagged = f"{f.false_positive_rate:.3f} ({f.flagged})"
            lines.append(
                f"{name:<4}{key:<5}{f.crises + f.ordinary:>5}{f.recall:>9.3f}{flagged:>12}"
                f"{f.accuracy:>10.3f}" + "".join(f"{f.class_accuracy(c):>10.3f}" for c in CLASSES)
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.blind", description=__doc__)
    parser.add_argument("--rules-only", action="store_true", help="the rules alone")
    parser.add_argument(
        "--sets",
        default=",".join(UNSPENT),
        help=f"which sets (default {','.join(UNSPENT)}; {SPENT[0]}-{SPENT[-1]} are spent)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object instead")
    options = parser.parse_args(argv)
    try:
        sets = {name: load_set(name) for name in options.sets.split(",") if name}
    except (ChangedSet, OSError, KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        reader = production_reader(options.rules_only)
    except ReaderMissing as exc:
        print(f"error: {exc}; use --rules-only to measure the rules alone", file=sys.stderr)
        return 2
    results = {name: measure(rows, reader) for name, rows in sets.items()}
    if options.json:
        data = {n: {k: f.as_dict() for k, f in s.items()} for n, s in results.items()}
        print(json.dumps(data, indent=2))
    else:
        layers = "rules only" if options.rules_only else "rules and the learned layer"
        print(f"blind sets, {layers}: recall; flagged = ordinary messages read as crisis")
        print(table(results))
        spent = [name for name in results if name in SPENT]
        if spent and not options.rules_only:
            print(
                f"{', '.join(spent)}: spent (each teaches the readers trained after it, "
                "or tunes one that never learnt from it), so these are development figures, "
                "not results"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
