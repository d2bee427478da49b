"""Moving stored policy versions through their lifecycle; the core decides, this stores.

draft → submitted → approved (only where the policy requires approval) → published with
an effective date → in force → superseded. In force and superseded follow from the dates,
so they are worked out when asked (``in_force``), never stored and never stale.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from between.audit.log import record
from between.clients.models import Client, ClientStatus
from between.core.policy import lifecycle as core
from between.core.policy.lifecycle import LifecycleError, Status
from between.model_rows import column, rows_as, table
from between.policies.models import PolicyNotice, PolicyStatus, PolicyVersion
from between.policies.notices import NoticePlan, plan_notices, send_change_notices
from between.policies.store import parsed_policy
from between.practices.models import Membership, Practice, Role

__all__ = [
    "LifecycleError",
    "approve",
    "check_dates",
    "clients_of",
    "in_force",
    "notice_plan",
    "publish",
    "return_to_draft",
    "submit",
]


def _records(practice: Practice, clinician: Membership | None) -> list[core.VersionRecord]:
    rows = PolicyVersion.objects.filter(practice=practice, clinician=clinician)
    return [_record_of(v) for v in rows.defer("text")]


def _record_of(version: PolicyVersion) -> core.VersionRecord:
    return core.VersionRecord(
        id=str(version.pk),
        status=Status(version.status),
        published_at=version.published_at,
        effective_at=version.effective_at,
    )


@lru_cache(maxsize=256)
def _text(pk: int, content_hash: str) -> str:
    # Keyed by the content hash as well: an edited draft is a new key, so a cached text
    # is never stale. Every message asks for the text in force; it rarely changes.
    text: str = PolicyVersion.objects.values_list("text", flat=True).get(pk=pk)
    return text


def in_force(
    practice: Practice, at: datetime, clinician: Membership | None = None
) -> PolicyVersion | None:
    """The version that governs something that happened at ``at`` (R15).

    A clinician's own policy wins where one is in force; otherwise the practice's.
    """
    return in_force_for(practice.pk, at, clinician.pk if clinician else None)


def in_force_for(practice_id: int, at: datetime, clinician_id: int | None) -> PolicyVersion | None:
    """``in_force`` by ids, as ingest asks it for every message.

    One plain query for the versions (the ORM's compilation costs more than the query),
    their texts left out; the text in force comes from a cache keyed by its hash.
    """
    practice, clinician = column(PolicyVersion, "practice"), column(PolicyVersion, "clinician")
    tail = (
        f"FROM {table(PolicyVersion)} WHERE {practice} = %s "
        f"AND ({clinician} IS NULL OR {clinician} = %s)"
    )
    rows = rows_as(PolicyVersion, tail, [practice_id, clinician_id], leave_out=("text",))
    found: PolicyVersion | None = None
    if clinician_id is not None:
        found = _chosen([v for v in rows if v.clinician_id == clinician_id], at)
    if found is None:
        found = _chosen([v for v in rows if v.clinician_id is None], at)
    if found is not None:
        found.text = _text(found.pk, found.content_hash)
    return found


def _chosen(rows: list[PolicyVersion], at: datetime) -> PolicyVersion | None:
    record = core.version_in_force([_record_of(v) for v in rows], at)
    return next(v for v in rows if str(v.pk) == record.id) if record else None


def display_status(version: PolicyVersion, at: datetime | None = None) -> Status:
    records = _records(version.practice, version.clinician)
    mine = next(r for r in records if r.id == str(version.pk))
    return core.status_at(mine, records, at or timezone.now())


def _move(version: PolicyVersion, target: Status) -> None:
    approval = parsed_policy(version.text).approval_required
    core.check_transition(Status(version.status), target, approval_required=approval)


@transaction.atomic
def submit(version: PolicyVersion, by: Any) -> PolicyVersion:
    _move(version, Status.submitted)
    version.status = PolicyStatus.SUBMITTED
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at"])
    record("policy.submitted", actor=by, obj=version)
    return version


@transaction.atomic
def approve(version: PolicyVersion, by: Membership) -> PolicyVersion:
    if by.role != Role.SUPERVISOR or by.practice_id != version.practice_id:
        raise LifecycleError("only a supervisor of this practice can approve a policy")
    if version.created_by_id == by.user_id:
        raise LifecycleError("a supervisor cannot approve a version they wrote themselves")
    _move(version, Status.approved)
    version.status = PolicyStatus.APPROVED
    version.approved_by = by.user
    version.approved_at = timezone.now()
    version.save(update_fields=["status", "approved_by", "approved_at"])
    record("policy.approved", actor=by.user, obj=version)
    return version


@transaction.atomic
def return_to_draft(version: PolicyVersion, by: Any) -> PolicyVersion:
    _move(version, Status.draft)
    version.status = PolicyStatus.DRAFT
    version.save(update_fields=["status"])
    record("policy.returned_to_draft", actor=by, obj=version)
    return version


def clients_of(version: PolicyVersion) -> QuerySet[Client]:
    """The clients a version governs: the practice's, or one clinician's own."""
    clients = Client.objects.filter(practice=version.practice)
    if version.clinician is not None:
        clients = clients.filter(clinician=version.clinician)
    return clients.order_by("name", "pk")


def notice_plan(version: PolicyVersion, now: datetime | None = None) -> NoticePlan:
    """Who publishing this version would tell, and how (what the confirmation shows)."""
    return plan_notices(version, clients_of(version), now=now)


def check_dates(version: PolicyVersion, effective_at: datetime, now: datetime) -> None:
    """Raise LifecycleError unless the version could be published now with this date."""
    policy = parsed_policy(version.text)
    _move(version, Status.published)
    others = [r for r in _records(version.practice, version.clinician) if r.id != str(version.pk)]
    core.check_publication(
        now,
        effective_at,
        notice_days=policy.notice_days,
        versions=others,
        zone=ZoneInfo(version.practice.timezone),
    )


@transaction.atomic
def publish(
    version: PolicyVersion, by: Any, effective_at: datetime, now: datetime | None = None
) -> list[PolicyNotice]:
    """Publish, record which clients must be told and re-acknowledge, and tell them."""
    now = now or timezone.now()
    check_dates(version, effective_at, now)
    version.status = PolicyStatus.PUBLISHED
    version.published_at = now
    version.effective_at = effective_at
    version.save(update_fields=["status", "published_at", "effective_at"])
    clients = clients_of(version)
    acknowledged = set(
        PolicyNotice.objects.filter(
            client__in=clients, acknowledged_at__isnull=False, version=version
        ).values_list("client_id", flat=True)
    )
    notices = core.clients_to_notify(
        (
            core.ClientRecord(
                id=str(c.pk),
                active=c.status == ClientStatus.ACTIVE,
                acknowledged_version=str(version.pk) if c.pk in acknowledged else None,
            )
            for c in clients
        ),
        str(version.pk),
    )
    created = [
        PolicyNotice.objects.get_or_create(
            version=version,
            client_id=int(n.client_id),
            defaults={"must_acknowledge": n.must_acknowledge},
        )[0]
        for n in notices
    ]
    # The addresses and numbers the policy names now reach this practice.
    from between.messaging.pipeline import sync_endpoints

    taken = sync_endpoints(version.practice, version)
    record(
        "policy.published",
        actor=by,
        obj=version,
        detail={
            "effective_at": effective_at.isoformat(),
            "clients_to_notify": len(created),
            "addresses_used_by_another_practice": len(taken),
        },
    )
    # Same transaction: the notices are queued if and only if the publication commits.
    send_change_notices(version, created, now=now)
    return created
