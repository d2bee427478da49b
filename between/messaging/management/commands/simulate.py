"""``between simulate POLICY.yaml EVENTS.jsonl [--clients CLIENTS.yaml]``."""

from __future__ import annotations

import shutil
import sys
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from between.messaging import simulate


class Command(BaseCommand):
    help = "Show, one JSON line per event, what the policy does; nothing is kept or sent."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("policy", help="the policy YAML file")
        parser.add_argument("events", help="events, one JSON object per line")
        parser.add_argument("--clients", help="a YAML list of clients")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.THROWAWAY_STORE:
            call_command("migrate", verbosity=0, interactive=False)
        try:
            code = simulate.run(
                options["policy"],
                options["events"],
                options["clients"],
                cast(TextIO, self.stdout),
            )
        except OSError as exc:
            raise CommandError(f"{exc.filename}: {exc.strerror}") from None
        except simulate.SimulationError as exc:
            self.stderr.write(str(exc))
            code = 1
        finally:
            if settings.THROWAWAY_STORE:
                connections.close_all()
                shutil.rmtree(settings.DATA_DIR, ignore_errors=True)
        if code:
            sys.exit(code)
