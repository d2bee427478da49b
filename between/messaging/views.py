"""The inbox (the working queue), the message page with its composer, and callbacks."""

from __future__ import annotations

from django import forms
from django.contrib import messages as notices
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.messaging.access import call_or_404, inbox, message_or_404, visible_calls
from between.messaging.compose import can_reply, check_text, send_typed
from between.messaging.models import CallStatus, Category, MessageChannel, MessageStatus
from between.practices.access import membership_or_404


class InboxFilter(forms.Form):
    channel = forms.ChoiceField(
        choices=[("", "All channels"), *MessageChannel.choices], required=False
    )
    category = forms.ChoiceField(
        choices=[("", "All categories"), *Category.choices], required=False
    )


class ReplyForm(forms.Form):
    body = forms.CharField(label="Reply", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    confirm = forms.BooleanField(
        required=False, label="I have read the privacy warnings and want to send it anyway"
    )


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    chosen = InboxFilter(request.GET or None)
    rows = inbox(member)
    if chosen.is_valid():
        if chosen.cleaned_data["channel"]:
            rows = rows.filter(channel=chosen.cleaned_data["channel"])
        if chosen.cleaned_data["category"]:
            rows = rows.filter(category=chosen.cleaned_data["category"])
    context = {
        "messages_list": list(rows[:200]),
        "now": timezone.now(),
        "filter": chosen if chosen.is_bound else InboxFilter(),
    }
    template = "messaging/_inbox_rows.html" if request.htmx else "messaging/inbox.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def message_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    record("message.viewed", request=request, obj=message)
    form = ReplyForm()
    return _message_page(request, message, form)


def _message_page(
    request: HttpRequest, message: object, form: ReplyForm, warnings: tuple[str, ...] = ()
) -> HttpResponse:
    from between.messaging.models import Message

    assert isinstance(message, Message)
    return render(
        request,
        "messaging/message.html",
        {
            "message": message,
            "outbound": message.outbound.prefetch_related("attempts").order_by("created_at"),
            "pages": message.pages.order_by("created_at"),
            "compose": can_reply(message),
            "form": form,
            "warnings": warnings,
            "insecure": message.channel in ("email", "sms"),
        },
    )


@login_required
@require_POST
def message_reply(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _message_page(request, message, form)
    check = check_text(message, form.cleaned_data["body"])
    if not check.allowed:
        notices.error(request, check.refusal)
        return redirect("message", pk=message.pk)
    if check.warnings and not form.cleaned_data["confirm"]:
        return _message_page(request, message, form, check.warnings)
    outbound = send_typed(message, form.cleaned_data["body"], request.user)
    record(
        "message.replied",
        request=request,
        obj=outbound,
        detail={"channel": outbound.channel, "message": message.pk},
    )
    notices.success(request, "Reply queued for sending.")
    return redirect("message", pk=message.pk)


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
    voicemails = list(
        calls.filter(voicemail=True, status=CallStatus.OPEN).order_by(
            F("crisis").desc(), F("callback_due").asc(nulls_last=True), "at"
        )
    )
    # The list shows transcripts (to clinical staff): a view of client content.
    record(
        "calls.viewed",
        request=request,
        practice=member.practice,
        detail={
            "calls": [c.pk for c in voicemails],
            "transcripts": member.sees_clinical_content,
        },
    )
    return render(
        request,
        "messaging/callbacks.html",
        {
            "voicemails": voicemails,
            "no_voicemail": calls.filter(voicemail=False).order_by("-at")[:50],
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def call_done(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(request.user, pk)
    call.status = CallStatus.DONE
    call.done_at = timezone.now()
    call.save(update_fields=["status", "done_at"])
    record("call.returned", request=request, obj=call)
    return redirect("callbacks")
