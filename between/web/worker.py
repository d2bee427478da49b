"""The task worker, runnable on its own (``between worker``) or inside ``between serve``."""

from __future__ import annotations

import logging
import socket
import threading

from django.conf import settings

log = logging.getLogger(__name__)


def make_db_worker(*, batch: bool = False, interval: float = 0.2) -> object:
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{socket.gethostname()}-{threading.get_ident()}",
    )


def start_in_thread() -> threading.Thread | None:
    """Run the database worker beside the web server; other backends run their own."""
    if settings.TASK_BACKEND != "database":
        log.info("task backend %s: run `between worker` separately", settings.TASK_BACKEND)
        return None
    worker = make_db_worker()
    thread = threading.Thread(target=worker.run, name="between-worker", daemon=True)  # type: ignore[attr-defined]
    thread.start()
    return thread
