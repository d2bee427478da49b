"""`between triage score|eval|train`: argparse wiring and the commands' bodies.

Contracts (stable, relied on by scripts):
- `score [FILE]` reads JSON lines {"id", "text"} (standard input without FILE) and writes,
  in input order, one JSON line {"id", "crisis", "score", "category", "signals"} per input
  line. A line that is not a JSON object with a string "text" gets
  {"id", "error"} in its place and the command exits 1 after finishing the rest.
- `eval FILE.csv` (columns text and crisis as 0/1) prints recall, precision, F1,
  false-positive rate and the confusion matrix; with a `category` column (crisis, admin,
  clinical, boundary, other) it also prints `category_accuracy` and, per category,
  `category_<name>: <accuracy> (<right>/<total>)`.
- `train` rebuilds the message reader (training/retrain.py, in the training environment
  that has torch: `make train`) and prints the threshold and out-of-fold figures.
Nothing here prints message text: only ids, scores and signal spans.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from between.core.triage import Detector

BATCH = 64


def build_parser(subparsers: Any) -> dict[str, argparse.ArgumentParser]:
    """Add `score`, `eval` and `train` to an argparse subparsers object.

    Each sets `triage_command` in the parsed options, whatever `dest` the caller gave
    its subparsers, so `run(options, ...)` can dispatch. Returns the three parsers.
    """
    score = subparsers.add_parser("score", help="score JSON lines {id, text}")
    score.add_argument(
        "file", nargs="?", type=Path, help="JSON-lines file (default: standard input)"
    )
    score.add_argument("--rules-only", action="store_true", help="skip the learned layer")
    score.set_defaults(triage_command="score")

    evaluate = subparsers.add_parser("eval", help="measure on a labelled CSV (text, crisis)")
    evaluate.add_argument("file", type=Path, help="CSV with columns text and crisis (0/1)")
    evaluate.add_argument("--rules-only", action="store_true", help="skip the learned layer")
    evaluate.set_defaults(triage_command="eval")

    train = subparsers.add_parser("train", help="rebuild the message reader from the training data")
    train.add_argument(
        "--data-dir", type=Path, default=None, help="the writers' training sets (with SHA256SUMS)"
    )
    train.add_argument("--out-dir", type=Path, default=None, help="where the shipped model goes")
    train.add_argument(
        "--work", type=Path, default=Path("var/train"), help="intermediate models (resumable)"
    )
    train.set_defaults(triage_command="train")
    return {"score": score, "eval": evaluate, "train": train}


def run(
    options: argparse.Namespace,
    stdin: IO[str] = sys.stdin,
    stdout: IO[str] = sys.stdout,
    stderr: IO[str] = sys.stderr,
    detector: Detector | None = None,
) -> int:
    """Execute the parsed `triage` command; returns the process exit code."""
    command = options.triage_command
    if command == "train":
        return _train(options, stdout, stderr)
    detector = detector or Detector(use_model=not getattr(options, "rules_only", False))
    if detector.use_model and not detector.available():
        print(
            f"warning: learned layer unavailable ({detector.status().reason}); rules only",
            file=stderr,
        )
    if command == "score":
        if options.file is None:
            return _score(stdin, stdout, detector)
        try:
            handle = options.file.open(encoding="utf-8")
        except OSError as exc:
            print(f"error: {options.file}: {exc.strerror or exc}", file=stderr)
            return 2
        with handle:
            return _score(handle, stdout, detector)
    if command == "eval":
        return _eval(options.file, stdout, stderr, detector)
    print(f"unknown triage command: {command}", file=stderr)
    return 2


def _batches(lines: IO[str]) -> Iterator[list[tuple[Any, str | None, str | None]]]:
    """Groups of (id, text, error) in input order; blank lines are not inputs."""
    batch: list[tuple[Any, str | None, str | None]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            batch.append((None, None, f"line {number}: not valid JSON"))
        else:
            if not isinstance(item, dict):
                batch.append((None, None, f"line {number}: expected a JSON object"))
            elif not isinstance(item.get("text"), str):
                batch.append((item.get("id"), None, f'line {number}: "text" must be a string'))
            else:
                batch.append((item.get("id"), item["text"], None))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _score(lines: IO[str], stdout: IO[str], detector: Detector) -> int:
    status = 0
    for batch in _batches(lines):
        texts = [text for _, text, _ in batch if text is not None]
        results = iter(detector.screen_many(texts))
        for ident, text, error in batch:
            if text is None:
                status = 1
                stdout.write(json.dumps({"id": ident, "error": error}) + "\n")
                continue
            result = next(results)
            record = {
                "id": ident,
                "crisis": result.crisis,
                "score": round(result.score, 4),
                "category": result.category,
                "signals": [s.as_dict() for s in result.signals],
            }
            stdout.write(json.dumps(record) + "\n")
        stdout.flush()
    return status


CATEGORIES = ("crisis", "admin", "clinical", "boundary", "other")


def _read_labelled(path: Path) -> tuple[list[str], list[int], list[str] | None]:
    """Texts, crisis labels and, when the file has a ``category`` column, categories."""
    csv.field_size_limit(sys.maxsize)
    texts: list[str] = []
    labels: list[int] = []
    categories: list[str] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = set(reader.fieldnames or ())
        missing = {"text", "crisis"} - fields
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        with_category = "category" in fields
        for line, row in enumerate(reader, start=2):
            value = (row["crisis"] or "").strip()
            if value not in ("0", "1"):
                raise ValueError(f"{path}, line {line}: crisis must be 0 or 1")
            texts.append(row["text"] or "")
            labels.append(int(value))
            if with_category:
                category = (row["category"] or "").strip().lower()
                if category not in CATEGORIES:
                    raise ValueError(
                        f"{path}, line {line}: category must be one of {', '.join(CATEGORIES)}"
                    )
                categories.append(category)
    return texts, labels, categories if with_category else None


def _eval(path: Path, stdout: IO[str], stderr: IO[str], detector: Detector) -> int:
    from between.core.needs import classify_need, screened_already

    try:
        texts, labels, categories = _read_labelled(path)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=stderr)
        return 2
    if not texts:
        print(f"error: {path}: no labelled rows to measure", file=stderr)
        return 2
    results = detector.screen_many(texts)
    predicted = [r.crisis for r in results]
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if not p and y)
    tn = sum(1 for p, y in zip(predicted, labels, strict=True) if not p and not y)
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    fpr = fp / (fp + tn) if fp + tn else 0.0
    layers = "rules + model" if detector.available() else "rules only"
    out = stdout.write
    out(f"rows: {len(labels)} ({sum(labels)} crisis)  layers: {layers}\n")
    out(
        f"recall: {recall:.4f}\nprecision: {precision:.4f}\nf1: {f1:.4f}\n"
        f"false_positive_rate: {fpr:.4f}\n"
    )
    out("confusion matrix (rows: actual, columns: predicted)\n")
    out(f"{'':>12}{'crisis':>10}{'not':>10}\n")
    out(f"{'crisis':>12}{tp:>10}{fn:>10}\n")
    out(f"{'not':>12}{fp:>10}{tn:>10}\n")
    if categories is not None:
        needs = [
            classify_need(text, crisis_screen=screened_already(result)).need.value
            for text, result in zip(texts, results, strict=True)
        ]
        right = sum(1 for n, c in zip(needs, categories, strict=True) if n == c)
        out(f"category_accuracy: {right / len(categories):.4f}\n")
        for name in CATEGORIES:
            mine = [n for n, c in zip(needs, categories, strict=True) if c == name]
            if mine:
                hits = sum(1 for n in mine if n == name)
                out(f"category_{name}: {hits / len(mine):.4f} ({hits}/{len(mine)})\n")
    return 0


def _train(options: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    try:
        import torch  # noqa: F401  (training needs it; Between itself never does)

        from training import retrain
    except ImportError as exc:  # the training code lives in the repository, not the wheel
        print(
            f"error: training needs the training environment ({exc.name} is missing): "
            "from the repository, run `make train`, or `make train-env` and then "
            "`.venv-train/bin/between triage train`",
            file=stderr,
        )
        return 2
    argv = ["--work", str(options.work)]
    if options.out_dir is not None:
        argv += ["--out", str(options.out_dir)]
    if options.data_dir is not None:
        argv += ["--data-dir", str(options.data_dir)]
    return retrain.main(argv)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (`python -m between.triage.cli score ...`)."""
    parser = argparse.ArgumentParser(prog="between triage")
    build_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
