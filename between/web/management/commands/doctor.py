"""``between doctor``: is this deployment sound? Each problem comes with its fix."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from between.web.doctor import Status, run_all

MARKS = {Status.ok: "ok     ", Status.warning: "WARNING", Status.problem: "PROBLEM"}


class Command(BaseCommand):
    help = (
        "Check the database, migrations, task queue, workers, encryption key, base URL and "
        "Django's deployment checks. Exit status 1 if any problem is found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
        parser.add_argument(
            "--no-deploy-checks",
            action="store_true",
            help="leave out Django's `check --deploy` warnings",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        findings = run_all(deploy=not options["no_deploy_checks"])
        problems = [f for f in findings if f.status is Status.problem]
        warnings = [f for f in findings if f.status is Status.warning]
        if options["json"]:
            status = "problem" if problems else ("warning" if warnings else "ok")
            body = {"status": status, "checks": [f.to_json() for f in findings]}
            self.stdout.write(json.dumps(body, indent=2))
        else:
            for f in findings:
                self.stdout.write(f"{MARKS[f.status]}  {f.name}: {f.summary}")
                if f.fix and f.status is not Status.ok:
                    self.stdout.write(f"           fix: {f.fix}")
            self.stdout.write(
                f"\n{len(problems)} problem(s), {len(warnings)} warning(s)."
                if problems or warnings
                else "\nEverything checked is sound."
            )
        if problems:
            raise SystemExit(1)
