"""Waiting for a condition, never for a moment: the suite passes however busy the
machine is.

The bound is there only so a broken build fails instead of hanging; it is long, because
reaching it means the test fails anyway. The loop returns as soon as the condition holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

BOUND_SECONDS = 120.0
POLL_SECONDS = 0.02


class NeverHappened(AssertionError):
    """The condition did not come true within the bound."""


def wait_for(
    condition: Callable[[], T | None],
    what: str = "the condition",
    *,
    bound: float = BOUND_SECONDS,
    errors: tuple[type[BaseException], ...] = (),
) -> T:
    """The first truthy value of ``condition()``; ``errors`` raised meanwhile count as
    "not yet" (a server still starting refuses connections)."""
    deadline = time.monotonic() + bound
    while True:
        try:
            value = condition()
        except errors:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise NeverHappened(f"{what} did not happen within {bound:.0f} s")
        time.sleep(POLL_SECONDS)
