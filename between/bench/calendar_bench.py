"""`between bench calendar`: due-time computations per second on one core.

Timestamps are drawn uniformly over a year with a fixed seed, so runs compare; the
mix is messages and voicemail calls on the reference solo policy (holidays, split
office hours, callback windows and an absence). Speed is printed, never asserted:
a timed test would fail on a busy machine without anything being wrong.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from typing import TextIO

from between.core.calendar import BusinessCalendar
from between.core.policy import load_policy, reference_policy_text

TARGET_PER_SECOND = 50_000


def run_calendar_bench(n: int, seed: int, stdout: TextIO) -> dict[str, float]:
    """Compute `n` due times over random instants in 2027; print and return the rate."""
    policy = load_policy(reference_policy_text(), "reference-solo.yaml").policy
    calendar = BusinessCalendar(policy)
    rng = random.Random(seed)
    start = datetime(2027, 1, 1, tzinfo=UTC)
    year = 365 * 24 * 3600
    instants = [start + timedelta(seconds=rng.randrange(year)) for _ in range(n)]
    channels = [("message", None), ("call", True), ("call", False)]
    kinds = [channels[rng.randrange(3)] for _ in range(n)]
    began = time.perf_counter()
    for when, (channel, voicemail) in zip(instants, kinds, strict=True):
        calendar.due_at(when, channel=channel, voicemail=voicemail)
    elapsed = time.perf_counter() - began
    rate = n / elapsed if elapsed > 0 else float("inf")
    verdict = "meets" if rate >= TARGET_PER_SECOND else "misses"
    stdout.write(
        f"calendar: {n} due times in {elapsed:.3f} s = {rate:,.0f} per second "
        f"({verdict} the target of {TARGET_PER_SECOND:,} per second)\n"
    )
    return {"n": float(n), "seconds": elapsed, "per_second": rate}


if __name__ == "__main__":  # pragma: no cover - manual runs
    import sys

    run_calendar_bench(200_000, 1, sys.stdout)
