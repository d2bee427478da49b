"""``between rotate_keys``: re-encrypt stored client content under the newest key.

Run after putting a new key first in BETWEEN_ENCRYPTION_KEY; once it finishes, the old
keys can be dropped from the setting.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from between.crypto.fields import EncryptedBinaryField, EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first BETWEEN_ENCRYPTION_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, EncryptedTextField | EncryptedBinaryField)
            ]
            if not fields:
                continue
            for pk in model._default_manager.values_list("pk", flat=True).iterator():
                with transaction.atomic():
                    row = model._default_manager.select_for_update().get(pk=pk)
                    # Reading decrypts with any key; saving encrypts with the first.
                    row.save(update_fields=fields)
                total += 1
        self.stdout.write(f"re-encrypted {total} rows")
