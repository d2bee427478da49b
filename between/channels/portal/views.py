"""The client's side of the portal: read the thread, write to the clinician."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from between.channels.portal.links import resolve
from between.clients.models import Client
from between.core.pipeline.values import Inbound, InChannel
from between.messaging.models import Message, Outbound, OutboundStatus
from between.messaging.pipeline import crisis_screen, ingest
from between.policies.lifecycle import in_force
from between.policies.store import parsed_policy

MAX_LENGTH = 5000


class PortalForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=True,
    )


def _thread(client: Client) -> list[dict[str, object]]:
    items: list[dict[str, object]] = [
        {"at": m.received_at, "mine": True, "body": m.body}
        for m in Message.objects.filter(client=client, channel="portal").order_by("-received_at")[
            :50
        ]
    ]
    items += [
        {"at": o.created_at, "mine": False, "body": o.body}
        for o in Outbound.objects.filter(
            client=client, channel="portal", status=OutboundStatus.SENT
        ).order_by("-created_at")[:50]
    ]
    return sorted(items, key=lambda item: item["at"])  # type: ignore[arg-type,return-value]


def _over_limit(client: Client) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = Message.objects.filter(client=client, channel="portal", received_at__gte=since)
    return recent.count() >= settings.BETWEEN_PORTAL_MAX_PER_HOUR


@never_cache
def portal(request: HttpRequest, token: str) -> HttpResponse:
    client = resolve(token)
    if client is None:
        raise Http404("This link has expired or is no longer valid.")
    timezone.activate(client.practice.timezone)  # times in the practice's zone, as staff see
    version = in_force(client.practice, timezone.now(), client.clinician)
    policy = parsed_policy(version.text) if version else None
    form = PortalForm(request.POST or None)
    status = 200
    notice = ""
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        # Only a client over the limit needs the screen here; ingest screens every message.
        if _over_limit(client) and not crisis_screen()(body).crisis:
            # Refused, but nothing is lost: the text stays in the form.
            status = 429
            notice = (
                "You have sent several messages in the last hour. Your earlier messages "
                "were received; please try again a little later."
            )
        else:
            inbound = Inbound(
                InChannel.portal,
                timezone.now(),
                str(client.pk),
                f"portal:{uuid.uuid4()}",
                recipients=("portal",),
                body=body,
            )
            try:
                ingest(inbound, client.practice)
            except DatabaseError:
                status = 503
                notice = "Your message could not be saved just now. Please try again shortly."
            else:
                return redirect("portal", token=token)
    return render(
        request,
        "portal/thread.html",
        {
            "practice": client.practice,
            "policy": policy,
            "thread": _thread(client),
            "form": form,
            "notice": notice,
        },
        status=status,
    )
