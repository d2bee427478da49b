"""Importing clients from a CSV file: upload, preview, confirm.

Nothing is saved before confirmation. The uploaded file is kept between the two steps
in the session, encrypted like every other piece of client data at rest, and never in
a URL; confirming or cancelling removes it.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.clients.client_csv import MAX_BYTES, FileProblem, read, template_csv
from between.clients.contact import region_of
from between.clients.importing import COLUMN_LABELS, ImportConflict, Planned, apply, plan
from between.crypto.box import DecryptionError, decrypt, encrypt
from between.practices.access import membership_or_404
from between.practices.models import Membership

SESSION_KEY = "clients.import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Client list (.csv)",
        help_text="Saved from Excel, Google Sheets or Numbers as CSV; at most 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv", "class": "form-control"}),
        error_messages={"required": "Choose the CSV file to import."},
    )
    source = forms.CharField(
        label="Where the consent in this file comes from",
        help_text="For example: “paper intake forms, signed in 2025”. Kept with every consent "
        "imported; a file cannot prove consent, so say where it was given.",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than 1 MB; split it into smaller files."
            )
        return upload


def _note(source: str, filename: str, member: Membership) -> str:
    day = timezone.localdate()
    note = f"Imported from the file “{filename}” by {member.display_name} on {day:%d %b %Y}"
    return f"{note}; consent given: {source}" if source else f"{note}; as recorded in the file"


def _plan(member: Membership, data: bytes) -> tuple[Any, list[Planned]]:
    reading = read(data, region_of(member.practice.country))
    return reading, plan(member, reading)


def _preview(
    request: HttpRequest, reading: Any, planned: list[Planned], token: str
) -> HttpResponse:
    return render(
        request,
        "clients/import_preview.html",
        {
            "reading": reading,
            "creating": [p for p in planned if p.creates],
            "skipped": [p for p in planned if not p.creates],
            "column_labels": [COLUMN_LABELS[c] for c in reading.columns],
            "token": token,
            "filename": request.session[SESSION_KEY]["filename"],
            "has_consent": any(p.row.consents for p in planned),
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            reading, planned = _plan(member, data)
        except FileProblem as exc:
            form.add_error("file", str(exc))
        else:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token,
                "data": base64.b64encode(encrypt(data)).decode("ascii"),
                "filename": str(upload.name)[:120],
                "source": form.cleaned_data["source"],
            }
            record(
                "client.import_previewed",
                request=request,
                practice=member.practice,
                detail={"rows": len(planned), "creatable": sum(p.creates for p in planned)},
            )
            return _preview(request, reading, planned, token)
    if form.errors:
        for name in form.errors:
            if name in form.fields:
                attrs = form.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
    return render(
        request, "clients/import.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    stored = request.session.get(SESSION_KEY)
    if not stored or not secrets.compare_digest(
        str(stored.get("token", "")), request.POST.get("token", "")
    ):
        messages.error(request, "That preview is no longer available. Upload the file again.")
        return redirect("client-import")
    del request.session[SESSION_KEY]
    if request.POST.get("cancel"):
        record("client.import_cancelled", request=request, practice=member.practice)
        messages.info(request, "Import cancelled; nothing was added.")
        return redirect("clients")
    try:
        data = decrypt(base64.b64decode(stored["data"]))
        _reading, planned = _plan(member, data)
    except (DecryptionError, FileProblem, ValueError):
        messages.error(request, "That preview is no longer available. Upload the file again.")
        return redirect("client-import")
    chosen = {int(v) for v in request.POST.getlist("line") if v.isdigit()}
    try:
        created = apply(
            planned,
            member=member,
            chosen=chosen,
            note=_note(stored.get("source", ""), stored.get("filename", ""), member),
            request=request,
        )
    except ImportConflict:
        messages.error(
            request,
            "A colleague added some of these clients, numbers or addresses meanwhile, so "
            "nothing was imported. Upload the file again to see what is left.",
        )
        return redirect("client-import")
    record(
        "client.import_file",
        request=request,
        practice=member.practice,
        detail={"created": [c.pk for c in created], "not_created": len(planned) - len(created)},
    )
    count = len(created)
    messages.success(
        request,
        f"Imported {count} client{'s' if count != 1 else ''}."
        if count
        else "Nothing was imported.",
    )
    return redirect("clients")


@login_required
def template(request: HttpRequest) -> HttpResponse:
    membership_or_404(request.user)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="between-clients-template.csv"'
    return response
