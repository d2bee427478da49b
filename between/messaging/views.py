"""The inbox (the working queue), the message page with its composer, a client's
conversation, saved replies, and callbacks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages as notices
from django.contrib.auth.decorators import login_required
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.clients.access import client_or_404
from between.clients.models import Client
from between.clients.templatetags.client_format import phone
from between.core.conversation import Route, Routes, preview
from between.core.sms_segments import sms_length
from between.messaging.access import (
    assignable_members,
    body_visible,
    call_or_404,
    inbox,
    message_or_404,
    visible_calls,
    visible_messages,
)
from between.messaging.compose import (
    can_reply,
    check_text,
    client_routes,
    message_routes,
    refusal_words,
    send_typed,
)
from between.messaging.models import (
    CallStatus,
    Category,
    Direction,
    Message,
    MessageChannel,
    MessageStatus,
    SavedReply,
)
from between.messaging.timeline import timeline
from between.practices.access import membership_or_404
from between.practices.models import Membership

SHOWN = 200
STATUS_CHOICES = [("open", "Open"), ("done", "Done"), ("all", "All")]


class InboxFilter(forms.Form):
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    channel = forms.ChoiceField(
        choices=[("", "All channels"), *MessageChannel.choices], required=False
    )
    category = forms.ChoiceField(
        choices=[("", "All categories"), *Category.choices], required=False
    )
    mine = forms.BooleanField(required=False, label="Assigned to me")


class InboxSearch(InboxFilter):
    """Posted, never in the address: a client's name must not end up in a URL or a log."""

    name = forms.CharField(label="Client name", max_length=200, required=False)
    address = forms.CharField(label="Sender's email or phone", max_length=320, required=False)
    since = forms.DateField(
        label="Received from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="Received until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end date is before the start date.")
        return data


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _filtered(member: Membership, chosen: dict[str, Any]) -> QuerySet[Message]:
    status = chosen.get("status") or "open"
    if status == "open":
        rows = inbox(member)
    else:
        rows = (
            visible_messages(member)
            .filter(direction=Direction.INBOUND)
            .select_related("client", "assigned_to")
        )
        if status == "done":
            rows = rows.filter(status=MessageStatus.DONE).order_by("-done_at", "-id")
        else:
            rows = rows.order_by("-received_at", "-id")
    rows = rows.select_related("assigned_to")
    if chosen.get("channel"):
        rows = rows.filter(channel=chosen["channel"])
    if chosen.get("category"):
        rows = rows.filter(category=chosen["category"])
    if chosen.get("mine"):
        rows = rows.filter(assigned_to=member)
    if chosen.get("name"):
        rows = rows.filter(client__name__icontains=chosen["name"].strip())
    if chosen.get("address"):
        rows = rows.filter(from_address__icontains=chosen["address"].strip())
    if chosen.get("since"):
        rows = rows.filter(received_at__gte=_local_start(chosen["since"]))
    if chosen.get("until"):
        rows = rows.filter(received_at__lt=_local_start(chosen["until"] + timedelta(days=1)))
    return rows


def _with_previews(member: Membership, rows: QuerySet[Message]) -> list[Message]:
    shown = list(rows[:SHOWN])
    for m in shown:
        m.preview = preview(m.body) if body_visible(member, m) else ""  # type: ignore[attr-defined]
    return shown


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    searching = request.method == "POST"
    chosen = InboxSearch(request.POST) if searching else InboxFilter(request.GET or None)
    values = chosen.cleaned_data if chosen.is_valid() else {}
    rows = _with_previews(member, _filtered(member, values))
    if searching:
        used = [k for k in ("name", "address", "since", "until") if values.get(k)]
        record(
            "inbox.searched",
            request=request,
            practice=member.practice,
            detail={"searched_by": used, "found": len(rows)},
        )
    if any(getattr(m, "preview", "") for m in rows):
        # Previews are client words: seeing them is a view of client content.
        record(
            "inbox.viewed",
            request=request,
            practice=member.practice,
            detail={"messages": [m.pk for m in rows], "previews": True},
        )
    status = values.get("status") or "open"
    context = {
        "messages_list": rows,
        "more": len(rows) == SHOWN,
        "now": timezone.now(),
        "status": status,
        "filter": chosen
        if chosen.is_bound and not searching
        else InboxFilter(initial={"status": status}),
        "search": chosen if searching else InboxSearch(),
        "searching": searching,
        "status_links": _status_links(request, status),
        "refresh": "" if searching else request.GET.urlencode(),
    }
    template = "messaging/_inbox_rows.html" if request.htmx else "messaging/inbox.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _status_links(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    links = []
    for value, label in STATUS_CHOICES:
        query = request.GET.copy() if request.method == "GET" else request.POST.copy()
        for key in ("csrfmiddlewaretoken", "name", "address", "since", "until"):
            query.pop(key, None)
        query["status"] = value
        links.append({"label": label, "url": f"?{query.urlencode()}", "current": value == current})
    return links


# ---------------------------------------------------------------- composer


ROUTE_WORDS = {"email": "Email", "sms": "Text message", "portal": "Secure portal"}


def _route_label(route: Route, country: str) -> str:
    """ "Text message to (212) 555-0142": numbers as staff write them, not E.164."""
    words = ROUTE_WORDS.get(route.channel, route.channel)
    if route.channel == "portal":
        return words
    to = phone(route.address, country) if route.channel == "sms" else route.address
    return f"{words} to {to}"


class ReplyForm(forms.Form):
    channel = forms.ChoiceField(
        label="Send by",
        choices=[],
        error_messages={"invalid_choice": "Choose one of the ways the client agreed to."},
    )
    body = forms.CharField(
        label="Reply",
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
        max_length=5000,
    )
    confirm = forms.BooleanField(
        required=False, label="I have read the privacy warnings and want to send it anyway"
    )
    saved = forms.ChoiceField(label="Saved reply", choices=[], required=False)

    def __init__(self, *args: Any, routes: Routes, member: Membership, **kwargs: Any):
        """The routes offered, in the practice's way of writing numbers, and its saved
        replies."""
        super().__init__(*args, **kwargs)
        self.routes = routes
        country = member.practice.country
        cast(forms.ChoiceField, self.fields["channel"]).choices = [
            (r.channel, _route_label(r, country)) for r in routes.offered
        ]
        self.fields["channel"].required = False
        self.saved_replies = list(_saved(member))
        cast(forms.ChoiceField, self.fields["saved"]).choices = [("", "Choose a saved reply")] + [
            (str(s.pk), s.title) for s in self.saved_replies
        ]

    def route(self) -> Route | None:
        wanted = self.cleaned_data.get("channel") or ""
        if not wanted and self.routes.offered:
            return self.routes.offered[0]
        return self.routes.get(wanted)


def _saved(member: Membership) -> QuerySet[SavedReply]:
    return SavedReply.objects.filter(practice=member.practice)


def _composer(form: ReplyForm, action: str, warnings: tuple[str, ...] = ()) -> dict[str, Any]:
    """What _composer.html needs: the form, the routes, the counter as the server counts."""
    chosen = form["channel"].value() or (
        form.routes.offered[0].channel if form.routes.offered else ""
    )
    text = form["body"].value() or ""
    return {
        "form": form,
        "action": action,
        "routes": form.routes,
        "refused": refusal_words(form.routes),
        "chosen": chosen,
        "sms": sms_length(text),
        "warnings": warnings,
        "insecure_channels": ["email", "sms"],
    }


def _handle_reply(
    request: HttpRequest,
    *,
    member: Membership,
    message: Message | None,
    client: Client | None,
    routes: Routes,
    page: Any,
    back: str,
) -> HttpResponse:
    """The one reply path for the message page and the conversation."""
    form = ReplyForm(request.POST, routes=routes, member=member)
    if "insert" in request.POST:
        # Without the script: put the chosen saved reply into the box and show it again.
        data = request.POST.copy()
        found = (
            _saved(member).filter(pk=data.get("saved") or 0).first()
            if (data.get("saved") or "").isdigit()
            else None
        )
        if found is not None:
            data["body"] = (data.get("body", "").rstrip() + "\n\n" + found.body).strip()
        return page(ReplyForm(data, routes=routes, member=member))
    if not form.is_valid():
        return page(form)
    route = form.route()
    if route is None:
        form.add_error("channel", "Choose one of the ways the client agreed to.")
        return page(form)
    check = check_text(message, form.cleaned_data["body"], route, client)
    if check.warnings and not form.cleaned_data["confirm"]:
        return page(form, check.warnings)
    outbound = send_typed(
        message, form.cleaned_data["body"], request.user, route=route, client=client
    )
    record(
        "message.replied",
        request=request,
        obj=outbound,
        detail={"channel": outbound.channel, "message": message.pk if message else None},
    )
    notices.success(request, "Reply queued for sending.")
    return redirect(back)


# ---------------------------------------------------------------- message page


class AssignForm(forms.Form):
    assigned_to = forms.ChoiceField(label="Assigned to", choices=[], required=False)

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        cast(forms.ChoiceField, self.fields["assigned_to"]).choices = [("", "Nobody")] + [
            (pk, m.display_name) for pk, m in self.members.items()
        ]


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="What was done, and how the client is",
        help_text='For example: "Called client, safe, safety plan reviewed".',
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        error_messages={"required": "Write what was done before closing the crisis."},
    )


@login_required
def message_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    record("message.viewed", request=request, obj=message)
    member = membership_or_404(request.user)
    return _message_page(request, member, message)


def _message_page(
    request: HttpRequest,
    member: Membership,
    message: Message,
    form: ReplyForm | None = None,
    warnings: tuple[str, ...] = (),
) -> HttpResponse:
    routes = message_routes(message)
    form = form or ReplyForm(routes=routes, member=member)
    members = assignable_members(message)
    return render(
        request,
        "messaging/message.html",
        {
            "message": message,
            "outbound": message.outbound.prefetch_related("attempts").order_by("created_at"),
            "pages": message.pages.order_by("created_at"),
            "compose_refusal": can_reply(message).refusal,
            "can_manage_saved": member.sees_clinical_content,
            "composer": _composer(form, reverse("message-reply", args=[message.pk]), warnings),
            "assign": AssignForm(
                initial={"assigned_to": str(message.assigned_to_id or "")}, members=members
            ),
        },
    )


@login_required
@require_POST
def message_reply(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    member = membership_or_404(request.user)
    return _handle_reply(
        request,
        member=member,
        message=message,
        client=message.client,
        routes=message_routes(message),
        page=lambda form, warnings=(): _message_page(request, member, message, form, warnings),
        back=reverse("message", args=[message.pk]),
    )


@login_required
@require_POST
def message_assign(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    form = AssignForm(request.POST, members=assignable_members(message))
    if not form.is_valid():
        notices.error(request, "That person cannot be given this message.")
        return redirect("message", pk=message.pk)
    chosen = form.members.get(form.cleaned_data["assigned_to"] or "")
    before = message.assigned_to_id
    message.assigned_to = chosen
    message.save(update_fields=["assigned_to"])
    record(
        "message.assigned",
        request=request,
        obj=message,
        detail={"assigned_to": chosen.pk if chosen else None, "before": before},
    )
    notices.success(
        request, f"Assigned to {chosen.display_name}." if chosen else "No longer assigned."
    )
    return redirect("message", pk=message.pk)


@login_required
@require_POST
def message_done(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    if message.crisis:
        # A crisis is closed with what was done about it, on its own step.
        return redirect("message-close", pk=message.pk)
    _close(request, message)
    return redirect("inbox")


def _close(request: HttpRequest, message: Message, outcome: str = "") -> None:
    message.status = MessageStatus.DONE
    message.done_at = timezone.now()
    message.done_by = request.user if request.user.is_authenticated else None
    fields = ["status", "done_at", "done_by"]
    if outcome:
        message.outcome_note = outcome
        fields.append("outcome_note")
    message.save(update_fields=fields)
    # The outcome is clinical words: the trail says one was written, never what.
    detail = {"crisis": True, "outcome_recorded": True} if message.crisis else None
    record("message.done", request=request, obj=message, detail=detail)


@login_required
def message_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing a crisis: a confirmation step that asks what was done."""
    message = message_or_404(request.user, pk)
    if not message.crisis or message.status == MessageStatus.DONE:
        return redirect("message", pk=message.pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _close(request, message, form.cleaned_data["outcome"].strip())
        notices.success(request, "Crisis closed. The outcome is kept with the message.")
        return redirect("inbox")
    return render(
        request,
        "messaging/close_crisis.html",
        {"message": message, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def message_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    message = message_or_404(request.user, pk)
    if message.status == MessageStatus.DONE:
        message.status = MessageStatus.OPEN
        message.done_at = None
        message.done_by = None
        message.save(update_fields=["status", "done_at", "done_by"])
        record("message.reopened", request=request, obj=message)
        notices.success(request, "Reopened: the message is back in the inbox.")
    return redirect("message", pk=message.pk)


# ---------------------------------------------------------------- conversation


def _conversation_page(
    request: HttpRequest,
    member: Membership,
    client: Client,
    form: ReplyForm | None = None,
    warnings: tuple[str, ...] = (),
) -> HttpResponse:
    routes = client_routes(client)
    form = form or ReplyForm(routes=routes, member=member)
    items, older = timeline(member, client)
    record(
        "client.conversation_viewed",
        request=request,
        obj=client,
        detail={"items": len(items), "clinical_words": member.sees_clinical_content},
    )
    return render(
        request,
        "messaging/conversation.html",
        {
            "client": client,
            "items": items,
            "older": older,
            "can_manage_saved": member.sees_clinical_content,
            "composer": _composer(
                form, reverse("client-conversation-reply", args=[client.pk]), warnings
            ),
        },
    )


@login_required
def conversation_view(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_or_404(request.user, pk)
    return _conversation_page(request, membership_or_404(request.user), client)


@login_required
@require_POST
def conversation_reply(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_or_404(request.user, pk)
    member = membership_or_404(request.user)
    return _handle_reply(
        request,
        member=member,
        message=None,
        client=client,
        routes=client_routes(client),
        page=lambda form, warnings=(): _conversation_page(request, member, client, form, warnings),
        back=reverse("client-conversation", args=[client.pk]) + "#composer",
    )


# ---------------------------------------------------------------- saved replies


class SavedReplyForm(forms.ModelForm):
    class Meta:
        model = SavedReply
        fields = ["title", "body"]
        labels = {"title": "Name", "body": "Text"}
        help_texts = {"title": 'Shown in the composer\'s list, e.g. "Appointment moved".'}
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, practice: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        taken = SavedReply.objects.filter(practice=self.practice, title__iexact=title)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a saved reply with this name.")
        return title


def _manager_or_404(request: HttpRequest) -> Membership:
    member = membership_or_404(request.user)
    if not member.sees_clinical_content:
        raise Http404
    return member


@login_required
def saved_replies(request: HttpRequest) -> HttpResponse:
    member = _manager_or_404(request)
    form = SavedReplyForm(request.POST or None, practice=member.practice)
    if request.method == "POST" and form.is_valid():
        reply = form.save(commit=False)
        reply.practice = member.practice
        reply.created_by = request.user
        reply.save()
        record("saved_reply.created", request=request, obj=reply)
        notices.success(request, f"Saved reply \u201c{reply.title}\u201d added.")
        return redirect("saved-replies")
    return render(
        request,
        "messaging/saved_replies.html",
        {"replies": _saved(member), "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def saved_reply_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _manager_or_404(request)
    reply = get_object_or_404(_saved(member), pk=pk)
    form = SavedReplyForm(request.POST or None, instance=reply, practice=member.practice)
    if request.method == "POST" and form.is_valid():
        form.save()
        record("saved_reply.changed", request=request, obj=reply)
        notices.success(request, f"Saved reply \u201c{reply.title}\u201d changed.")
        return redirect("saved-replies")
    return render(
        request,
        "messaging/saved_reply_edit.html",
        {"reply": reply, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def saved_reply_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (a colleague may rely on the reply), then deletes on the POST."""
    member = _manager_or_404(request)
    reply = get_object_or_404(_saved(member), pk=pk)
    if request.method != "POST":
        return render(request, "messaging/saved_reply_delete.html", {"reply": reply})
    record("saved_reply.deleted", request=request, obj=reply, detail={"id": reply.pk})
    title = reply.title
    reply.delete()
    notices.success(request, f"Saved reply \u201c{title}\u201d deleted.")
    return redirect("saved-replies")


# ---------------------------------------------------------------- callbacks


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
