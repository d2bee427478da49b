"""Which messages and calls a member's reports are computed over, and which sections show.

Every query starts from the member's own practice, so another practice's figures are
unreachable. Within it:

- owners see the whole practice;
- supervisors see their team's figures. Between has no team model yet, so a
  supervisor's team is every clinician of the practice, which makes it the whole
  practice; when teams exist this is the one place to narrow it;
- clinicians see their own clients' figures only (not unknown senders, not colleagues');
- front-desk staff see the turnaround of scheduling messages and the callbacks: the
  work that is theirs. No after-hours, crisis or clinical figures at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from between.messaging.models import Call, Category, Direction, Message
from between.practices.models import Membership, Role

TURNAROUND = "turnaround"
AFTER_HOURS = "after_hours"
CALLBACKS = "callbacks"
CRISIS = "crisis"
ALL_SECTIONS = frozenset({TURNAROUND, AFTER_HOURS, CALLBACKS, CRISIS})


@dataclass(frozen=True)
class ReportScope:
    member: Membership
    messages: QuerySet[Message]
    calls: QuerySet[Call]
    sections: frozenset[str]
    described: str

    def shows(self, section: str) -> bool:
        return section in self.sections


def scope_for(member: Membership) -> ReportScope:
    practice = member.practice
    messages = Message.objects.filter(practice=practice, direction=Direction.INBOUND)
    calls = Call.objects.filter(practice=practice)
    if member.role == Role.FRONT_DESK:
        return ReportScope(
            member,
            messages.filter(category=Category.ADMIN, crisis=False),
            calls.filter(crisis=False),
            frozenset({TURNAROUND, CALLBACKS}),
            "Scheduling and admin messages, and callbacks, for the whole practice.",
        )
    if member.role == Role.CLINICIAN:
        return ReportScope(
            member,
            messages.filter(client__clinician=member),
            calls.filter(client__clinician=member),
            ALL_SECTIONS,
            "Your own clients.",
        )
    if member.role == Role.SUPERVISOR:
        return ReportScope(
            member,
            messages,
            calls,
            ALL_SECTIONS,
            "Your team: every clinician of the practice.",
        )
    return ReportScope(member, messages, calls, ALL_SECTIONS, "The whole practice.")
