"""Metrics and threshold choice for the crisis detector (numpy only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass
class Confusion:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "f1": round(self.f1, 4),
            "fpr": round(self.fpr, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


def confusion(predicted: NDArray[np.bool_], labels: NDArray[np.int64]) -> Confusion:
    p = np.asarray(predicted, dtype=bool)
    y = np.asarray(labels) == 1
    return Confusion(
        int((p & y).sum()), int((p & ~y).sum()), int((~p & y).sum()), int((~p & ~y).sum())
    )


def auc(scores: NDArray[np.float64], labels: NDArray[np.int64]) -> float:
    """ROC AUC by the rank-sum formula (ties get the average rank)."""
    y = np.asarray(labels) == 1
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = np.asarray(scores)[order]
    i = 0
    while i < len(sorted_scores):
        j = i
        while j + 1 < len(sorted_scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def threshold_for_recall(
    scores: NDArray[np.float64], labels: NDArray[np.int64], target: float
) -> float:
    """Largest threshold t with recall(scores >= t) >= target."""
    positives = np.sort(np.asarray(scores)[np.asarray(labels) == 1])[::-1]
    if len(positives) == 0:
        return 0.5
    needed = int(np.ceil(target * len(positives)))
    return float(positives[max(needed, 1) - 1])


def combined_threshold_for_recall(
    rule_flag: NDArray[np.bool_],
    blocked: NDArray[np.bool_],
    probability: NDArray[np.float64],
    labels: NDArray[np.int64],
    target: float,
) -> float:
    """Largest head threshold t where (rules fire) or (p >= t, not blocked) reaches the recall.

    `blocked` marks texts the head may not flag on its own: the shipped detector blocks
    texts of three words or fewer with no lexicon signal (detector.model_blocked).
    """
    y = np.asarray(labels) == 1
    n_pos = int(y.sum())
    needed = int(np.ceil(target * n_pos))
    caught_by_rules = int((rule_flag & y).sum())
    if caught_by_rules >= needed:
        # Rules alone reach the target; keep the head at the rate where it adds at most
        # what the rules miss (never above 0.99 so the head still contributes).
        rest = np.sort(probability[y & ~rule_flag & ~blocked])[::-1]
        return float(min(0.99, rest[0])) if len(rest) else 0.99
    candidates = np.sort(probability[y & ~rule_flag & ~blocked])[::-1]
    missing = needed - caught_by_rules
    if missing > len(candidates):
        return float(candidates[-1]) if len(candidates) else 0.0
    return float(candidates[missing - 1])


def fpr_at_recall(
    scores: NDArray[np.float64], labels: NDArray[np.int64], target: float
) -> tuple[float, float]:
    """(threshold, false-positive rate) at the largest threshold reaching the target recall."""
    t = threshold_for_recall(scores, labels, target)
    return t, confusion(np.asarray(scores) >= t, labels).fpr


def stratified_folds(
    labels: NDArray[np.int64], k: int = 5, seed: int = 0
) -> list[NDArray[np.int64]]:
    """k disjoint index arrays with the class balance of `labels`, reproducible by seed."""
    rng = np.random.default_rng(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    y = np.asarray(labels)
    for cls in np.unique(y):
        idx = np.flatnonzero(y == cls)
        rng.shuffle(idx)
        for i, j in enumerate(idx):
            folds[i % k].append(int(j))
    return [np.array(sorted(f), dtype=np.int64) for f in folds]


def grouped_folds(
    labels: NDArray[np.int64], groups: list[str], k: int = 5, seed: int = 0
) -> list[NDArray[np.int64]]:
    """Like `stratified_folds`, but rows of one group (variants of one generated
    template) always land in the same fold, so near-duplicates never leak across."""
    rng = np.random.default_rng(seed)
    y = np.asarray(labels)
    members: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    folds: list[list[int]] = [[] for _ in range(k)]
    for cls in np.unique(y):
        names = sorted(g for g, rows in members.items() if y[rows[0]] == cls)
        order = rng.permutation(len(names))
        sizes = [0] * k
        for j in order:  # largest-first would be tidier; round-robin by fold size is enough
            target = int(np.argmin(sizes))
            folds[target].extend(members[names[j]])
            sizes[target] += len(members[names[j]])
    return [np.array(sorted(f), dtype=np.int64) for f in folds]
