"""From a read calendar file to absences: what would be created, what is skipped and why.

The same plan is made for the preview and again at confirmation (the absences may have
changed in between), so what is created is exactly what the preview would now show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from between.audit.log import record
from between.practices.absences import audit_detail
from between.practices.dates import overlaps
from between.practices.ical import Event, Reading
from between.practices.models import Absence, Membership

NEW = ""


@dataclass(frozen=True)
class Row:
    event: Event
    skipped: str = NEW  # why it will not be created; empty when it will be

    @property
    def creates(self) -> bool:
        return not self.skipped


def plan(clinician: Membership, reading: Reading, today: date) -> list[Row]:
    existing = list(Absence.objects.filter(clinician=clinician).order_by("start"))
    imported = {a.import_key for a in existing if a.import_key}
    taken: list[Event] = []
    rows: list[Row] = []
    for event in reading.events:
        rows.append(Row(event, _why_skipped(event, today, existing, imported, taken)))
        if rows[-1].creates:
            taken.append(event)
    return rows


def _why_skipped(
    event: Event, today: date, existing: list[Absence], imported: set[str], taken: list[Event]
) -> str:
    if event.problem:
        return event.problem
    assert event.start is not None and event.end is not None
    if event.key in imported:
        return "already imported"
    if event.end < today:
        return "in the past"
    for absence in existing:
        if overlaps(event.start, event.end, absence.start, absence.end):
            return (
                "overlaps the absence already recorded "
                f"from {_day(absence.start)} to {_day(absence.end)}"
            )
    for other in taken:
        assert other.start is not None and other.end is not None
        if overlaps(event.start, event.end, other.start, other.end):
            return f"overlaps “{other.summary}” in this file"
    return NEW


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


class ImportConflict(Exception):
    """Another import or edit created one of these absences meanwhile."""


def apply(
    rows: list[Row],
    *,
    clinician: Membership,
    covering: Membership | None,
    chosen: set[str],
    request: HttpRequest,
) -> list[Absence]:
    """Create the chosen rows that the plan would create; each creation is audited."""
    created: list[Absence] = []
    try:
        with transaction.atomic():
            for row in rows:
                event = row.event
                if not row.creates or event.key not in chosen:
                    continue
                assert event.start is not None and event.end is not None
                absence = Absence.objects.create(
                    practice=clinician.practice,
                    clinician=clinician,
                    start=event.start,
                    end=event.end,
                    covering=covering,
                    note=event.summary if len(event.summary) <= 200 else event.summary[:199] + "…",
                    import_key=event.key,
                )
                record(
                    "absence.imported",
                    request=request,
                    obj=absence,
                    detail=audit_detail(absence),
                )
                created.append(absence)
    except IntegrityError as exc:
        raise ImportConflict from exc
    return created
