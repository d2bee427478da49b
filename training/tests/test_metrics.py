"""The metrics the evaluation scripts report."""

from __future__ import annotations

import numpy as np

from training.metrics import (
    auc,
    combined_threshold_for_recall,
    confusion,
    stratified_folds,
    threshold_for_recall,
)


def test_metrics() -> None:
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    s = np.array([0.9, 0.8, 0.7, 0.2, 0.6, 0.1, 0.1, 0.0])
    c = confusion(s >= 0.5, y)
    assert (c.tp, c.fp, c.fn, c.tn) == (3, 1, 1, 3)
    assert c.recall == 0.75 and c.fpr == 0.25
    assert auc(s, y) == 0.9375
    assert threshold_for_recall(s, y, 1.0) == 0.2
    rules = np.array([False, False, False, True, False, False, False, False])
    blocked = np.zeros(8, dtype=bool)
    assert combined_threshold_for_recall(rules, blocked, s, y, 1.0) == 0.7
    folds = stratified_folds(y, k=2)
    assert sorted(np.concatenate(folds).tolist()) == list(range(8))
    assert all(y[f].sum() == 2 for f in folds)
