"""Small rules of the conversation page and the composer, kept free of Django.

- a preview is the start of a message, whitespace collapsed, cut at a word where it can;
- an email reply's subject is "Re: " once, whatever the client's mail program added;
- the channels offered for a reply are those the client agreed to and can be reached on,
  the one they wrote on first; when they withdrew one (STOP by text) that is said, with the
  others offered in its place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

PREVIEW_LENGTH = 100
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|antw)(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)

CHANNEL_WORDS = {"email": "email", "sms": "text message", "portal": "the secure portal"}
REPLY_CHANNELS = ("portal", "email", "sms")


def preview(text: str, limit: int = PREVIEW_LENGTH) -> str:
    """The first ~limit characters, on one line, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


def reply_subject(subject: str, untitled: str = "your message") -> str:
    """Always "Re: <subject>", never "Re: Re:"; "Re: your message" when there was none
    (``untitled`` is passed in the client's language)."""
    bare = _REPLY_PREFIX.sub("", subject).strip()
    return f"Re: {bare or untitled}"


@dataclass(frozen=True)
class Route:
    """One way a reply can go: the channel and where to."""

    channel: str
    address: str

    @property
    def words(self) -> str:
        return CHANNEL_WORDS.get(self.channel, self.channel)


@dataclass(frozen=True)
class Routes:
    offered: tuple[Route, ...]
    # Channels the client withdrew from or declined, in words, for the composer to say.
    refused: tuple[tuple[str, str], ...] = ()

    def get(self, channel: str) -> Route | None:
        return next((r for r in self.offered if r.channel == channel), None)


def reply_routes(
    consents: Mapping[str, str | None],
    addresses: Mapping[str, str],
    *,
    first: str = "",
) -> Routes:
    """Channels a typed reply may take: consent granted and an address to reach.

    ``consents`` maps channel → latest state (None when never asked); ``addresses``
    channel → address. ``first`` is the channel to put first (the one the client used).
    """
    offered: list[Route] = []
    refused: list[tuple[str, str]] = []
    for channel in REPLY_CHANNELS:
        state = consents.get(channel)
        if state in ("withdrawn", "declined"):
            refused.append((channel, state))
            continue
        if state == "granted" and addresses.get(channel):
            offered.append(Route(channel, addresses[channel]))
    offered.sort(key=lambda r: r.channel != first)
    return Routes(tuple(offered), tuple(refused))
