"""The one way views reach client records: scoped to the practice and the role."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from between.clients.models import Client
from between.practices.access import membership_or_404
from between.practices.models import Membership, Role


def visible_clients(member: Membership) -> QuerySet[Client]:
    clients = Client.objects.filter(practice=member.practice)
    if member.role == Role.CLINICIAN:
        return clients.filter(clinician=member)
    return clients


def client_or_404(user: Any, pk: int) -> Client:
    return get_object_or_404(visible_clients(membership_or_404(user)), pk=pk)
