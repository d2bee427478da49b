"""The reports page, its CSV download, and the boundary view of one client (R22)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from between.audit.log import record
from between.clients.access import client_or_404
from between.core import reports as core
from between.core.boundaries import find_patterns
from between.policies.lifecycle import in_force
from between.policies.store import parsed_policy
from between.practices.access import membership_or_404
from between.practices.models import Role
from between.reports import gather
from between.reports.charts import BarChart, bar_chart
from between.reports.scope import AFTER_HOURS, CALLBACKS, CRISIS, TURNAROUND, scope_for

BOUNDARY_DAYS = 90


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("The period must end on or after its first day.")
            if (end - start).days >= core.MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    f"Choose a period of at most {core.MAX_PERIOD_DAYS} days."
                )
        return data


def _period(
    request: HttpRequest, zone: ZoneInfo, default: Callable[[date], core.Period]
) -> tuple[PeriodForm, core.Period]:
    """The period asked for in the query string, or the default when none (or a bad one)."""
    today = timezone.now().astimezone(zone).date()
    chosen = default(today)
    wanted = {k: request.GET[k] for k in ("start", "end") if request.GET.get(k)}
    if not wanted:
        return PeriodForm(initial={"start": chosen.first, "end": chosen.last}), chosen
    form = PeriodForm(wanted)
    if form.is_valid():
        start = form.cleaned_data["start"] or chosen.first
        end = form.cleaned_data["end"] or max(start, today)
        if end >= start and (end - start).days < core.MAX_PERIOD_DAYS:
            chosen = core.Period(start, end, zone)
        else:
            form.add_error(None, "That period cannot be shown; showing the default instead.")
    return form, chosen


@dataclass(frozen=True)
class CrisisLine:
    item: core.CrisisItem
    label: str
    url: str | None


@dataclass(frozen=True)
class Report:
    period: core.Period
    turnaround: core.TurnaroundReport | None
    after_hours: core.AfterHoursReport | None
    callbacks: core.CallbackReport | None
    crisis: core.CrisisReport | None


def _build(request: HttpRequest) -> tuple[Any, PeriodForm, Report]:
    member = membership_or_404(request.user)
    scope = scope_for(member)
    zone = ZoneInfo(member.practice.timezone)
    form, period = _period(request, zone, lambda today: core.Period.last_weeks(today, zone))
    now = timezone.now()
    messages = gather.message_rows(scope, period) if scope.shows(TURNAROUND) else []
    after_hours = None
    if scope.shows(AFTER_HOURS):
        arrived = [*messages, *gather.voicemail_rows(scope, period)]
        calendars = gather.office_calendars(member.practice, {r.calendar for r in arrived})
        after_hours = core.after_hours(arrived, period, calendars)
    report = Report(
        period=period,
        turnaround=core.turnaround(messages, period, now) if scope.shows(TURNAROUND) else None,
        after_hours=after_hours,
        callbacks=(
            core.callbacks(gather.call_rows(scope, period), period, now)
            if scope.shows(CALLBACKS)
            else None
        ),
        crisis=(
            core.crisis(gather.crisis_rows(scope, period), period) if scope.shows(CRISIS) else None
        ),
    )
    return scope, form, report


def _published_turnaround(member: Any) -> str | None:
    """The turnaround the policy in force promises today, in its own words."""
    version = in_force(
        member.practice, timezone.now(), member if member.role == Role.CLINICIAN else None
    )
    return parsed_policy(version.text).turnaround.describe() if version else None


def _charts(report: Report) -> dict[str, BarChart]:
    charts: dict[str, BarChart] = {}
    if report.turnaround is not None:
        charts["turnaround"] = bar_chart(
            "chart-turnaround",
            "Share of messages answered within the published turnaround, by week",
            [(w.short, t.share) for w, t in report.turnaround.weeks],
            x_title="Week beginning",
            y_title="Answered in time",
            percent=True,
        )
    if report.after_hours is not None:
        charts["after_hours"] = bar_chart(
            "chart-after-hours",
            "Messages and voicemails received after hours, by week",
            [(b.week.short, float(b.after_hours)) for b in report.after_hours.weeks],
            x_title="Week beginning",
            y_title="Received after hours",
        )
    if report.callbacks is not None:
        charts["callbacks"] = bar_chart(
            "chart-callbacks",
            "Share of callbacks made within their callback time, by week",
            [(w.short, t.share) for w, t in report.callbacks.weeks],
            x_title="Week beginning",
            y_title="Called back in time",
            percent=True,
        )
    return charts


def _crisis_lines(found: core.CrisisReport | None) -> list[CrisisLine]:
    if found is None:
        return []
    lines = []
    for item in found.items:
        kind, _, pk = item.ref.partition(":")
        if kind == "message":
            lines.append(CrisisLine(item, f"Message #{pk}", reverse("message", args=[int(pk)])))
        else:
            lines.append(CrisisLine(item, f"Voicemail #{pk}", None))
    return lines


@login_required
def reports_view(request: HttpRequest) -> HttpResponse:
    scope, form, report = _build(request)
    query = request.GET.urlencode()
    return render(
        request,
        "reports/report.html",
        {
            "scope": scope,
            "form": form,
            "report": report,
            "charts": _charts(report),
            "crisis_lines": _crisis_lines(report.crisis),
            "published_turnaround": _published_turnaround(scope.member),
            "outcomes": core.OUTCOME_LABELS,
            "callback_outcomes": core.CALLBACK_LABELS,
            "csv_url": reverse("reports-csv") + (f"?{query}" if query else ""),
        },
    )


@login_required
def reports_csv(request: HttpRequest) -> HttpResponse:
    _scope, _form, report = _build(request)
    period = report.period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="between-report-{period.first}-{period.last}.csv"'
    )
    writer = csv.writer(response)
    writer.writerows(
        core.csv_rows(
            turnaround_report=report.turnaround,
            after_hours_report=report.after_hours,
            callback_report=report.callbacks,
            crisis_report=report.crisis,
        )
    )
    return response


# -- boundaries (R22) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """An occurrence with where staff may open it (a message page is audited itself)."""

    at: datetime
    until: datetime | None
    channel: str
    note: str
    url: str | None


@login_required
def client_boundaries(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff only and clinical: the front desk and other clinicians' colleagues get 404."""
    member = membership_or_404(request.user)
    if not member.sees_clinical_content:
        raise Http404
    client = client_or_404(request.user, pk)
    zone = ZoneInfo(member.practice.timezone)
    form, period = _period(
        request, zone, lambda today: core.Period.last_days(today, zone, BOUNDARY_DAYS)
    )
    found = gather.client_contacts(client, period)
    report = find_patterns(found.contacts, found.replies, period, found.calendars)
    record(
        "client.boundaries_viewed",
        request=request,
        obj=client,
        detail={"from": period.first.isoformat(), "to": period.last.isoformat()},
    )
    findings = [
        (
            finding,
            [
                Seen(o.at, o.until, o.channel, o.note, _occurrence_url(o.ref))
                for o in finding.occurrences
            ],
        )
        for finding in report.findings
    ]
    return render(
        request,
        "reports/boundaries.html",
        {
            "client": client,
            "form": form,
            "period": period,
            "report": report,
            "findings": findings,
            "days": (period.last - period.first + timedelta(days=1)).days,
        },
    )


def _occurrence_url(ref: str) -> str | None:
    kind, _, pk = ref.partition(":")
    return reverse("message", args=[int(pk)]) if kind == "message" and pk.isdigit() else None
