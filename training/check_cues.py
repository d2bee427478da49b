"""Check that the lexicon's literal cues never hide a hit: `python -m training.check_cues`.

Runs the rules with and without cues (the one-scan cue index and the Spanish gate,
``lexicon.maybe_spanish``) on every development text: own data, the eight writers'
training sets (``training/data/writers``, English and Spanish), and the public sets
when ../shared/data/crisis is there. Compares every signal.
"""

from __future__ import annotations

import sys
import time

from between.core.triage.rules import RuleScreen
from training.common import PUBLIC_SETS, REPO, SHARED_DATA, load_csv, load_own, load_public

WRITERS = REPO / "training" / "data" / "writers"


def main() -> int:
    sets = [load_own()]
    sets += [load_csv(path) for path in sorted(WRITERS.glob("T*.csv"))]
    if SHARED_DATA.exists():
        sets += [load_public(name) for name in PUBLIC_SETS]
    fast, slow = RuleScreen(use_cues=True), RuleScreen(use_cues=False)
    bad = 0
    for data in sets:
        timings = []
        for use in (fast, slow):
            start = time.perf_counter()
            results = [use.screen(t).signals for t in data.texts]
            timings.append(time.perf_counter() - start)
            if use is fast:
                cued = results
        differing = sum(1 for a, b in zip(cued, results, strict=True) if a != b)
        bad += differing
        print(
            f"{data.name}: {len(data)} texts, {differing} differ; "
            f"with cues {timings[0]:.1f}s, without {timings[1]:.1f}s"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
