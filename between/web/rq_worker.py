"""rq's worker for Between: it beats like the database worker, from its main thread.

rq runs each job in a work-horse forked from the worker. A thread beside a fork is a
hazard: if it holds a lock (logging's, a database driver's) at the moment of the fork,
the work-horse inherits the lock held and hangs the first time it needs it. So this
worker beats from rq's own heartbeat, which rq calls from its main loop at least every
few seconds (``worker_ttl`` and ``job_monitoring_interval`` below), and closes its
database connections after each beat so that no work-horse inherits one.
"""

from __future__ import annotations

from typing import Any

from rq import Worker

from between.web.worker import Beats

# rq waits for a job for worker_ttl - 15 seconds, beating between waits; while a job
# runs, it beats every job_monitoring_interval seconds. Both well inside DEAD_AFTER.
WORKER_TTL = 20
JOB_MONITORING_INTERVAL = 5
# rq's upkeep (abandoned jobs, a dead worker's scheduler lock): every half minute
# instead of every ten.
MAINTENANCE_SECONDS = 30


class BeatingRqWorker(Worker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("worker_ttl", WORKER_TTL)
        kwargs.setdefault("job_monitoring_interval", JOB_MONITORING_INTERVAL)
        kwargs.setdefault("maintenance_interval", MAINTENANCE_SECONDS)
        super().__init__(*args, **kwargs)
        self.between_beats = Beats("rq")

    def heartbeat(self, timeout: int | None = None, pipeline: Any = None) -> None:
        super().heartbeat(timeout, pipeline)
        self.between_beats.beat_if_due()
