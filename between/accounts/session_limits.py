"""Two limits on a signed-in session: idle and total.

Clinical staff read client content, often on a shared front-desk computer or a phone.
A session ends after ``BETWEEN_SESSION_IDLE_SECONDS`` without anything the person did
(30 minutes by default), and in any case ``BETWEEN_SESSION_SECONDS`` after signing in
(8 hours), however active. The inbox refreshes itself every minute through htmx; those
refreshes are not the person doing anything, so they keep no session alive.

The last activity is written at most once a minute, so a busy page does not write the
session on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

SIGNED_IN_AT = "between_signed_in_at"
LAST_SEEN = "between_last_seen"
WRITE_EVERY_SECONDS = 60


def _automatic(request: HttpRequest) -> bool:
    """A request the page made on its own (an htmx refresh), not the person."""
    return bool(getattr(request, "htmx", False)) and request.method == "GET"


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(SIGNED_IN_AT, now)
            seen = session.get(LAST_SEEN, started)
            idle = now - seen > settings.BETWEEN_SESSION_IDLE_SECONDS
            if idle or now - started > settings.SESSION_COOKIE_AGE:
                return self._signed_out(request, idle)
            if not _automatic(request) and now - seen >= WRITE_EVERY_SECONDS:
                session[LAST_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def _signed_out(request: HttpRequest, idle: bool) -> HttpResponse:
        logout(request)
        minutes = settings.BETWEEN_SESSION_IDLE_SECONDS // 60
        messages.info(
            request,
            f"You were signed out after {minutes} minutes without activity."
            if idle
            else "Your session reached its time limit. Please sign in again.",
        )
        if getattr(request, "htmx", False):
            # htmx would swap the sign-in page into part of the page; send it there whole.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
            return response
        return redirect_to_login(request.get_full_path())
