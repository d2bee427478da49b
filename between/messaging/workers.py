"""Which task workers are alive, and taking over the tasks of those that are not.

Every worker process beats (``WorkerBeat``) from a thread of its own, so a long task
does not make it look dead. A worker whose beat is older than ``DEAD_AFTER`` is taken to
be dead: a live worker puts the database-backend tasks it had claimed back in the queue,
and may take over a reply or page it was handing to the provider (``send_claims``).
/health/ reads the same beats.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import datetime, timedelta

from django.db.models import Min
from django.utils import timezone

from between.messaging.models import WorkerBeat

log = logging.getLogger(__name__)

BEAT_EVERY = timedelta(seconds=3)
# Five missed beats: long enough for a busy machine, short enough that a crisis page
# claimed by a worker that was killed goes out again within half a minute.
DEAD_AFTER = timedelta(seconds=15)
FORGET_AFTER = timedelta(days=1)

_worker_id = ""


def worker_id() -> str:
    """This process's worker id, or "" in a process that runs no worker (web requests
    with the immediate backend, commands)."""
    return _worker_id


def become_worker() -> str:
    """Name this process as a worker: host, pid and a random tail (a restarted process
    with a reused pid is a new worker)."""
    global _worker_id
    if not _worker_id:
        host = socket.gethostname()[:40]
        _worker_id = f"{host}-{os.getpid()}-{secrets.token_hex(3)}"
    return _worker_id


def beat(backend: str, started_at: datetime, now: datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=become_worker(),
        defaults={
            "backend": backend,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": now,
        },
    )


def forget(wid: str) -> None:
    """A worker that stops cleanly says so, so nobody waits for it to look dead."""
    WorkerBeat.objects.filter(worker_id=wid).delete()


def live_ids(now: datetime | None = None) -> set[str]:
    cutoff = (now or timezone.now()) - DEAD_AFTER
    return set(WorkerBeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))


def is_alive(wid: str, now: datetime | None = None) -> bool:
    if not wid:
        return False
    cutoff = (now or timezone.now()) - DEAD_AFTER
    return WorkerBeat.objects.filter(worker_id=wid, beat_at__gte=cutoff).exists()


def reclaim_dead_tasks(now: datetime | None = None) -> int:
    """Put back in the queue the database tasks claimed by workers that stopped beating.

    A task claimed by a worker we have never heard of (a plain ``db_worker``) is taken
    back only once it has been running longer than ``DEAD_AFTER``: the tasks here take
    seconds. Running a task twice is safe: each one checks its row before acting, and
    a send goes through ``send_claims``.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    live = live_ids(now)
    cutoff = now - DEAD_AFTER
    taken = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list(
        "id", "worker_ids", "started_at"
    )
    for task_id, worker_ids, started_at in running:
        claimant = worker_ids[-1] if worker_ids else ""
        if claimant in live or (started_at is not None and started_at >= cutoff):
            continue
        taken += DBTaskResult.objects.filter(
            id=task_id, status=TaskResultStatus.RUNNING, worker_ids=worker_ids
        ).update(status=TaskResultStatus.READY)
    if taken:
        log.warning("took back %s tasks from workers that stopped", taken)
    WorkerBeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()
    return taken


def release_own(wid: str) -> int:
    """After an outage, the task this worker was running when it lost the database goes
    back in the queue (it may have half run; tasks are safe to run again)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    mine = [
        (task_id, ids)
        for task_id, ids in DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING
        ).values_list("id", "worker_ids")
        if ids and ids[-1] == wid
    ]
    released = 0
    for task_id, ids in mine:
        released += DBTaskResult.objects.filter(
            id=task_id, status=TaskResultStatus.RUNNING, worker_ids=ids
        ).update(status=TaskResultStatus.READY)
    return released


def summary(now: datetime | None = None) -> dict[str, object]:
    """What /health/ and ``between doctor`` say about the workers: how many are alive,
    when the last one beat, and how long the oldest waiting task has waited."""
    now = now or timezone.now()
    beats = list(WorkerBeat.objects.values_list("beat_at", flat=True))
    alive = [at for at in beats if at >= now - DEAD_AFTER]
    last = max(beats) if beats else None
    return {
        "alive": len(alive),
        "last_beat_seconds": round((now - last).total_seconds(), 1) if last else None,
        "oldest_queued_task_seconds": oldest_queued_task_seconds(now),
    }


def oldest_queued_task_seconds(now: datetime) -> float | None:
    """Of the tasks due now and not yet finished, how long the oldest has been due."""
    from django.conf import settings

    if settings.TASK_BACKEND == "database":
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult, get_date_max

        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        # A task enqueued to run at once has waited since it was enqueued; a deferred
        # one (a retry, an escalation) only since the time it was due.
        undeferred = waiting.filter(run_after=get_date_max()).aggregate(Min("enqueued_at"))
        deferred = waiting.filter(run_after__lte=now).aggregate(Min("run_after"))
        oldest = min(
            (t for t in (undeferred["enqueued_at__min"], deferred["run_after__min"]) if t),
            default=None,
        )
        return round(max((now - oldest).total_seconds(), 0.0), 1) if oldest else None
    if settings.TASK_BACKEND == "rq":
        return _rq_oldest(now)
    return None


def _rq_oldest(now: datetime) -> float | None:
    import django_rq

    queue = django_rq.get_queue("default")
    queue.connection.ping()  # rq's reads answer "no jobs" when Redis is away; this raises
    job_ids = queue.get_job_ids(0, 0)
    if not job_ids:
        return None
    job = queue.fetch_job(job_ids[0])
    if job is None or job.enqueued_at is None:
        return None
    enqueued = job.enqueued_at
    if enqueued.tzinfo is None:
        from datetime import UTC

        enqueued = enqueued.replace(tzinfo=UTC)
    return round(max((now - enqueued).total_seconds(), 0.0), 1)
