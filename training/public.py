"""The shipped detector on the public crisis-text sets, beside an in-domain baseline.

    python -m training.public [--data-dir ../shared/data/crisis] [--rules-only]

None of these sets trains the reader (their licences are not stated, except cssrs,
which the reader does not use either). They are Reddit posts, user histories and tweets,
not a therapist's inbox: a different task, shown for orientation. Beside each figure is
a TF-IDF + logistic-regression baseline trained *in-domain*, by 5-fold cross-validation
on that very set (which a shipped model may not do), read at the detector's own recall.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from training.common import PUBLIC_SETS, SHARED_DATA, load_public
from training.metrics import auc, confusion, fpr_at_recall, stratified_folds


def tfidf_out_of_fold(texts: list[str], labels: np.ndarray) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    scores = np.zeros(len(texts))
    for fold in stratified_folds(labels, k=5):
        train = np.setdiff1d(np.arange(len(texts)), fold)
        vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        features = vectoriser.fit_transform([texts[i] for i in train])
        model = LogisticRegression(max_iter=2000, C=4.0).fit(features, labels[train])
        scores[fold] = model.predict_proba(vectoriser.transform([texts[i] for i in fold]))[:, 1]
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.public", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=SHARED_DATA)
    parser.add_argument("--rules-only", action="store_true")
    options = parser.parse_args(argv)
    if not options.data_dir.exists():
        print(f"error: {options.data_dir} is missing (the public sets are not in the repo)")
        return 2
    from between.core.triage import Detector

    detector = Detector(use_model=not options.rules_only)
    if not options.rules_only and not detector.available():
        reason = detector.status().reason
        print(f"error: the message reader did not load ({reason}); use --rules-only")
        return 2
    head = f"{'set':<18}{'rows':>6}{'recall':>8}{'fpr':>8}{'danger auc':>11}{'tfidf fpr':>10}"
    print(head)
    for name in PUBLIC_SETS:
        data = load_public(name, options.data_dir)
        results = detector.screen_many(data.texts)
        flagged = np.array([r.crisis for r in results])
        found = confusion(flagged, data.labels)
        danger = np.array([r.layers.get("model") or 0.0 for r in results])
        baseline = tfidf_out_of_fold(data.texts, data.labels)
        _, at_recall = fpr_at_recall(baseline, data.labels, found.recall)
        print(
            f"{name:<18}{len(data):>6}{found.recall:>8.3f}{found.fpr:>8.3f}"
            f"{auc(danger, data.labels):>11.3f}{at_recall:>10.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
