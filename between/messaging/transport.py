"""One contract for sending over any channel.

A transport either returns the provider's id for what it sent or raises DeliveryError,
marked permanent (a number that does not exist, an address that bounces for good) or
temporary (a timeout, a 5xx, a full queue). Only temporary failures are retried. Each
channel package registers its transport here under the channel's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from between.messaging.models import Outbound, Page


class DeliveryError(Exception):
    """A send that did not happen. The message must hold no client content."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class Transport(Protocol):
    def send(self, outbound: Outbound) -> str:
        """Send it; return the provider's id. Raise DeliveryError on failure."""
        ...


class Pager(Protocol):
    def page(self, page: Page, link: str) -> str:
        """Tell a person to look at a crisis; ``link`` needs sign-in. No client content."""
        ...


_TRANSPORTS: dict[str, Callable[[], Transport]] = {}
_PAGERS: dict[str, Callable[[], Pager]] = {}


def register_transport(channel: str, factory: Callable[[], Transport]) -> None:
    _TRANSPORTS[channel] = factory


def register_pager(how: str, factory: Callable[[], Pager]) -> None:
    _PAGERS[how] = factory


def transport_for(channel: str) -> Transport:
    try:
        factory = _TRANSPORTS[channel]
    except KeyError:
        raise DeliveryError(f"no transport for channel {channel!r}", permanent=True) from None
    return factory()


def pager_for(how: str) -> Pager:
    try:
        factory = _PAGERS[how]
    except KeyError:
        raise DeliveryError(f"no pager for {how!r}", permanent=True) from None
    return factory()
