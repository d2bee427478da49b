"""Slowing down password guessing without letting a stranger lock the rightful user out.

Attempts are counted in three scopes, each with its own free allowance before every
further attempt must wait twice as long as the one before (up to a cap):

- the account *from one address* (``BETWEEN_LOGIN_FREE_FAILURES``, 5): a guesser is
  slowed at once, and only on their own address;
- the account from anywhere (``BETWEEN_LOGIN_ACCOUNT_FREE_FAILURES``, 50): guessing
  spread over many addresses is still capped, but five wrong passwords from somewhere
  else no longer lock the rightful user out;
- one address across all accounts (``BETWEEN_LOGIN_ADDRESS_FREE_FAILURES``, 20): one
  address trying many accounts; higher than the first, since a practice's front desk
  may share one address.

An attempt is written down *before* its password is checked, and then reads how many
came before it; so forty guesses sent at the same instant are counted one after
another and no more than the allowance gets through. An attempt turned away deletes its
own rows (it tested no password, and a stranger's refused attempts must not push the
account-wide count up). Only hashes are stored, so the table never holds a mistyped
password that landed in the username box.

The code asked for after the password (two-factor sign-in, between.accounts.two_factor)
is counted the same way in scopes of its own (``step="code"``): a right password must not
wipe out the record of wrong codes, or whoever knows the password could guess codes
without end. Its account-wide allowance is ``BETWEEN_TWO_FACTOR_ACCOUNT_FREE_FAILURES``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q

from between.accounts.models import LoginFailure


def _hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def account_label(username: str) -> str:
    """What the log may say about a typed account name: a short hash, so repeated
    attempts on one account can be told apart without keeping what was typed."""
    return _hash("user", username.strip().lower())[:12]


@dataclass(frozen=True)
class Scope:
    key: str
    free_setting: str


# What is being tried: the password (the first step), or the code of the second.
FIRST_STEP = "password"
CODE_STEP = "code"
_ACCOUNT_FREE = {
    FIRST_STEP: "BETWEEN_LOGIN_ACCOUNT_FREE_FAILURES",
    CODE_STEP: "BETWEEN_TWO_FACTOR_ACCOUNT_FREE_FAILURES",
}


def scopes(username: str, ip: str | None, step: str = FIRST_STEP) -> list[Scope]:
    """The account's scopes first (``Attempt.succeeded`` clears those), then the address's."""
    account = username.strip().lower()
    prefix = "" if step == FIRST_STEP else f"{step}-"
    found = [Scope(_hash(f"{prefix}user", account), _ACCOUNT_FREE[step])]
    if ip:
        found.append(
            Scope(_hash(f"{prefix}user-at", f"{account}@{ip}"), "BETWEEN_LOGIN_FREE_FAILURES")
        )
        found.append(Scope(_hash(f"{prefix}ip", ip), "BETWEEN_LOGIN_ADDRESS_FREE_FAILURES"))
    return found


def delay_after(failures: int, free: int | None = None) -> int:
    """Seconds to wait after ``failures`` recent failures (0 while still free)."""
    if free is None:
        free = settings.BETWEEN_LOGIN_FREE_FAILURES
    if failures < free:
        return 0
    return int(min(2 ** (failures - free + 1), settings.BETWEEN_LOGIN_MAX_DELAY_SECONDS))


@dataclass
class Attempt:
    """One sign-in attempt, written down before its password (or code) is checked."""

    scopes: list[Scope]
    rows: list[int]
    now: datetime

    def seconds_to_wait(self) -> int:
        """How long this attempt should have waited, from the attempts before it."""
        window_start = self.now - timedelta(seconds=settings.BETWEEN_LOGIN_WINDOW_SECONDS)
        longest = 0
        for scope, own in zip(self.scopes, self.rows, strict=True):
            # One statement: read apart, the count and the latest time could straddle a
            # concurrent attempt deleting its rows (turned away, or a success).
            earlier = LoginFailure.objects.filter(
                key=scope.key, at__gte=window_start, pk__lt=own
            ).aggregate(count=Count("pk"), last=Max("at"))
            count, last = earlier["count"], earlier["last"]
            if not count or last is None:
                continue
            free = getattr(settings, scope.free_setting)
            remaining = delay_after(count, free) - (self.now - last).total_seconds()
            longest = max(longest, int(remaining + 0.999))
        return longest

    def turned_away(self) -> None:
        """It tested no password: it does not count."""
        LoginFailure.objects.filter(pk__in=self.rows).delete()

    def succeeded(self) -> None:
        """The account starts fresh (everywhere, and from this address); the address
        keeps its record of other accounts' failures, and this attempt was none."""
        account_keys = [s.key for s in self.scopes[:2]]
        LoginFailure.objects.filter(Q(key__in=account_keys) | Q(pk__in=self.rows)).delete()


def begin(username: str, ip: str | None, now: datetime, step: str = FIRST_STEP) -> Attempt:
    found = scopes(username, ip, step)
    rows = [LoginFailure.objects.create(key=scope.key, at=now).pk for scope in found]
    # Old rows serve no purpose; trimming here keeps the table small without a job.
    cutoff = now - timedelta(seconds=settings.BETWEEN_LOGIN_WINDOW_SECONDS)
    LoginFailure.objects.filter(at__lt=cutoff).delete()
    return Attempt(found, rows, now)
