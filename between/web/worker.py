"""The task worker, runnable on its own (``between worker``) or inside ``between serve``.

django-tasks-db's worker stops at the first database error, and nothing notices: a
crisis page recorded during an outage would then wait for someone to restart the server.
This worker claims and runs the same tasks, but waits out any outage with a growing
pause and carries on; it beats from a thread of its own so /health/ can tell it is
alive, and every beat also takes back the tasks of workers that stopped beating.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    close_old_connections,
    connections,
    transaction,
)
from django.utils import timezone

log = logging.getLogger(__name__)

FIRST_PAUSE = 0.5
LONGEST_PAUSE = 30.0
SWEEP_EVERY = 10.0
BATCH_GIVES_UP_AFTER = 5
# Errors that mean "the database (or Redis) is away", which a pause can cure.
try:
    from redis.exceptions import ConnectionError as _RedisDown
    from redis.exceptions import TimeoutError as _RedisSlow

    OUTAGES: tuple[type[BaseException], ...] = (
        DatabaseError,
        InterfaceError,
        _RedisDown,
        _RedisSlow,
    )
except ImportError:  # pragma: no cover - redis is in the lock
    OUTAGES = (DatabaseError, InterfaceError)


class Pause:
    """0.5 s, 1 s, 2 s … up to 30 s between tries; back to the start after a success."""

    def __init__(self, first: float = FIRST_PAUSE, longest: float = LONGEST_PAUSE) -> None:
        self.first, self.longest, self.next = first, longest, first

    def take(self, stop: threading.Event) -> float:
        waited = self.next
        stop.wait(waited)
        self.next = min(self.next * 2, self.longest)
        return waited

    def reset(self) -> None:
        self.next = self.first


def _forget_connections() -> None:
    """A connection broken by an outage is closed, so the next query opens a new one."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # a broken connection may fail to close; drop it
            conn.connection = None


class Beats:
    """One worker's beat, and on every beat the sweep for what dead workers held."""

    def __init__(self, backend: str) -> None:
        from between.messaging import workers

        self.backend = backend
        self.started_at: datetime = timezone.now()
        self.worker_id = workers.become_worker()
        self._last_sweep = 0.0
        self._last_beat = 0.0

    def beat_once(self) -> None:
        from between.messaging import tasks, workers

        workers.beat(self.backend, self.started_at)
        self._last_beat = time.monotonic()
        if self.backend == "database":
            workers.reclaim_dead_tasks()
        if time.monotonic() - self._last_sweep >= SWEEP_EVERY:
            tasks.requeue_stale()
            self._last_sweep = time.monotonic()

    def beat_if_due(self) -> None:
        """For rq's worker, from its own main thread (see ``BeatingRqWorker``): never
        raises, and leaves no database connection open for a work-horse to inherit."""
        from between.messaging import workers

        if time.monotonic() - self._last_beat < workers.BEAT_EVERY.total_seconds():
            return
        try:
            self.beat_once()
        except Exception as exc:  # the database away: the beat ages, rq carries on
            log.warning("worker heartbeat failed (%s); trying again", type(exc).__name__)
            self._last_beat = time.monotonic()
        finally:
            _forget_connections()


class Heart(Beats):
    """Beats from a thread of its own, so a long task does not make its worker look
    dead (the database worker; rq's forks, so it beats from its main loop instead)."""

    def __init__(self, backend: str, stop: threading.Event) -> None:
        super().__init__(backend)
        self.stop = stop
        self.thread = threading.Thread(target=self._run, name="between-heartbeat", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        from between.messaging import workers

        pause = Pause(longest=workers.BEAT_EVERY.total_seconds() * 2)
        while not self.stop.is_set():
            try:
                self.beat_once()
                pause.reset()
                self.stop.wait(workers.BEAT_EVERY.total_seconds())
            except OUTAGES as exc:
                log.warning("worker heartbeat: %s; trying again", type(exc).__name__)
                _forget_connections()
                pause.take(self.stop)
            except Exception as exc:  # the heart must outlive any one failure
                log.error("worker heartbeat failed (%s); trying again", type(exc).__name__)
                pause.take(self.stop)
        try:
            workers.forget(self.worker_id)
        except Exception:  # stopping during an outage: the beat just ages
            log.info("worker %s stopped without saying so (database away)", self.worker_id)


class DatabaseWorker:
    """Runs django-tasks-db's tasks one at a time, through outages."""

    def __init__(self, *, batch: bool = False, interval: float = 0.2) -> None:
        from between.messaging import workers

        self.batch = batch
        self.interval = interval
        self.stop = threading.Event()
        self.worker_id = workers.become_worker()
        self._engine = _engine(self.worker_id, interval)

    def run(self) -> None:
        from between.messaging import workers

        heart = Heart("database", self.stop)
        if not self.batch:
            heart.start()
        pause = Pause()
        lost_database = False
        failures = 0
        log.info("task worker %s started", self.worker_id)
        while not self.stop.is_set():
            try:
                if lost_database:
                    released = workers.release_own(self.worker_id)
                    if released:
                        log.warning("put back %s task(s) interrupted by the outage", released)
                    log.warning("task worker %s: the database is back", self.worker_id)
                    lost_database = False
                ran = self.run_one()
                pause.reset()
                failures = 0
            except OUTAGES as exc:
                failures += 1
                if self.batch and failures >= BATCH_GIVES_UP_AFTER:
                    raise  # a one-off run reports the outage; a standing worker waits
                if not lost_database:
                    log.error(
                        "task worker %s: database unavailable (%s); waiting for it",
                        self.worker_id,
                        type(exc).__name__,
                    )
                lost_database = True
                _forget_connections()
                pause.take(self.stop)
                continue
            except Exception as exc:  # a bug in one task must not stop every page
                # The kind only: an exception's text may quote a client's words.
                log.error(
                    "task worker %s: unexpected %s; carrying on", self.worker_id, type(exc).__name__
                )
                pause.take(self.stop)
                continue
            if not ran:
                if self.batch:
                    break
                self.stop.wait(self.interval)
        self.stop.set()
        if heart.thread.is_alive():
            heart.thread.join(timeout=5)

    def run_one(self) -> bool:
        """Claim the next due task and run it. False when none is due."""
        from django_tasks_db.models import DBTaskResult

        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name="default")
        # PostgreSQL: the row lock with SKIP LOCKED; SQLite: every transaction here begins
        # IMMEDIATE (settings), holding the one write lock from its first read.
        with transaction.atomic(using=tasks.db):
            found = tasks.get_locked()
            if found is not None:
                found.claim(self.worker_id)
        if found is None:
            return False
        self._engine.run_task(found)
        if _failed_on_outage(found):
            # The task met the outage, not a bug: it goes back in the queue, and the
            # outage itself is waited out above.
            DBTaskResult.objects.filter(pk=found.pk).update(status="READY")
            raise DatabaseError("a task met a database outage")
        return True

    def shutdown(self, *_: object) -> None:
        self.stop.set()


def _failed_on_outage(result: Any) -> bool:
    """A task that failed because the database or Redis went away (not on bad data)."""
    path: str = getattr(result, "exception_class_path", "") or ""
    return result.status == "FAILED" and (
        path.endswith(("OperationalError", "InterfaceError"))
        or path.startswith(("redis.exceptions.ConnectionError", "redis.exceptions.TimeoutError"))
    )


def _engine(worker_id: str, interval: float) -> Any:
    """django-tasks-db's own worker, used to run one claimed task with its signals."""
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    )


def make_db_worker(*, batch: bool = False, interval: float = 0.2) -> DatabaseWorker:
    return DatabaseWorker(batch=batch, interval=interval)


def start_in_thread() -> threading.Thread | None:
    """Run the database worker beside the web server; other backends run their own."""
    if settings.TASK_BACKEND != "database":
        log.info("task backend %s: run `between worker` separately", settings.TASK_BACKEND)
        return None
    worker = make_db_worker()
    thread = threading.Thread(target=worker.run, name="between-worker", daemon=True)
    thread.start()
    return thread


def rq_horse_killed(job: Any, *_: object) -> None:
    """rq's work-horse died under a task (killed, out of memory). rq files the job as
    failed; the task is enqueued again at once, and a send it had claimed is released
    so the new task may take it over without waiting for the claim to lapse."""
    from between.messaging import tasks, workers
    from between.messaging.models import Outbound, Page
    from between.messaging.send_claims import SENDING

    task = job.func
    paths = {tasks.deliver.module_path: Outbound, tasks.send_page.module_path: Page}
    rows = paths.get(task.module_path)
    if rows is not None and job.args:
        rows._default_manager.filter(
            pk=job.args[0], status=SENDING, claimed_by=workers.worker_id()
        ).update(claimed_by="")
    task.enqueue(*job.args, **job.kwargs)
    _forget_connections()  # the next work-horse is forked from this process
    log.warning("a task's work-horse died; the task is queued again")
