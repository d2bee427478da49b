"""The voicemail greeting, generated from the policy (R11, R12).

The emergency line comes first, before even the practice's name: a caller in danger
must not have to sit through office hours to hear it. Then the crisis lines and the
after-hours contact, the practice, office hours, the call-return rules (turnaround,
office hours only, callback windows, "no voicemail, no callback"), and last the request
to leave a message after the tone.

Pure: the policy in, text out. ``greeting_text`` is what people read (the policy
preview, ``between policy render --format voicemail``); ``for_speech`` turns it into
what a text-to-speech voice should say, digits of phone numbers one by one.

Strings pass through ``_`` (a gettext function supplied by the caller) like the
automatic messages in ``texts.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from between.core.i18n import DAY_NAMES, describe_duration
from between.core.policy.schema import WEEKDAYS, Policy, WeekHours

Translate = Callable[[str], str]


def _identity(text: str) -> str:
    return text


def greeting_text(policy: Policy, _: Translate = _identity) -> str:
    """The whole greeting as one paragraph of plain sentences."""
    parts = [
        emergency_sentence(policy, _),
        *crisis_sentences(policy, _),
        after_hours_sentence(policy, _),
        _("You have reached {practice}.").format(practice=policy.practice.name),
        line_purpose_sentence(policy, _),
        office_hours_sentence(policy, _),
        *call_return_sentences(policy, _),
        _("Please leave your name, your number and a good time to call you back after the tone."),
    ]
    return " ".join(p for p in parts if p)


def emergency_sentence(policy: Policy, _: Translate = _identity) -> str:
    number = policy.emergency.number or "911"
    return _("If this is an emergency, hang up and dial {number}.").format(number=number)


def crisis_sentences(policy: Policy, _: Translate = _identity) -> list[str]:
    return [
        _("{name}: {contact}.").format(name=line.name, contact=line.contact.rstrip("."))
        for line in policy.emergency.crisis_lines
    ]


def after_hours_sentence(policy: Policy, _: Translate = _identity) -> str:
    contact = policy.emergency.after_hours
    if contact is None or not contact.phone:
        return ""
    return _("Outside office hours, for anything urgent, call {name} at {phone}.").format(
        name=contact.name, phone=contact.phone
    )


def line_purpose_sentence(policy: Policy, _: Translate = _identity) -> str:
    """R14: what this number is for, when the policy limits it."""
    phone = policy.channel("phone")
    if phone is None or not phone.needs:
        return ""
    needs = {n.value for n in phone.needs}
    if needs == {"admin"}:
        return _("This line is for scheduling and practical questions only.")
    if needs == {"clinical"}:
        return _("This line is for questions about your care, not for scheduling.")
    return ""


def office_hours_sentence(policy: Policy, _: Translate = _identity) -> str:
    described = describe_week(policy.office_hours, _)
    if not described:
        return ""
    return _sentence(_("Office hours are {hours}").format(hours=described))


def call_return_sentences(policy: Policy, _: Translate = _identity) -> list[str]:
    calls = policy.calls
    if calls is None:
        return []
    when: list[str] = []
    if calls.callback_windows is not None and not calls.callback_windows.is_empty():
        when.append(describe_windows(calls.callback_windows, _))
    elif calls.only_office_hours:
        when.append(_("during office hours"))
    within = _("I return calls within {time}").format(
        time=describe_duration(calls.return_within, _)
    )
    sentences = [_sentence(", ".join([within, *when]))]
    if calls.voicemail_required:
        sentences.append(_("Calls without a message are not returned."))
    return sentences


# -- describing times ----------------------------------------------------------------


def _sentence(text: str) -> str:
    """End with one full stop, even after "p.m."."""
    text = text.strip()
    return text if text.endswith(".") else text + "."


def clock(minutes: int, _: Translate = _identity) -> str:
    """540 -> "9 a.m.", 750 -> "12:30 p.m.", 720 -> "noon", 0 or 1440 -> "midnight"."""
    if minutes in (0, 1440):
        return _("midnight")
    if minutes == 720:
        return _("noon")
    hour, minute = divmod(minutes, 60)
    suffix = _("a.m.") if hour < 12 else _("p.m.")
    shown = hour % 12 or 12
    return f"{shown}:{minute:02d} {suffix}" if minute else f"{shown} {suffix}"


def describe_range(start: int, end: int, _: Translate = _identity) -> str:
    return _("{start} to {end}").format(start=clock(start, _), end=clock(end, _))


def _ranges(ranges: tuple[tuple[int, int], ...], _: Translate) -> str:
    return _join_and([describe_range(s, e, _) for s, e in ranges], _)


def _join_and(items: list[str], _: Translate) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _day_run(days: list[int], _: Translate) -> str:
    names = [_(DAY_NAMES[WEEKDAYS[d]]) for d in days]
    consecutive = all(b == a + 1 for a, b in pairwise(days))
    if len(days) >= 3 and consecutive:
        return _("{first} to {last}").format(first=names[0], last=names[-1])
    return _join_and(names, _)


def describe_week(hours: WeekHours, _: Translate = _identity) -> str:
    """Consecutive days with the same hours together: "Monday to Friday, 9 a.m. to 5 p.m."."""
    minutes = hours.minutes()
    groups: list[tuple[list[int], tuple[tuple[int, int], ...]]] = []
    for day, ranges in enumerate(minutes):
        if not ranges:
            continue
        if groups and groups[-1][1] == ranges and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], ranges))
    return "; ".join(f"{_day_run(days, _)}, {_ranges(ranges, _)}" for days, ranges in groups)


def describe_windows(hours: WeekHours, _: Translate = _identity) -> str:
    """Callback windows by time: "on Monday, Wednesday and Friday between noon and 1 p.m."."""
    by_time: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for day, ranges in enumerate(hours.minutes()):
        if ranges:
            by_time.setdefault(ranges, []).append(day)
    parts = [
        _("on {days} {times}").format(
            days=_day_run(days, _),
            times=_(" or ").join(
                _("between {start} and {end}").format(start=clock(s, _), end=clock(e, _))
                for s, e in ranges
            ),
        )
        for ranges, days in by_time.items()
    ]
    return _join_and(parts, _)


# -- speech ---------------------------------------------------------------------------

# A phone number or short code: groups of digits split by single spaces or dashes, in
# brackets or not, with an optional leading "+". A full stop ends a number, so "call 911.
# 988 ..." stays two numbers. Times ("12:30") and counts ("1 business day") are too short.
_NUMBER = re.compile(r"\+?\(?\d+\)?(?:[ -]\(?\d+\)?)*")


def for_speech(text: str) -> str:
    """Digits of phone numbers read one by one, groups apart: "911" -> "9 1 1"."""

    def spell(match: re.Match[str]) -> str:
        found = match.group(0)
        groups = [g for g in re.split(r"[ ()-]+", found.lstrip("+")) if g]
        if sum(len(g) for g in groups) < 3 or any(not g.isdigit() for g in groups):
            return found
        if len(groups) > 1 and all(len(g) <= 2 for g in groups):
            return found  # "9 to 5", "12 30": not a number to dial
        return ", ".join(" ".join(g) for g in groups)

    return _NUMBER.sub(spell, text)
