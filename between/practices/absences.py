"""Who may record whose absences, who may cover, and how changes are audited.

Everyone in a practice needs to know who is away (the front desk most of all), so every
member sees every absence of the practice. Recording them is narrower: owners and
supervisors manage the whole practice's, a clinician their own, the front desk none.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from between.practices.models import Absence, Membership, Role

# Roles that see clients and so can be away from them, or cover for a colleague.
CLINICAL_ROLES = (Role.OWNER, Role.SUPERVISOR, Role.CLINICIAN)
MANAGING_ROLES = (Role.OWNER, Role.SUPERVISOR)


def practice_absences(member: Membership) -> QuerySet[Absence]:
    return Absence.objects.filter(practice=member.practice).select_related("clinician", "covering")


def can_record(member: Membership) -> bool:
    return member.role in CLINICAL_ROLES


def can_manage(member: Membership, absence: Absence) -> bool:
    if absence.practice_id != member.practice_id:
        return False
    if member.role in MANAGING_ROLES:
        return True
    return member.role == Role.CLINICIAN and absence.clinician_id == member.pk


def managed_absence_or_404(member: Membership, pk: int) -> Absence:
    """An absence this member may change; anything else is a 404, as if it did not exist."""
    absence = get_object_or_404(practice_absences(member), pk=pk)
    if not can_manage(member, absence):
        raise Http404
    return absence


def clinicians_for(member: Membership) -> QuerySet[Membership]:
    """Whose absences this member may record."""
    rows = Membership.objects.filter(
        practice=member.practice, is_active=True, role__in=CLINICAL_ROLES
    )
    if member.role in MANAGING_ROLES:
        return rows
    if member.role == Role.CLINICIAN:
        return rows.filter(pk=member.pk)
    return rows.none()


def colleagues(member: Membership) -> QuerySet[Membership]:
    """Who can cover: the practice's active clinicians, supervisors and owners."""
    return Membership.objects.filter(
        practice=member.practice, is_active=True, role__in=CLINICAL_ROLES
    )


def covering_choices(member: Membership, away_id: int | None) -> QuerySet[Membership]:
    """Who can cover an absence of ``away_id``: every colleague but the one away."""
    found = colleagues(member)
    return found.exclude(pk=away_id) if away_id is not None else found


def audit_detail(absence: Absence) -> dict[str, object]:
    """Identifiers and dates only: the note may say why someone is away, which is theirs."""
    return {
        "clinician": absence.clinician_id,
        "start": absence.start.isoformat(),
        "end": absence.end.isoformat(),
        "covering": absence.covering_id,
    }
