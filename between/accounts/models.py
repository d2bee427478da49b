"""Failed sign-ins, kept just long enough to slow down password guessing."""

from __future__ import annotations

from django.db import models


class LoginFailure(models.Model):
    """One failed attempt. ``key`` is a hash of the account name or the peer address."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"failure at {self.at:%Y-%m-%d %H:%M:%S}"
