"""Cross-writer figures and the danger threshold, from out-of-fold readings.

    python -m training.choose FOLD_DIR [FOLD_DIR ...] [--target 0.98]

Each FOLD_DIR is a ``training.finetune --hold-out Tn,Tm`` run: a model trained without
those writers and its readings of their messages (``heldout.csv``, rows in the writers'
file order). Combined with the rules exactly as the detector combines them, the readings
give what a model does on a writer it never saw. The threshold is the largest at which
the combination reaches ``--target`` recall on the pooled out-of-fold crises of each
language; it is chosen here, on training writers only, never on a blind set.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np

from training.reader_data import writer_examples

CLASSES = ("crisis", "admin", "clinical", "boundary", "other")
TARGET_RECALL = 0.98


def load_folds(folders: list[Path]) -> list[dict[str, object]]:
    by_writer: dict[str, list] = {}
    for example in writer_examples():
        by_writer.setdefault(example.source, []).append(example)
    rows: list[dict[str, object]] = []
    for folder in folders:
        with (folder / "heldout.csv").open(newline="", encoding="utf-8") as handle:
            read = list(csv.DictReader(handle))
        sources = list(dict.fromkeys(row["source"] for row in read))  # in file order
        examples = [e for source in sources for e in by_writer[source]]
        for example, row in zip(examples, read, strict=True):
            rows.append(
                {
                    "writer": example.source,
                    "text": example.text,
                    "crisis": example.crisis,
                    "category": example.need,
                    "language": example.language,
                    "danger": _asked(example.text) * float(row["danger"]),
                    "needs": [float(row[c]) for c in CLASSES],
                }
            )
    return rows


def _asked(text: str) -> float:
    """1 when the detector would ask the reader about ``text``, 0 when it leaves the text
    to the rules (junk gates), so the figures are the detector's own."""
    from between.core.triage.junk import fold_repeats, for_the_rules_alone

    return 0.0 if for_the_rules_alone(*fold_repeats(text)) else 1.0


def rules_flags(rows: list[dict[str, object]]) -> list[bool]:
    """The rules' verdicts as the detector reaches them (on the folded text)."""
    from between.core.triage.detector import Detector

    rules_alone = Detector(use_model=False)
    return [result.crisis for result in rules_alone.screen_many(str(r["text"]) for r in rows)]


def figures(rows: list[dict[str, object]], rules: list[bool], threshold: float) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for row, rule in zip(rows, rules, strict=True):
        flagged = rule or float(row["danger"]) >= threshold  # type: ignore[arg-type]
        needs = row["needs"]
        routine = max(range(1, len(CLASSES)), key=lambda i: needs[i])  # type: ignore[index]
        predicted = "crisis" if flagged else CLASSES[routine]
        for key in ("all", f"lang:{row['language']}", f"writer:{row['writer']}"):
            f = out.setdefault(key, {"tp": 0, "fn": 0, "fp": 0, "tn": 0, "classes": {}})
            if row["crisis"]:
                f["tp" if flagged else "fn"] += 1
            else:
                f["fp" if flagged else "tn"] += 1
            right_total = f["classes"].setdefault(row["category"], [0, 0])
            right_total[0] += predicted == row["category"]
            right_total[1] += 1
    for f in out.values():
        f["recall"] = round(f["tp"] / max(1, f["tp"] + f["fn"]), 4)
        f["fpr"] = round(f["fp"] / max(1, f["fp"] + f["tn"]), 4)
        right = sum(r for r, _ in f["classes"].values())
        total = sum(t for _, t in f["classes"].values())
        f["category_accuracy"] = round(right / max(1, total), 4)
        f["classes"] = {c: round(r / t, 4) for c, (r, t) in sorted(f["classes"].items())}
    return out


def choose(rows: list[dict[str, object]], rules: list[bool], target: float) -> float:
    """The largest threshold at which each language's pooled recall reaches target.

    Refuses (SystemExit) when none does: a reader that cannot reach the target is not
    shipped with a threshold that would flag nearly everything."""
    best: float | None = None
    for threshold in np.round(np.arange(0.01, 0.96, 0.01), 2):
        f = figures(rows, rules, float(threshold))
        if all(v["recall"] >= target for k, v in f.items() if k.startswith("lang:")):
            best = float(threshold)
    if best is None:
        raise SystemExit(f"no threshold reaches recall {target} in every language")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.choose", description=__doc__)
    parser.add_argument("folds", nargs="+", type=Path)
    parser.add_argument("--target", type=float, default=TARGET_RECALL)
    parser.add_argument("--threshold", type=float, default=None, help="report at this one")
    options = parser.parse_args(argv)
    rows = load_folds(options.folds)
    rules = rules_flags(rows)
    threshold = (
        options.threshold if options.threshold is not None else choose(rows, rules, options.target)
    )
    result = figures(rows, rules, threshold)
    print(
        json.dumps({"threshold": threshold, "target": options.target, "figures": result}, indent=1)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
