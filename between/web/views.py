"""Pages that belong to no single resource: the front door and the health check."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return redirect("inbox" if request.user.is_authenticated else "login")


def health(request: HttpRequest) -> JsonResponse:
    """Which parts work, never what they hold.

    503 ("down") when the database is down or unmigrated, or this node's encryption key
    cannot read what is stored (nothing can be accepted safely then), or when a
    crisis page has waited longer than a minute to go out: someone must look now. A
    crisis model that cannot load, no live task worker, or a task waiting longer than a
    minute is "degraded": messages are still taken in and screened.
    """
    checks: dict[str, str] = {}
    workers: dict[str, object] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "not healthy"; the kind goes to the log
        log.error("health: database unavailable (%s)", type(exc).__name__)
        checks["database"] = "unavailable"
    from between.core.triage import status

    model = status()
    checks["crisis_rules"] = "ok"
    checks["crisis_model"] = "ok" if model.available else f"unavailable: {model.reason}"
    late_page = slow_tasks = no_worker = broken = False
    if checks["database"] == "ok":
        # The same checks as `between doctor`, in one word each: the fixes are for the
        # operator's terminal, not for an unauthenticated probe.
        from between.web import doctor

        for finding in (doctor.migrations(), doctor.encryption()):
            checks[finding.name] = "ok" if finding.status is doctor.Status.ok else "problem"
            broken = broken or finding.status is doctor.Status.problem
    if checks["database"] == "ok" and checks.get("migrations") == "ok":
        workers, late_page, slow_tasks, no_worker = _task_health(checks)
    if checks["database"] != "ok" or late_page or broken:
        overall, code = "down", 503
    elif not model.available or slow_tasks or no_worker:
        overall, code = "degraded", 200
    else:
        overall, code = "ok", 200
    body: dict[str, object] = {"status": overall, "checks": checks}
    if workers:
        body["workers"] = workers
    return JsonResponse(body, status=code)


PAGE_WAIT_LIMIT = 60.0
TASK_WAIT_LIMIT = 60.0


def _task_health(checks: dict[str, str]) -> tuple[dict[str, object], bool, bool, bool]:
    """The workers' beats, the oldest waiting task and the oldest unsent page."""
    from django.conf import settings
    from django.utils import timezone

    from between.messaging import workers
    from between.messaging.models import Page, PageStatus

    now = timezone.now()
    try:
        found = workers.summary(now)
    except Exception as exc:  # Redis away under rq: say so, the database still takes mail
        log.error("health: task queue unavailable (%s)", type(exc).__name__)
        checks["tasks"] = "unavailable"
        return {}, False, True, False
    oldest_page = (
        Page.objects.filter(status__in=[PageStatus.QUEUED, PageStatus.SENDING])
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    page_wait = round((now - oldest_page).total_seconds(), 1) if oldest_page else None
    found["oldest_unsent_page_seconds"] = page_wait
    late_page = page_wait is not None and page_wait > PAGE_WAIT_LIMIT
    task_wait = found["oldest_queued_task_seconds"]
    slow_tasks = isinstance(task_wait, float) and task_wait > TASK_WAIT_LIMIT
    # With the immediate backend (tests, `between simulate`) tasks run in the request.
    no_worker = settings.TASK_BACKEND != "immediate" and found["alive"] == 0
    checks["tasks"] = "ok" if not slow_tasks else f"a task has waited {task_wait:.0f} s"
    checks["workers"] = f"{found['alive']} alive" if not no_worker else "none alive"
    checks["pages"] = (
        "ok" if not late_page else f"a crisis page has waited {page_wait:.0f} s to go out"
    )
    return found, late_page, slow_tasks, no_worker
