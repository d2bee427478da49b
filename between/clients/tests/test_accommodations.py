"""Accommodations (R16): recorded with a reason, visible, and applied by the calendar."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from between.audit.models import AuditEvent
from between.clients.models import Accommodation
from between.conftest import signed_in
from between.core.pipeline.values import Inbound, InChannel
from between.messaging.pipeline import accommodations_for, ingest

NY = ZoneInfo("America/New_York")
# A Tuesday morning: the policy's callback windows are Mon/Wed/Fri 12:00-13:00.
TUESDAY_10 = datetime(2026, 3, 3, 10, 0, tzinfo=NY)
WIDER = {
    "kind": "callback_window",
    "reason": "hearing loss: mornings work best with a relay service",
    "monday": "09:00-17:00",
    "tuesday": "09:00-12:00, 13:00-17:00",
    "wednesday": "09:00-17:00",
}


def voicemail(key):
    return Inbound(
        InChannel.voice,
        TUESDAY_10,
        "+12125550123",
        key,
        recipients=("+12125550100",),
        voicemail=True,
    )


@pytest.mark.django_db
def test_a_wider_callback_window_reaches_the_calendar_through_ingest(
    client, owner, consenting, policy_version
):
    before = ingest(voicemail("CA-before")).call
    assert before.callback_window == "Wed 12:00–13:00"

    signed_in(client, owner)
    response = client.post(reverse("client-accommodation-add", args=[consenting.pk]), WIDER)
    assert response.status_code == 302
    accommodation = Accommodation.objects.get()
    assert accommodation.detail == {
        "windows": {
            "monday": ["09:00-17:00"],
            "tuesday": ["09:00-12:00", "13:00-17:00"],
            "wednesday": ["09:00-17:00"],
        }
    }
    assert accommodations_for(consenting).callback_windows is not None

    after = ingest(voicemail("CA-after")).call
    assert after.callback_window == "Tue 09:00–12:00"  # the window it is in, today
    assert after.callback_window != before.callback_window
    assert AuditEvent.objects.filter(action="client.accommodation_added").count() == 1

    client.post(reverse("client-accommodation-end", args=[consenting.pk, accommodation.pk]))
    accommodation.refresh_from_db()
    assert not accommodation.active and accommodations_for(consenting) is None
    again = ingest(voicemail("CA-again")).call
    assert again.callback_window == before.callback_window


@pytest.mark.django_db
def test_a_different_turnaround_changes_the_due_time(client, owner, consenting, policy_version):
    from between.core.pipeline.values import Inbound as Message

    def email(key, body):
        return Message(
            InChannel.email,
            TUESDAY_10,
            "test@example.com",
            key,
            recipients=("alex@riverside-counseling.example",),
            subject="Appointment",
            body=body,
        )

    # The crisis screen is not what this test is about; it answers "no crisis".
    def calm(text):
        return SimpleNamespace(crisis=False, signals=())

    usual = ingest(email("<a@x>", "Could we move my appointment?"), screen=calm).message.due_at
    signed_in(client, owner)
    response = client.post(
        reverse("client-accommodation-add", args=[consenting.pk]),
        {
            "kind": "turnaround",
            "reason": "agreed in session",
            "amount": "3",
            "unit": "business_days",
        },
    )
    assert response.status_code == 302
    assert Accommodation.objects.get().detail == {"turnaround": {"business_days": 3}}
    later = ingest(email("<b@x>", "Is there a slot next week?"), screen=calm).message.due_at
    assert later > usual


@pytest.mark.django_db
def test_bad_details_are_refused_with_the_field_at_fault(client, owner, consenting):
    signed_in(client, owner)
    url = reverse("client-accommodation-add", args=[consenting.pk])
    backwards = client.post(url, {**WIDER, "monday": "17:00-09:00"})
    assert backwards.status_code == 400 and "ends before it starts" in backwards.content.decode()
    no_windows = client.post(url, {"kind": "callback_window", "reason": "r"})
    assert no_windows.status_code == 400
    no_reason = client.post(url, {**WIDER, "reason": ""})
    assert no_reason.status_code == 400
    no_time = client.post(url, {"kind": "turnaround", "reason": "r"})
    assert no_time.status_code == 400 and "Give the new time." in no_time.content.decode()
    assert not Accommodation.objects.exists()


@pytest.mark.django_db
def test_the_front_desk_sees_that_one_exists_but_not_why(
    client, owner, front_desk, outsider, consenting
):
    signed_in(client, owner)
    client.post(reverse("client-accommodation-add", args=[consenting.pk]), WIDER)
    accommodation = Accommodation.objects.get()

    owner_page = client.get(reverse("client", args=[consenting.pk])).content.decode()
    assert "hearing loss" in owner_page and "Mon 09:00-17:00" in owner_page

    signed_in(client, front_desk)
    desk_page = client.get(reverse("client", args=[consenting.pk])).content.decode()
    assert "Wider callback window" in desk_page and "Mon 09:00-17:00" in desk_page
    assert "hearing loss" not in desk_page and "Add an accommodation" not in desk_page
    add = reverse("client-accommodation-add", args=[consenting.pk])
    end = reverse("client-accommodation-end", args=[consenting.pk, accommodation.pk])
    assert client.post(add, WIDER).status_code == 404
    assert client.post(end).status_code == 404

    signed_in(client, outsider)
    assert client.post(add, WIDER).status_code == 404
    assert client.post(end).status_code == 404
    accommodation.refresh_from_db()
    assert accommodation.active and Accommodation.objects.count() == 1
