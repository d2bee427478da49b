"""Side effects as tasks: sending replies and pages, retried with backoff.

Enqueued only after the transaction that recorded the message commits, so a failed
write sends nothing and a sent reply always has its message on record. Each attempt is
recorded and shown on the message page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from between.audit.log import record
from between.messaging.models import (
    AttemptOutcome,
    DeliveryAttempt,
    Outbound,
    OutboundStatus,
    Page,
    PageStatus,
)
from between.messaging.send_claims import claim
from between.messaging.transport import DeliveryError, pager_for, transport_for

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
OPEN_OUTBOUND = (OutboundStatus.QUEUED, OutboundStatus.RETRYING)
FIRST_RETRY = timedelta(seconds=30)


def backoff(attempt: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min, 8 min: about a quarter of an hour in all."""
    return FIRST_RETRY * (2 ** (attempt - 1))


@task()
def deliver(outbound_id: int, attempt: int = 1) -> str:
    now = timezone.now()
    if not claim(Outbound, outbound_id, OPEN_OUTBOUND, now):
        # Sent, failed for good, or in a live worker's hands: a second task changes nothing.
        return Outbound.objects.values_list("status", flat=True).get(pk=outbound_id)
    outbound = Outbound.objects.get(pk=outbound_id)
    try:
        provider_id = transport_for(outbound.channel).send(outbound)
    except DeliveryError as exc:
        retry = not exc.permanent and attempt < MAX_ATTEMPTS
        DeliveryAttempt.objects.create(
            outbound=outbound,
            number=attempt,
            at=now,
            outcome=AttemptOutcome.TEMPORARY if not exc.permanent else AttemptOutcome.PERMANENT,
            detail=str(exc)[:300],
        )
        outbound.status = OutboundStatus.RETRYING if retry else OutboundStatus.FAILED
        outbound.save(update_fields=["status"])
        if not retry:
            _audit_send("outbound.failed", outbound, attempt)
        log.warning(
            "delivery of outbound %s by %s failed (attempt %s, %s)",
            outbound.pk,
            outbound.channel,
            attempt,
            "will retry" if retry else "giving up",
        )
        if retry:
            schedule_delivery(outbound.pk, attempt + 1, now + backoff(attempt))
        return outbound.status
    DeliveryAttempt.objects.create(
        outbound=outbound, number=attempt, at=now, outcome=AttemptOutcome.SENT
    )
    outbound.status = OutboundStatus.SENT
    outbound.provider_id = provider_id[:128]
    outbound.sent_at = now
    outbound.save(update_fields=["status", "provider_id", "sent_at"])
    _audit_send("outbound.sent", outbound, attempt)
    return outbound.status


def _audit_send(action: str, outbound: Outbound, attempt: int) -> None:
    """Every send is in the trail, automatic or typed, by its kind and id alone (R21)."""
    record(
        action,
        obj=outbound,
        practice=outbound.practice,
        detail={"kind": outbound.kind, "channel": outbound.channel, "attempt": attempt},
    )


def schedule_delivery(outbound_id: int, attempt: int = 1, when: object = None) -> None:
    """Enqueue a delivery; later attempts wait where the backend can defer."""
    if when is not None and default_task_backend.supports_defer:
        deliver.using(run_after=when).enqueue(outbound_id, attempt)  # type: ignore[arg-type]
    else:
        deliver.enqueue(outbound_id, attempt)


def message_link(page: Page) -> str:
    """Where a paged person signs in to see the message; the link itself says nothing."""
    from between.messaging.escalation import ack_token

    return f"{settings.BETWEEN_BASE_URL}/pages/{ack_token(page)}/"


@task()
def send_page(page_id: int) -> str:
    if not claim(Page, page_id, [PageStatus.QUEUED], timezone.now()):
        return Page.objects.values_list("status", flat=True).get(pk=page_id)
    page = Page.objects.get(pk=page_id)
    how = _how_to_reach(page)
    if how is None:
        # Only the practice's own number or address is on record for this person: the
        # page would reach nobody. The next person is paged now, and the trail says why.
        log.error("page %s: only one of our own numbers or addresses to send to", page.pk)
        page.status = PageStatus.FAILED
        page.save(update_fields=["status"])
        record(
            "page.unreachable",
            obj=page,
            practice=page.practice,
            detail={"step": page.step, "why": "the number or address is the practice's own"},
        )
        from between.messaging.escalation import escalate

        escalate.enqueue(page.pk)
        return page.status
    try:
        provider_id = pager_for(how).page(page, message_link(page))
    except DeliveryError as exc:
        log.error("page %s by %s failed: %s", page.pk, how, exc)
        page.status = PageStatus.FAILED
        page.save(update_fields=["status"])
        _audit_page("page.failed", page, how)
        # Nobody was reached: page the next person now rather than after the wait.
        from between.messaging.escalation import escalate

        escalate.enqueue(page.pk)
        return page.status
    page.status = PageStatus.SENT
    page.sent_at = timezone.now()
    page.save(update_fields=["status", "sent_at"])
    log.info("page %s sent by %s (%s)", page.pk, how, provider_id[:40])
    _audit_page("page.sent", page, how)
    return page.status


def _how_to_reach(page: Page) -> str | None:
    """Text when the person has a phone of their own, else email; None when all we hold
    is one of our own numbers or addresses."""
    from between.messaging.own_addresses import is_own

    if not page.phone and not page.email:
        return "email"  # nothing to send to at all: the email pager says so, and fails
    if page.phone and not is_own(page.phone):
        return "sms"
    if page.email and not is_own(page.email):
        return "email"
    return None


def _audit_page(action: str, page: Page, how: str) -> None:
    record(action, obj=page, practice=page.practice, detail={"how": how, "step": page.step})


def _in_same_database() -> bool:
    """The database backend keeps tasks in the same database as the messages."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def _after_commit(enqueue: Callable[[], object]) -> None:
    """Enqueue a side effect so that it happens if and only if the write commits.

    With the database backend the task row is written in the same transaction (an
    outbox): both commit or neither does, and no reply can be lost between the two.
    Other backends (Redis) are enqueued after the commit; a failure there is logged
    and the queued row is picked up again by ``requeue_stale``.
    """
    if _in_same_database():
        enqueue()
    else:
        transaction.on_commit(enqueue, robust=True)


def after_commit_deliver(outbound_id: int) -> None:
    _after_commit(lambda: schedule_delivery(outbound_id))


UNTRIED_STALE_AFTER = timedelta(seconds=30)
# A page not sent within this has lost its task (or is behind a stopped worker). Well
# inside the minute after which /health/ says "down"; a second task for a page that was
# only slow changes nothing (send_claims).
PAGE_STALE_AFTER = timedelta(seconds=20)


def requeue_stale(now: datetime | None = None) -> int:
    """Enqueue again what was recorded but is not on its way: a Redis outage between
    commit and enqueue, a task that failed on a database error, a send whose worker
    died. Run when a worker starts and then every half minute by every worker; safe to
    repeat, because a send goes through ``send_claims`` and a sent row changes nothing.
    """
    now = now or timezone.now()
    # Never tried: its task should have run within moments (a crisis reply among them).
    untried = Outbound.objects.filter(
        status=OutboundStatus.QUEUED, created_at__lt=now - UNTRIED_STALE_AFTER
    )
    ids = set(untried.values_list("pk", flat=True)) | _dropped_claims(Outbound, now)
    count = 0
    for outbound_id in sorted(ids):
        schedule_delivery(outbound_id)
        count += 1
    for outbound_id, attempt in _overdue_retries(now):
        schedule_delivery(outbound_id, attempt)
        count += 1
    pages = set(
        Page.objects.filter(
            status=PageStatus.QUEUED, created_at__lt=now - PAGE_STALE_AFTER
        ).values_list("pk", flat=True)
    )
    for page_id in sorted(pages | _dropped_claims(Page, now)):
        send_page.enqueue(page_id)
        count += 1
    count += _escalate_overdue(now)
    if count:
        log.warning("re-enqueued %s deliveries that were not on their way", count)
    return count


ESCALATION_GRACE = timedelta(seconds=30)
RETRY_GRACE = timedelta(seconds=30)


def _overdue_retries(now: datetime) -> list[tuple[int, int]]:
    """Replies waiting to be tried again whose retry is overdue: the deferred task was
    lost, or waits behind a scheduler that died. (id, the attempt now due.)"""
    overdue = []
    retrying = Outbound.objects.filter(status=OutboundStatus.RETRYING).prefetch_related("attempts")
    for outbound in retrying:
        last = max(outbound.attempts.all(), key=lambda a: a.number, default=None)
        if last is None:
            overdue.append((outbound.pk, 1))
        elif last.at + backoff(last.number) + RETRY_GRACE < now:
            overdue.append((outbound.pk, last.number + 1))
    return overdue


def _escalate_overdue(now: datetime) -> int:
    """Escalate the pages nobody acknowledged whose check is overdue: its deferred task
    was lost, or waits behind a scheduler that died (rq's lock passes on only after a
    minute). ``escalate`` checks the page under a row lock, so running it twice is safe."""
    from between.messaging.escalation import escalate, escalate_after, siblings

    waiting = Page.objects.filter(
        status__in=[PageStatus.SENT, PageStatus.FAILED],
        created_at__gte=now - timedelta(days=1),
        sent_at__lt=now - ESCALATION_GRACE,
    ) | Page.objects.filter(
        status=PageStatus.FAILED,
        created_at__gte=now - timedelta(days=1),
        sent_at__isnull=True,
        created_at__lt=now - ESCALATION_GRACE,
    )
    count = 0
    for page in waiting.select_related("message__policy_version", "call__policy_version"):
        if any(p.acknowledged_at for p in siblings(page)):
            continue
        since = page.sent_at or page.created_at
        if page.status == PageStatus.SENT and since + escalate_after(page) + ESCALATION_GRACE > now:
            continue
        escalate.enqueue(page.pk)
        count += 1
    return count


def _dropped_claims(model: type[Outbound] | type[Page], now: datetime) -> set[int]:
    """Rows left ``sending`` by a worker that stopped, or for longer than any send takes."""
    from between.messaging import workers
    from between.messaging.send_claims import SENDING, lapses_after

    live = workers.live_ids(now)
    held = model.objects.filter(status=SENDING).values_list("pk", "claimed_by", "claimed_at")
    return {
        pk
        for pk, holder, since in held
        if holder not in live or since is None or since < now - lapses_after(model)
    }
