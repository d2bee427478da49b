"""What a client writing during one absence would get back, before any client does.

The text comes from the same pure render as the policy's replies preview (and so from
the one place the wording lives, ``between.core.pipeline.texts``), given the policy in
force during the absence with this absence first among its absences. Later absences of
the practice are passed too, because the pipeline's calendar closes on all of them and
the return date it promises must be the same one shown here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

from between.core.documents import Preview, render_replies_preview
from between.core.pipeline.decide import OUT_OF_OFFICE_REPEAT
from between.core.policy.schema import Absence as PolicyAbsence
from between.core.policy.schema import Policy
from between.documents.i18n import translator
from between.policies.lifecycle import in_force
from between.policies.models import PolicyVersion
from between.policies.store import parsed_policy
from between.practices.models import Absence

# A message arriving at 10:00 on the first day away: the situation the preview shows.
ARRIVES_AT = time(10, 0)


@dataclass
class OutOfOffice:
    arrives: datetime
    version: PolicyVersion | None = None
    email: Preview | None = None
    text: Preview | None = None
    notes: list[str] = field(default_factory=list)


def preview(absence: Absence, language: str = "en") -> OutOfOffice:
    practice = absence.practice
    zone = ZoneInfo(practice.timezone)
    arrives = datetime.combine(absence.start, ARRIVES_AT, zone)
    version = in_force(practice, arrives, absence.clinician) or in_force(
        practice, timezone.now(), absence.clinician
    )
    found = OutOfOffice(arrives=arrives, version=version)
    if version is None:
        found.notes.append(
            "No policy is in force for these dates, so Between sends no automatic replies. "
            "Publish a policy to have clients told you are away."
        )
        return found
    policy = parsed_policy(version.text)
    covering = absence.covering.display_name if absence.covering else None
    later = [
        PolicyAbsence(start=a.start, end=a.end)
        for a in Absence.objects.filter(practice=practice, start__gte=absence.start).exclude(
            pk=absence.pk
        )
    ] + [a for a in policy.absences if a.start >= absence.start]
    this = PolicyAbsence(start=absence.start, end=absence.end, covering=covering)
    as_if = policy.model_copy(update={"absences": [this, *later]})
    for reply in render_replies_preview(as_if, translator(language)):
        if reply.kind != "out_of_office":
            continue
        if reply.channel == "email":
            found.email = reply
        elif reply.channel == "sms":
            found.text = reply
    found.notes.extend(_notes(policy, covering, found))
    return found


def _notes(policy: Policy, covering: str | None, found: OutOfOffice) -> list[str]:
    notes: list[str] = []
    listed = [c.name for c in policy.coverage]
    if covering and covering not in listed:
        notes.append(
            f"The policy's coverage list does not include {covering}, so the replies name "
            f"{covering} without a way to reach them, and a crisis during this absence pages "
            f"the on-call contact instead. Add {covering} with a work phone number or email "
            "address to the coverage section of the policy to give clients that contact and "
            "page them."
        )
    elif not covering:
        notes.append("No covering colleague is chosen for this absence, so the replies name none.")
    for name, label, shown in (("email", "email", found.email), ("sms", "text", found.text)):
        channel = policy.channel(name)
        if shown is not None:
            continue
        if channel is None:
            notes.append(f"The policy does not mention {label}, so nothing is sent by {label}.")
        else:
            notes.append(
                f"The policy does not use {label} for clients, so a client writing by {label} "
                "gets the reply pointing to the right channel instead."
            )
    if policy.auto_replies.out_of_office.value == "every_message":
        notes.append("Sent in reply to every message, at most once a day to each client.")
    else:
        notes.append(
            "Each client gets this reply once for this absence (again only after "
            f"{OUT_OF_OFFICE_REPEAT.days} days if they keep writing)."
        )
    notes.append(
        "A message that may come from someone in crisis gets the crisis reply instead, "
        "and the people on call are paged as on any other day."
    )
    return notes
