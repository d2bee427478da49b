"""Data rights on the web: a client's record exported, discharge dates, retention.

Who may do what, and why:

- Export (JSON and PDF) and setting a discharge date: the practice owner and the
  client's own clinician. An export holds every word the client wrote, so it is not a
  supervisor's or a colleague's to take; the front desk never sees clinical content.
- The retention page (what is due for deletion, and the button that deletes it):
  owners only, because deletion is the practice's decision as the record's keeper.

Everyone else gets 404, as everywhere. Every export, discharge and deletion is audited.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from between.audit.log import record
from between.clients import retention
from between.clients.access import client_or_404
from between.clients.export import client_record, export_filename, record_pdf
from between.clients.models import Client, ClientStatus
from between.practices.access import membership_or_404
from between.practices.models import Membership, Role


def may_manage_record(member: Membership, client: Client) -> bool:
    return member.role == Role.OWNER or client.clinician_id == member.pk


def _record_client(request: HttpRequest, pk: int) -> Client:
    client = client_or_404(request.user, pk)
    if not may_manage_record(membership_or_404(request.user), client):
        raise Http404
    return client


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    client = _record_client(request, pk)
    found = client_record(client)
    record("client.exported", request=request, obj=client, detail={"format": "json"})
    body = json.dumps(found, ensure_ascii=False, indent=2).encode("utf-8")
    today = retention.local_today(client.practice)
    return _download(body, "application/json", export_filename(client, "json", today))


@login_required
@require_GET
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    client = _record_client(request, pk)
    pdf = record_pdf(client_record(client))
    record("client.exported", request=request, obj=client, detail={"format": "pdf"})
    today = retention.local_today(client.practice)
    return _download(pdf, "application/pdf", export_filename(client, "pdf", today))


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(
        label="Discharged on", widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
@require_POST
def discharge(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or, with ``reactivate``, stop) the retention clock for a former client."""
    client = _record_client(request, pk)
    if request.POST.get("reactivate"):
        client.status = ClientStatus.ACTIVE
        client.discharged_on = None
        client.save(update_fields=["status", "discharged_on"])
        record("client.reactivated", request=request, obj=client)
        messages.success(request, "The client is active again; nothing will be deleted.")
        return redirect("client", pk=client.pk)
    form = DischargeForm(request.POST)
    today = retention.local_today(client.practice)
    if not form.is_valid() or form.cleaned_data["discharged_on"] > today:
        messages.error(request, "Give the discharge date: today or a day in the past.")
        return redirect("client", pk=client.pk)
    client.status = ClientStatus.DISCHARGED
    client.discharged_on = form.cleaned_data["discharged_on"]
    client.save(update_fields=["status", "discharged_on"])
    record(
        "client.discharged",
        request=request,
        obj=client,
        detail={"discharged_on": client.discharged_on.isoformat()},
    )
    messages.success(
        request,
        f"Discharged on {client.discharged_on:%Y-%m-%d}. The record is kept for "
        f"{client.practice.retention_days} days after that and after the last contact.",
    )
    return redirect("client", pk=client.pk)


def _owner(request: HttpRequest) -> Membership:
    member = membership_or_404(request.user)
    if member.role != Role.OWNER:
        raise Http404
    return member


@login_required
def retention_page(request: HttpRequest) -> HttpResponse:
    """What is due for deletion; a confirmed POST deletes exactly the records listed."""
    member = _owner(request)
    found = retention.review(member.practice)
    if request.method == "POST":
        if not request.POST.get("confirm"):
            messages.error(request, "Tick the box to confirm the deletion first.")
            return redirect("client-retention")
        listed = {int(v) for v in request.POST.getlist("client") if v.isdigit()}
        deleted = 0
        for candidate in found.due:
            if candidate.client_id in listed and retention.delete_client(
                candidate, actor=request.user, request=request
            ):
                deleted += 1
        messages.success(request, f"Deleted {deleted} former client record(s).")
        return redirect("client-retention")
    record(
        "client.retention_reviewed",
        request=request,
        practice=member.practice,
        detail={"due": len(found.due), "kept": len(found.kept)},
    )
    names = dict(
        Client.objects.filter(
            practice=member.practice, pk__in=[c.client_id for c in found.candidates]
        ).values_list("pk", "name")
    )
    return render(
        request,
        "clients/retention.html",
        {
            "review": found,
            "due": [(c, names.get(c.client_id, "")) for c in found.due],
            "kept": [(c, names.get(c.client_id, "")) for c in found.kept],
            "now": timezone.now(),
        },
    )
