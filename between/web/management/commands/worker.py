"""``between worker``: run side-effect tasks (sending replies, paging) on their own."""

from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from between.web.worker import OUTAGES

RQ_MAINTENANCE_SECONDS = 30


class Command(BaseCommand):
    help = "Run the task worker for the configured backend (database or rq)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run the tasks that are due, then exit"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from between.conf.process import ready_for_traffic
        from between.messaging.tasks import requeue_stale

        # Voicemail transcripts are screened here: the same reader, the same refusal.
        self.stdout.write(ready_for_traffic())
        try:
            requeue_stale()
        except OUTAGES as exc:  # the heart's sweep will do it once the store is back
            self.stderr.write(f"not swept at start ({type(exc).__name__}); will retry")
        if settings.TASK_BACKEND == "rq":
            self._work_rq(batch=options["batch"])
            return
        from between.web.worker import make_db_worker

        worker = make_db_worker(batch=options["batch"])
        if not options["batch"]:
            # SIGTERM (systemd, a container's stop) finishes the task at hand, then stops.
            signal.signal(signal.SIGTERM, worker.shutdown)
            signal.signal(signal.SIGINT, worker.shutdown)
        worker.run()

    def _work_rq(self, *, batch: bool) -> None:
        """rq's worker, with its maintenance every half minute instead of every ten: a
        killed worker's scheduler lock and abandoned jobs are taken over that soon."""
        import threading

        import django_rq

        from between.web.worker import Heart, rq_horse_killed

        stop = threading.Event()
        if not batch:
            # rq keeps its own registry; this beat is what /health/ and the sweep for
            # lost sends read, the same for both backends.
            Heart("rq", stop).start()
        worker = django_rq.get_worker(
            "default",
            job_class="django_tasks_rq.backend.Job",
            maintenance_interval=RQ_MAINTENANCE_SECONDS,
            work_horse_killed_handler=rq_horse_killed,
        )
        try:
            worker.work(burst=batch, with_scheduler=True)
        finally:
            stop.set()
