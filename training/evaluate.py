"""Cross-validated evaluation of the crisis detector: prints the tables in docs/triage.md.

    python -m training.evaluate [--json results.json] [--sets own,cssrs,...]

Needs ../shared/data/crisis (not in CI) and the embedding cache (training/embed_all.py
fills it; otherwise embeddings are computed here, ~20 minutes on two cores).

Protocol, for each development set separately:
- 5 stratified folds (seed 0). Each method is trained on four folds and tested on the
  fifth; its threshold is chosen inside the training folds by an inner 3-fold
  cross-validation to reach recall >= 0.98, then applied unchanged to the test fold.
- Methods: rules alone (no training); TF-IDF + logistic regression (baseline);
  MiniLM embeddings + logistic head (model); rules OR model (combination, the shipped design).
- Also AUC of the out-of-fold scores, and the false-positive rate each method pays at
  recall 0.95 on the pooled out-of-fold scores (one common operating point to compare).
Across sets: train on one set, choose the threshold on its own out-of-fold scores,
test on each other set. Finally, the shipped head (trained on cssrs + own only) on
every set.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from between.core.triage.detector import model_blocked
from between.core.triage.head import HEAD_JSON, context_features, fit_logistic
from between.core.triage.rules import CRISIS_AT, RuleScreen
from training.common import (
    PUBLIC_SETS,
    Dataset,
    EmbeddingCache,
    load_heldout,
    load_own,
    load_public,
)
from training.metrics import (
    auc,
    combined_threshold_for_recall,
    confusion,
    fpr_at_recall,
    grouped_folds,
    threshold_for_recall,
)

TARGET = 0.98
COMPARE_AT = 0.95
# The penalty the shipped training chose (training/train_crisis.py); same for every set.
L2 = float(json.loads(HEAD_JSON.read_text(encoding="utf-8")).get("l2", 30.0))
Scores = NDArray[np.float64]


def tfidf_fit_predict(
    train_texts: list[str], train_y: NDArray[np.int64], test_texts: list[str]
) -> Scores:
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, max_features=100_000, sublinear_tf=True
    )
    x = vectorizer.fit_transform(train_texts)
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, solver="liblinear")
    model.fit(x, train_y)
    return model.predict_proba(vectorizer.transform(test_texts))[:, 1]


def head_fit_predict(
    train_x: NDArray[Any], train_y: NDArray[np.int64], test_x: NDArray[Any]
) -> Scores:
    return fit_logistic(train_x, train_y, l2=L2).predict(test_x)


class RuleReading:
    def __init__(self, texts: list[str]) -> None:
        rules = RuleScreen()
        outcomes = [rules.screen(t) for t in texts]
        self.score = np.array([o.score for o in outcomes])
        self.fire = self.score >= CRISIS_AT
        # Short texts with no lexicon signal: the head may not flag them alone.
        self.blocked = np.array(
            [model_blocked(t, o) for o, t in zip(outcomes, texts, strict=True)], dtype=bool
        )
        # The stacked head's context features (rule-hit strengths, log word count).
        self.context = np.stack(
            [context_features(o, t) for o, t in zip(outcomes, texts, strict=True)]
        )


def folds_of(data: Dataset, k: int, seed: int) -> list[NDArray[np.int64]]:
    """Stratified folds that keep a generated template's variants together."""
    groups = data.groups or [str(i) for i in range(len(data))]
    return grouped_folds(data.labels, groups, k, seed)


def combined_score(rules: RuleReading, idx: NDArray[np.int64], p: Scores) -> Scores:
    """A continuous score ordering texts as the combination does (for AUC and FPR@recall)."""
    return np.where(rules.fire[idx], 1.0 + rules.score[idx], p)


def cross_validate(data: Dataset, features: NDArray[Any], rules: RuleReading) -> dict[str, Any]:
    y = data.labels
    n = len(y)
    oof = {"tfidf": np.zeros(n), "model": np.zeros(n), "combination": np.zeros(n)}
    decided = {
        "tfidf": np.zeros(n, bool),
        "model": np.zeros(n, bool),
        "combination": np.zeros(n, bool),
    }
    for fold in folds_of(data, 5, 0):
        train_idx = np.setdiff1d(np.arange(n), fold)
        ty = y[train_idx]
        inner_tfidf = np.zeros(len(train_idx))
        inner_model = np.zeros(len(train_idx))
        inner_groups = [(data.groups or [str(i) for i in range(n)])[i] for i in train_idx]
        for inner in grouped_folds(ty, inner_groups, 3, 1):
            inner_train = np.setdiff1d(np.arange(len(train_idx)), inner)
            a, b = train_idx[inner_train], train_idx[inner]
            inner_tfidf[inner] = tfidf_fit_predict(
                [data.texts[i] for i in a], y[a], [data.texts[i] for i in b]
            )
            inner_model[inner] = head_fit_predict(features[a], y[a], features[b])
        t_tfidf = threshold_for_recall(inner_tfidf, ty, TARGET)
        t_model = threshold_for_recall(inner_model, ty, TARGET)
        t_comb = combined_threshold_for_recall(
            rules.fire[train_idx], rules.blocked[train_idx], inner_model, ty, TARGET
        )

        p_tfidf = tfidf_fit_predict(
            [data.texts[i] for i in train_idx], ty, [data.texts[i] for i in fold]
        )
        p_model = head_fit_predict(features[train_idx], ty, features[fold])
        oof["tfidf"][fold] = p_tfidf
        oof["model"][fold] = p_model
        oof["combination"][fold] = combined_score(rules, fold, p_model)
        decided["tfidf"][fold] = p_tfidf >= t_tfidf
        decided["model"][fold] = p_model >= t_model
        decided["combination"][fold] = rules.fire[fold] | (
            (p_model >= t_comb) & ~rules.blocked[fold]
        )

    result: dict[str, Any] = {"rows": n, "crisis": int(y.sum())}
    result["rules"] = {**confusion(rules.fire, y).as_dict(), "auc": round(auc(rules.score, y), 4)}
    for name in ("tfidf", "model", "combination"):
        _, fpr95 = fpr_at_recall(oof[name], y, COMPARE_AT)
        result[name] = {
            **confusion(decided[name], y).as_dict(),
            "auc": round(auc(oof[name], y), 4),
            "fpr_at_recall_095": round(fpr95, 4),
        }
    return result


def cross_set(
    sets: dict[str, Dataset], features: dict[str, NDArray[Any]], readings: dict[str, RuleReading]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for source, data in sets.items():
        y = data.labels
        oof = np.zeros(len(y))
        for fold in folds_of(data, 5, 0):
            train_idx = np.setdiff1d(np.arange(len(y)), fold)
            oof[fold] = head_fit_predict(
                features[source][train_idx], y[train_idx], features[source][fold]
            )
        threshold = threshold_for_recall(oof, y, TARGET)
        t_comb = combined_threshold_for_recall(
            readings[source].fire, readings[source].blocked, oof, y, TARGET
        )
        head = fit_logistic(features[source], y, l2=L2)
        row: dict[str, Any] = {}
        for target, other in sets.items():
            if target == source:
                continue
            p = head.predict(features[target])
            r = readings[target]
            comb = r.fire | ((p >= t_comb) & ~r.blocked)
            tf = tfidf_fit_predict(data.texts, y, other.texts)
            row[target] = {
                "model_auc": round(auc(p, other.labels), 4),
                "model": confusion(p >= threshold, other.labels).as_dict(),
                "combination": confusion(comb, other.labels).as_dict(),
                "tfidf_auc": round(auc(tf, other.labels), 4),
            }
        out[source] = row
    return out


def tfidf_oof(data: Dataset, k: int = 5, seed: int = 0) -> Scores:
    """The baseline's out-of-fold scores on one set (trained in-domain, on its other folds)."""
    out = np.zeros(len(data))
    for fold in folds_of(data, k, seed):
        rest = np.setdiff1d(np.arange(len(data)), fold)
        out[fold] = tfidf_fit_predict(
            [data.texts[i] for i in rest], data.labels[rest], [data.texts[i] for i in fold]
        )
    return out


def inbox_rows(data: Dataset) -> NDArray[np.bool_]:
    """Rows of the held-out generated set that are inbox messages (not the post and tweet
    families added to teach the head the public sets' shapes)."""
    groups = data.groups or [""] * len(data)
    return np.array([not g.startswith(("gen-post_", "gen-tweet_")) for g in groups])


def shipped(
    sets: dict[str, Dataset],
    features: dict[str, NDArray[Any]],
    readings: dict[str, RuleReading],
    baseline_oof: dict[str, Scores] | None = None,
) -> dict[str, Any]:
    """The shipped head at its threshold, cross-validated on the public sets that choose it,
    beside the TF-IDF baseline's false-positive rate at the same recall; and at the
    threshold that would just give every public set recall >= 0.95 (an alternative)."""
    from between.core.triage.head import LogisticHead
    from training.train_crisis import ThresholdSet, public_threshold_cv

    head = LogisticHead.load()
    threshold = float(head.meta["threshold"])
    inbox_threshold = float(head.meta.get("inbox_threshold", threshold))
    public_target = head.meta.get("public_target_recall") or TARGET
    trained_on = head.meta.get("trained_on", {})
    chooses = (
        set(head.meta.get("threshold_sets", {})) if head.meta.get("public_target_recall") else set()
    )
    width = len(head.coef)  # 768 for an embedding-only head, more for a stacked one
    probabilities = {name: head.predict(features[name][:, :width]) for name in sets}
    per_set = [
        combined_threshold_for_recall(
            readings[n].fire, readings[n].blocked, probabilities[n], sets[n].labels, COMPARE_AT
        )
        for n in sets
        if n not in trained_on and n != "own_heldout"
    ]
    alternative = min(per_set) if per_set else threshold
    choosing = [
        ThresholdSet(n, sets[n].labels, readings[n].fire, readings[n].blocked, probabilities[n])
        for n in sets
        if n in chooses
    ]
    cv = public_threshold_cv(inbox_threshold, choosing, float(public_target)) if choosing else {}
    shippable = [n for n in sets if n in trained_on]
    shippable_texts = [t for n in shippable for t in sets[n].texts]
    shippable_y = (
        np.concatenate([sets[n].labels for n in shippable]) if shippable else np.zeros(0, int)
    )
    out: dict[str, Any] = {
        "threshold": threshold,
        "alternative": alternative,
        "trained_on": trained_on,
        "cv_fold_thresholds": cv.get("fold_thresholds", []),
    }
    for name, data in sets.items():
        p, r = probabilities[name], readings[name]
        in_training = name in trained_on
        decided = r.fire | ((p >= threshold) & ~r.blocked)
        row: dict[str, Any] = {
            "combination": confusion(decided, data.labels).as_dict(),
            "alternative": confusion(
                r.fire | ((p >= alternative) & ~r.blocked), data.labels
            ).as_dict(),
            "model_auc": round(auc(p, data.labels), 4),
            "note": "trained on (optimistic)"
            if in_training
            else (
                "never trained on; chooses the threshold" if name in chooses else "never trained on"
            ),
        }
        if name in cv:
            row["cv"] = cv[name]
        if name == "own_heldout":
            rows = inbox_rows(data)
            row["inbox_only"] = confusion(decided[rows], data.labels[rows]).as_dict()
        if not in_training and name != "own_heldout" and shippable:
            recall = row["combination"]["recall"]
            if baseline_oof is not None and name in baseline_oof:
                _, row["tfidf_fpr_in_domain"] = fpr_at_recall(
                    baseline_oof[name], data.labels, recall
                )
            shipped_tfidf = tfidf_fit_predict(shippable_texts, shippable_y, data.texts)
            _, row["tfidf_fpr_shippable"] = fpr_at_recall(shipped_tfidf, data.labels, recall)
        out[name] = row
    return out


def fmt(m: dict[str, Any], keys: tuple[str, ...] = ("recall", "precision", "fpr")) -> str:
    return " | ".join(f"{m[k]:.3f}" for k in keys)


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "### Per development set, 5-fold cross-validation "
        "(threshold chosen in-fold for recall 0.98)",
        "",
    ]
    lines.append(
        "| set | rows (crisis) | method | recall | precision | FPR | AUC | FPR at recall 0.95 |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for name, r in report["cv"].items():
        for method, label in (
            ("rules", "rules alone"),
            ("tfidf", "TF-IDF + LR (baseline)"),
            ("model", "stacked head (MiniLM + rule context)"),
            ("combination", "rules OR model"),
        ):
            m = r[method]
            fpr95 = f"{m['fpr_at_recall_095']:.3f}" if "fpr_at_recall_095" in m else "n/a"
            lines.append(
                f"| {name} | {r['rows']} ({r['crisis']}) | {label} | {fmt(m)} "
                f"| {m['auc']:.3f} | {fpr95} |"
            )
    if "cross" in report:
        lines += [
            "",
            "### Across sets: model trained on the row's set, tested on the column's set",
            "",
        ]
        names = list(report["cross"])
        lines.append("| trained on \\ tested on | " + " | ".join(names) + " |")
        lines.append("|---|" + "---|" * len(names))
        for source, row in report["cross"].items():
            cells = []
            for target in names:
                if target == source:
                    cells.append("—")
                    continue
                c = row[target]
                cells.append(
                    f"AUC {c['model_auc']:.2f} (TF-IDF {c['tfidf_auc']:.2f}); "
                    f"R {c['combination']['recall']:.2f} / FPR {c['combination']['fpr']:.2f}"
                )
            lines.append(f"| {source} | " + " | ".join(cells) + " |")
    if "shipped" in report:
        s = report["shipped"]
        lines += [
            "",
            f"### Shipped detector (head trained on {', '.join(s['trained_on'])}): "
            f"threshold {s['threshold']:.6f}; alternative {s['alternative']:.6f} "
            "(just recall >= 0.95 on every public set)",
            "",
            "| set | recall | precision | FPR | CV recall | CV FPR | TF-IDF FPR at that recall "
            "(in-domain CV / trained on cssrs+own) | recall (alt.) | FPR (alt.) | model AUC "
            "| note |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        skip = ("threshold", "alternative", "trained_on", "cv_fold_thresholds")
        for name, m in s.items():
            if name in skip:
                continue
            cv = m.get("cv")
            cv_cells = f"{cv['recall']:.3f} | {cv['fpr']:.3f}" if cv else "— | —"
            if "tfidf_fpr_shippable" in m:
                indomain = m.get("tfidf_fpr_in_domain")
                left = f"{indomain:.3f}" if indomain is not None else "—"
                base = f"{left} / {m['tfidf_fpr_shippable']:.3f}"
            else:
                base = "—"
            lines.append(
                f"| {name} | {fmt(m['combination'])} | {cv_cells} | {base} "
                f"| {m['alternative']['recall']:.3f} | {m['alternative']['fpr']:.3f} "
                f"| {m['model_auc']:.3f} | {m['note']} |"
            )
            if "inbox_only" in m:
                lines.append(
                    f"| own_heldout, inbox messages only | {fmt(m['inbox_only'])} | — | — "
                    "| — | — | — | — | never trained on |"
                )
        if s.get("cv_fold_thresholds"):
            lines += [
                "",
                "CV thresholds (chosen on four folds of each public set, with the inbox "
                "sets' out-of-fold threshold): "
                + ", ".join(f"{t:.6f}" for t in s["cv_fold_thresholds"]),
            ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", default="own," + ",".join(PUBLIC_SETS))
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--skip-cross", action="store_true")
    parser.add_argument("--only-shipped", action="store_true", help="just the shipped head's table")
    options = parser.parse_args(argv)
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731

    from between.core.triage.encoder import MiniLMEncoder

    encoder = MiniLMEncoder()
    sets: dict[str, Dataset] = {}
    features: dict[str, NDArray[Any]] = {}
    readings: dict[str, RuleReading] = {}
    names = options.sets.split(",")
    for name in [*names, "own_heldout"]:
        if name == "own":
            sets[name] = load_own()
        elif name == "own_heldout":
            sets[name] = load_heldout()
        else:
            sets[name] = load_public(name)
        readings[name] = RuleReading(sets[name].texts)
        embedded = EmbeddingCache(encoder, name).features(sets[name].texts, progress=True)
        features[name] = np.hstack([embedded, readings[name].context])
        log(f"loaded {name}: {len(sets[name])} rows")
    report: dict[str, Any] = {"cv": {}}
    if options.only_shipped:
        baseline = {n: tfidf_oof(d) for n, d in sets.items() if n in PUBLIC_SETS and n != "cssrs"}
        report["shipped"] = shipped(sets, features, readings, baseline)
        if options.json:
            options.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(markdown(report))
        return 0
    studied = {n: d for n, d in sets.items() if n != "own_heldout"}
    for name, data in studied.items():
        report["cv"][name] = cross_validate(data, features[name], readings[name])
        log(
            f"cv {name}: "
            + json.dumps({k: v for k, v in report["cv"][name].items() if isinstance(v, dict)})
        )
    if not options.skip_cross:
        report["cross"] = cross_set(studied, features, readings)
    report["shipped"] = shipped(
        sets,
        features,
        readings,
        {n: tfidf_oof(d) for n, d in studied.items() if n in PUBLIC_SETS and n != "cssrs"},
    )
    if options.json:
        options.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
