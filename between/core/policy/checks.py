"""Semantic checks: rules that need the whole policy, beyond what the types say.

Errors are policies Between must refuse (a client in crisis could be left waiting, or a
promise cannot be computed); warnings are policies that work but may surprise the
therapist (a callback rule that cannot always be kept, clinical talk over plain email).
Each finding is (key path, message, severity, plain): the message is the command line's,
the plain sentence the form's; the loader adds file, line and column.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib

from between.core.policy import phones
from between.core.policy.plain import CHANNEL_WORDS, subject
from between.core.policy.problems import Severity
from between.core.policy.schema import WEEKDAYS, Holidays, Need, Policy, WeekHours, parse_range

Loc = tuple[str | int, ...]


class Finding(NamedTuple):
    """One finding: the command line's message and, for the form, the same in words."""

    loc: Loc
    message: str
    severity: Severity
    plain: str = ""


E, W = Severity.error, Severity.warning


def check(policy: Policy) -> list[Finding]:
    """Every semantic finding for a policy that already passed type validation."""
    found: list[Finding] = []
    zone_ok = _zone_ok(policy.timezone)
    if not zone_ok:
        found.append(
            Finding(
                ("timezone",),
                f'"{policy.timezone}" is not a time zone Between '
                "knows; use a name like America/New_York or Europe/London",
                E,
                f"Between does not know the time zone “{policy.timezone}”; use a name like "
                "America/New_York or Europe/London",
            )
        )
    found += _holidays(policy.holidays)
    found += _hours(policy)
    found += _channels(policy)
    found += _emergency(policy)
    found += _phones(policy)
    found += _absences(policy)
    if zone_ok and not any(f.severity is E for f in found):
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
            yield Finding(
                ("holidays", "subdivision"),
                "a subdivision needs a country",
                E,
                "A state, province or nation for public holidays needs a country too",
            )
        yield Finding(
            ("holidays", "country"),
            "no country is set, so public holidays are not "
            "closed days; set holidays.country (e.g. US) to close on them",
            W,
            "No country is set for public holidays, so the practice is not closed on them; "
            "give a country code such as US to close on public holidays",
        )
        return
    supported = holidays_lib.list_supported_countries()
    if h.country not in supported:
        yield Finding(
            ("holidays", "country"),
            f'"{h.country}" is not a country code Between '
            "knows holidays for; use a code like US, GB, CA or AU",
            E,
            f"Between knows no public holidays for the country code “{h.country}”; "
            "use a code like US, GB, CA or AU",
        )
    elif h.subdivision is not None and h.subdivision not in supported[h.country]:
        shown = ", ".join(supported[h.country][:12])
        yield Finding(
            ("holidays", "subdivision"),
            f'"{h.subdivision}" is not a subdivision of {h.country}; known ones include {shown}',
            E,
            f"“{h.subdivision}” is not a state, province or nation of {h.country}; "
            f"known ones include {shown}",
        )


def _overlaps(week: WeekHours, at: Loc) -> Iterator[Finding]:
    for day in WEEKDAYS:
        ranges = sorted((parse_range(r), i, r) for i, r in enumerate(getattr(week, day)))
        for (prev, _pi, prev_text), (cur, ci, text) in itertools.pairwise(ranges):
            if cur[0] < prev[1]:
                loc = (*at, day, ci)
                yield Finding(
                    loc,
                    f'"{text}" overlaps "{prev_text}"',
                    E,
                    f"{subject(loc)} overlap: {_dash(text)} and {_dash(prev_text)}",
                )


def _dash(text: str) -> str:
    return text.strip().replace("-", "–")


def _hours(policy: Policy) -> Iterator[Finding]:
    if policy.office_hours.is_empty():
        yield Finding(
            ("office_hours",),
            "no office hours are set, so nothing could ever be due",
            E,
            "No office hours are set, so no reply could ever be due; give the hours of at "
            "least one day",
        )
    yield from _overlaps(policy.office_hours, ("office_hours",))
    for name, channel in policy.channels.items():
        if channel.hours is not None:
            yield from _overlaps(channel.hours, ("channels", name, "hours"))
            if channel.hours.is_empty():
                yield Finding(
                    ("channels", name, "hours"),
                    "no hours are set for this channel",
                    E,
                    f"No hours are set for {CHANNEL_WORDS[name]}",
                )
    calls = policy.calls
    if calls is None or calls.callback_windows is None:
        phone = policy.channel("phone")
        if calls is None and phone is not None and phone.enabled:
            yield Finding(
                ("channels", "phone"),
                "phone is offered but there is no calls section, "
                "so calls are returned within the message turnaround",
                W,
                "Phone calls are offered but no time to return them is set, so calls are "
                "returned within the reply time",
            )
        return
    windows = calls.callback_windows
    yield from _overlaps(windows, ("calls", "callback_windows"))
    if windows.is_empty():
        yield Finding(
            ("calls", "callback_windows"),
            "no callback windows are set; remove the key to call back during office hours",
            E,
            "No callback hours are set; remove them to call back during office hours",
        )
    if not calls.only_office_hours:
        return
    office = policy.office_hours.minutes()
    for d, day in enumerate(WEEKDAYS):
        for i, text in enumerate(getattr(windows, day)):
            start, end = parse_range(text)
            loc = ("calls", "callback_windows", day, i)
            # Inside the day's office span: a lunch-break window between two ranges is
            # how many therapists return calls, so only the span's edges matter.
            if not office[d]:
                yield Finding(
                    loc,
                    f'"{text}" is on a {day}, '
                    "when there are no office hours, but calls are returned only in "
                    "office hours",
                    E,
                    f"{subject(loc)} ({_dash(text)}) fall on a day with no office hours, but "
                    "calls are returned only in office hours",
                )
            elif start < office[d][0][0] or end > office[d][-1][1]:
                yield Finding(
                    loc,
                    f'"{text}" is outside '
                    f"{day}'s office hours, but calls are returned only in office hours",
                    E,
                    f"{subject(loc)} ({_dash(text)}) are outside {day.capitalize()}'s office "
                    "hours, but calls are returned only in office hours",
                )


def _channels(policy: Policy) -> Iterator[Finding]:
    offered = {n for n, c in policy.channels.items() if c.enabled}
    needs_detail = {"email": "address", "sms": "number", "phone": "number", "app": "name"}
    for name, channel in policy.channels.items():
        at: Loc = ("channels", name)
        words = CHANNEL_WORDS[name]
        if not channel.enabled:
            if channel.needs:
                yield Finding(
                    (*at, "for"),
                    f"{name} is named for {', '.join(channel.needs)} but "
                    "is not enabled; enable it or empty its list",
                    E,
                    f"{words[0].upper()}{words[1:]} is not offered but is marked for "
                    f"{' and '.join(channel.needs)}; offer it or untick what it is for",
                )
            continue
        detail = needs_detail.get(name)
        if detail and not getattr(channel, detail):
            yield Finding(
                at,
                f"{name} is enabled, so clients need its {detail}; add {detail}: ...",
                E,
                f"{subject((*at, detail))} is missing: {words} are offered, so clients need it"
                if name != "email"
                else f"{subject((*at, detail))} is missing: email is offered, so clients need it",
            )
        if not channel.needs:
            yield Finding(
                (*at, "for"),
                f"{name} is enabled but for no need, so every client who "
                "uses it will be redirected",
                W,
                f"{words[0].upper()}{words[1:]} is offered but not for anything, so every "
                "client who uses it will be redirected",
            )
        if Need.clinical in channel.needs and channel.secure is False:
            yield Finding(
                (*at, "for"),
                f"{name} is not secure but is for clinical messages; "
                "clients should be pointed to a secure channel for clinical content",
                W,
                f"{words[0].upper()}{words[1:]} is not secure but is for clinical messages; "
                "clients should be pointed to a secure channel for those",
            )
    for need in Need:
        reachable = any(need in c.needs for n, c in policy.channels.items() if n in offered)
        if not reachable and need is Need.admin:
            yield Finding(
                ("channels",),
                "no enabled channel is for admin, so clients cannot reach the practice to schedule",
                W,
                "No channel is for scheduling and billing, so clients cannot reach the "
                "practice to schedule",
            )


def _emergency(policy: Policy) -> Iterator[Finding]:
    em = policy.emergency
    if not (em.number or em.crisis_lines or em.after_hours or em.on_call):
        yield Finding(
            ("emergency",),
            "there is no emergency path: give an emergency number, a "
            "crisis line, an after-hours contact or an on-call rotation",
            E,
            "There is no way to get help in an emergency: give an emergency number, a "
            "crisis line, an after-hours contact or an on-call rotation",
        )
    if not (em.number or "").strip():
        region = phones.region_for(policy.holidays.country, policy.timezone)
        example = phones.emergency_example(region)
        # An error, not a warning: every reply and the published policy must tell a
        # client in danger which number to call.
        yield Finding(
            ("emergency", "number"),
            f'no emergency number (e.g. "{example}") is given; a published policy must '
            "tell clients which number to call in an emergency",
            E,
            f"The emergency number is empty: a published policy must tell clients which "
            f"number to call in an emergency (for example {example})",
        )
    if em.after_hours is not None and not em.after_hours.phone:
        yield Finding(
            ("emergency", "after_hours"),
            "an after-hours contact needs a phone number",
            E,
            "The after-hours contact needs a phone number",
        )
    if em.on_call is not None:
        for i, person in enumerate(em.on_call.rotation):
            if not person.phone:
                yield Finding(
                    ("emergency", "on_call", "rotation", i),
                    f"{person.name} is on the on-call rotation but has no phone number",
                    E,
                    f"{person.name} is on the on-call rotation but has no phone number",
                )
    for i, name in enumerate(em.contact_via):
        channel = policy.channel(name)
        loc = ("emergency", "contact_via", i)
        if channel is None or not channel.enabled:
            yield Finding(
                loc,
                f'crisis is routed to "{name}", which is not an enabled channel',
                E,
                f"A client in crisis is sent to {CHANNEL_WORDS.get(name, name)}, which is "
                "not offered",
            )
        elif channel.answered.value != "live":
            yield Finding(
                loc,
                f'crisis is routed to "{name}", which '
                "is answered within a turnaround; a client in crisis must never wait in a "
                "queue, so route crisis only to channels answered live",
                E,
                f"A client in crisis is sent to {CHANNEL_WORDS.get(name, name)}, which is "
                "answered within a reply time; someone in crisis must never wait, so send "
                "them only to a channel a person answers live",
            )


def _phones(policy: Policy) -> Iterator[Finding]:
    """Every number in the policy is one a client (or Between, paging) could dial."""
    region = phones.region_for(policy.holidays.country, policy.timezone)
    example = phones.example(region)

    def bad(loc: Loc, text: str, what: str = "a phone number") -> Finding:
        return Finding(
            loc,
            f'"{text}" is not {what}; write it like {example.split(", or ")[0]}',
            E,
            f"{subject(loc)} “{text}” is not {what}. A valid number looks like {example}",
        )

    for name in ("sms", "phone", "app"):
        channel = policy.channel(name)
        if channel is not None and channel.number and phones.read(channel.number, region) is None:
            yield bad(("channels", name, "number"), channel.number)
    em = policy.emergency
    if em.number and em.number.strip():
        yield from _emergency_number(em.number, region)
    after = em.after_hours.phone if em.after_hours is not None else None
    if after and phones.read(after, region, short_codes=True) is None:
        yield bad(("emergency", "after_hours", "phone"), after)
    if em.on_call is not None:
        for i, person in enumerate(em.on_call.rotation):
            # People on call are paged by text: a short code cannot receive one.
            if person.phone and phones.read(person.phone, region) is None:
                yield bad(("emergency", "on_call", "rotation", i, "phone"), person.phone)
    for i, contact in enumerate(policy.coverage):
        if contact.phone and phones.read(contact.phone, region, short_codes=True) is None:
            yield bad(("coverage", i, "phone"), contact.phone)
    for i, address in enumerate(policy.clinician.addresses):
        if "@" not in address and phones.read(address, region) is None:
            yield bad(
                ("clinician", "addresses", i),
                address,
                "an email address or a phone number",
            )


def _emergency_number(number: str, region: str | None) -> Iterator[Finding]:
    loc: Loc = ("emergency", "number")
    if phones.read(number, region, short_codes=True) is not None:
        return
    elsewhere = phones.emergency_elsewhere(number)
    here = phones.emergency_example(region)
    if elsewhere and region is None:
        return
    if elsewhere:
        yield Finding(
            loc,
            f'"{number}" is not an emergency number in {region}, where it is {here}',
            W,
            f"The emergency number “{number}” is not one clients in {region} can call; "
            f"there it is {here}",
        )
        return
    yield Finding(
        loc,
        f'"{number}" is not an emergency number or a phone number; in {region or "the US"} '
        f'it is "{here}"',
        E,
        f"The emergency number “{number}” is not a number clients can call. Give the "
        f"emergency services number, like {here}",
    )


def _absences(policy: Policy) -> Iterator[Finding]:
    names = {c.name for c in policy.coverage}
    for i, absence in enumerate(policy.absences):
        if absence.end < absence.start:
            yield Finding(
                ("absences", i, "end"),
                f"the absence ends ({absence.end}) before it starts ({absence.start})",
                E,
                f"Absence {i + 1} ends ({absence.end:%-d %B %Y}) before it starts "
                f"({absence.start:%-d %B %Y})",
            )
        if absence.covering is not None and absence.covering not in names:
            known = ", ".join(sorted(names)) or "nobody is listed"
            yield Finding(
                ("absences", i, "covering"),
                f'"{absence.covering}" is not listed in coverage ({known})',
                E,
                f"Absence {i + 1} is covered by {absence.covering}, who is not one of the "
                f"covering colleagues ({known})",
            )
        if absence.covering is None:
            yield Finding(
                ("absences", i),
                "no covering colleague is named for this absence",
                W,
                f"No covering colleague is named for absence {i + 1}",
            )


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
                after = text.split("-")[1]
                within = calls.return_within.describe()
                yield Finding(
                    ("calls", "return_within"),
                    f"a call on a {day.capitalize()} after "
                    f"{after} cannot be returned within "
                    f"{within}: the next callback window is "
                    f"{nxt:%A} at {nxt:%H:%M}",
                    W,
                    f"A call on a {day.capitalize()} after {after} cannot be returned within "
                    f"{within}: the next callback hours start on {nxt:%A} at {nxt:%H:%M}",
                )
                return
