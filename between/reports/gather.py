"""From the database to the plain rows the core computes over.

Only times, channels, categories, flags and ids are read (``values_list``), so neither a
message's words nor a client's name is ever loaded to build a report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db.models import Min, Q, QuerySet

from between.clients.models import Client
from between.core.boundaries import Contact
from between.core.calendar import BusinessCalendar
from between.core.reports import (
    CallRow,
    CrisisRow,
    MessageRow,
    OfficeHours,
    Period,
    office_hours_calendar,
)
from between.messaging.models import Call, CallStatus, Direction, Message, Outbound
from between.policies.models import PolicyVersion
from between.policies.store import parsed_policy
from between.practices.models import Practice
from between.reports.scope import ReportScope


@lru_cache(maxsize=32)
def _office(digest: str, text: str) -> BusinessCalendar:
    return office_hours_calendar(parsed_policy(text))


def office_calendars(practice: Practice, keys: Iterable[str | None]) -> dict[str, OfficeHours]:
    """Office hours of each policy version a row names, by the row's key (the version id)."""
    ids = {int(k) for k in keys if k}
    found: dict[str, OfficeHours] = {}
    for pk, text in PolicyVersion.objects.filter(practice=practice, pk__in=ids).values_list(
        "pk", "text"
    ):
        found[str(pk)] = _office(hashlib.sha256(text.encode("utf-8")).hexdigest(), text)
    return found


def _key(version_id: int | None) -> str | None:
    return str(version_id) if version_id else None


def _within(rows: QuerySet[Any], field: str, period: Period) -> QuerySet[Any]:
    start, end = period.bounds()
    return rows.filter(**{f"{field}__gte": start, f"{field}__lt": end})


def message_rows(scope: ReportScope, period: Period) -> list[MessageRow]:
    """Inbound messages; answered at the first typed reply or when marked done."""
    rows = _within(scope.messages, "received_at", period).annotate(
        first_reply=Min("outbound__created_at", filter=Q(outbound__kind="typed"))
    )
    found = []
    for received, channel, due, done, replied, category, crisis, version, flags in rows.values_list(
        "received_at",
        "channel",
        "due_at",
        "done_at",
        "first_reply",
        "category",
        "crisis",
        "policy_version_id",
        "flags",
    ):
        answered = min((t for t in (done, replied) if t is not None), default=None)
        found.append(
            MessageRow(
                received_at=received,
                channel=channel,
                due_at=due,
                answered_at=answered,
                category=category,
                crisis=crisis,
                calendar=_key(version),
                flags=tuple(flags or ()),
            )
        )
    return found


def voicemail_rows(scope: ReportScope, period: Period) -> list[MessageRow]:
    """Voicemails, as contacts that arrived: they count in the after-hours volume."""
    rows = _within(scope.calls.filter(voicemail=True), "at", period)
    return [
        MessageRow(
            received_at=at,
            channel="voice",
            crisis=crisis,
            calendar=_key(version),
            flags=tuple(flags or ()),
        )
        for at, crisis, version, flags in rows.values_list(
            "at", "crisis", "policy_version_id", "flags"
        )
    ]


def call_rows(scope: ReportScope, period: Period) -> list[CallRow]:
    """Calls that are owed a callback (not those the policy owes none)."""
    rows = _within(scope.calls.exclude(status=CallStatus.NO_CALLBACK), "at", period)
    return [
        CallRow(at=at, due_at=due, called_back_at=done_at, done=status == "done", crisis=crisis)
        for at, due, done_at, status, crisis in rows.values_list(
            "at", "callback_due", "done_at", "status", "crisis"
        )
    ]


def crisis_rows(scope: ReportScope, period: Period) -> list[CrisisRow]:
    """Crisis messages and calls: the automatic crisis reply sent, the first page acknowledged."""
    reply = Min("outbound__sent_at", filter=Q(outbound__kind="crisis"))
    acknowledged = Min("pages__acknowledged_at")
    messages = _within(scope.messages.filter(crisis=True), "received_at", period).annotate(
        reply=reply, acknowledged=acknowledged
    )
    calls = _within(scope.calls.filter(crisis=True), "at", period).annotate(
        reply=reply, acknowledged=acknowledged
    )
    found = [
        CrisisRow(f"message:{pk}", at, channel, sent, ack)
        for pk, at, channel, sent, ack in messages.values_list(
            "pk", "received_at", "channel", "reply", "acknowledged"
        )
    ]
    found += [
        CrisisRow(f"call:{pk}", at, "voice", sent, ack)
        for pk, at, sent, ack in calls.values_list("pk", "at", "reply", "acknowledged")
    ]
    return found


@dataclass(frozen=True)
class ClientContacts:
    contacts: list[Contact]
    replies: list[datetime]
    calendars: dict[str, OfficeHours]


def client_contacts(client: Client, period: Period) -> ClientContacts:
    """One client's messages and voicemails, and the moments a person answered them."""
    practice = client.practice
    messages = _within(
        Message.objects.filter(practice=practice, client=client, direction=Direction.INBOUND),
        "received_at",
        period,
    )
    calls = _within(Call.objects.filter(practice=practice, client=client), "at", period)
    contacts = [
        Contact(
            at=at,
            channel=channel,
            ref=f"message:{pk}",
            flags=tuple(flags or ()),
            signals=tuple(signals or ()),
            category=category,
            calendar=_key(version),
            crisis=crisis,
        )
        for pk, at, channel, flags, signals, category, version, crisis in messages.values_list(
            "pk",
            "received_at",
            "channel",
            "flags",
            "signals",
            "category",
            "policy_version_id",
            "crisis",
        )
    ]
    contacts += [
        Contact(
            at=at,
            channel="voice",
            ref=f"call:{pk}",
            flags=tuple(flags or ()),
            category=category,
            calendar=_key(version),
            crisis=crisis,
        )
        for pk, at, flags, category, version, crisis in calls.filter(voicemail=True).values_list(
            "pk", "at", "flags", "category", "policy_version_id", "crisis"
        )
    ]
    start, _end = period.bounds()
    replies = list(
        Outbound.objects.filter(
            practice=practice, client=client, kind="typed", created_at__gte=start
        ).values_list("created_at", flat=True)
    )
    replies += [
        t
        for t in Call.objects.filter(
            practice=practice, client=client, done_at__gte=start
        ).values_list("done_at", flat=True)
        if t is not None
    ]
    return ClientContacts(
        contacts=contacts,
        replies=replies,
        calendars=office_calendars(practice, {c.calendar for c in contacts}),
    )
