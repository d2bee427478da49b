"""The boundary view of one client (R22): clinical, staff-only, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from between.audit.models import AuditEvent
from between.conftest import signed_in
from between.messaging.models import Message
from between.reports.tests.conftest import PERIOD, at

pytestmark = pytest.mark.django_db


def url(client_record) -> str:
    return reverse("client-boundaries", args=[client_record.pk])


def test_owner_sees_after_hours_contacts_and_the_view_is_audited(client, owner, scenario):
    response = signed_in(client, owner).get(url(scenario.a), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    # m2 (Tue 21:00, New York time); m5 at 02:00 was a crisis, never part of a pattern.
    assert 'Contacts outside office hours: <span class="count">1</span>' in page
    assert "Tue 6 Jan 2026, 21:00" in page and "Thu 8 Jan 2026, 02:00" not in page
    assert "1 of them was a crisis contact, left out of every pattern" in page
    assert "Revisit the communication agreement together" in page
    assert "never shown or sent to the client" in page
    assert "must never appear" not in page
    event = AuditEvent.objects.get(action="client.boundaries_viewed")
    assert event.object_id == str(scenario.a.pk) and event.actor == owner.user
    assert event.detail == {"from": "2026-01-05", "to": "2026-01-18"}
    assert event.practice == owner.practice


def test_bursts_unoffered_channels_and_requests_beyond_therapy(client, owner, scenario):
    b = scenario.b
    for hour, key in ((9, "b1"), (11, "b2"), (14, "b3")):
        Message.objects.create(
            practice=b.practice,
            client=b,
            channel="sms",
            received_at=at(2026, 1, 15, hour),
            dedupe_key=key,
            category="boundary" if key == "b3" else "clinical",
            flags=["channel_not_for_need"] if key == "b1" else [],
            signals=["social_request"] if key == "b3" else [],
            body="add me on instagram",
        )
    page = signed_in(client, owner).get(url(b), PERIOD).content.decode()
    assert 'Several messages before a reply: <span class="count">1</span>' in page
    assert "3 contacts" in page
    assert "channel not offered for this kind of message" in page
    assert "Friend or follow request" in page
    assert "Acknowledge the warmth behind the request" in page
    assert "instagram" not in page


def test_a_typed_reply_breaks_the_burst(client, owner, scenario):
    from between.messaging.models import Outbound

    b = scenario.b
    for hour in (9, 11, 14):
        Message.objects.create(
            practice=b.practice,
            client=b,
            channel="portal",
            received_at=at(2026, 1, 15, hour),
            dedupe_key=f"r{hour}",
        )
    Outbound.objects.create(
        practice=b.practice,
        client=b,
        channel="portal",
        to="portal",
        kind="typed",
        body="reply",
        created_at=at(2026, 1, 15, 10),
    )
    page = signed_in(client, owner).get(url(b), PERIOD).content.decode()
    assert 'Several messages before a reply: <span class="count">none</span>' in page


@pytest.mark.parametrize("who", ["front_desk", "clinician", "outsider"])
def test_hidden_from_the_front_desk_other_clinicians_and_outsiders(client, request, who, scenario):
    member = request.getfixturevalue(who)
    response = signed_in(client, member).get(url(scenario.a), PERIOD)
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="client.boundaries_viewed").exists()


def test_the_clinician_and_the_supervisor_see_it(client, clinician, supervisor, scenario):
    assert signed_in(client, clinician).get(url(scenario.b), PERIOD).status_code == 200
    assert signed_in(client, supervisor).get(url(scenario.a), PERIOD).status_code == 200


def test_linked_from_the_client_page_for_clinical_staff_only(client, owner, front_desk, scenario):
    detail = reverse("client", args=[scenario.a.pk])
    assert url(scenario.a) in signed_in(client, owner).get(detail).content.decode()
    assert url(scenario.a) not in signed_in(client, front_desk).get(detail).content.decode()


def test_default_period_is_the_last_ninety_days(client, owner, client_record, policy_version):
    from django.utils import timezone

    Message.objects.create(
        practice=client_record.practice,
        client=client_record,
        channel="portal",
        received_at=timezone.now() - timedelta(days=3),
        dedupe_key="recent",
        category="boundary",
        signals=["gift"],
        policy_version=policy_version,
    )
    page = signed_in(client, owner).get(url(client_record)).content.decode()
    assert "over 90 days" in page
    assert 'Requests beyond the therapy relationship: <span class="count">1</span>' in page
