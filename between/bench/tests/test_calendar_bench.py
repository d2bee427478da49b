"""The calendar benchmark runs and reports its figure (speed is printed, never asserted)."""

from __future__ import annotations

import io

from between.bench.calendar_bench import run_calendar_bench


def test_calendar_bench_reports_a_rate() -> None:
    out = io.StringIO()
    result = run_calendar_bench(300, seed=7, stdout=out)
    assert result["n"] == 300 and result["per_second"] > 0
    assert out.getvalue().startswith("calendar: 300 due times in ")
