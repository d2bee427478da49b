"""``between serve``: the web app and the task worker in one process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve Between on HOST:PORT with the task worker running beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.BETWEEN_HOST)
        parser.add_argument("--port", type=int, default=settings.BETWEEN_PORT)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker", action="store_true", help="do not run the task worker in-process"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import waitress

        from between.web.worker import start_in_thread
        from between.wsgi import application

        if not 1 <= options["port"] <= 65535:
            raise CommandError("--port must be between 1 and 65535")
        from between.conf.process import ready_for_traffic, refuse_unmigrated

        refuse_unmigrated()

        ready = ready_for_traffic()  # before the worker: a refusal starts nothing
        if not options["no_worker"]:
            from between.messaging.tasks import requeue_stale

            requeue_stale()
            start_in_thread()
        self.stdout.write(ready)
        self.stdout.write(
            f"Between is serving on http://{options['host']}:{options['port']}/ "
            f"(tasks: {settings.TASK_BACKEND}). Press Ctrl+C to stop."
        )
        waitress.serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="Between",
        )
