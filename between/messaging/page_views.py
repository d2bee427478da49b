"""The page a paged person lands on: sign in, acknowledge, go to the message."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from between.audit.log import record
from between.messaging.escalation import acknowledge, page_from_token, siblings
from between.practices.access import membership_or_404


@login_required
def page_view(request: HttpRequest, token: str) -> HttpResponse:
    member = membership_or_404(request.user)
    page = page_from_token(token)
    if page is None or page.practice_id != member.practice_id:
        raise Http404
    if request.method == "POST":
        acknowledge(page, by=member.display_name, actor=request.user, how="link")
        if page.message_id:
            return redirect("message", pk=page.message_id)
        return redirect("callbacks")
    record("page.opened", request=request, obj=page)
    return render(
        request,
        "messaging/page.html",
        {"page": page, "chain": sorted(siblings(page), key=lambda p: p.step)},
    )
