"""Slowing down password guessing, per account name and per peer address.

A few mistakes are free; after that each further attempt must wait twice as long as the
one before, up to a cap. Counting both the account and the address stops one address
trying many accounts and many addresses trying one account. Only hashes are stored, so
the table never holds a mistyped password that landed in the username box.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings

from between.accounts.models import LoginFailure


def throttle_keys(username: str, ip: str | None) -> list[str]:
    keys = [hashlib.sha256(f"user:{username.strip().lower()}".encode()).hexdigest()]
    if ip:
        keys.append(hashlib.sha256(f"ip:{ip}".encode()).hexdigest())
    return keys


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` recent failures (0 while still free)."""
    free = settings.BETWEEN_LOGIN_FREE_FAILURES
    if failures < free:
        return 0
    return int(min(2 ** (failures - free + 1), settings.BETWEEN_LOGIN_MAX_DELAY_SECONDS))


def seconds_to_wait(keys: list[str], now: datetime) -> int:
    window_start = now - timedelta(seconds=settings.BETWEEN_LOGIN_WINDOW_SECONDS)
    longest = 0
    for key in keys:
        recent = LoginFailure.objects.filter(key=key, at__gte=window_start)
        count = recent.count()
        if not count:
            continue
        last = recent.order_by("-at").values_list("at", flat=True).first()
        assert last is not None
        remaining = delay_after(count) - (now - last).total_seconds()
        longest = max(longest, int(remaining + 0.999))
    return longest


def record_failure(keys: list[str], now: datetime) -> None:
    LoginFailure.objects.bulk_create(LoginFailure(key=key, at=now) for key in keys)
    # Old rows serve no purpose; trimming here keeps the table small without a job.
    cutoff = now - timedelta(seconds=settings.BETWEEN_LOGIN_WINDOW_SECONDS)
    LoginFailure.objects.filter(at__lt=cutoff).delete()


def clear_account(keys: list[str]) -> None:
    """After a good sign-in the account starts fresh; the address keeps its record."""
    LoginFailure.objects.filter(key=keys[0]).delete()
