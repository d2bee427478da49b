"""Crisis pages that reach a person: re-escalate until someone acknowledges.

Each page waits ``emergency.escalate_after_minutes``; if nobody has acknowledged the
crisis by then, the next person in the chain is paged (the core decides the order; the
practice owner comes last). Acknowledging by link or by texting ACK stops every page of
that crisis and records who and when. Every step is audited.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from between.audit.log import record
from between.core.pipeline.escalation import escalation_chain
from between.core.pipeline.values import Alert, Audience
from between.messaging.models import Call, Message, Page, PageStatus
from between.policies.store import calendar_for, parsed_policy
from between.practices.models import Membership, Practice, Role

log = logging.getLogger(__name__)
ACK_WORDS = re.compile(r"^\s*ack(?:nowledged?)?\s*[.!]?\s*$", re.IGNORECASE)
TOKEN_SALT = "between.page.ack"  # noqa: S105 - a signing namespace, not a secret


def ack_token(page: Page) -> str:
    return signing.dumps(page.pk, salt=TOKEN_SALT)


def page_from_token(token: str) -> Page | None:
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=7 * 86400)
    except signing.BadSignature:
        return None
    return (
        Page.objects.filter(pk=pk).select_related("practice").first()
        if isinstance(pk, int)
        else None
    )


def _subject(page: Page) -> Message | Call:
    found = page.message or page.call
    assert found is not None, "a page is always about a message or a call"
    return found


def siblings(page: Page) -> list[Page]:
    """Every page about the same crisis."""
    if page.message_id:
        return list(Page.objects.filter(message_id=page.message_id))
    return list(Page.objects.filter(call=page.call))


def chain_for(page: Page) -> list[Alert]:
    """The whole chain for this crisis, the practice owner last."""
    subject = _subject(page)
    at = subject.received_at if isinstance(subject, Message) else subject.at
    first = Alert(
        "crisis_page",
        Audience(siblings(page)[0].audience),
        siblings(page)[0].name,
        siblings(page)[0].phone or None,
        siblings(page)[0].email or None,
    )
    chain = [first]
    version = subject.policy_version
    if version is not None:
        policy = parsed_policy(version.text)
        chain = list(escalation_chain(policy, calendar_for(version.text), at, first))
    owner = (
        Membership.objects.filter(practice=page.practice, role=Role.OWNER, is_active=True)
        .order_by("pk")
        .first()
    )
    if owner is not None and all(a.name != owner.display_name for a in chain):
        chain.append(
            Alert(
                "crisis_page",
                Audience.clinician,
                owner.display_name,
                owner.phone or None,
                owner.email or None,
            )
        )
    return chain


def escalate_after(page: Page) -> timedelta:
    version = _subject(page).policy_version
    minutes = parsed_policy(version.text).emergency.escalate_after_minutes if version else 10
    return timedelta(minutes=minutes)


def schedule_escalation(page: Page) -> None:
    """Check back later; backends that cannot wait (tests' immediate one) skip it."""
    if not default_task_backend.supports_defer:
        return
    when = timezone.now() + escalate_after(page)
    escalate.using(run_after=when).enqueue(page.pk)


@task()
def escalate(page_id: int) -> str:
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page_id)
        if any(p.acknowledged_at for p in siblings(page)):
            return "acknowledged"
        if page.status == PageStatus.ESCALATED:
            return "already escalated"
        chain = chain_for(page)
        page.status = PageStatus.ESCALATED
        page.save(update_fields=["status"])
        record(
            "page.escalated",
            obj=page,
            practice=page.practice,
            detail={"step": page.step, "audience": page.audience},
        )
        if page.step + 1 >= len(chain):
            log.error("crisis page %s: nobody acknowledged and the chain is exhausted", page.pk)
            record("page.chain_exhausted", obj=page, practice=page.practice)
            return "exhausted"
        nxt = chain[page.step + 1]
        new = create_page(
            page.practice,
            nxt,
            step=page.step + 1,
            message=page.message,
            call=page.call,
            at=timezone.now(),
        )
    return f"escalated to page {new.pk}"


def create_page(
    practice: Practice,
    alert: Alert,
    *,
    step: int,
    at: datetime,
    message: Message | None = None,
    call: Call | None = None,
) -> Page:
    """Record a page and send it once the write commits; then wait for an answer."""
    from between.clients.contact import normalize_phone
    from between.messaging.tasks import _after_commit, send_page

    phone = alert.phone or ""
    if phone:
        try:
            phone = normalize_phone(phone, practice.country)
        except Exception:
            phone = alert.phone or ""
    page = Page.objects.create(
        practice=practice,
        message=message,
        call=call,
        audience=alert.audience.value,
        step=step,
        name=alert.name,
        phone=phone,
        email=alert.email or "",
        created_at=at,
    )
    record(
        "page.created",
        obj=page,
        practice=practice,
        detail={"step": step, "audience": alert.audience.value},
    )
    _after_commit(lambda: send_page.enqueue(page.pk))
    _after_commit(lambda: schedule_escalation(page))
    return page


@transaction.atomic
def acknowledge(page: Page, by: str, *, actor: object = None, how: str = "link") -> int:
    """Stop the escalation of this crisis; returns how many pages were open."""
    now = timezone.now()
    open_pages = [p for p in siblings(page) if p.acknowledged_at is None]
    for p in open_pages:
        p.acknowledged_at = now
        p.acknowledged_by = by[:200]
        if p.status != PageStatus.ESCALATED:
            p.status = PageStatus.ACKNOWLEDGED
        p.save(update_fields=["acknowledged_at", "acknowledged_by", "status"])
    if open_pages:
        record(
            "page.acknowledged",
            actor=actor,
            obj=page,
            practice=page.practice,
            detail={"how": how, "pages": len(open_pages)},
        )
    return len(open_pages)


def acknowledge_by_text(practice: Practice, phone: str, body: str) -> int | None:
    """ACK texted from a paged number: the number of pages stopped, or None if the text
    is not an acknowledgement from someone who was paged in the last day."""
    if not ACK_WORDS.match(body or ""):
        return None
    since = timezone.now() - timedelta(days=1)
    page = (
        Page.objects.filter(
            practice=practice, phone=phone, acknowledged_at__isnull=True, created_at__gte=since
        )
        .order_by("-created_at")
        .first()
    )
    if page is None:
        return None
    return acknowledge(page, by=f"{page.name} (text)", how="text")
