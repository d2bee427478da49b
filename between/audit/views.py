"""The audit log page and its CSV export (R21: access logged, and the log reviewable).

Who sees what, decided by role (anything else answers 404, like every other page):

- owners: every event of their practice;
- supervisors: every event of their practice too, because reviewing how the practice
  handles client data is part of supervision;
- clinicians: only their own actions, so they can answer "when did I open that?";
- front desk: nothing (the trail names which clients were looked at, and when).

Looking at the trail or exporting it is itself an event in the trail.
"""

from __future__ import annotations

import csv
import json
import zoneinfo
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from between.audit.log import record
from between.audit.models import AuditEvent
from between.practices.access import membership_or_404
from between.practices.models import Membership, Role

PER_PAGE = 50
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ["at", "actor", "action", "object_type", "object_id", "ip_address", "detail"]

# Where an event's object can be opened; the page itself checks who may see it.
OBJECT_PAGES = {
    "clients.client": "client",
    "messaging.message": "message",
    "messaging.savedreply": "saved-reply-edit",
}


def visible_events(member: Membership) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(practice=member.practice)
    if member.role in (Role.OWNER, Role.SUPERVISOR):
        return events
    if member.role == Role.CLINICIAN:
        return events.filter(actor=member.user)
    raise Http404


def _choices(events: QuerySet[AuditEvent], field: str, everything: str) -> list[tuple[str, str]]:
    values = events.order_by(field).values_list(field, flat=True).distinct()
    return [("", everything), *((v, v) for v in values if v)]


class AuditFilter(forms.Form):
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.ChoiceField(label="Who", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.ChoiceField(label="Object type", required=False)
    object_id = forms.CharField(label="Object id", required=False, max_length=64)

    def __init__(self, data: Any, events: QuerySet[AuditEvent]) -> None:
        super().__init__(data)
        self.fields["actor"].choices = _choices(events, "actor_label", "Everyone")  # type: ignore[attr-defined]
        self.fields["action"].choices = _choices(events, "action", "All actions")  # type: ignore[attr-defined]
        self.fields["object_type"].choices = _choices(events, "object_type", "All types")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError("The range must end on or after the day it starts.")
        return cleaned


def _local_midnight(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def filtered(
    events: QuerySet[AuditEvent], form: AuditFilter, zone: zoneinfo.ZoneInfo
) -> QuerySet[AuditEvent]:
    """The events the form asks for; dates are whole days in the practice's time zone."""
    if not form.is_valid():
        return events.none()
    wanted = form.cleaned_data
    if wanted["start"]:
        events = events.filter(at__gte=_local_midnight(wanted["start"], zone))
    if wanted["end"]:
        events = events.filter(at__lt=_local_midnight(wanted["end"] + timedelta(days=1), zone))
    for field in ("actor", "action", "object_type", "object_id"):
        if wanted[field]:
            events = events.filter(**{"actor_label" if field == "actor" else field: wanted[field]})
    return events


def _filters_used(form: AuditFilter) -> dict[str, str]:
    """What was asked for, for the trail: identifiers and dates only."""
    if not form.is_valid():
        return {}
    return {k: str(v) for k, v in form.cleaned_data.items() if v}


def _describe(detail: dict[str, Any]) -> str:
    """An event's detail in words: "filters: object id abc, action page.sent"."""
    return "; ".join(f"{_words(k)}: {_value(v)}" for k, v in sorted(detail.items()))


def _words(key: str) -> str:
    return str(key).replace("_", " ")


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{_words(k)} {_value(v)}" for k, v in sorted(value.items())) or "none"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "none"
    return str(value)


def _object_url(event: AuditEvent) -> str:
    name = OBJECT_PAGES.get(event.object_type)
    if not name or not event.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(event.object_id)])
    except NoReverseMatch:
        return ""


def _form(request: HttpRequest, events: QuerySet[AuditEvent]) -> AuditFilter:
    data = {k: v for k, v in request.GET.items() if k in AuditFilter.base_fields}
    return AuditFilter(data, events)


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    events = visible_events(member)
    form = _form(request, events)
    zone = zoneinfo.ZoneInfo(member.practice.timezone)
    rows = filtered(events, form, zone).select_related("actor")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)  # read before this visit's own event is written
    record(
        "audit.viewed",
        request=request,
        practice=member.practice,
        detail={"filters": _filters_used(form), "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "rows": [(e, _describe(e.detail), _object_url(e)) for e in shown],
            "query": query.urlencode(),
            "own_only": member.role == Role.CLINICIAN,
        },
    )


def csv_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would make it a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object that hands back what is written, for streaming csv rows."""

    def write(self, value: str) -> str:
        return value


def csv_lines(events: Iterable[AuditEvent], zone: zoneinfo.ZoneInfo) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events:
        yield writer.writerow(
            [
                csv_safe(value)
                for value in (
                    event.at.astimezone(zone).isoformat(timespec="seconds"),
                    event.actor_label,
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.ip_address or "",
                    json.dumps(event.detail, sort_keys=True) if event.detail else "",
                )
            ]
        )


@login_required
@require_GET
def audit_csv(request: HttpRequest) -> StreamingHttpResponse:
    member = membership_or_404(request.user)
    events = visible_events(member)
    form = _form(request, events)
    zone = zoneinfo.ZoneInfo(member.practice.timezone)
    rows = filtered(events, form, zone)
    event = record(
        "audit.exported",
        request=request,
        practice=member.practice,
        detail={"filters": _filters_used(form), "rows": rows.count()},
    )
    # The rows are read while streaming, after this export's own event was written.
    rows = rows.exclude(pk=event.pk)
    response = StreamingHttpResponse(
        csv_lines(rows.iterator(chunk_size=500), zone), content_type="text/csv; charset=utf-8"
    )
    stamp = datetime.now(zone).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
