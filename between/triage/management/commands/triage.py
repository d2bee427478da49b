"""``between triage score|eval|train``: thin over ``between.triage.cli``."""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandParser

from between.triage import cli


class Command(BaseCommand):
    help = "Score texts for crisis, evaluate on a labelled CSV, or rebuild the message reader."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        cli.build_parser(parser.add_subparsers(dest="subcommand", required=True))

    def handle(self, *args: Any, **options: Any) -> None:
        code = cli.run(
            argparse.Namespace(**options),
            sys.stdin,
            cast(IO[str], self.stdout),
            cast(IO[str], self.stderr),
        )
        self.stdout.flush()
        if code:
            sys.exit(code)
