"""Adding and editing a client in the workspace (the Django admin is for operators only).

Every role may add a client. A clinician adds to their own caseload and edits only
their own clients (``client_or_404`` hides the rest); the owner, supervisors and the
front desk may add, edit and reassign any client of the practice. Clinical notes are
not on this form. Consent changes become new Consent rows with who recorded them and
how the client gave them; nothing is overwritten.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from between.audit.log import record
from between.clients.access import client_or_404, visible_clients
from between.clients.client_forms import (
    ClientForm,
    ConsentForm,
    ContactRows,
    contact_rows,
    mark_invalid,
)
from between.clients.models import Client, ConsentState, ContactKind, ContactPoint
from between.clients.staff_views import record_staff_consent
from between.practices.access import membership_or_404
from between.practices.models import Membership

DUPLICATE = (
    "One of these addresses or numbers was just given to another client by a colleague. "
    "Nothing was saved; check the contact details and save again."
)


class ClientPage:
    """The three parts of the form, bound or not, and whether all of them are valid."""

    def __init__(self, request: HttpRequest, member: Membership, client: Client | None) -> None:
        data = request.POST if request.method == "POST" else None
        visible = set(visible_clients(member).values_list("pk", flat=True))
        self.client = client
        self.details = ClientForm(data, instance=client, member=member)
        self.emails: ContactRows = contact_rows(
            ContactKind.EMAIL, data, client=client, member=member, visible=visible
        )
        self.phones: ContactRows = contact_rows(
            ContactKind.PHONE, data, client=client, member=member, visible=visible
        )
        self.consent = ConsentForm(data, client=client)

    def is_valid(self) -> bool:
        valid = all(
            [
                self.details.is_valid(),
                self.emails.is_valid(),
                self.phones.is_valid(),
                self.consent.is_valid(),
            ]
        )
        if not valid:
            return False
        preferred = self.details.cleaned_data.get("preferred_channel")
        if preferred:
            state = self.consent.changes().get(preferred) or self.consent.current.get(preferred)
            if state in (ConsentState.DECLINED, ConsentState.WITHDRAWN):
                self.details.add_error(
                    "preferred_channel",
                    "The client said no to this channel; choose one they agreed to, or none.",
                )
                return False
        return True

    def context(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "form": self.details,
            "emails": self.emails,
            "phones": self.phones,
            "consent": self.consent,
            "has_errors": self.details.errors
            or any(self.emails.errors)
            or any(self.phones.errors)
            or self.consent.errors
            or self.emails.non_form_errors()
            or self.phones.non_form_errors(),
        }


def _save_contacts(client: Client, kind: str, wanted: list[str]) -> tuple[int, int]:
    """Make the client's contacts of one kind exactly ``wanted``; (added, removed)."""
    existing = {c.value: c for c in client.contacts.filter(kind=kind)}
    removed = [c for value, c in existing.items() if value not in wanted]
    for contact in removed:
        contact.delete()
    added = 0
    for value in wanted:
        if value not in existing:
            ContactPoint.objects.create(client=client, kind=kind, value=value)
            added += 1
    return added, len(removed)


def _save(request: HttpRequest, page: ClientPage, member: Membership) -> Client:
    creating = page.client is None
    client: Client = page.details.save(commit=False)
    if creating:
        client.practice = member.practice
    changed = [name for name in page.details.changed_data if name in page.details.fields]
    client.save()
    emails = _save_contacts(client, ContactKind.EMAIL, page.emails.values())
    phones = _save_contacts(client, ContactKind.PHONE, page.phones.values())
    # Identifiers and counts only: the audit trail holds no names, numbers or addresses.
    record(
        "client.created" if creating else "client.updated",
        request=request,
        obj=client,
        detail={
            "fields": sorted(changed),
            "clinician": client.clinician_id,
            "emails_added": emails[0],
            "emails_removed": emails[1],
            "phones_added": phones[0],
            "phones_removed": phones[1],
        },
    )
    note = page.consent.cleaned_data.get("note", "")
    for channel, state in page.consent.changes().items():
        record_staff_consent(request, client, channel=channel, state=state, note=note)
    return client


def _submit(request: HttpRequest, member: Membership, client: Client | None) -> HttpResponse:
    page = ClientPage(request, member, client)
    status = 200
    if request.method == "POST":
        if page.is_valid():
            try:
                with transaction.atomic():
                    saved = _save(request, page, member)
            except IntegrityError:
                if client is None:
                    page.details.instance.pk = None  # rolled back: still a new client
                messages.error(request, DUPLICATE)
                status = 400
            else:
                messages.success(
                    request, f"Client added: {saved.name}." if client is None else "Saved."
                )
                return redirect("client", pk=saved.pk)
        else:
            status = 400
            mark_invalid(page.details, page.emails, page.phones, page.consent)
    return render(request, "clients/form.html", page.context(), status=status)


@login_required
def client_add(request: HttpRequest) -> HttpResponse:
    return _submit(request, membership_or_404(request.user), None)


@login_required
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_or_404(request.user, pk)
    if request.method == "GET":
        record("client.viewed", request=request, obj=client, detail={"page": "edit"})
    return _submit(request, membership_or_404(request.user), client)
