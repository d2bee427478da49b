"""The one way views reach messages and calls: scoped to the practice and the role.

Anything outside what the user may see answers 404, never 403, so an outsider cannot
even learn that a message number exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from between.messaging.models import Call, Category, Direction, Message
from between.practices.access import membership_or_404
from between.practices.models import Membership, Role


def visible_messages(member: Membership) -> QuerySet[Message]:
    messages = Message.objects.filter(practice=member.practice)
    if member.role == Role.FRONT_DESK:
        # Scheduling is the front desk's work; nothing clinical, boundary or crisis.
        return messages.filter(category=Category.ADMIN, crisis=False)
    if member.role == Role.CLINICIAN:
        return messages.filter(Q(client__clinician=member) | Q(client__isnull=True))
    return messages


def inbox(member: Membership) -> QuerySet[Message]:
    """Open inbound messages: crisis first, then the earliest due, then the oldest."""
    return (
        visible_messages(member)
        .filter(direction=Direction.INBOUND, status="open")
        .select_related("client")
        .order_by(F("crisis").desc(), F("due_at").asc(nulls_last=True), "received_at", "id")
    )


def message_or_404(user: Any, pk: int) -> Message:
    return get_object_or_404(visible_messages(membership_or_404(user)), pk=pk)


def visible_calls(member: Membership) -> QuerySet[Call]:
    calls = Call.objects.filter(practice=member.practice)
    if member.role == Role.FRONT_DESK:
        # Returning calls is the desk's work; a crisis call is the clinician's, and that
        # there was one is itself clinical.
        return calls.filter(crisis=False)
    if member.role == Role.CLINICIAN:
        return calls.filter(Q(client__clinician=member) | Q(client__isnull=True))
    return calls


def call_or_404(user: Any, pk: int) -> Call:
    return get_object_or_404(visible_calls(membership_or_404(user)), pk=pk)


def body_visible(member: Membership, message: Message) -> bool:
    """Whether this member may read the message's words (and so its preview).

    The same rule as the message page: the front desk reads scheduling, never a crisis
    or anything clinical; everyone else who can reach the message reads it.
    """
    if member.sees_clinical_content:
        return True
    return message.category == Category.ADMIN and not message.crisis


def assignable_members(message: Message) -> list[Membership]:
    """Active members of the practice who could open this message themselves."""
    members = Membership.objects.filter(practice_id=message.practice_id, is_active=True)
    return [m for m in members if visible_messages(m).filter(pk=message.pk).exists()]
