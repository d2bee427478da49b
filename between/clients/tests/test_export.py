"""Exporting a client's whole record (JSON and PDF), and recording a discharge."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from between.audit.models import AuditEvent
from between.clients.models import Accommodation, Client
from between.clients.tests.support import pdf_text
from between.conftest import make_member, signed_in
from between.messaging.models import DeliveryAttempt, Message, Outbound, Page


@pytest.fixture
def full_record(consenting, clinical_message, admin_message, voicemail, owner):
    Accommodation.objects.create(
        client=consenting, kind="other", reason="needs written replies", created_by=owner.user
    )
    reply = Outbound.objects.create(
        practice=consenting.practice,
        client=consenting,
        in_reply_to=clinical_message,
        channel="portal",
        to="portal",
        kind="typed",
        body="Let us look at the homework together on Tuesday.",
        created_by=owner.user,
        created_at=timezone.now(),
        status="sent",
    )
    DeliveryAttempt.objects.create(outbound=reply, number=1, at=timezone.now(), outcome="sent")
    Page.objects.create(
        practice=consenting.practice,
        call=voicemail,
        audience="clinician",
        name="Owner",
        created_at=timezone.now(),
        acknowledged_at=timezone.now(),
        acknowledged_by="Owner",
    )
    # Someone else's message must not turn up in this client's export.
    other = Client.objects.create(practice=consenting.practice, name="Other Person")
    Message.objects.create(
        practice=consenting.practice,
        client=other,
        channel="portal",
        body="not yours to see",
        received_at=timezone.now(),
        dedupe_key="other-1",
    )
    return consenting


def export(client, record, fmt="json"):
    return client.get(reverse(f"client-export-{fmt}", args=[record.pk]))


@pytest.mark.django_db
def test_the_json_export_holds_the_whole_record_decrypted(client, owner, full_record):
    signed_in(client, owner)
    client.get(reverse("client", args=[full_record.pk]))  # so the trail has a view in it
    response = export(client, full_record)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="client-{full_record.pk}-record-')
    assert "Test" not in disposition
    found = json.loads(response.content)
    assert found["format"] == "between.client-record/1"
    assert found["client"]["name"] == "Test Client" and found["client"]["notes"] == "private note"
    assert {c["value"] for c in found["contact_points"]} == {"test@example.com", "+12125550123"}
    assert {c["channel"] for c in found["consents"]} == {"email", "sms", "portal", "phone"}
    assert found["accommodations"][0]["reason"] == "needs written replies"
    bodies = {m["body"] for m in found["messages"]}
    assert bodies == {"my homework went badly", "can we move thursday"}
    assert "not yours to see" not in response.content.decode()
    assert found["sent"][0]["body"] == "Let us look at the homework together on Tuesday."
    assert found["sent"][0]["attempts"][0]["outcome"] == "sent"
    assert found["calls"][0]["transcript"] == "please call me about my panic attacks"
    assert found["pages"][0]["acknowledged_by"] == "Owner"
    assert "client.viewed" in {e["action"] for e in found["audit_events"]}
    # Times are the practice's (New York): an offset of -04:00 or -05:00.
    assert found["messages"][0]["received_at"][-6:] in ("-04:00", "-05:00")


@pytest.mark.django_db
def test_the_pdf_export_opens_and_names_the_client(client, owner, full_record):
    signed_in(client, owner)
    response = export(client, full_record, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="client-{full_record.pk}-record-'
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Test Client" in text and "my homework went badly" in text
    assert "panic attacks" in text and "not yours to see" not in text
    event = AuditEvent.objects.get(action="client.exported")
    assert event.detail == {"format": "pdf"}


@pytest.mark.django_db
def test_only_the_owner_and_the_clients_own_clinician_may_export(
    client, riverside, client_record, clinician, supervisor, front_desk, outsider
):
    for member in (clinician, supervisor, front_desk, outsider):
        signed_in(client, member)
        for fmt in ("json", "pdf"):
            assert export(client, client_record, fmt).status_code == 404, (member, fmt)
        page = client.get(reverse("client", args=[client_record.pk]))
        assert "whole record (JSON)" not in page.content.decode()
    assert not AuditEvent.objects.filter(action="client.exported").exists()

    own = make_member(riverside, "own-clinician", "clinician")
    client_record.clinician = own
    client_record.save()
    signed_in(client, own)
    assert export(client, client_record).status_code == 200
    page = client.get(reverse("client", args=[client_record.pk])).content.decode()
    assert "whole record (JSON)" in page


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, client_record):
    assert export(client, client_record).status_code == 302


@pytest.mark.django_db
def test_recording_a_discharge_starts_the_retention_clock(client, owner, client_record):
    signed_in(client, owner)
    url = reverse("client-discharge", args=[client_record.pk])
    page = client.get(reverse("client", args=[client_record.pk])).content.decode()
    assert "Record the discharge" in page
    future = (timezone.now() + timedelta(days=5)).date().isoformat()
    client.post(url, {"discharged_on": future})
    client_record.refresh_from_db()
    assert client_record.discharged_on is None and client_record.status == "active"

    client.post(url, {"discharged_on": "2025-06-30"})
    client_record.refresh_from_db()
    assert client_record.status == "discharged"
    assert str(client_record.discharged_on) == "2025-06-30"
    event = AuditEvent.objects.get(action="client.discharged")
    assert event.detail == {"discharged_on": "2025-06-30"}
    page = client.get(reverse("client", args=[client_record.pk])).content.decode()
    assert "Discharged on 30 Jun 2025" in page

    client.post(url, {"reactivate": "1"})
    client_record.refresh_from_db()
    assert client_record.status == "active" and client_record.discharged_on is None
    assert AuditEvent.objects.filter(action="client.reactivated").count() == 1


@pytest.mark.django_db
def test_front_desk_and_outsiders_cannot_discharge(client, client_record, front_desk, outsider):
    for member in (front_desk, outsider):
        signed_in(client, member)
        url = reverse("client-discharge", args=[client_record.pk])
        assert client.post(url, {"discharged_on": "2025-06-30"}).status_code == 404
    client_record.refresh_from_db()
    assert client_record.discharged_on is None


def test_the_pdf_rewrites_only_its_own_timestamps_never_the_clients_words():
    from between.clients.export import readable

    shown = readable(
        {
            "at": "2026-03-01T22:30:00-05:00",
            "messages": [{"received_at": "2026-03-01T09:05:00-05:00", "body": "2026-03-01T09:05"}],
        }
    )
    assert shown["at"] == "Sun 1 Mar 2026, 22:30"
    assert shown["messages"][0]["received_at"] == "Sun 1 Mar 2026, 09:05"
    assert shown["messages"][0]["body"] == "2026-03-01T09:05"
