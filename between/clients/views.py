"""Client list and client page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.clients.access import client_or_404, visible_clients
from between.clients.models import Client
from between.clients.staff_views import detail_context
from between.clients.standing import standings
from between.practices.access import membership_or_404


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    """Clients, with where each stands on the newest policy (filter: not acknowledged)."""
    member = membership_or_404(request.user)
    clients = list(visible_clients(member).select_related("clinician"))
    found = standings(clients)
    unacknowledged = request.GET.get("policy") == "unacknowledged"
    rows = [(c, found[c.pk]) for c in clients if not unacknowledged or found[c.pk].outstanding]
    return render(request, "clients/list.html", {"rows": rows, "unacknowledged": unacknowledged})


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
