"""Semantic checks: rules that need the whole policy, beyond what the types say.

Errors are policies Between must refuse (a client in crisis could be left waiting, or a
promise cannot be computed); warnings are policies that work but may surprise the
therapist (a callback rule that cannot always be kept, clinical talk over plain email).
Each finding is (key path, message, severity); the loader adds file, line and column.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib

from between.core.policy.problems import Severity
from between.core.policy.schema import WEEKDAYS, Holidays, Need, Policy, WeekHours, parse_range

Loc = tuple[str | int, ...]
Finding = tuple[Loc, str, Severity]

E, W = Severity.error, Severity.warning


def check(policy: Policy) -> list[Finding]:
    """Every semantic finding for a policy that already passed type validation."""
    found: list[Finding] = []
    zone_ok = _zone_ok(policy.timezone)
    if not zone_ok:
        found.append(
            (
                ("timezone",),
                f'"{policy.timezone}" is not a time zone Between '
                "knows; use a name like America/New_York or Europe/London",
                E,
            )
        )
    found += _holidays(policy.holidays)
    found += _hours(policy)
    found += _channels(policy)
    found += _emergency(policy)
    found += _absences(policy)
    if zone_ok and not any(f[2] is E for f in found):
        found += _callbacks_reachable(policy)
    return found


def _zone_ok(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _holidays(h: Holidays) -> Iterator[Finding]:
    if h.country is None:
        if h.subdivision is not None:
            yield ("holidays", "subdivision"), "a subdivision needs a country", E
        yield (
            ("holidays", "country"),
            "no country is set, so public holidays are not "
            "closed days; set holidays.country (e.g. US) to close on them",
            W,
        )
        return
    supported = holidays_lib.list_supported_countries()
    if h.country not in supported:
        yield (
            ("holidays", "country"),
            f'"{h.country}" is not a country code Between '
            "knows holidays for; use a code like US, GB, CA or AU",
            E,
        )
    elif h.subdivision is not None and h.subdivision not in supported[h.country]:
        shown = ", ".join(supported[h.country][:12])
        yield (
            ("holidays", "subdivision"),
            f'"{h.subdivision}" is not a subdivision of {h.country}; known ones include {shown}',
            E,
        )


def _overlaps(week: WeekHours, at: Loc) -> Iterator[Finding]:
    for day in WEEKDAYS:
        ranges = sorted((parse_range(r), i, r) for i, r in enumerate(getattr(week, day)))
        for (prev, _pi, prev_text), (cur, ci, text) in itertools.pairwise(ranges):
            if cur[0] < prev[1]:
                yield (*at, day, ci), f'"{text}" overlaps "{prev_text}"', E


def _hours(policy: Policy) -> Iterator[Finding]:
    if policy.office_hours.is_empty():
        yield ("office_hours",), "no office hours are set, so nothing could ever be due", E
    yield from _overlaps(policy.office_hours, ("office_hours",))
    for name, channel in policy.channels.items():
        if channel.hours is not None:
            yield from _overlaps(channel.hours, ("channels", name, "hours"))
            if channel.hours.is_empty():
                yield ("channels", name, "hours"), "no hours are set for this channel", E
    calls = policy.calls
    if calls is None or calls.callback_windows is None:
        phone = policy.channel("phone")
        if calls is None and phone is not None and phone.enabled:
            yield (
                ("channels", "phone"),
                "phone is offered but there is no calls section, "
                "so calls are returned within the message turnaround",
                W,
            )
        return
    windows = calls.callback_windows
    yield from _overlaps(windows, ("calls", "callback_windows"))
    if windows.is_empty():
        yield (
            ("calls", "callback_windows"),
            "no callback windows are set; remove the key to call back during office hours",
            E,
        )
    if not calls.only_office_hours:
        return
    office = policy.office_hours.minutes()
    for d, day in enumerate(WEEKDAYS):
        for i, text in enumerate(getattr(windows, day)):
            start, end = parse_range(text)
            # Inside the day's office span: a lunch-break window between two ranges is
            # how many therapists return calls, so only the span's edges matter.
            if not office[d]:
                yield (
                    ("calls", "callback_windows", day, i),
                    f'"{text}" is on a {day}, '
                    "when there are no office hours, but calls are returned only in "
                    "office hours",
                    E,
                )
            elif start < office[d][0][0] or end > office[d][-1][1]:
                yield (
                    ("calls", "callback_windows", day, i),
                    f'"{text}" is outside '
                    f"{day}'s office hours, but calls are returned only in office hours",
                    E,
                )


def _channels(policy: Policy) -> Iterator[Finding]:
    offered = {n for n, c in policy.channels.items() if c.enabled}
    needs_detail = {"email": "address", "sms": "number", "phone": "number", "app": "name"}
    for name, channel in policy.channels.items():
        at: Loc = ("channels", name)
        if not channel.enabled:
            if channel.needs:
                yield (
                    (*at, "for"),
                    f"{name} is named for {', '.join(channel.needs)} but "
                    "is not enabled; enable it or empty its list",
                    E,
                )
            continue
        detail = needs_detail.get(name)
        if detail and not getattr(channel, detail):
            yield at, f"{name} is enabled, so clients need its {detail}; add {detail}: ...", E
        if not channel.needs:
            yield (
                (*at, "for"),
                f"{name} is enabled but for no need, so every client who "
                "uses it will be redirected",
                W,
            )
        if Need.clinical in channel.needs and channel.secure is False:
            yield (
                (*at, "for"),
                f"{name} is not secure but is for clinical messages; "
                "clients should be pointed to a secure channel for clinical content",
                W,
            )
    for need in Need:
        reachable = any(need in c.needs for n, c in policy.channels.items() if n in offered)
        if not reachable and need is Need.admin:
            yield (
                ("channels",),
                "no enabled channel is for admin, so clients cannot reach the practice to schedule",
                W,
            )


def _emergency(policy: Policy) -> Iterator[Finding]:
    em = policy.emergency
    if not (em.number or em.crisis_lines or em.after_hours or em.on_call):
        yield (
            ("emergency",),
            "there is no emergency path: give an emergency number, a "
            "crisis line, an after-hours contact or an on-call rotation",
            E,
        )
    if not em.number:
        yield (
            ("emergency",),
            'no emergency number (e.g. "911") is given; automatic '
            "replies should always name emergency services",
            W,
        )
    if em.after_hours is not None and not em.after_hours.phone:
        yield ("emergency", "after_hours"), "an after-hours contact needs a phone number", E
    if em.on_call is not None:
        for i, person in enumerate(em.on_call.rotation):
            if not person.phone:
                yield (
                    ("emergency", "on_call", "rotation", i),
                    f"{person.name} is on the on-call rotation but has no phone number",
                    E,
                )
    for i, name in enumerate(em.contact_via):
        channel = policy.channel(name)
        if channel is None or not channel.enabled:
            yield (
                ("emergency", "contact_via", i),
                f'crisis is routed to "{name}", which is not an enabled channel',
                E,
            )
        elif channel.answered.value != "live":
            yield (
                ("emergency", "contact_via", i),
                f'crisis is routed to "{name}", which '
                "is answered within a turnaround; a client in crisis must never wait in a "
                "queue, so route crisis only to channels answered live",
                E,
            )


def _absences(policy: Policy) -> Iterator[Finding]:
    names = {c.name for c in policy.coverage}
    for i, absence in enumerate(policy.absences):
        if absence.end < absence.start:
            yield (
                ("absences", i, "end"),
                f"the absence ends ({absence.end}) before it starts ({absence.start})",
                E,
            )
        if absence.covering is not None and absence.covering not in names:
            known = ", ".join(sorted(names)) or "nobody is listed"
            yield (
                ("absences", i, "covering"),
                f'"{absence.covering}" is not listed in coverage ({known})',
                E,
            )
        if absence.covering is None:
            yield ("absences", i), "no covering colleague is named for this absence", W


def _callbacks_reachable(policy: Policy) -> Iterator[Finding]:
    """Warn when a call just after some callback window cannot be returned in time.

    The due time grows with the call time while the next window stays the same until
    the current one ends, so the worst call is the one just after a window closes:
    checking one second after each window's end in a plain week covers every case.
    """
    from between.core.calendar.business import BusinessCalendar  # calendar imports us

    calls = policy.calls
    if calls is None:
        return
    plain = policy.model_copy(update={"holidays": Holidays(), "absences": []})
    calendar = BusinessCalendar(plain)
    windows = calls.callback_windows or policy.office_hours
    zone = calendar.zone
    monday = datetime(2001, 1, 8, tzinfo=zone)  # a week with no DST change anywhere
    for d, day in enumerate(WEEKDAYS):
        for text in getattr(windows, day):
            end = parse_range(text)[1]
            call = monday + timedelta(days=d, minutes=end, seconds=1)
            result = calendar.due_at(call, channel="call", voicemail=True)
            if (
                result.due_at
                and result.callback_window
                and result.callback_window[0] > result.due_at
            ):
                nxt = result.callback_window[0]
                yield (
                    ("calls", "return_within"),
                    f"a call on a {day.capitalize()} after "
                    f"{text.split('-')[1]} cannot be returned within "
                    f"{calls.return_within.describe()}: the next callback window is "
                    f"{nxt:%A} at {nxt:%H:%M}",
                    W,
                )
                return
