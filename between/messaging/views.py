"""The inbox and the message page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.messaging.access import inbox, message_or_404, visible_calls
from between.messaging.models import CallStatus, MessageStatus
from between.practices.access import membership_or_404


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    messages = list(inbox(member)[:200])
    template = "messaging/_inbox_rows.html" if request.htmx else "messaging/inbox.html"  # type: ignore[attr-defined]
    return render(request, template, {"messages_list": messages, "now": timezone.now()})


@login_required
def message_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    record("message.viewed", request=request, obj=message)
    return render(request, "messaging/message.html", {"message": message})


@login_required
@require_POST
def message_done(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    message.status = MessageStatus.DONE
    message.done_at = timezone.now()
    message.save(update_fields=["status", "done_at"])
    record("message.done", request=request, obj=message)
    return redirect("inbox")


@login_required
def callbacks_view(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    calls = visible_calls(member).select_related("client")
    return render(
        request,
        "messaging/callbacks.html",
        {
            "voicemails": calls.filter(voicemail=True, status=CallStatus.OPEN),
            "no_voicemail": calls.filter(voicemail=False).order_by("-at")[:50],
        },
    )
