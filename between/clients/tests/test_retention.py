"""Retention: exactly the former clients past the practice's period are deleted, once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from between.audit.models import AuditEvent
from between.clients import retention
from between.clients.models import (
    Accommodation,
    Client,
    ClientAcknowledgement,
    Consent,
    ContactKind,
    ContactPoint,
    IntakeInvitation,
)
from between.conftest import signed_in
from between.messaging.models import Call, DeliveryAttempt, Message, Outbound, Page
from between.policies.models import PolicyNotice

DAYS = 30


def ago(days):
    return timezone.now() - timedelta(days=days)


def former(practice, name, *, discharged_days_ago, status="discharged"):
    return Client.objects.create(
        practice=practice,
        name=name,
        status=status,
        discharged_on=(timezone.now() - timedelta(days=discharged_days_ago)).date(),
    )


def fill(client, key, *, crisis_open=False, page_acknowledged=True, last_contact_days=120):
    """A record with one of everything, the newest contact ``last_contact_days`` ago."""
    practice = client.practice
    ContactPoint.objects.create(client=client, kind=ContactKind.EMAIL, value=f"{key}@example.com")
    Consent.objects.create(
        client=client, channel="email", state="granted", recorded_at=ago(400), method="intake"
    )
    Accommodation.objects.create(client=client, kind="other", reason="reason")
    message = Message.objects.create(
        practice=practice,
        client=client,
        channel="email",
        from_address=f"{key}@example.com",
        body=f"words of {key}",
        raw=b"From: someone\r\n\r\nwith an attachment",
        received_at=ago(last_contact_days),
        dedupe_key=f"{key}-m",
        crisis=crisis_open,
        category="crisis" if crisis_open else "clinical",
    )
    Call.objects.create(
        practice=practice,
        client=client,
        caller="+12125550123",
        at=ago(last_contact_days + 1),
        call_id=f"{key}-c",
        voicemail=True,
        transcript=f"voicemail of {key}",
        status="done",
    )
    reply = Outbound.objects.create(
        practice=practice,
        client=client,
        in_reply_to=message,
        channel="email",
        to=f"{key}@example.com",
        kind="after_hours",
        body="auto",
        created_at=ago(last_contact_days),
    )
    DeliveryAttempt.objects.create(outbound=reply, number=1, at=ago(100), outcome="sent")
    # A notice tied to the client only, not to a message or call.
    Outbound.objects.create(
        practice=practice,
        client=client,
        channel="email",
        to=f"{key}@example.com",
        kind="policy_notice",
        body="notice",
        created_at=ago(200),
    )
    Page.objects.create(
        practice=practice,
        message=message,
        audience="clinician",
        name="Owner",
        created_at=ago(last_contact_days),
        acknowledged_at=ago(last_contact_days) if page_acknowledged else None,
    )
    return client


@pytest.fixture
def cast(riverside, elsewhere, policy_version):
    riverside.retention_days = DAYS
    riverside.save()
    elsewhere.retention_days = DAYS
    elsewhere.save()
    due = fill(former(riverside, "Due Person", discharged_days_ago=100), "due")
    IntakeInvitation.objects.create(
        client=due, token_hash="a" * 64, created_at=ago(400), expires_at=ago(390)
    )
    ClientAcknowledgement.objects.create(
        client=due,
        policy_version=policy_version,
        content_hash="b" * 64,
        purpose="intake",
        signed_name="Due Person",
        at=ago(400),
        receipt_pdf=b"%PDF-receipt",
    )
    PolicyNotice.objects.create(version=policy_version, client=due)
    return {
        "due": due,
        "crisis": fill(
            former(riverside, "Crisis Person", discharged_days_ago=100), "crisis", crisis_open=True
        ),
        "paged": fill(
            former(riverside, "Paged Person", discharged_days_ago=100),
            "paged",
            page_acknowledged=False,
        ),
        "recent": fill(former(riverside, "Recent Person", discharged_days_ago=10), "recent"),
        "wrote_again": fill(
            former(riverside, "Wrote Again", discharged_days_ago=100),
            "again",
            last_contact_days=5,
        ),
        "active": fill(
            former(riverside, "Active Person", discharged_days_ago=100, status="active"),
            "active",
        ),
        "undated": Client.objects.create(
            practice=riverside, name="Undated Person", status="discharged"
        ),
        "elsewhere": fill(former(elsewhere, "Far Person", discharged_days_ago=100), "far"),
    }


@pytest.mark.django_db
def test_the_review_lists_exactly_what_is_due_and_what_is_kept(riverside, cast):
    found = retention.review(riverside)
    assert [c.client_id for c in found.due] == [cast["due"].pk]
    kept = {c.client_id: c.blocked for c in found.kept}
    assert kept == {
        cast["crisis"].pk: "an open crisis message or call",
        cast["paged"].pk: "a crisis page nobody has acknowledged",
    }
    assert found.undated == 1
    assert found.due[0].counts == {
        "clients": 1,
        "contact_points": 1,
        "consents": 1,
        "accommodations": 1,
        "links": 1,
        "acknowledgements": 1,
        "policy_notices": 1,
        "messages": 1,
        "calls": 1,
        "sent": 2,
        "delivery_attempts": 1,
        "pages": 1,
    }


@pytest.mark.django_db
def test_apply_deletes_the_due_record_and_nothing_else_and_twice_is_a_no_op(
    riverside, elsewhere, cast
):
    due = cast["due"]
    others = Client.objects.exclude(pk=due.pk).count()
    other_messages = Message.objects.exclude(client=due).count()
    other_sent = Outbound.objects.exclude(client=due).count()
    other_calls = Call.objects.exclude(client=due).count()
    other_pages = Page.objects.exclude(message__client=due).count()

    found = retention.review(riverside)
    deleted = retention.apply(found)
    assert deleted == found.totals()  # what was listed is what went

    assert not Client.objects.filter(pk=due.pk).exists()
    assert Client.objects.count() == others
    assert Message.objects.count() == other_messages
    assert Outbound.objects.count() == other_sent
    assert Call.objects.count() == other_calls
    assert Page.objects.count() == other_pages
    for model in (Consent, ContactPoint, Accommodation, IntakeInvitation, ClientAcknowledgement):
        assert not model.objects.filter(client_id=due.pk).exists()
    assert not PolicyNotice.objects.filter(client_id=due.pk).exists()
    assert not DeliveryAttempt.objects.filter(outbound__client_id=due.pk).exists()
    assert not Message.objects.filter(body="words of due").exists()

    event = AuditEvent.objects.get(action="client.deleted_by_retention")
    assert (event.object_type, event.object_id) == ("clients.client", str(due.pk))
    assert event.actor_label == "retention" and event.practice == riverside
    assert event.detail["counts"]["messages"] == 1 and event.detail["retention_days"] == DAYS
    assert "Due Person" not in str(event.detail) and "words" not in str(event.detail)

    assert retention.apply(retention.review(riverside)) == {}
    assert AuditEvent.objects.filter(action="client.deleted_by_retention").count() == 1


@pytest.mark.django_db
def test_a_crisis_that_arrives_after_the_review_keeps_the_record(riverside, cast):
    found = retention.review(riverside)
    Message.objects.create(
        practice=riverside,
        client=cast["due"],
        channel="portal",
        body="help",
        received_at=timezone.now(),
        dedupe_key="late-crisis",
        crisis=True,
    )
    assert retention.apply(found) == {}
    assert Client.objects.filter(pk=cast["due"].pk).exists()


@pytest.mark.django_db
def test_the_command_lists_counts_then_deletes_and_then_has_nothing_to_do(riverside, cast):
    out = StringIO()
    call_command("retention", stdout=out)
    listed = out.getvalue()
    assert f"client #{cast['due'].pk}" in listed
    assert "1 client, 1 contact point" in listed and "2 sent items" in listed
    assert "riverside-test: retention 30 days" in listed and "1 due, 2 kept" in listed
    assert "elsewhere: retention 30 days" in listed
    assert "kept because of an open crisis" in listed and "run with --apply" in listed
    assert "1 discharged client(s) without a discharge date" in listed
    for name in ("Due Person", "Crisis Person", "words of"):
        assert name not in listed
    assert Client.objects.filter(pk=cast["due"].pk).exists()  # listing deletes nothing

    out = StringIO()
    call_command("retention", "--apply", "--practice", "riverside-test", stdout=out)
    assert f"client #{cast['due'].pk}" in out.getvalue() and "deleted" in out.getvalue()
    assert not Client.objects.filter(pk=cast["due"].pk).exists()
    assert Client.objects.filter(pk=cast["elsewhere"].pk).exists()  # another practice

    out = StringIO()
    call_command("retention", "--apply", "--practice", "riverside-test", stdout=out)
    assert "0 due, 2 kept" in out.getvalue() and "): deleted" not in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_practice():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no practice"):
        call_command("retention", "--practice", "nowhere", stdout=StringIO())


@pytest.mark.django_db
def test_owners_confirm_the_deletion_on_a_page(client, owner, riverside, cast):
    signed_in(client, owner)
    url = reverse("client-retention")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Due Person" in text and "1 message, 1 call" in text and "Crisis Person" in text
    assert "Wrote Again" not in text and "Far Person" not in text
    assert AuditEvent.objects.filter(action="client.retention_reviewed").count() == 1

    client.post(url, {"client": [cast["due"].pk]})  # not confirmed
    assert Client.objects.filter(pk=cast["due"].pk).exists()
    # Only what was listed is deleted, whatever else is posted.
    client.post(url, {"client": [cast["due"].pk, cast["crisis"].pk], "confirm": "yes"})
    assert not Client.objects.filter(pk=cast["due"].pk).exists()
    assert Client.objects.filter(pk=cast["crisis"].pk).exists()
    event = AuditEvent.objects.get(action="client.deleted_by_retention")
    assert event.actor == owner.user


@pytest.mark.django_db
def test_nobody_but_an_owner_reaches_the_retention_page(
    client, cast, clinician, supervisor, front_desk, outsider
):
    for member in (clinician, supervisor, front_desk, outsider):
        signed_in(client, member)
        assert client.get(reverse("client-retention")).status_code == 404
        response = client.post(
            reverse("client-retention"), {"client": [cast["due"].pk], "confirm": "yes"}
        )
        assert response.status_code == 404
    assert Client.objects.filter(pk=cast["due"].pk).exists()
