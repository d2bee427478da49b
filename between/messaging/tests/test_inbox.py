from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from between.conftest import signed_in
from between.messaging.access import inbox
from between.messaging.models import Message


def add(practice, key, *, due_in=None, crisis=False, status="open"):
    now = timezone.now()
    return Message.objects.create(
        practice=practice,
        channel="sms",
        received_at=now,
        dedupe_key=key,
        crisis=crisis,
        category="crisis" if crisis else "admin",
        status=status,
        due_at=None if due_in is None else now + timedelta(hours=due_in),
    )


@pytest.mark.django_db
def test_crisis_first_then_by_due_time_and_done_ones_gone(riverside, owner):
    late = add(riverside, "late", due_in=30)
    soon = add(riverside, "soon", due_in=2)
    none = add(riverside, "none")
    crisis = add(riverside, "crisis", crisis=True, due_in=None)
    add(riverside, "finished", due_in=1, status="done")
    assert list(inbox(owner)) == [crisis, soon, late, none]


@pytest.mark.django_db
def test_mark_done_leaves_the_inbox(client, owner, admin_message):
    signed_in(client, owner)
    response = client.post(reverse("message-done", args=[admin_message.pk]))
    assert response.status_code == 302
    admin_message.refresh_from_db()
    assert admin_message.status == "done" and admin_message.done_at is not None
    assert list(inbox(owner)) == []


@pytest.mark.django_db
def test_inbox_rows_refresh_over_htmx(client, owner, admin_message):
    signed_in(client, owner)
    response = client.get(reverse("inbox"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Test Client" in body
