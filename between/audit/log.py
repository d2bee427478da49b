"""Writing audit events from views, commands and tasks."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from between.audit.models import AuditEvent
from between.practices.models import Practice


def client_ip(request: HttpRequest) -> str | None:
    """The peer address. Forwarded headers are not trusted: anyone can send them."""
    value = request.META.get("REMOTE_ADDR") or None
    return str(value) if value else None


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    obj: models.Model | None = None,
    practice: Practice | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one event. ``detail`` must hold identifiers and outcomes, never client words."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if practice is None and obj is not None:
        practice = getattr(obj, "practice", None)
    return AuditEvent.objects.create(
        practice=practice,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", "") or ("system" if actor is None else str(actor)),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
        detail=detail or {},
    )
