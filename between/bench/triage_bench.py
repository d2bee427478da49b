"""Throughput and latency of the crisis detector, per layer, on this machine.

    python -m between.bench.triage_bench

Uses the project's own inbox messages (between/core/triage/data/), so it runs anywhere.
Targets (issues 5 and 13): rules >= 5,000 messages/s; the whole pipeline with the reader
>= 100 messages/s (``between bench pipeline``), so the reader itself must be faster.
"""

from __future__ import annotations

import csv
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from between.core.triage import Detector
from between.core.triage.rules import RuleScreen

DATA = Path(__file__).resolve().parent.parent / "core" / "triage" / "data" / "inbox.csv"


def _messages() -> list[str]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def _latencies(call: Callable[[str], Any], texts: list[str]) -> tuple[float, float]:
    """Median and 95th-percentile milliseconds of one call per text."""
    times = []
    for text in texts:
        start = time.perf_counter()
        call(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def run_triage_bench(stdout: IO[str], repeat: int = 20) -> dict[str, Any]:
    """Measure and print; returns the figures (messages/s, milliseconds)."""
    texts = _messages()
    short = [t for t in texts if len(t) < 200]
    report: dict[str, Any] = {
        "messages": len(short),
        "mean_chars": round(sum(map(len, short)) / len(short), 1),
    }
    out = stdout.write
    out(
        f"crisis triage benchmark: {len(short)} short inbox messages "
        f"(mean {report['mean_chars']} chars)\n"
    )

    rules = RuleScreen()
    batch = short * repeat
    start = time.perf_counter()
    for text in batch:
        rules.screen(text)
    report["rules_msg_per_s"] = round(_rate(len(batch), time.perf_counter() - start))
    report["rules_latency_ms"] = [round(v, 3) for v in _latencies(rules.screen, short)]
    out(
        f"rules:        {report['rules_msg_per_s']:>8} msg/s   "
        f"latency median/p95 {report['rules_latency_ms']} ms\n"
    )

    detector = Detector()
    if not detector.available():
        report["model_available"] = False
        out(f"model:        unavailable ({detector.status().reason}); combination = rules\n")
        return report
    report["model_available"] = True
    detector.screen("warm up")
    reader = detector.reader
    assert reader is not None
    start = time.perf_counter()
    reader.read_many(short)
    report["model_msg_per_s"] = round(_rate(len(short), time.perf_counter() - start), 1)
    out(f"reader (batched, danger and need): {report['model_msg_per_s']:>8} msg/s\n")

    start = time.perf_counter()
    detector.screen_many(short)
    report["combined_msg_per_s"] = round(_rate(len(short), time.perf_counter() - start), 1)
    report["combined_latency_ms"] = [round(v, 2) for v in _latencies(detector.screen, short[:60])]
    out(
        f"combination (screen_many): {report['combined_msg_per_s']:>8} msg/s   "
        f"single-message latency median/p95 {report['combined_latency_ms']} ms\n"
    )

    long_text = " ".join(texts) * 3  # several thousand words
    words = len(long_text.split())
    start = time.perf_counter()
    detector.screen(long_text)
    report["long_text_words"] = words
    report["long_text_ms"] = round((time.perf_counter() - start) * 1000, 1)
    out(f"one long text ({words} words): {report['long_text_ms']} ms\n")
    return report


if __name__ == "__main__":
    import sys

    run_triage_bench(sys.stdout)
