"""Small phrases the client document is built from: channel names, lists, links, weeks.

Pure. Every string passes through ``_`` (see ``between.core.i18n``).
"""

from __future__ import annotations

import re
from itertools import pairwise

from between.core.documents.model import Inline, Link
from between.core.i18n import DAY_NAMES, Translate, gettext_noop
from between.core.pipeline.voice_greeting import describe_range
from between.core.policy.schema import WEEKDAYS, Channel, WeekHours

# What a channel is called as a heading, and inside a sentence. A channel's own `name`
# (the secure app's "Signal", a portal's brand) replaces both.
CHANNEL_TITLES = {
    "portal": gettext_noop("Client portal"),
    "email": gettext_noop("By email"),
    "sms": gettext_noop("By text message"),
    "phone": gettext_noop("By phone"),
    "app": gettext_noop("Secure messaging app"),
}
CHANNEL_IN_SENTENCE = {
    "portal": gettext_noop("the client portal"),
    "email": gettext_noop("email"),
    "sms": gettext_noop("text messages"),
    "phone": gettext_noop("phone"),
    "app": gettext_noop("the secure messaging app"),
}
NOT_USED = {
    "portal": gettext_noop("I do not use a client portal."),
    "email": gettext_noop("I do not use email with clients."),
    "sms": gettext_noop("I do not text."),
    "phone": gettext_noop("I do not take phone calls."),
    "app": gettext_noop("I do not use a messaging app with clients."),
}


def channel_title(name: str, channel: Channel, _: Translate) -> str:
    return channel.name or _(CHANNEL_TITLES[name])


def channel_in_sentence(name: str, channel: Channel, _: Translate) -> str:
    return channel.name or _(CHANNEL_IN_SENTENCE[name])


def join_and(items: list[str], _: Translate) -> str:
    """ "a, b and c" (the same msgid as the voicemail greeting's lists)."""
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def join_or(items: list[str], _: Translate) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("{items} or {last}").format(items=", ".join(items[:-1]), last=items[-1])


def sentence(text: str) -> str:
    """Policy text (a setup step, a statement) as a sentence: trimmed, one line, ending
    with a full stop when it ends with none."""
    text = " ".join(text.split())
    if text and text[-1] not in ".!?:;)\"'”»":
        text += "."
    return text


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def phone_link(number: str) -> Inline:
    """A number as a tel: link when it is one (at least three digits), else plain text."""
    digits = re.sub(r"[^\d+]", "", number)
    if len(digits.lstrip("+")) < 3:
        return number
    return Link(number, f"tel:{digits}")


def email_link(address: str) -> Inline:
    if "@" not in address or any(c in address for c in " <>\"'"):
        return address
    return Link(address, f"mailto:{address}")


def web_link(url: str) -> Inline:
    """Only http and https become links: a policy must never plant a javascript: URL."""
    if re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE):
        return Link(url, url)
    return url


def zone_city(timezone: str) -> str:
    """ "America/New_York" -> "New York": how clients know a time zone."""
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def _day_run(days: list[int], _: Translate) -> str:
    names = [_(DAY_NAMES[WEEKDAYS[d]]) for d in days]
    if len(days) >= 3 and all(b == a + 1 for a, b in pairwise(days)):
        return _("{first} to {last}").format(first=names[0], last=names[-1])
    return join_and(names, _)


def week_lines(hours: WeekHours, _: Translate) -> list[str]:
    """One line per run of days with the same hours: "Tuesday to Thursday: 9 a.m. to 5 p.m."."""
    groups: list[tuple[list[int], tuple[tuple[int, int], ...]]] = []
    for day, ranges in enumerate(hours.minutes()):
        if not ranges:
            continue
        if groups and groups[-1][1] == ranges and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], ranges))
    return [
        capitalized(
            _("{days}: {times}").format(
                days=_day_run(days, _),
                times=join_and([describe_range(s, e, _) for s, e in ranges], _),
            )
        )
        for days, ranges in groups
    ]
