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

    503 only when the database is down (nothing can be accepted then). A crisis model
    that cannot load is reported as "degraded": the rules still screen every message.
    """
    checks: dict[str, str] = {}
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
    if checks["database"] != "ok":
        overall, code = "down", 503
    elif not model.available:
        overall, code = "degraded", 200
    else:
        overall, code = "ok", 200
    return JsonResponse({"status": overall, "checks": checks}, status=code)
