"""Staff actions on a client's page: links, consent changes, accommodations, receipts.

Every view reaches the client through ``client_or_404``: outside the practice (or, for
a clinician, outside their caseload) everything answers 404. Front-desk staff may
create links and record consent, but accommodations carry a clinical reason and are
managed only by staff who see clinical content; to the front desk those URLs are 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.clients.access import client_or_404
from between.clients.forms import AccommodationForm, ConsentChangeForm
from between.clients.links import intake_url, issue
from between.clients.models import (
    Accommodation,
    Channel,
    Client,
    Consent,
    ConsentMethod,
    IntakeInvitation,
    InvitationPurpose,
)
from between.clients.public_views import pdf_response
from between.clients.standing import standing
from between.core.policy.schema import WEEKDAYS
from between.policies.lifecycle import in_force
from between.practices.access import membership_or_404


def _user(request: HttpRequest) -> Any:
    """The signed-in user (every view here requires one)."""
    return request.user if request.user.is_authenticated else None


def consent_rows(client: Client) -> list[dict[str, Any]]:
    """Each channel's consent now and every record before it, newest first."""
    history: dict[str, list[Consent]] = {value: [] for value, _label in Channel.choices}
    for consent in client.consents.select_related("recorded_by", "policy_version"):
        history.setdefault(consent.channel, []).append(consent)
    return [
        {
            "channel": value,
            "label": label,
            "current": history[value][0] if history[value] else None,
            "history": history[value],
        }
        for value, label in Channel.choices
    ]


@dataclass(frozen=True)
class IntakeStatus:
    state: str  # "signed", "waiting", "expired", "none"
    at: Any = None
    invitation: IntakeInvitation | None = None


def intake_status(client: Client, invitations: list[IntakeInvitation]) -> IntakeStatus:
    """Where the client's intake stands: signed, a link out, or not started."""
    signed = client.acknowledgements.filter(purpose=InvitationPurpose.INTAKE).first()
    if signed is not None:
        return IntakeStatus("signed", signed.at)
    links = [i for i in invitations if i.purpose == InvitationPurpose.INTAKE]
    if not links:
        return IntakeStatus("none")
    latest = links[0]
    if latest.expires_at < timezone.now():
        return IntakeStatus("expired", latest.expires_at, latest)
    return IntakeStatus("waiting", latest.created_at, latest)


def describe_detail(accommodation: Accommodation) -> str:
    """The structured detail as staff read it; no reason, so the front desk may see it."""
    detail = accommodation.detail or {}
    parts = []
    windows = detail.get("windows") or {}
    days = [f"{day[:3].title()} {', '.join(windows[day])}" for day in WEEKDAYS if windows.get(day)]
    if days:
        parts.append("callback windows " + "; ".join(days))
    for key, label in (
        ("return_within", "calls returned within"),
        ("turnaround", "replies within"),
    ):
        value = detail.get(key)
        if isinstance(value, dict) and value:
            unit, amount = next(iter(value.items()))
            parts.append(f"{label} {amount:g} {unit.replace('_', ' ')}")
    if detail.get("channel"):
        parts.append(f"use {Channel(detail['channel']).label.lower()} instead")
    if detail.get("description"):
        parts.append(str(detail["description"]))
    return "; ".join(parts)


def detail_context(
    request: HttpRequest,
    client: Client,
    *,
    consent_form: ConsentChangeForm | None = None,
    accommodation_form: AccommodationForm | None = None,
) -> dict[str, Any]:
    """What the client page shows beyond the basic facts."""
    from between.clients.sending_views import destinations

    accommodations = list(client.accommodations.order_by("-active", "-created_at"))
    invitations = list(client.invitations.select_related("created_by", "sent_message")[:10])
    return {
        "consent_rows": consent_rows(client),
        "consent_form": consent_form or ConsentChangeForm(),
        "accommodation_form": accommodation_form or AccommodationForm(),
        "accommodation_rows": [(a, describe_detail(a)) for a in accommodations],
        "acknowledgements": client.acknowledgements.select_related("policy_version"),
        "invitations": invitations,
        "intake": intake_status(client, invitations),
        "destinations": destinations(client),
        "standing": standing(client),
        "now": timezone.now(),
    }


def _page(request: HttpRequest, client: Client, status: int, **forms: Any) -> HttpResponse:
    from between.clients.views import detail_base

    context = {**detail_base(client), **detail_context(request, client, **forms)}
    return render(request, "clients/detail.html", context, status=status)


@login_required
@require_POST
def create_link(request: HttpRequest, pk: int) -> HttpResponse:
    """An intake link, or a link to acknowledge the newest version; each works once."""
    client = client_or_404(request.user, pk)
    purpose = request.POST.get("purpose", InvitationPurpose.INTAKE)
    if purpose == InvitationPurpose.ACKNOWLEDGE:
        version = standing(client).version
    elif purpose == InvitationPurpose.INTAKE:
        version = in_force(client.practice, timezone.now(), client.clinician)
    else:
        raise Http404
    if version is None:
        messages.error(request, "There is no published policy for this client to agree to yet.")
        return redirect("client", pk=client.pk)
    invitation, token = issue(client, by=request.user, purpose=purpose, version=version)
    record(
        "client.intake_link_created",
        request=request,
        obj=client,
        detail={"invitation": invitation.pk, "purpose": purpose, "policy_version": version.pk},
    )
    what = "Intake" if purpose == InvitationPurpose.INTAKE else "Acknowledgement"
    messages.success(
        request,
        f"{what} link created; it works once, until {invitation.expires_at:%Y-%m-%d}. "
        f"Send it to the client over a channel they agreed to: {intake_url(token)}",
    )
    return redirect("client", pk=client.pk)


def record_staff_consent(
    request: HttpRequest,
    client: Client,
    *,
    channel: str,
    state: str,
    note: str,
    method: str = ConsentMethod.STAFF,
) -> Consent:
    """One consent decision staff record for the client, with who, when and why; audited.

    The client page's consent form, the client form and the CSV import all record
    consent here, so every such record carries the same provenance.
    """
    now = timezone.now()
    consent = Consent.objects.create(
        client=client,
        channel=channel,
        state=state,
        recorded_at=now,
        method=method,
        policy_version=in_force(client.practice, now, client.clinician),
        recorded_by=_user(request),
        note=note,
    )
    record(
        "client.consent_recorded",
        request=request,
        obj=client,
        detail={
            "consent": consent.pk,
            "channel": consent.channel,
            "state": consent.state,
            "method": consent.method,
        },
    )
    return consent


@login_required
@require_POST
def record_consent(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_or_404(request.user, pk)
    form = ConsentChangeForm(request.POST)
    if not form.is_valid():
        return _page(request, client, 400, consent_form=form)
    consent = record_staff_consent(
        request,
        client,
        channel=form.cleaned_data["channel"],
        state=form.cleaned_data["state"],
        note=form.cleaned_data["note"],
    )
    messages.success(
        request, f"{consent.get_channel_display()}: {consent.get_state_display().lower()}."
    )
    return redirect("client", pk=client.pk)


def _clinical_client(request: HttpRequest, pk: int) -> Client:
    client = client_or_404(request.user, pk)
    if not membership_or_404(request.user).sees_clinical_content:
        raise Http404
    return client


@login_required
@require_POST
def add_accommodation(request: HttpRequest, pk: int) -> HttpResponse:
    client = _clinical_client(request, pk)
    form = AccommodationForm(request.POST)
    if not form.is_valid():
        return _page(request, client, 400, accommodation_form=form)
    accommodation = Accommodation.objects.create(
        client=client,
        kind=form.cleaned_data["kind"],
        detail=form.cleaned_data["detail"],
        reason=form.cleaned_data["reason"],
        created_by=_user(request),
    )
    record(
        "client.accommodation_added",
        request=request,
        obj=client,
        detail={"accommodation": accommodation.pk, "kind": accommodation.kind},
    )
    messages.success(request, f"Accommodation added: {accommodation.get_kind_display()}.")
    return redirect("client", pk=client.pk)


@login_required
@require_POST
def deactivate_accommodation(request: HttpRequest, pk: int, accommodation: int) -> HttpResponse:
    client = _clinical_client(request, pk)
    found = get_object_or_404(Accommodation, pk=accommodation, client=client, active=True)
    found.active = False
    found.save(update_fields=["active"])
    record(
        "client.accommodation_deactivated",
        request=request,
        obj=client,
        detail={"accommodation": found.pk, "kind": found.kind},
    )
    messages.success(request, f"Accommodation ended: {found.get_kind_display()}.")
    return redirect("client", pk=client.pk)


@login_required
def receipt(request: HttpRequest, pk: int, acknowledgement: int) -> HttpResponse:
    client = client_or_404(request.user, pk)
    found = get_object_or_404(client.acknowledgements, pk=acknowledgement)
    if not found.receipt_pdf:
        raise Http404
    record(
        "client.receipt_viewed", request=request, obj=client, detail={"acknowledgement": found.pk}
    )
    return pdf_response(found)
