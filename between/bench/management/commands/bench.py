"""``between bench ...``: benchmarks that print their figures (speed is never a test)."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run a benchmark and print its figures."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="benchmark", required=True)
        calendar = sub.add_parser("calendar", help="due-time computations per second")
        calendar.add_argument("--n", type=int, default=100_000, help="how many due times")
        calendar.add_argument("--seed", type=int, default=2027)
        pipeline = sub.add_parser(
            "pipeline", help="messages per second through the SMTP listener and webhooks"
        )
        pipeline.add_argument("--messages", type=int, default=1000)
        pipeline.add_argument("--seed", type=int, default=2027)
        pipeline.add_argument(
            "--rules-only",
            action="store_true",
            help="only the pass with the crisis rules alone (by default a second pass adds "
            "the learned crisis layer, as production runs)",
        )
        pipeline.add_argument(
            "--senders",
            type=int,
            default=1,
            help="deliver from this many senders at once (each its own connection)",
        )
        pipeline.add_argument(
            "--processes",
            type=int,
            default=0,
            help="run a fleet instead: N gunicorn web processes, N smtpd and N workers as "
            "real processes on PostgreSQL (DATABASE_URL); prints accepted messages per "
            "second, hand-in-to-reply latency, and replies lost or sent twice",
        )
        sub.add_parser("triage", help="crisis screening speed per layer")

    def handle(self, *args: Any, **options: Any) -> None:
        out = cast(TextIO, self.stdout)
        if options["benchmark"] == "calendar":
            from between.bench.calendar_bench import run_calendar_bench

            run_calendar_bench(options["n"], options["seed"], out)
        elif options["benchmark"] == "pipeline":
            from between.bench.pipeline_bench import run_pipeline_bench

            # The throwaway store is new; a DATABASE_URL may be a fresh database too.
            # Migrating is idempotent, and the bench removes the practice it adds.
            call_command("migrate", verbosity=0, interactive=False)
            if options["processes"] > 0:
                from between.bench.fleet_bench import FleetError, run_fleet_bench

                try:
                    figures = run_fleet_bench(
                        options["processes"],
                        options["messages"],
                        max(1, options["senders"]),
                        options["seed"],
                        out,
                    )
                except FleetError as exc:
                    raise CommandError(str(exc)) from None
                if figures.lost or figures.doubled:
                    raise SystemExit(1)
                return
            # First the path with its rules triage (the pipeline's own cost and target),
            # then as production runs it, with the learned crisis layer too.
            passes = [True] if options["rules_only"] else [True, False]
            for rules_only in passes:
                run_pipeline_bench(
                    options["messages"],
                    options["seed"],
                    out,
                    rules_only=rules_only,
                    senders=max(1, options["senders"]),
                )
        elif options["benchmark"] == "triage":
            from between.bench.triage_bench import run_triage_bench

            run_triage_bench(out)
