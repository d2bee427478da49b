"""Template context: the signed-in user's membership, for navigation and role checks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from between.practices.access import membership_or_none


def membership(request: HttpRequest) -> dict[str, Any]:
    return {"membership": membership_or_none(request.user)}
