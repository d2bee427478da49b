"""``between keygen``: print a new key for BETWEEN_ENCRYPTION_KEY."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from between.conf.secrets import new_encryption_key


class Command(BaseCommand):
    help = "Print a new encryption key. Put it first in BETWEEN_ENCRYPTION_KEY to rotate."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(new_encryption_key())
