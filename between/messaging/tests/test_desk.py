"""The inbox's previews, filters, search and assignment; closing and reopening messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from between.audit.models import AuditEvent
from between.clients.models import Client
from between.conftest import signed_in
from between.messaging.models import Message

LONG = "Could we   move\n\nnext week's session " + "to Wednesday afternoon " * 10


def make(
    practice,
    key,
    *,
    client=None,
    category="admin",
    crisis=False,
    body="hello",
    status="open",
    received=None,
    sender="+12125550123",
    channel="sms",
):
    return Message.objects.create(
        practice=practice,
        client=client,
        channel=channel,
        from_address=sender,
        body=body,
        received_at=received or timezone.now(),
        category=category,
        crisis=crisis,
        status=status,
        dedupe_key=key,
        done_at=timezone.now() if status == "done" else None,
    )


def rows(client, data=None, *, post=False):
    url = reverse("inbox")
    response = client.post(url, data or {}) if post else client.get(url, data or {})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_previews_collapsed_and_only_to_who_may_read(
    client, owner, front_desk, client_record, riverside
):
    admin = make(riverside, "a", client=client_record, body=LONG)
    clinical = make(
        riverside, "c", client=client_record, category="clinical", body="my panic is back"
    )
    signed_in(client, owner)
    html = rows(client)
    assert "Could we move next week&#x27;s session to Wednesday afternoon" in html
    assert LONG.strip()[:150] not in html and "…" in html
    assert "my panic is back" in html
    event = AuditEvent.objects.get(action="inbox.viewed")
    assert sorted(event.detail["messages"]) == sorted([admin.pk, clinical.pk])
    signed_in(client, front_desk)
    html = rows(client)
    assert "Could we move" in html and "my panic" not in html
    assert f"message {clinical.pk}<" not in html


@pytest.mark.django_db
def test_open_done_all(client, owner, riverside, client_record):
    open_one = make(riverside, "o", client=client_record)
    done_one = make(riverside, "d", client=client_record, status="done")
    signed_in(client, owner)
    for status, present, absent in (
        ("", [open_one], [done_one]),
        ("open", [open_one], [done_one]),
        ("done", [done_one], [open_one]),
        ("all", [open_one, done_one], []),
    ):
        html = rows(client, {"status": status} if status else None)
        for m in present:
            assert f"message {m.pk}<" in html, status
        for m in absent:
            assert f"message {m.pk}<" not in html, status
    assert "No messages are marked done yet" in rows(client, {"status": "done", "channel": "email"})


@pytest.mark.django_db
def test_search_by_name_sender_and_dates_is_posted(client, owner, riverside, client_record):
    other = Client.objects.create(practice=riverside, name="Robin Other", clinician=owner)
    day = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # 10:00 in New York
    mine = make(riverside, "m", client=client_record, received=day)
    theirs = make(
        riverside,
        "t",
        client=other,
        sender="robin@example.com",
        channel="email",
        received=day + timedelta(days=3),
    )
    signed_in(client, owner)
    by_name = rows(client, {"name": "test cli", "status": "all"}, post=True)
    assert f"message {mine.pk}<" in by_name and f"message {theirs.pk}<" not in by_name
    by_sender = rows(client, {"address": "ROBIN@example", "status": "all"}, post=True)
    assert f"message {theirs.pk}<" in by_sender and f"message {mine.pk}<" not in by_sender
    by_dates = rows(
        client, {"since": "2026-12-04", "until": "2026-12-04", "status": "all"}, post=True
    )
    assert f"message {theirs.pk}<" in by_dates and f"message {mine.pk}<" not in by_dates
    nothing = rows(client, {"name": "nobody", "status": "all"}, post=True)
    assert "No messages match this search" in nothing
    wrong = rows(client, {"since": "2026-12-05", "until": "2026-12-01"}, post=True)
    assert "The end date is before the start date." in wrong
    # The name never reaches a URL, and the trail says what was searched by, not for.
    assert "Test" not in by_name.split("Clear search")[0].split('href="?')[-1][:80]
    event = AuditEvent.objects.filter(action="inbox.searched").order_by("id").first()
    assert event is not None and event.detail == {"searched_by": ["name"], "found": 1}
    # A name in the address is ignored: search is by POST only.
    assert f"message {theirs.pk}<" in rows(client, {"name": "test", "status": "all"})


@pytest.mark.django_db
def test_assign_and_filter_assigned_to_me(
    client, owner, supervisor, front_desk, riverside, client_record
):
    admin = make(riverside, "a", client=client_record)
    clinical = make(riverside, "c", client=client_record, category="clinical")
    signed_in(client, owner)
    page = client.get(reverse("message", args=[clinical.pk])).content.decode()
    assert f'value="{supervisor.pk}"' in page and f'value="{front_desk.pk}"' not in page
    # The desk cannot be given a clinical message.
    client.post(reverse("message-assign", args=[clinical.pk]), {"assigned_to": front_desk.pk})
    clinical.refresh_from_db()
    assert clinical.assigned_to is None
    client.post(reverse("message-assign", args=[admin.pk]), {"assigned_to": front_desk.pk})
    admin.refresh_from_db()
    assert admin.assigned_to == front_desk
    event = AuditEvent.objects.get(action="message.assigned")
    assert event.detail == {"assigned_to": front_desk.pk, "before": None}
    assert "assigned to Desk" in rows(client)
    signed_in(client, front_desk)
    mine = rows(client, {"mine": "on"})
    assert f"message {admin.pk}<" in mine
    signed_in(client, owner)
    assert f"message {admin.pk}<" not in rows(client, {"mine": "on"})
    client.post(reverse("message-assign", args=[admin.pk]), {"assigned_to": ""})
    admin.refresh_from_db()
    assert admin.assigned_to is None


@pytest.mark.django_db
def test_closing_a_crisis_needs_an_outcome_kept_out_of_the_audit(
    client, owner, riverside, client_record
):
    crisis = make(
        riverside, "x", client=client_record, category="crisis", crisis=True, body="I can't go on"
    )
    signed_in(client, owner)
    # The one-click done goes to the confirmation step instead.
    assert client.post(reverse("message-done", args=[crisis.pk]))["Location"] == reverse(
        "message-close", args=[crisis.pk]
    )
    url = reverse("message-close", args=[crisis.pk])
    assert "What was done, and how the client is" in client.get(url).content.decode()
    refused = client.post(url, {"outcome": "   "})
    assert refused.status_code == 400
    assert "Write what was done before closing the crisis." in refused.content.decode()
    crisis.refresh_from_db()
    assert crisis.status == "open"
    note = "Called client, safe, safety plan reviewed"
    assert client.post(url, {"outcome": note}).status_code == 302
    crisis.refresh_from_db()
    assert (crisis.status, crisis.outcome_note, crisis.done_by) == ("done", note, owner.user)
    event = AuditEvent.objects.get(action="message.done", object_id=str(crisis.pk))
    assert event.detail == {"crisis": True, "outcome_recorded": True}
    assert "safe" not in str(AuditEvent.objects.values_list("detail", flat=True))
    page = client.get(reverse("message", args=[crisis.pk])).content.decode()
    assert note in page and "Reopen" in page
    conversation = client.get(
        reverse("client-conversation", args=[client_record.pk])
    ).content.decode()
    assert "Crisis closed by owner" in conversation and note in conversation


@pytest.mark.django_db
def test_ordinary_done_is_one_click_and_reopens(client, owner, riverside, client_record):
    m = make(riverside, "o", client=client_record)
    signed_in(client, owner)
    assert client.post(reverse("message-done", args=[m.pk]))["Location"] == reverse("inbox")
    m.refresh_from_db()
    assert m.status == "done" and m.done_by == owner.user
    client.post(reverse("message-reopen", args=[m.pk]))
    m.refresh_from_db()
    assert (m.status, m.done_at, m.done_by) == ("open", None, None)
    assert AuditEvent.objects.filter(action="message.reopened", object_id=str(m.pk)).exists()


@pytest.mark.django_db
def test_outsider_reaches_none_of_the_new_message_actions(
    client, outsider, riverside, client_record
):
    crisis = make(riverside, "x", client=client_record, category="crisis", crisis=True)
    done = make(riverside, "d", client=client_record, status="done")
    signed_in(client, outsider)
    assert client.get(reverse("message-close", args=[crisis.pk])).status_code == 404
    assert (
        client.post(reverse("message-close", args=[crisis.pk]), {"outcome": "x"}).status_code == 404
    )
    assert client.post(reverse("message-reopen", args=[done.pk])).status_code == 404
    assert (
        client.post(reverse("message-assign", args=[done.pk]), {"assigned_to": ""}).status_code
        == 404
    )
    assert "Test Client" not in rows(client, {"name": "Test", "status": "all"}, post=True)
    crisis.refresh_from_db()
    done.refresh_from_db()
    assert crisis.status == "open" and done.status == "done"


@pytest.mark.django_db
def test_front_desk_cannot_close_a_crisis(client, front_desk, riverside, client_record):
    crisis = make(riverside, "x", client=client_record, category="crisis", crisis=True)
    signed_in(client, front_desk)
    assert (
        client.post(reverse("message-close", args=[crisis.pk]), {"outcome": "x"}).status_code == 404
    )
