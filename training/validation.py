"""The danger threshold, chosen on spent blind sets the shipped reader never learnt from.

    python -m training.validation --sets J,K,L [--target 0.98]

A blind set that has judged a reader once can go on to tune it: its messages were
written by someone who never saw the training data, so the shipped reader's readings of
them say what it does on new writers, as the folds of ``make train`` do, without the
hours of training the folds take. The threshold is ``training.choose``'s rule (the
largest at which each language's pooled recall reaches the target) on the shipped
reader's readings, combined with the rules as the detector combines them.

Two refusals keep it honest (exit 2): a set that still judges (not in
``training.blind.SPENT``) is never read here, and a set the shipped reader learnt from
(listed in its ``config.json``) says nothing about new writers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from training import blind, choose


class NotForTuning(ValueError):
    """A set that still judges, or one the shipped reader learnt from."""


def check_sets(names: Sequence[str], trained_on: Sequence[str]) -> None:
    for name in names:
        if name not in blind.SPENT:
            raise NotForTuning(f"{name} still judges the reader; it is never tuned on")
        if f"blind/{name}.csv" in trained_on:
            raise NotForTuning(f"the shipped reader learnt from {name}")


def readings(names: Sequence[str]) -> list[dict[str, object]]:
    """The shipped reader's readings of the sets' messages, as ``training.choose`` rows."""
    from between.core.triage import Detector

    detector = Detector()
    if not detector.available():
        raise blind.ReaderMissing(f"the message reader did not load ({detector.status().reason})")
    check_sets(names, detector.status().trained_on)
    rows: list[dict[str, object]] = []
    for name in names:
        messages = blind.load_set(name)
        results = detector.screen_many([text for text, *_ in messages])
        for (text, crisis, category, language), result in zip(messages, results, strict=True):
            needs = result.layers.get("needs") or {}
            rows.append(
                {
                    "writer": name,
                    "text": text,
                    "crisis": crisis,
                    "category": category,
                    "language": language,
                    "danger": result.layers.get("model") or 0.0,
                    "needs": [float(needs.get(c, 0.0)) for c in choose.CLASSES],
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.validation", description=__doc__)
    parser.add_argument("--sets", required=True, help="spent blind sets, e.g. J,K,L")
    parser.add_argument("--target", type=float, default=choose.TARGET_RECALL)
    options = parser.parse_args(argv)
    names = [n for n in options.sets.split(",") if n]
    try:
        rows = readings(names)
    except (NotForTuning, blind.ChangedSet, blind.ReaderMissing, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rules = choose.rules_flags(rows)
    threshold = choose.choose(rows, rules, options.target)
    result = choose.figures(rows, rules, threshold)
    print(
        json.dumps(
            {"sets": names, "threshold": threshold, "target": options.target, "figures": result},
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
