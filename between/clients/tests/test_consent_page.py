"""The client page shows each channel's consent now and its history; staff record changes."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from between.audit.models import AuditEvent
from between.clients.models import Consent
from between.conftest import signed_in


def page(client, member, record):
    signed_in(client, member)
    return client.get(reverse("client", args=[record.pk])).content.decode()


def row(body: str, channel: str) -> str:
    start = body.index(f'id="consent-{channel}"')
    return body[start : body.index("</li>", start)]


@pytest.mark.django_db
def test_each_channel_shows_its_consent_now_with_who_when_and_how(
    client, owner, consenting, policy_version
):
    Consent.objects.create(
        client=consenting,
        channel="email",
        state="withdrawn",
        recorded_at=timezone.now(),
        method="staff",
        recorded_by=owner.user,
        policy_version=policy_version,
        note="said a partner reads the inbox",
    )
    body = page(client, owner, consenting)
    assert "Withdrawn" in row(body, "email") and "Recorded by staff by Owner" in row(body, "email")
    assert "Granted" in row(body, "portal") and "Intake form" in row(body, "portal")
    # History keeps the earlier grant, with the note for clinical staff.
    history = body[body.index("Consent history") :]
    assert history.count("Intake form") == 4 and "said a partner reads the inbox" in history


@pytest.mark.django_db
def test_a_text_stop_shows_as_withdrawn_at_once(client, owner, consenting, policy_version):
    from between.channels.sms.ingest import SmsIn, receive_sms

    receive_sms(
        SmsIn(
            message_sid="SM" + "1" * 32,
            sender="+12125550123",
            to="+12125550100",
            body="STOP",
            received_at=datetime.now(UTC),
        )
    )
    text_row = row(page(client, owner, consenting), "sms")
    assert "Withdrawn" in text_row and "Text keyword (STOP/START)" in text_row


@pytest.mark.django_db
def test_staff_record_a_consent_change_with_a_note_and_it_is_audited(
    client, owner, front_desk, consenting, policy_version
):
    signed_in(client, front_desk)
    url = reverse("client-consent", args=[consenting.pk])
    response = client.post(
        url, {"channel": "sms", "state": "withdrawn", "note": "asked at reception, no texts"}
    )
    assert response.status_code == 302
    consent = Consent.objects.get(method="staff")
    assert consent.recorded_by == front_desk.user and consent.policy_version == policy_version
    assert consenting.consent_state("sms") == "withdrawn"
    event = AuditEvent.objects.get(action="client.consent_recorded")
    assert event.detail == {
        "consent": consent.pk,
        "channel": "sms",
        "state": "withdrawn",
        "method": "staff",
    }
    # The front desk sees the change but not the notes; clinical staff see both.
    desk = page(client, front_desk, consenting)
    assert "Withdrawn" in row(desk, "sms") and "asked at reception" not in desk
    assert "asked at reception" in page(client, owner, consenting)
    # A note is required: it is the only record of how the client said so.
    signed_in(client, owner)
    refused = client.post(url, {"channel": "sms", "state": "granted", "note": ""})
    assert refused.status_code == 400 and consenting.consent_state("sms") == "withdrawn"


@pytest.mark.django_db
def test_a_withdrawal_stops_typed_replies_at_once(client, owner, consenting, admin_message):
    from between.messaging.compose import can_reply

    assert can_reply(admin_message).allowed
    signed_in(client, owner)
    client.post(
        reverse("client-consent", args=[consenting.pk]),
        {"channel": "sms", "state": "withdrawn", "note": "by phone"},
    )
    admin_message.refresh_from_db()
    assert not can_reply(admin_message).allowed


@pytest.mark.django_db
def test_outsiders_reach_no_consent_url(client, outsider, consenting):
    signed_in(client, outsider)
    response = client.post(
        reverse("client-consent", args=[consenting.pk]),
        {"channel": "sms", "state": "granted", "note": "x"},
    )
    assert response.status_code == 404
    assert client.get(reverse("client", args=[consenting.pk])).status_code == 404
    assert Consent.objects.filter(method="staff").count() == 0
