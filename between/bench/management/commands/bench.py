"""``between bench ...``: benchmarks that print their figures (speed is never a test)."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a benchmark and print its figures."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="benchmark", required=True)
        calendar = sub.add_parser("calendar", help="due-time computations per second")
        calendar.add_argument("--n", type=int, default=100_000, help="how many due times")
        calendar.add_argument("--seed", type=int, default=2027)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["benchmark"] == "calendar":
            from between.bench.calendar_bench import run_calendar_bench

            run_calendar_bench(options["n"], options["seed"], cast(TextIO, self.stdout))
