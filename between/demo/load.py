"""Loading the demo practice. Safe to run again: rows are found by natural keys first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

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
from between.core.pipeline.values import Inbound, InChannel
from between.demo import data, timeline
from between.messaging.models import Call, Message
from between.messaging.pipeline import calendar_absences, ingest, sync_endpoints, transcribed
from between.policies.models import PolicyStatus, PolicyVersion
from between.policies.store import calendar_for, reference_policy_text
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
    today = now.astimezone(ZoneInfo(practice.timezone)).date()
    policy = _policy(practice, members, now, today)
    if created:
        start, end = timeline.week_away(today)
        Absence.objects.create(
            practice=practice,
            clinician=members["alex"],
            start=start,
            end=end,
            covering=members["sam"],
            note="Week away",
        )
    clients = {c.name: _client(practice, c, members, policy, now) for c in data.CLIENTS}
    sync_endpoints(practice, policy)
    # Every demo message and call takes the production path, so the demo shows what
    # Between really does: categories, due times, reasons, automatic replies, pages.
    calendar = calendar_for(policy.text, calendar_absences(practice))
    items = [(m.hours_ago, "message") for m in data.MESSAGES] + [
        (c.hours_ago, "voicemail" if c.voicemail else "call") for c in data.CALLS
    ]
    arrived = timeline.arrivals(calendar, now, items)
    split = len(data.MESSAGES)
    for m, at in zip(data.MESSAGES, arrived[:split], strict=True):
        ingest(_inbound(m, clients, at), practice)
    for c, at in zip(data.CALLS, arrived[split:], strict=True):
        result = ingest(
            Inbound(
                InChannel.voice,
                at,
                c.caller,
                c.key,
                recipients=(OUR_NUMBER,),
                voicemail=c.voicemail,
            ),
            practice,
        )
        if result is not None and result.created and c.transcript and result.call is not None:
            transcribed(result.call, c.transcript)
    return DemoSummary(
        created=created,
        clients=Client.objects.filter(practice=practice).count(),
        messages=Message.objects.filter(practice=practice).count(),
        calls=Call.objects.filter(practice=practice).count(),
    )


OUR_ADDRESS = "alex@riverside-counseling.example"
OUR_NUMBER = "+12125550100"


def _inbound(m: data.DemoMessage, clients: dict[str, Client], at: datetime) -> Inbound:
    client = clients.get(m.client) if m.client else None
    if m.channel == "email":
        raw = (
            f"From: {m.sender}\r\nTo: {OUR_ADDRESS}\r\nSubject: {m.subject}\r\n"
            f"Message-ID: <{m.key}@demo.example>\r\n"
            f"Date: {at:%a, %d %b %Y %H:%M:%S +0000}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{m.body}\r\n"
        ).encode()
        return Inbound(
            InChannel.email,
            at,
            m.sender,
            m.key,
            recipients=(OUR_ADDRESS,),
            subject=m.subject,
            body=m.body,
            envelope_sender=m.sender,
            raw=raw,
        )
    if m.channel == "portal":
        assert client is not None, "portal messages come from known clients"
        return Inbound(
            InChannel.portal, at, str(client.pk), m.key, recipients=("portal",), body=m.body
        )
    return Inbound(InChannel.sms, at, m.sender, m.key, recipients=(OUR_NUMBER,), body=m.body)


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


def _policy(
    practice: Practice, members: dict[str, Membership], now: datetime, today: date
) -> PolicyVersion:
    existing = PolicyVersion.objects.filter(practice=practice, number=1).first()
    if existing is not None:
        return existing
    covering = members["sam"].display_name
    return PolicyVersion.objects.create(
        practice=practice,
        number=1,
        text=timeline.policy_text(reference_policy_text(), today, covering),
        status=PolicyStatus.PUBLISHED,
        created_by=members["alex"].user,
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
