"""Loading the demo practice. Safe to run again: rows are found by natural keys first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from between.clients.models import (
    Accommodation,
    AccommodationKind,
    Client,
    Consent,
    ConsentMethod,
    ContactKind,
    ContactPoint,
)
from between.demo import data
from between.messaging.models import Call, CallStatus, Message
from between.policies.models import PolicyStatus, PolicyVersion
from between.policies.store import due_for, format_window, reference_policy_text
from between.practices.models import Absence, Membership, Practice


@dataclass
class DemoSummary:
    created: bool
    clients: int
    messages: int
    calls: int


@transaction.atomic
def load_demo(now: datetime | None = None) -> DemoSummary:
    now = now or timezone.now()
    practice, created = Practice.objects.get_or_create(
        slug=data.PRACTICE_SLUG,
        defaults={
            "name": data.PRACTICE_NAME,
            "timezone": "America/New_York",
            "setting": "private_practice",
            "country": "US",
        },
    )
    members = {staff.username: _staff(practice, staff) for staff in data.STAFF}
    policy = _policy(practice, members["alex"], now)
    Absence.objects.get_or_create(
        practice=practice,
        clinician=members["alex"],
        start=date(2027, 1, 4),
        end=date(2027, 1, 8),
        defaults={"covering": members["sam"], "note": "Winter break"},
    )
    clients = {c.name: _client(practice, c, members, policy, now) for c in data.CLIENTS}
    for m in data.MESSAGES:
        received = now - timedelta(hours=m.hours_ago)
        due = due_for(policy.text, received, channel="message", extra_absences=[])
        Message.objects.get_or_create(
            practice=practice,
            dedupe_key=m.key,
            defaults={
                "client": clients.get(m.client) if m.client else None,
                "channel": m.channel,
                "from_address": m.sender,
                "to_addresses": [_our_address(m.channel)],
                "subject": m.subject,
                "body": m.body,
                "received_at": received,
                "category": m.category,
                "crisis": m.crisis,
                "due_at": None if m.crisis else due.due_at,
                "flags": list(m.flags),
                "reasons": ["crisis: reply sent at once, on-call paged"]
                if m.crisis
                else [due.reason],
                "policy_version": policy,
            },
        )
    for c in data.CALLS:
        at = now - timedelta(hours=c.hours_ago)
        due = due_for(policy.text, at, channel="call", voicemail=c.voicemail, extra_absences=[])
        Call.objects.get_or_create(
            practice=practice,
            call_id=c.key,
            defaults={
                "client": clients.get(c.client) if c.client else None,
                "caller": c.caller,
                "called": "+12125550100",
                "at": at,
                "voicemail": c.voicemail,
                "transcript": c.transcript,
                "callback_due": due.due_at,
                "callback_window": format_window(due.callback_window),
                "status": CallStatus.OPEN if c.voicemail else CallStatus.NO_CALLBACK,
                "reasons": [due.reason],
            },
        )
    return DemoSummary(
        created=created,
        clients=Client.objects.filter(practice=practice).count(),
        messages=Message.objects.filter(practice=practice).count(),
        calls=Call.objects.filter(practice=practice).count(),
    )


def _our_address(channel: str) -> str:
    return {"email": "alex@riverside-counseling.example", "sms": "+12125550100"}.get(
        channel, "portal"
    )


def _staff(practice: Practice, staff: data.Staff) -> Membership:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=staff.username, defaults={"email": staff.email}
    )
    if created:
        user.set_password(data.DEMO_PASSWORD)
        user.is_staff = staff.role == "owner"  # owners manage the practice in the admin
        user.save()
    member, _ = Membership.objects.get_or_create(
        user=user,
        defaults={
            "practice": practice,
            "role": staff.role,
            "display_name": staff.display_name,
            "email": staff.email,
            "phone": staff.phone,
        },
    )
    return member


def _policy(practice: Practice, owner: Membership, now: datetime) -> PolicyVersion:
    existing = PolicyVersion.objects.filter(practice=practice, number=1).first()
    if existing is not None:
        return existing
    return PolicyVersion.objects.create(
        practice=practice,
        number=1,
        text=reference_policy_text(),
        status=PolicyStatus.PUBLISHED,
        created_by=owner.user,
        published_at=now - timedelta(days=60),
        effective_at=now - timedelta(days=30),
    )


def _client(
    practice: Practice,
    spec: data.DemoClient,
    members: dict[str, Membership],
    policy: PolicyVersion,
    now: datetime,
) -> Client:
    client, created = Client.objects.get_or_create(
        practice=practice,
        name=spec.name,
        defaults={
            "preferred_channel": spec.preferred,
            "clinician": members[spec.clinician],
            "language": spec.language,
        },
    )
    if not created:
        return client
    for email in spec.emails:
        ContactPoint.objects.create(client=client, kind=ContactKind.EMAIL, value=email)
    for phone in spec.phones:
        ContactPoint.objects.create(client=client, kind=ContactKind.PHONE, value=phone)
    for channel, state in spec.consents.items():
        Consent.objects.create(
            client=client,
            channel=channel,
            state=state,
            recorded_at=now - timedelta(days=20),
            method=ConsentMethod.INTAKE,
            policy_version=policy,
        )
    if spec.accommodation:
        Accommodation.objects.create(
            client=client,
            kind=AccommodationKind.CALLBACK_WINDOW,
            detail={"callback_windows": "any weekday office hours"},
            reason=spec.accommodation,
        )
    return client
