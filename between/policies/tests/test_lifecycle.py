from datetime import UTC, datetime, timedelta

import pytest

from between.clients.models import Client
from between.conftest import make_member
from between.core.policy import reference_policy_text
from between.policies.lifecycle import (
    LifecycleError,
    approve,
    display_status,
    in_force,
    publish,
    submit,
)
from between.policies.models import PolicyNotice, PolicyVersion

T0 = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
SOLO = reference_policy_text()
NEEDS_APPROVAL = SOLO.replace("approval_required: false", "approval_required: true")


def draft(practice, owner, number, text=SOLO):
    return PolicyVersion.objects.create(
        practice=practice, number=number, text=text, created_by=owner.user
    )


@pytest.mark.django_db
def test_solo_practice_publishes_without_approval_and_versions_follow_by_date(riverside, owner):
    first = draft(riverside, owner, 1)
    publish(first, owner.user, effective_at=T0, now=T0)
    assert in_force(riverside, T0 - timedelta(seconds=1)) is None
    assert in_force(riverside, T0) == first

    second = draft(riverside, owner, 2)
    with pytest.raises(LifecycleError, match="30 days' notice"):
        publish(second, owner.user, effective_at=T0 + timedelta(days=10), now=T0)
    publish(second, owner.user, effective_at=T0 + timedelta(days=31), now=T0 + timedelta(days=1))
    # The old version governs until the effective date of the new one.
    assert in_force(riverside, T0 + timedelta(days=30)) == first
    assert in_force(riverside, T0 + timedelta(days=31)) == second
    assert display_status(first, T0 + timedelta(days=40)) == "superseded"
    assert display_status(second, T0 + timedelta(days=40)) == "in_force"


@pytest.mark.django_db
def test_approval_is_required_where_the_policy_says_so(riverside, owner):
    supervisor = make_member(riverside, "super", "supervisor")
    version = draft(riverside, owner, 1, NEEDS_APPROVAL)
    with pytest.raises(LifecycleError, match="supervisor's approval"):
        publish(version, owner.user, effective_at=T0, now=T0)
    submit(version, owner.user)
    with pytest.raises(LifecycleError, match="only a supervisor"):
        approve(version, owner)
    approve(version, supervisor)
    publish(version, owner.user, effective_at=T0, now=T0)
    version.refresh_from_db()
    assert version.status == "published" and version.approved_by == supervisor.user


@pytest.mark.django_db
def test_a_supervisor_of_another_practice_cannot_approve(riverside, elsewhere, owner):
    stranger = make_member(elsewhere, "stranger", "supervisor")
    version = draft(riverside, owner, 1, NEEDS_APPROVAL)
    submit(version, owner.user)
    with pytest.raises(LifecycleError):
        approve(version, stranger)


@pytest.mark.django_db
def test_publishing_records_which_active_clients_must_acknowledge(riverside, owner):
    active = Client.objects.create(practice=riverside, name="A", clinician=owner)
    Client.objects.create(practice=riverside, name="B", status="discharged")
    version = draft(riverside, owner, 1)
    notices = publish(version, owner.user, effective_at=T0, now=T0)
    assert [(n.client, n.must_acknowledge) for n in notices] == [(active, True)]
    assert PolicyNotice.objects.count() == 1


@pytest.mark.django_db
def test_a_published_version_never_changes(riverside, owner):
    version = draft(riverside, owner, 1)
    publish(version, owner.user, effective_at=T0, now=T0)
    with pytest.raises(LifecycleError, match="never changes"):
        submit(version, owner.user)


@pytest.mark.django_db
def test_publishing_routes_the_policys_addresses_but_never_takes_another_practices(
    riverside, elsewhere, owner
):
    from between.audit.models import AuditEvent
    from between.messaging.models import Endpoint

    theirs = make_member(elsewhere, "theirs", "owner")
    publish(draft(elsewhere, theirs, 1), theirs.user, effective_at=T0, now=T0)
    assert Endpoint.objects.filter(practice=elsewhere).exists()

    mine = draft(riverside, owner, 1, SOLO.replace("alex@", "alex.b@"))
    publish(mine, owner.user, effective_at=T0, now=T0)
    assert Endpoint.objects.filter(practice=riverside, address__startswith="alex.b@").exists()
    # The reference policy's number is Elsewhere's already: it stays theirs.
    numbers = Endpoint.objects.filter(kind="phone")
    assert numbers.exists() and all(e.practice_id == elsewhere.pk for e in numbers)
    event = AuditEvent.objects.get(action="policy.published", object_id=str(mine.pk))
    assert event.detail["addresses_used_by_another_practice"] == numbers.count()
