"""Client list and client page."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from between.audit.log import record
from between.clients.access import client_or_404, visible_clients
from between.clients.contact import normalize_phone, region_of
from between.clients.models import (
    Client,
    ClientAcknowledgement,
    ClientStatus,
    IntakeInvitation,
    InvitationPurpose,
)
from between.clients.staff_views import detail_context
from between.clients.standing import standings
from between.practices.access import membership_or_404

STATUS_FILTERS = {
    "active": ("Active", [ClientStatus.ACTIVE]),
    "discharged": ("Discharged", [ClientStatus.DISCHARGED, ClientStatus.INACTIVE]),
    "all": ("All", None),
}


def _search(clients: QuerySet[Client], query: str, region: str) -> QuerySet[Client]:
    """By name, email address or phone number (a number however it is written)."""
    found = Q(name__icontains=query) | Q(contacts__value__icontains=query.lower())
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 4:
        with contextlib.suppress(ValidationError):
            found |= Q(contacts__value=normalize_phone(query, region))
        found |= Q(contacts__value__endswith=digits)
    return clients.filter(found).distinct()


def intake_states(clients: list[Client]) -> dict[int, str]:
    """Client id → "signed" or "waiting" (a link out, unused, unexpired); absent: none."""
    ids = [c.pk for c in clients]
    states = dict.fromkeys(
        IntakeInvitation.objects.filter(
            client_id__in=ids,
            purpose=InvitationPurpose.INTAKE,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).values_list("client_id", flat=True),
        "waiting",
    )
    states.update(
        dict.fromkeys(
            ClientAcknowledgement.objects.filter(
                client_id__in=ids, purpose=InvitationPurpose.INTAKE
            ).values_list("client_id", flat=True),
            "signed",
        )
    )
    return states


@login_required
@require_http_methods(["GET", "POST"])
def client_list(request: HttpRequest) -> HttpResponse:
    """Clients, filtered by status and with where each stands on the newest policy.

    The search box posts (a client's name in a URL would land in browser histories and
    server logs); the status and policy filters are plain links.
    """
    member = membership_or_404(request.user)
    status = request.GET.get("status", "active")
    if status not in STATUS_FILTERS:
        status = "active"
    clients = visible_clients(member).select_related("clinician")
    statuses = STATUS_FILTERS[status][1]
    if statuses is not None:
        clients = clients.filter(status__in=statuses)
    query = ""
    if request.method == "POST":
        query = " ".join(request.POST.get("q", "").split())[:100]
        if query:
            clients = _search(clients, query, region_of(member.practice.country))
            record("client.searched", request=request, practice=member.practice)
    rows_all = list(clients.prefetch_related("contacts"))
    found = standings(rows_all)
    intakes = intake_states(rows_all)
    for c in rows_all:
        c.intake = intakes.get(c.pk, "none")  # type: ignore[attr-defined]
    unacknowledged = request.GET.get("policy") == "unacknowledged"
    rows = [(c, found[c.pk]) for c in rows_all if not unacknowledged or found[c.pk].outstanding]
    return render(
        request,
        "clients/list.html",
        {
            "rows": rows,
            "unacknowledged": unacknowledged,
            "status": status,
            "status_filters": [(key, label) for key, (label, _s) in STATUS_FILTERS.items()],
            "query": query,
            "practice_has_clients": visible_clients(member).exists(),
        },
    )


def detail_base(client: Client) -> dict[str, Any]:
    return {
        "client": client,
        "contacts": client.contacts.all(),
        "accommodations": client.accommodations.filter(active=True),
    }


@login_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_or_404(request.user, pk)
    record("client.viewed", request=request, obj=client)
    return render(
        request,
        "clients/detail.html",
        {**detail_base(client), **detail_context(request, client)},
    )


@login_required
@require_POST
def portal_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new portal link; earlier links of this client stop working."""
    from between.channels.portal.links import issue

    client = client_or_404(request.user, pk)
    url = request.build_absolute_uri(reverse("portal", args=[issue(client)]))
    record("client.portal_link_issued", request=request, obj=client)
    messages.success(
        request,
        f"New portal link (earlier links no longer work). Send it to the client over a "
        f"channel they agreed to: {url}",
    )
    return redirect("client", pk=client.pk)
