"""Policy versions over time: what may follow what, and which version is in force.

The database stores versions; these pure functions decide. A message is judged by the
version in force when it arrived (R15), so "in force at an instant" must be well
defined: it is the published version with the latest effective time at or before that
instant. Publishing refuses an effective time that does not follow every version already
published, which keeps that order the same as the order of publication.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum


class Status(StrEnum):
    """Stored statuses. "in force" and "superseded" follow from the dates; see status_at."""

    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    published = "published"
    in_force = "in_force"
    superseded = "superseded"


class LifecycleError(ValueError):
    """A transition or publication the lifecycle does not allow; the message says why."""


@dataclass(frozen=True)
class VersionRecord:
    id: str
    status: Status
    published_at: datetime | None = None
    effective_at: datetime | None = None


@dataclass(frozen=True)
class ClientRecord:
    id: str
    active: bool = True
    acknowledged_version: str | None = None


@dataclass(frozen=True)
class Notice:
    """A client to tell about a new version, and whether they must acknowledge it."""

    client_id: str
    must_acknowledge: bool


_PUBLISHED = {Status.published, Status.in_force, Status.superseded}


def allowed_next(status: Status, *, approval_required: bool) -> set[Status]:
    """Statuses a version may move to by a person's action."""
    if status is Status.draft:
        return {Status.submitted} if approval_required else {Status.published}
    if status is Status.submitted:
        # A supervisor approves, or sends it back to the author as a draft.
        return {Status.approved, Status.draft}
    if status is Status.approved:
        return {Status.published, Status.draft}
    return set()


def check_transition(current: Status, target: Status, *, approval_required: bool) -> None:
    """Raise LifecycleError unless `current -> target` is allowed."""
    if target in allowed_next(current, approval_required=approval_required):
        return
    if target is Status.published and approval_required and current is not Status.approved:
        raise LifecycleError(
            "this practice requires a supervisor's approval before a "
            f"policy is published; this version is {current.value}"
        )
    if current in _PUBLISHED:
        raise LifecycleError("a published version never changes; write a new version")
    raise LifecycleError(f"a {current.value} version cannot become {target.value}")


def in_words(moment: datetime, zone: tzinfo | None = None) -> str:
    """ "Wednesday 6 January 2027, 21:31": a time as a person reads it, in their zone."""
    local = moment.astimezone(zone) if zone is not None else moment
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def earliest_effective(published_at: datetime, notice_days: int) -> datetime:
    return published_at + timedelta(days=notice_days)


def check_publication(
    published_at: datetime,
    effective_at: datetime,
    *,
    notice_days: int,
    versions: Sequence[VersionRecord] = (),
    zone: tzinfo | None = None,
) -> None:
    """Raise LifecycleError unless a version may be published with these dates.

    Clients get `notice_days` of notice before a change takes effect (R15). The very
    first version has nothing to change from, so it may take effect on publication.
    Times in the messages are in `zone` (the practice's), in words.
    """
    if published_at.tzinfo is None or effective_at.tzinfo is None:
        raise LifecycleError("publication times must be time-zone-aware")
    published = [v for v in versions if v.status in _PUBLISHED and v.effective_at]
    if effective_at < published_at:
        raise LifecycleError("a version cannot take effect before it is published")
    if published and effective_at < earliest_effective(published_at, notice_days):
        earliest = earliest_effective(published_at, notice_days)
        raise LifecycleError(
            f"clients must get {notice_days} days' notice: the earliest "
            f"effective date is {in_words(earliest, zone)}"
        )
    latest = max((v.effective_at for v in published if v.effective_at), default=None)
    if latest is not None and effective_at <= latest:
        raise LifecycleError(
            "a new version must take effect after every version already "
            f"published (the latest takes effect {in_words(latest, zone)})"
        )


def version_in_force(versions: Iterable[VersionRecord], at: datetime) -> VersionRecord | None:
    """The version in force at instant `at`, or None before the first takes effect."""
    best: tuple[datetime, datetime, str] | None = None
    chosen: VersionRecord | None = None
    for v in versions:
        if v.status not in _PUBLISHED or v.published_at is None or v.effective_at is None:
            continue
        if v.published_at > at or v.effective_at > at:
            continue
        key = (v.effective_at, v.published_at, v.id)
        if best is None or key > best:
            best, chosen = key, v
    return chosen


def status_at(version: VersionRecord, versions: Sequence[VersionRecord], at: datetime) -> Status:
    """The version's status at `at`, with in_force and superseded worked out from dates."""
    if version.status not in _PUBLISHED or version.effective_at is None:
        return version.status
    if version.published_at is not None and version.published_at > at:
        return Status.approved if version.status is Status.approved else Status.published
    if version.effective_at > at:
        return Status.published
    current = version_in_force(versions, at)
    if current is not None and current.id == version.id:
        return Status.in_force
    return Status.superseded


def clients_to_notify(clients: Iterable[ClientRecord], new_version_id: str) -> list[Notice]:
    """Active clients to tell about a new version; all must acknowledge it unless they
    already have (R15: one policy for every client; R17: acknowledgement per version)."""
    return [
        Notice(c.id, must_acknowledge=c.acknowledged_version != new_version_id)
        for c in clients
        if c.active
    ]
