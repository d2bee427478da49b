"""The absences pages: list, month calendar, add, edit, delete, import and the out-of-office
preview. Every query starts from the member's practice; anything else is a 404."""

from __future__ import annotations

import base64
import secrets
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages as notices
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.practices.absences import (
    audit_detail,
    can_manage,
    can_record,
    clinicians_for,
    colleagues,
    covering_choices,
    managed_absence_or_404,
    practice_absences,
)
from between.practices.access import membership_or_404
from between.practices.dates import Month, by_day, days, today_in
from between.practices.forms import AbsenceForm, ImportForm
from between.practices.ical import IcsError, Reading, read_ics
from between.practices.importing import ImportConflict, Row, apply, plan
from between.practices.models import Absence, Membership, Practice
from between.practices.out_of_office import preview

IMPORT_SESSION_KEY = "practices.absence_import"
PAST_SHOWN = 50
PREVIEW_LANGUAGES = (("en", "English"), ("es", "Español"))


def practice_today(practice: Practice) -> date:
    return today_in(ZoneInfo(practice.timezone), timezone.now())


def _recorder(request: HttpRequest) -> Membership:
    """A member who may record absences at all (the front desk only reads them)."""
    member = membership_or_404(request.user)
    if not can_record(member):
        raise Http404
    return member


@login_required
def absences_view(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    today = practice_today(member.practice)
    rows = practice_absences(member)
    current = list(rows.filter(start__lte=today, end__gte=today).order_by("end", "start"))
    upcoming = list(rows.filter(start__gt=today).order_by("start", "end"))
    past = list(rows.filter(end__lt=today).order_by("-end", "-start")[:PAST_SHOWN])
    return render(
        request,
        "practices/absences.html",
        {
            "today": today,
            "current": current,
            "upcoming": upcoming,
            "past": past,
            "past_limit": PAST_SHOWN,
            "manageable": {a.pk for a in (*current, *upcoming, *past) if can_manage(member, a)},
            "can_record": can_record(member),
            "month": Month.of(today),
        },
    )


@login_required
def calendar_view(
    request: HttpRequest, year: int | None = None, month: int | None = None
) -> HttpResponse:
    member = membership_or_404(request.user)
    today = practice_today(member.practice)
    if year is None or month is None:
        shown = Month.of(today)
    elif 1 <= month <= 12 and 1900 <= year <= 2200:
        shown = Month(year, month)
    else:
        raise Http404
    spans: list[Any] = list(
        practice_absences(member)
        .filter(start__lte=shown.grid_end, end__gte=shown.grid_start)
        .order_by("clinician__display_name", "start")
    )
    covered = by_day(spans, shown.grid_start, shown.grid_end)
    weeks = [[(day, covered[day]) for day in week] for week in shown.weeks()]
    people: dict[int, dict[str, Any]] = {}
    for absence in spans:
        first, last = max(absence.start, shown.first), min(absence.end, shown.last)
        if first > last:
            continue
        entry = people.setdefault(
            absence.clinician_id, {"clinician": absence.clinician, "absences": [], "days": 0}
        )
        entry["absences"].append(absence)
        entry["days"] += days(first, last)
    return render(
        request,
        "practices/absence_calendar.html",
        {
            "shown": shown,
            "today": today,
            "weeks": weeks,
            "people": sorted(people.values(), key=lambda p: p["clinician"].display_name),
            "this_month": Month.of(today),
            "can_record": can_record(member),
        },
    )


@login_required
def absence_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One absence and what clients writing during it would get back."""
    member = membership_or_404(request.user)
    try:
        absence = practice_absences(member).get(pk=pk)
    except Absence.DoesNotExist:
        raise Http404 from None
    language = request.GET.get("language", "en")
    if language not in dict(PREVIEW_LANGUAGES):
        language = "en"
    return render(
        request,
        "practices/absence.html",
        {
            "absence": absence,
            "days": days(absence.start, absence.end),
            "manageable": can_manage(member, absence),
            "reply": preview(absence, language),
            "language": language,
            "languages": PREVIEW_LANGUAGES,
        },
    )


@login_required
def covering_options(request: HttpRequest) -> HttpResponse:
    """The covering list for whoever is now chosen as away, for htmx to swap in: the
    person away is never offered as their own cover."""
    member = membership_or_404(request.user)
    raw_away, raw_kept = request.GET.get("clinician", ""), request.GET.get("covering", "")
    away = int(raw_away) if raw_away.isdigit() else None
    kept = int(raw_kept) if raw_kept.isdigit() else None
    options = format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        (
            (
                c.pk,
                " selected" if c.pk == kept else "",
                c.display_name,
                c.get_role_display().lower(),
            )
            for c in covering_choices(member, away)
        ),
    )
    return HttpResponse(format_html('<option value="">No one named</option>{}', options))


@login_required
def absence_add(request: HttpRequest) -> HttpResponse:
    member = _recorder(request)
    form = AbsenceForm(member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            absence = form.save()
            record("absence.created", request=request, obj=absence, detail=audit_detail(absence))
        notices.success(request, "Absence added. Below is what clients writing during it get.")
        return redirect("absence", absence.pk)
    return render(request, "practices/absence_form.html", {"form": form, "absence": None})


@login_required
def absence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = membership_or_404(request.user)
    absence = managed_absence_or_404(member, pk)
    form = AbsenceForm(member, request.POST or None, instance=absence)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            absence = form.save()
            detail = {**audit_detail(absence), "changed": sorted(form.changed_data)}
            record("absence.changed", request=request, obj=absence, detail=detail)
        notices.success(request, "Absence changed.")
        return redirect("absence", absence.pk)
    return render(request, "practices/absence_form.html", {"form": form, "absence": absence})


@login_required
def absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = membership_or_404(request.user)
    absence = managed_absence_or_404(member, pk)
    if request.method == "POST":
        with transaction.atomic():
            record("absence.deleted", request=request, obj=absence, detail=audit_detail(absence))
            absence.delete()
        notices.success(request, "Absence deleted.")
        return redirect("absences")
    return render(request, "practices/absence_delete.html", {"absence": absence})


# -- import from a calendar file ----------------------------------------------------------


def _read(data: bytes, practice: Practice) -> Reading:
    return read_ics(data, ZoneInfo(practice.timezone), practice_today(practice))


@login_required
def absence_import(request: HttpRequest) -> HttpResponse:
    """Upload, then a preview: nothing is created until the preview is confirmed."""
    member = _recorder(request)
    form = ImportForm(member, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            reading = _read(data, member.practice)
        except IcsError as exc:
            form.add_error("file", str(exc))
        else:
            clinician: Membership = form.cleaned_data["clinician"]
            covering: Membership | None = form.cleaned_data["covering"]
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "data": base64.b64encode(data).decode("ascii"),
                "clinician": clinician.pk,
                "covering": covering.pk if covering else None,
            }
            rows = plan(clinician, reading, practice_today(member.practice))
            return render(
                request,
                "practices/absence_import_preview.html",
                _preview_context(reading, rows, clinician, covering, token),
            )
    return render(request, "practices/absence_import.html", {"form": form})


def _preview_context(
    reading: Reading,
    rows: list[Row],
    clinician: Membership,
    covering: Membership | None,
    token: str,
) -> dict[str, Any]:
    return {
        "reading": reading,
        "creating": [r for r in rows if r.creates],
        "skipped": [r for r in rows if not r.creates],
        "clinician": clinician,
        "covering": covering,
        "token": token,
    }


@login_required
@require_POST
def absence_import_confirm(request: HttpRequest) -> HttpResponse:
    member = _recorder(request)
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or not secrets.compare_digest(
        str(stored.get("token", "")), request.POST.get("token", "")
    ):
        notices.error(request, "That preview is no longer available. Upload the file again.")
        return redirect("absence-import")
    clinician = clinicians_for(member).filter(pk=stored["clinician"]).first()
    covering = (
        colleagues(member).filter(pk=stored["covering"]).first() if stored["covering"] else None
    )
    if clinician is None or (stored["covering"] and covering is None):
        del request.session[IMPORT_SESSION_KEY]
        notices.error(request, "The people chosen for that import changed. Upload the file again.")
        return redirect("absence-import")
    try:
        reading = _read(base64.b64decode(stored["data"]), member.practice)
    except IcsError:
        del request.session[IMPORT_SESSION_KEY]
        return redirect("absence-import")
    rows = plan(clinician, reading, practice_today(member.practice))
    chosen = set(request.POST.getlist("event"))
    try:
        created = apply(
            rows, clinician=clinician, covering=covering, chosen=chosen, request=request
        )
    except ImportConflict:
        notices.error(
            request,
            "Some of these absences were recorded meanwhile, so nothing was imported. "
            "Upload the file again to see what is left.",
        )
        return redirect("absence-import")
    del request.session[IMPORT_SESSION_KEY]
    record(
        "absence.import_file",
        request=request,
        obj=clinician,
        detail={"created": [a.pk for a in created], "skipped": len(rows) - len(created)},
    )
    count = len(created)
    notices.success(
        request,
        f"Imported {count} absence{'s' if count != 1 else ''} for {clinician.display_name}."
        if count
        else "Nothing was imported.",
    )
    return redirect("absences")
