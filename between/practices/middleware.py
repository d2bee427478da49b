"""Show every time in the practice's own time zone, whatever the server's is."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from between.practices.access import membership_or_none


class PracticeTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        member = membership_or_none(getattr(request, "user", None))
        if member is not None:
            timezone.activate(member.practice.timezone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
