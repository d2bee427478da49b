"""Policy lifecycle: transitions, notice periods, the version in force, who must be told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from between.core.policy.lifecycle import (
    ClientRecord,
    LifecycleError,
    Status,
    VersionRecord,
    check_publication,
    check_transition,
    clients_to_notify,
    status_at,
    version_in_force,
)

T0 = datetime(2027, 1, 1, 12, tzinfo=UTC)


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


@pytest.mark.parametrize(
    ("current", "target", "approval", "allowed"),
    [
        (Status.draft, Status.published, False, True),
        (Status.draft, Status.submitted, True, True),
        (Status.draft, Status.published, True, False),
        (Status.submitted, Status.approved, True, True),
        (Status.submitted, Status.published, True, False),
        (Status.submitted, Status.draft, True, True),
        (Status.approved, Status.published, True, True),
        (Status.published, Status.draft, False, False),
        (Status.superseded, Status.published, False, False),
        (Status.draft, Status.approved, True, False),
    ],
)
def test_transitions(current: Status, target: Status, approval: bool, allowed: bool) -> None:
    if allowed:
        check_transition(current, target, approval_required=approval)
    else:
        with pytest.raises(LifecycleError):
            check_transition(current, target, approval_required=approval)


def test_transition_errors_say_why() -> None:
    with pytest.raises(LifecycleError, match="supervisor's approval"):
        check_transition(Status.draft, Status.published, approval_required=True)
    with pytest.raises(LifecycleError, match="never changes"):
        check_transition(Status.published, Status.draft, approval_required=False)


V1 = VersionRecord("v1", Status.published, published_at=day(0), effective_at=day(0))


def test_first_version_needs_no_notice() -> None:
    check_publication(day(0), day(0), notice_days=30)


def test_later_versions_need_notice() -> None:
    with pytest.raises(LifecycleError, match="30 days' notice"):
        check_publication(day(10), day(39), notice_days=30, versions=[V1])
    check_publication(day(10), day(40), notice_days=30, versions=[V1])


def test_publication_order_is_effective_order() -> None:
    v2 = VersionRecord("v2", Status.published, published_at=day(10), effective_at=day(60))
    with pytest.raises(LifecycleError, match="after every version"):
        check_publication(day(20), day(50), notice_days=30, versions=[V1, v2])
    with pytest.raises(LifecycleError, match="before it is published"):
        check_publication(day(20), day(19), notice_days=0)


def test_version_in_force_at_any_instant() -> None:
    v2 = VersionRecord("v2", Status.published, published_at=day(10), effective_at=day(40))
    draft = VersionRecord("v3", Status.draft)
    versions = [V1, v2, draft]
    assert version_in_force(versions, day(-1)) is None
    assert version_in_force(versions, day(0)) == V1
    assert version_in_force(versions, day(39)) == V1
    assert version_in_force(versions, day(40)) == v2
    assert status_at(V1, versions, day(20)) is Status.in_force
    assert status_at(v2, versions, day(20)) is Status.published
    assert status_at(V1, versions, day(41)) is Status.superseded
    assert status_at(v2, versions, day(41)) is Status.in_force
    assert status_at(draft, versions, day(41)) is Status.draft


def test_clients_to_notify() -> None:
    clients = [
        ClientRecord("a", acknowledged_version="v1"),
        ClientRecord("b", acknowledged_version="v2"),
        ClientRecord("c"),
        ClientRecord("d", active=False, acknowledged_version="v1"),
    ]
    notices = clients_to_notify(clients, "v2")
    assert [(n.client_id, n.must_acknowledge) for n in notices] == [
        ("a", True),
        ("b", False),
        ("c", True),
    ]
