"""The shipped reader's readings of writers it was not trained on, as a fold.

    python -m training.read_shipped --writers T9,T10 --out var/train/shipped-T9-T10

Writes ``OUT/heldout.csv`` in ``training.finetune``'s format, so ``training.choose``
gives the shipped reader's cross-writer figures on a set written after it was trained.
It reads through the runtime reader (ONNX Runtime), exactly as Between does.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from between.core.triage.reader import MessageReader
from training.reader_data import writer_examples
from training.reader_torch import NEEDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.read_shipped", description=__doc__)
    parser.add_argument("--writers", required=True, help="comma-separated, e.g. T9,T10")
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args(argv)
    wanted = options.writers.split(",")
    held = [e for e in writer_examples() if e.source in wanted]
    held.sort(key=lambda e: wanted.index(e.source))  # writers in the order asked, as a fold
    readings = MessageReader().read_many([e.text for e in held])
    options.out.mkdir(parents=True, exist_ok=True)
    with (options.out / "heldout.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["source", "crisis", "category", "language", "danger", *NEEDS])
        for e, r in zip(held, readings, strict=True):
            out.writerow(
                [e.source, e.crisis, e.need, e.language, f"{r.danger:.5f}"]
                + [f"{r.needs[n]:.5f}" for n in NEEDS]
            )
    print(f"{len(held)} messages of {','.join(wanted)} read into {options.out / 'heldout.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
