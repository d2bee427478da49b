"""Model fields whose contents are encrypted before they reach the database.

The database sees only Fernet tokens, so a copied database file or a backup reveals no
message bodies, transcripts or notes. Encrypted columns cannot be searched or indexed;
anything that must be looked up (a dedupe key, an address) is stored beside them in the
clear or as a hash.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from between.crypto.box import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Text stored as an encrypted token (ASCII) in a text column."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value).encode("utf-8")).decode("ascii")

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None:
            return None
        return decrypt(value.encode("ascii")).decode("utf-8")


class EncryptedBinaryField(models.BinaryField):
    """Bytes (a raw email, an attachment) stored as an encrypted token."""

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if value is None:
            return None
        token = encrypt(bytes(value))
        return super().get_db_prep_value(token, connection, prepared)

    def from_db_value(
        self, value: Any, expression: Expression, connection: BaseDatabaseWrapper
    ) -> bytes | None:
        if value is None:
            return None
        return decrypt(bytes(value))
