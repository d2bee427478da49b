"""``between demo``: load the fictional practice Riverside Counseling (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from between.demo import data
from between.demo.load import load_demo


class Command(BaseCommand):
    help = "Load the demo practice Riverside Counseling. Running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo()
        verb = "Loaded" if summary.created else "Already loaded"
        self.stdout.write(
            f"{verb}: {data.PRACTICE_NAME} with {summary.clients} clients, "
            f"{summary.messages} messages and {summary.calls} calls.\n"
            f"Sign in as user '{data.DEMO_USERNAME}' with password '{data.DEMO_PASSWORD}' "
            "(demo data only; front desk: 'jordan', same password)."
        )
