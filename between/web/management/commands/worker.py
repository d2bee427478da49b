"""``between worker``: run side-effect tasks (sending replies, paging) on their own."""

from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from between.web.worker import OUTAGES


class Command(BaseCommand):
    help = "Run the task worker for the configured backend (database or rq)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run the tasks that are due, then exit"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from between.conf.process import ready_for_traffic, refuse_unmigrated
        from between.messaging.tasks import requeue_stale

        refuse_unmigrated()
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
        """rq's forking worker (``BeatingRqWorker``). rq's own loop quits on some Redis
        errors; a standing worker starts it again after a pause instead of exiting."""
        import threading

        import django_rq

        from between.web.worker import Pause, _forget_connections, rq_horse_killed

        pause, never = Pause(), threading.Event()
        while True:
            _forget_connections()  # nothing open for a work-horse to inherit
            try:
                worker = django_rq.get_worker(
                    "default",
                    job_class="django_tasks_rq.backend.Job",
                    worker_class="between.web.rq_worker.BeatingRqWorker",
                    work_horse_killed_handler=rq_horse_killed,
                )
                worker.work(burst=batch, with_scheduler=True)
                if batch or worker._stop_requested:
                    return
                pause.reset()
            except OUTAGES as exc:
                if batch:
                    raise
                self.stderr.write(f"rq worker: Redis unavailable ({type(exc).__name__})")
            self.stderr.write("rq worker stopped on its own; starting it again")
            pause.take(never)
