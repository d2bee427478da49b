"""Client list and client page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from between.audit.log import record
from between.clients.access import client_or_404, visible_clients
from between.clients.models import Channel
from between.practices.access import membership_or_404


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    clients = visible_clients(member).select_related("clinician")
    return render(request, "clients/list.html", {"clients": clients})


@login_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_or_404(request.user, pk)
    record("client.viewed", request=request, obj=client)
    consents = [(label, client.consent_state(value)) for value, label in Channel.choices]
    return render(
        request,
        "clients/detail.html",
        {
            "client": client,
            "contacts": client.contacts.all(),
            "consents": consents,
            "accommodations": client.accommodations.filter(active=True),
        },
    )
