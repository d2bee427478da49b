"""Boundary patterns in one client's contacts, for the therapist to raise in session (R22).

Nothing here judges the client. Reaching out after hours, writing again before a reply,
using a channel that is not offered, or wishing for more than a therapy relationship
are all ordinary human things; the page exists so the therapist notices a pattern early
and can talk about it kindly, instead of the policy quietly doing the talking. The
suggestions are written for the therapist, never sent to the client, and all of their
wording lives here. Crisis contacts are never part of a pattern: reaching out in a
crisis, at any hour and as often as needed, is what the crisis path is for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from between.core.reports import OfficeHours, Period, channel_label, is_after_hours

BURST_WINDOW = timedelta(hours=24)
BURST_COUNT = 3

# Flags the pipeline records (between/core/pipeline/decide.py) when a message came on a
# channel the policy does not offer at all, or does not offer for that kind of need.
UNOFFERED_FLAGS = {
    "channel_not_offered": "channel not offered",
    "channel_not_for_need": "channel not offered for this kind of message",
}

# The boundary signals of between/core/needs.py, as the therapist reads them.
DUAL_RELATIONSHIP_KINDS = {
    "social_request": "Friend or follow request",
    "meet_outside": "Invitation to meet outside therapy",
    "gift": "Gift",
    "personal_question": "Personal question",
}
OTHER_REQUEST = "Other request beyond therapy"


class Pattern(StrEnum):
    after_hours = "after_hours"
    bursts = "bursts"
    unoffered_channel = "unoffered_channel"
    dual_relationship = "dual_relationship"


TITLES = {
    Pattern.after_hours: "Contacts outside office hours",
    Pattern.bursts: "Several messages before a reply",
    Pattern.unoffered_channel: "Messages on channels not offered for them",
    Pattern.dual_relationship: "Requests beyond the therapy relationship",
}

EXPLANATIONS = {
    Pattern.after_hours: "Messages and voicemails that arrived outside office hours or on a "
    "closed day (the clinician's own absences do not count).",
    Pattern.bursts: f"{BURST_COUNT} or more contacts within {BURST_WINDOW.days * 24} hours "
    "with no reply from the practice in between.",
    Pattern.unoffered_channel: "Contacts that came on a channel the policy does not offer, or "
    "does not offer for that kind of message; the client was redirected automatically.",
    Pattern.dual_relationship: "Friend or follow requests, invitations, gifts and personal "
    "questions. None of them is ever accepted or answered automatically.",
}

SUGGESTIONS = {
    Pattern.after_hours: "Revisit the communication agreement together: what does reaching out "
    "after hours give them, and what else could help in those moments? Check they know the "
    "after-hours crisis path if something feels urgent.",
    Pattern.bursts: "Waiting for a reply can be hard. Ask what the wait is like for them, "
    "remind them when replies usually come, and agree together on what they can do in the "
    "meantime.",
    Pattern.unoffered_channel: "Go over which way of reaching you is for what, and ask whether "
    "the agreed channels are easy for them to use; an accommodation may suit them better.",
    Pattern.dual_relationship: "Acknowledge the warmth behind the request, explain gently why "
    "the relationship stays within therapy, and explore together what the connection means "
    "to them.",
}


@dataclass(frozen=True)
class Contact:
    """One message or voicemail from the client; ``ref`` is the shell's opaque handle."""

    at: datetime
    channel: str
    ref: str = ""
    flags: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    category: str = "other"
    calendar: str | None = None
    crisis: bool = False


@dataclass(frozen=True)
class Occurrence:
    at: datetime  # local time of the practice
    channel: str
    note: str = ""
    ref: str = ""
    until: datetime | None = None  # the last contact of a burst
    count: int = 1


@dataclass(frozen=True)
class Finding:
    pattern: Pattern
    occurrences: tuple[Occurrence, ...]

    @property
    def title(self) -> str:
        return TITLES[self.pattern]

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.pattern]

    @property
    def suggestion(self) -> str:
        return SUGGESTIONS[self.pattern]

    @property
    def count(self) -> int:
        return len(self.occurrences)


@dataclass(frozen=True)
class BoundaryReport:
    findings: tuple[Finding, ...]
    contacts: int
    crisis: int = 0  # crisis contacts in the period, left out of every pattern

    @property
    def any(self) -> bool:
        return any(f.count for f in self.findings)

    def get(self, pattern: Pattern) -> Finding:
        return next(f for f in self.findings if f.pattern is pattern)


def find_patterns(
    contacts: Iterable[Contact],
    replies: Sequence[datetime],
    period: Period,
    calendars: Mapping[str, OfficeHours],
) -> BoundaryReport:
    """All four patterns over the period, in a fixed order, empty ones included.

    ``replies`` are the moments the practice answered this client (typed replies,
    returned calls); automatic messages are not a reply from a person.
    """
    in_period = [c for c in contacts if period.contains(c.at)]
    inside = sorted((c for c in in_period if not c.crisis), key=lambda c: c.at)
    found = {
        Pattern.after_hours: _after_hours(inside, period, calendars),
        Pattern.bursts: _bursts(inside, sorted(replies), period),
        Pattern.unoffered_channel: _unoffered(inside, period),
        Pattern.dual_relationship: _dual(inside, period),
    }
    return BoundaryReport(
        findings=tuple(Finding(p, tuple(found[p])) for p in Pattern),
        contacts=len(in_period),
        crisis=len(in_period) - len(inside),
    )


def _occurrence(contact: Contact, period: Period, note: str = "") -> Occurrence:
    return Occurrence(period.local(contact.at), channel_label(contact.channel), note, contact.ref)


def _after_hours(
    contacts: Sequence[Contact], period: Period, calendars: Mapping[str, OfficeHours]
) -> list[Occurrence]:
    return [
        _occurrence(c, period)
        for c in contacts
        if is_after_hours(c.at, c.calendar, c.flags, calendars)
    ]


def _bursts(
    contacts: Sequence[Contact], replies: Sequence[datetime], period: Period
) -> list[Occurrence]:
    """Runs of contacts within 24 hours of the run's first one, no reply in between."""
    found: list[Occurrence] = []
    run: list[Contact] = []

    def close() -> None:
        if len(run) >= BURST_COUNT:
            first, last = run[0], run[-1]
            channels = sorted({channel_label(c.channel) for c in run})
            found.append(
                Occurrence(
                    period.local(first.at),
                    ", ".join(channels),
                    note=f"{len(run)} contacts",
                    ref=first.ref,
                    until=period.local(last.at),
                    count=len(run),
                )
            )

    for contact in contacts:
        if run:
            replied = any(run[-1].at < r <= contact.at for r in replies)
            if replied or contact.at - run[0].at > BURST_WINDOW:
                close()
                run = []
        run.append(contact)
    close()
    return found


def _unoffered(contacts: Sequence[Contact], period: Period) -> list[Occurrence]:
    found = []
    for contact in contacts:
        notes = [note for flag, note in UNOFFERED_FLAGS.items() if flag in contact.flags]
        if notes:
            found.append(_occurrence(contact, period, notes[0]))
    return found


def _dual(contacts: Sequence[Contact], period: Period) -> list[Occurrence]:
    found = []
    for contact in contacts:
        kinds = [
            label for signal, label in DUAL_RELATIONSHIP_KINDS.items() if signal in contact.signals
        ]
        kinds += [
            label
            for signal, label in DUAL_RELATIONSHIP_KINDS.items()
            if signal in contact.flags and label not in kinds
        ]
        if not kinds and (contact.category == "boundary" or "boundary" in contact.flags):
            kinds = [OTHER_REQUEST]
        if kinds:
            found.append(_occurrence(contact, period, "; ".join(kinds)))
    return found
