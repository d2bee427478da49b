"""Sending the intake link to the client from their page, by email or by text.

A new single-use link is issued for every send (only a hash of a link is kept, so an
earlier link cannot be sent again). It goes out through the same outbound path as every
other message (``Outbound`` and the delivery task, with retries), to an address of the
client's that staff choose. A channel the client declined or withdrew is never used;
one they were never asked about may be, since the link is how they are asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.clients.access import client_or_404
from between.clients.intake_message import KIND, intake_text
from between.clients.links import intake_url, issue
from between.clients.models import (
    Client,
    ClientStatus,
    ConsentState,
    ContactKind,
    ContactPoint,
    InvitationPurpose,
)
from between.clients.templatetags.client_format import phone
from between.core.privacy_lint import lint
from between.messaging.models import Outbound
from between.messaging.tasks import after_commit_deliver
from between.policies.lifecycle import in_force
from between.policies.store import parsed_policy

REFUSED = (ConsentState.DECLINED, ConsentState.WITHDRAWN)
BLOCKING = {"client_name", "quotes_client", "clinical_detail"}


@dataclass(frozen=True)
class Destination:
    """An address the link can go to, and why it cannot when it cannot."""

    contact: ContactPoint
    channel: str  # "email" or "sms"
    refusal: str = ""

    @property
    def label(self) -> str:
        if self.channel == "email":
            return f"Email to {self.contact.value}"
        return f"Text to {phone(self.contact.value, self.contact.client.practice.country)}"


def destinations(client: Client) -> list[Destination]:
    found = []
    states = {channel: client.consent_state(channel) for channel in ("email", "sms")}
    for contact in client.contacts.order_by("kind", "id"):
        channel = "email" if contact.kind == ContactKind.EMAIL else "sms"
        state = states[channel]
        refusal = ""
        if state in REFUSED:
            what = "email" if channel == "email" else "texts"
            verb = "declined" if state == ConsentState.DECLINED else "withdrew consent to"
            refusal = f"the client {verb} {what}"
        found.append(Destination(contact, channel, refusal))
    return found


def _refuse(request: HttpRequest, client: Client, text: str) -> HttpResponse:
    messages.error(request, text)
    return redirect("client", pk=client.pk)


@login_required
@require_POST
def send_intake_link(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_or_404(request.user, pk)
    if client.status != ClientStatus.ACTIVE:
        return _refuse(request, client, "Intake links are sent only to active clients.")
    chosen = next(
        (d for d in destinations(client) if str(d.contact.pk) == request.POST.get("to", "")),
        None,
    )
    if chosen is None:
        return _refuse(request, client, "Choose an email address or phone number to send to.")
    if chosen.refusal:
        return _refuse(request, client, f"Not sent: {chosen.refusal}. Choose another way.")
    now = timezone.now()
    version = in_force(client.practice, now, client.clinician)
    if version is None:
        return _refuse(
            request, client, "There is no published policy for this client to agree to yet."
        )
    policy = parsed_policy(version.text)
    if chosen.channel == "sms" and not _offers(policy, "sms"):
        return _refuse(
            request, client, "The practice's policy does not offer texts; send by email."
        )
    with transaction.atomic():
        invitation, token = issue(
            client, by=request.user, purpose=InvitationPurpose.INTAKE, version=version, now=now
        )
        text = intake_text(
            policy, chosen.channel, intake_url(token), invitation.expires_at, client.language
        )
        problems = lint(
            f"{text.subject}\n{text.body}",
            client_names=[client.name],
            channel="sms" if chosen.channel == "sms" else "email",
            allowed_phrases=[policy.practice.name],
        )
        if BLOCKING.intersection(p.code for p in problems):
            transaction.set_rollback(True)
            return _refuse(request, client, "Not sent: the message failed the privacy check.")
        outbound = Outbound.objects.create(
            practice=client.practice,
            client=client,
            channel=chosen.channel,
            to=chosen.contact.value,
            kind=KIND,
            subject=text.subject,
            body=text.body,
            headers=_headers(policy, chosen.channel),
            created_by=request.user if request.user.is_authenticated else None,
            created_at=now,
        )
        invitation.sent_message = outbound
        invitation.save(update_fields=["sent_message"])
        record(
            "client.intake_link_sent",
            request=request,
            obj=client,
            detail={
                "invitation": invitation.pk,
                "outbound": outbound.pk,
                "channel": chosen.channel,
                "contact": chosen.contact.pk,
                "policy_version": version.pk,
            },
        )
        after_commit_deliver(outbound.pk)
    how = "by email" if chosen.channel == "email" else "by text"
    messages.success(request, f"Intake link sent {how} to {chosen.contact.value}.")
    return redirect("client", pk=client.pk)


def _offers(policy: Any, channel: str) -> bool:
    found = policy.channel(channel)
    return found is not None and found.enabled


def _headers(policy: Any, channel: str) -> dict[str, str]:
    if channel != "email":
        return {}
    headers = {"Auto-Submitted": "auto-generated"}  # RFC 3834: nobody typed this
    email = policy.channel("email")
    if email is not None and email.address:
        headers["From"] = email.address
    return headers
