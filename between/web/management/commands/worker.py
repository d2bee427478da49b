"""``between worker``: run side-effect tasks (sending replies, paging) on their own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


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
        requeue_stale()
        if settings.TASK_BACKEND == "rq":
            call_command(
                "rqworker",
                "default",
                burst=options["batch"],
                with_scheduler=True,
                job_class="django_tasks_rq.backend.Job",
            )
            return
        from between.web.worker import make_db_worker

        worker = make_db_worker(batch=options["batch"])
        if not options["batch"]:
            worker.configure_signals()  # type: ignore[attr-defined]
        worker.run()  # type: ignore[attr-defined]
