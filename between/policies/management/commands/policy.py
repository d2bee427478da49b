"""``between policy check|due|schema|render``: thin over ``between.policies.cli``."""

from __future__ import annotations

import sys
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandParser

from between.policies import cli


class Command(BaseCommand):
    help = (
        "Check a policy file, compute due times from it, print its JSON Schema, or render "
        "the client documents, voicemail greeting and automatic messages from it."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        cli.build_parser(parser.add_subparsers(dest="subcommand", required=True))

    def handle(self, *args: Any, **options: Any) -> None:
        import argparse

        code = cli.run(
            argparse.Namespace(**options),
            cast(TextIO, self.stdout),
            cast(TextIO, self.stderr),
        )
        self.stdout.flush()
        if code:
            sys.exit(code)
