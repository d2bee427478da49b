"""The numpy logistic head, its file format, and the training metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from between.core.triage.head import LogisticHead, fit_logistic, pool_windows
from training.metrics import (
    auc,
    combined_threshold_for_recall,
    confusion,
    stratified_folds,
    threshold_for_recall,
)


def test_fit_separates_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    y = (x[:, 0] + 0.2 * rng.normal(size=200) > 0).astype(np.int64)
    head = fit_logistic(x, y, l2=0.1)
    p = head.predict(x)
    assert auc(p, y) > 0.97
    head.meta = {"threshold": 0.3}
    head.save(tmp_path / "h.npz", tmp_path / "h.json")
    again = LogisticHead.load(tmp_path / "h.npz", tmp_path / "h.json")
    assert np.allclose(again.predict(x), p)
    assert again.meta["threshold"] == 0.3


def test_pool_windows_is_mean_and_max() -> None:
    w = np.array([[0.0, 1.0], [2.0, -1.0]], dtype=np.float32)
    assert pool_windows(w).tolist() == [1.0, 0.0, 2.0, 1.0]


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
