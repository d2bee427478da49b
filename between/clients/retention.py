"""Deleting a former client's record once the practice's retention period is over.

A record is due when the client was discharged (``Client.discharged_on``) and both the
discharge and the last message or call are more than ``Practice.retention_days`` old,
counted in the practice's own calendar: a former client who wrote again after being
discharged keeps that new correspondence for the full period too.

A client is never deleted while a crisis of theirs is open or a page about them has not
been acknowledged; they are listed as kept, with the reason, until someone closes it.

What goes: the client row and everything that belongs to it (contact points, consents,
accommodations, links, acknowledgements with their receipts, policy notices) plus their
messages (with the original emails and attachments), calls, everything sent to them with
its delivery attempts, and crisis pages. What stays: one audit event per deletion naming
the client by number, with the counts; earlier audit events, which never held content.
Running it again finds nothing more to do.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from between.audit.log import record
from between.clients.export import related_rows
from between.clients.models import Client, ClientStatus
from between.messaging.models import (
    Call,
    CallStatus,
    DeliveryAttempt,
    Direction,
    Message,
    MessageStatus,
    Outbound,
)
from between.practices.models import Practice

# Friendly names for what Django's delete() reports, by model label.
KINDS = {
    "clients.Client": "clients",
    "clients.ContactPoint": "contact_points",
    "clients.Consent": "consents",
    "clients.Accommodation": "accommodations",
    "clients.IntakeInvitation": "links",
    "clients.ClientAcknowledgement": "acknowledgements",
    "policies.PolicyNotice": "policy_notices",
    "messaging.Message": "messages",
    "messaging.Call": "calls",
    "messaging.Outbound": "sent",
    "messaging.DeliveryAttempt": "delivery_attempts",
    "messaging.Page": "pages",
}
ACTOR = "retention"


@dataclass
class Candidate:
    """One discharged client looked at: due or kept, and what their record holds."""

    client_id: int
    practice_id: int
    discharged_on: date
    kept_until: date
    counts: dict[str, int]
    blocked: str = ""

    @property
    def due(self) -> bool:
        return not self.blocked

    @property
    def described(self) -> str:
        return describe(self.counts)


@dataclass
class Review:
    """What a run found for one practice."""

    practice: Practice
    today: date
    candidates: list[Candidate] = field(default_factory=list)
    undated: int = 0

    @property
    def due(self) -> list[Candidate]:
        return [c for c in self.candidates if c.due]

    @property
    def kept(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.due]

    def totals(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for c in self.due:
            total.update(c.counts)
        return dict(total)


ROW_NAMES = {
    "clients": "client",
    "contact_points": "contact point",
    "consents": "consent",
    "accommodations": "accommodation",
    "links": "link",
    "acknowledgements": "acknowledgement",
    "policy_notices": "policy notice",
    "messages": "message",
    "calls": "call",
    "sent": "sent item",
    "delivery_attempts": "delivery attempt",
    "pages": "crisis page",
}


def describe(counts: dict[str, int]) -> str:
    """Counts only ("2 messages, 1 call"), so the line is fit for a log or a cron mail."""
    order = {kind: i for i, kind in enumerate(ROW_NAMES)}
    shown = []
    for kind, n in sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])):
        if n:
            name = ROW_NAMES.get(kind, kind.replace("_", " "))
            shown.append(f"{n} {name}{'' if n == 1 else 's'}")
    return ", ".join(shown) or "nothing"


def local_today(practice: Practice, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(practice.timezone)).date()


def counts(client: Client) -> dict[str, int]:
    """How many rows of each kind the client's record holds; never what they say."""
    rows = related_rows(client)
    return {
        "clients": 1,
        "contact_points": client.contacts.count(),
        "consents": client.consents.count(),
        "accommodations": client.accommodations.count(),
        "links": client.invitations.count(),
        "acknowledgements": client.acknowledgements.count(),
        "policy_notices": client.policy_notices.count(),
        "messages": rows["messages"].count(),
        "calls": rows["calls"].count(),
        "sent": rows["outbound"].count(),
        "delivery_attempts": DeliveryAttempt.objects.filter(
            outbound__in=rows["outbound"].values("pk")
        ).count(),
        "pages": rows["pages"].count(),
    }


def blocked_because(client: Client) -> str:
    """Why the record must stay for now, or "" when nothing holds it."""
    open_crisis = (
        Message.objects.filter(
            client=client, crisis=True, status=MessageStatus.OPEN, direction=Direction.INBOUND
        ).exists()
        or Call.objects.filter(client=client, crisis=True, status=CallStatus.OPEN).exists()
    )
    if open_crisis:
        return "an open crisis message or call"
    if related_rows(client)["pages"].filter(acknowledged_at__isnull=True).exists():
        return "a crisis page nobody has acknowledged"
    return ""


def _last_contact(client: Client, zone: zoneinfo.ZoneInfo) -> date | None:
    last = [
        Message.objects.filter(client=client).aggregate(at=Max("received_at"))["at"],
        Call.objects.filter(client=client).aggregate(at=Max("at"))["at"],
    ]
    found = [t for t in last if t is not None]
    return max(found).astimezone(zone).date() if found else None


def assess(client: Client, now: datetime | None = None) -> Candidate | None:
    """The client's place under retention, or None while the calendar keeps the record."""
    practice = client.practice
    if client.status != ClientStatus.DISCHARGED or client.discharged_on is None:
        return None
    today = local_today(practice, now)
    zone = zoneinfo.ZoneInfo(practice.timezone)
    last = _last_contact(client, zone)
    start = max(client.discharged_on, last) if last else client.discharged_on
    kept_until = start + timedelta(days=practice.retention_days)
    if kept_until >= today:
        return None
    return Candidate(
        client_id=client.pk,
        practice_id=practice.pk,
        discharged_on=client.discharged_on,
        kept_until=kept_until,
        counts=counts(client),
        blocked=blocked_because(client),
    )


def review(practice: Practice, now: datetime | None = None) -> Review:
    """Which former clients of the practice are due for deletion today."""
    today = local_today(practice, now)
    found = Review(practice, today)
    former = Client.objects.filter(practice=practice, status=ClientStatus.DISCHARGED)
    found.undated = former.filter(discharged_on__isnull=True).count()
    oldest_due = today - timedelta(days=practice.retention_days)
    for client in (
        former.filter(discharged_on__lt=oldest_due)
        .select_related("practice")
        .order_by("discharged_on", "pk")
    ):
        candidate = assess(client, now)
        if candidate is not None:
            found.candidates.append(candidate)
    return found


def review_all(now: datetime | None = None, practices: Any = None) -> list[Review]:
    chosen = practices if practices is not None else Practice.objects.order_by("slug")
    return [review(p, now) for p in chosen]


def delete_client(
    candidate: Candidate,
    *,
    actor: Any = ACTOR,
    request: Any = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Delete one due record and leave the event that says so; the counts deleted.

    Everything is checked again inside the transaction, with the client row locked, so a
    message that arrived since the review (a new crisis, a new contact) keeps the record.
    """
    with transaction.atomic():
        client = (
            Client.objects.select_for_update()
            .filter(pk=candidate.client_id, practice_id=candidate.practice_id)
            .first()
        )
        if client is None:
            return {}  # already gone: a second run does nothing
        fresh = assess(client, now)
        if fresh is None or not fresh.due:
            return {}
        rows = related_rows(client)
        deleted: Counter[str] = Counter()
        # Sent items first: some point at the client only, not at a message or call.
        for queryset in (
            Outbound.objects.filter(pk__in=list(rows["outbound"].values_list("pk", flat=True))),
            rows["messages"],
            rows["calls"],
        ):
            _total, per_model = queryset.delete()
            deleted.update({KINDS.get(k, k): v for k, v in per_model.items()})
        event = record(
            "client.deleted_by_retention",
            actor=actor,
            request=request,
            obj=client,
            practice=client.practice,
            detail={
                "discharged_on": fresh.discharged_on.isoformat(),
                "retention_days": client.practice.retention_days,
                "counts": {},
            },
        )
        _total, per_model = client.delete()
        deleted.update({KINDS.get(k, k): v for k, v in per_model.items()})
        event.detail["counts"] = {k: v for k, v in sorted(deleted.items()) if v}
        event.save(update_fields=["detail"])
    return dict(event.detail["counts"])


def apply(
    found: Review, *, actor: Any = ACTOR, request: Any = None, now: datetime | None = None
) -> dict[str, int]:
    """Delete every due record of the review; the totals deleted."""
    total: Counter[str] = Counter()
    for candidate in found.due:
        total.update(delete_client(candidate, actor=actor, request=request, now=now))
    return dict(total)
