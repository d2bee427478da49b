"""Check that the lexicon's literal cues never hide a hit: `python -m training.check_cues`.

Runs the rules with and without cues on every development text (own data always,
the public sets when ../shared/data/crisis is there) and compares every signal.
"""

from __future__ import annotations

import sys
import time

from between.core.triage.rules import RuleScreen
from training.common import PUBLIC_SETS, SHARED_DATA, load_own, load_public


def main() -> int:
    sets = [load_own()]
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
