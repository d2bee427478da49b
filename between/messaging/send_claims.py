"""Hand each reply and page to its provider once, however many tasks ask to send it.

A task may run twice: a dead worker's task is put back in the queue, a sweep enqueues
again what looks stuck, rq retries. Before sending, a task claims the row by moving it
from an open status to ``sending`` in one UPDATE; only the task whose UPDATE changed
the row sends. A claim is taken over only when its worker has stopped beating or the
claim has lapsed (a transport hung past every timeout).

One gap stays, as with any provider that has no idempotency key: a worker killed after
the provider accepted and before the row said so. The takeover then sends again. For
email the second copy carries the same Message-ID, which mail clients fold into one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import models

from between.messaging import workers

log = logging.getLogger(__name__)

SENDING = "sending"
# Longer than any transport's own timeout (SMTP and Twilio clients give up within 60 s).
CLAIM_LAPSES_AFTER = timedelta(minutes=2)
# A page is one short text or email, and a page lost is worse than a page twice.
PAGE_CLAIM_LAPSES_AFTER = timedelta(seconds=30)


def lapses_after(model: type[models.Model]) -> timedelta:
    return PAGE_CLAIM_LAPSES_AFTER if model._meta.model_name == "page" else CLAIM_LAPSES_AFTER


def claim(model: type[models.Model], pk: int, open_statuses: Iterable[str], now: datetime) -> bool:
    """True when this task may send the row now; False when it is sent, closed, or being
    sent by a live worker."""
    me = workers.worker_id()
    rows = model._default_manager.filter(pk=pk)
    if rows.filter(status__in=list(open_statuses)).update(
        status=SENDING, claimed_by=me, claimed_at=now
    ):
        return True
    held = rows.filter(status=SENDING).values_list("claimed_by", "claimed_at").first()
    if held is None:
        return False
    holder, since = held
    if holder != me and workers.is_alive(holder, now) and since > now - lapses_after(model):
        return False
    taken = rows.filter(status=SENDING, claimed_by=holder, claimed_at=since).update(
        claimed_by=me, claimed_at=now
    )
    if taken:
        log.warning(
            "%s %s: the worker handing it over stopped; sending it again",
            model._meta.model_name,
            pk,
        )
    return bool(taken)
