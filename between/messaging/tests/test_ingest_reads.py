"""The plain-SQL reads ingest makes agree with the ORM's answers, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from between.clients.models import Accommodation, Consent
from between.messaging import ingest_reads as reads
from between.messaging.models import Endpoint, Message, Outbound
from between.practices.models import Absence

AT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def test_latest_consent_per_channel_wins(client_record):
    for state, days in (("granted", 30), ("withdrawn", 10), ("granted", 20)):
        Consent.objects.create(
            client=client_record,
            channel="sms",
            state=state,
            recorded_at=AT - timedelta(days=days),
            method="intake",
        )
    assert reads.latest_consents(client_record.pk) == {"sms": "withdrawn"}


def test_active_accommodations_come_back_as_dicts(client_record):
    Accommodation.objects.create(
        client=client_record, kind="turnaround", detail={"turnaround": "2 business days"}
    )
    Accommodation.objects.create(client=client_record, kind="turnaround", active=False)
    assert reads.active_accommodations(client_record.pk) == [
        ("turnaround", {"turnaround": "2 business days"})
    ]


def test_absences_carry_the_covering_name(riverside, owner, clinician):
    Absence.objects.create(
        practice=riverside,
        clinician=owner,
        start=date(2026, 7, 1),
        end=date(2026, 7, 3),
        covering=clinician,
    )
    Absence.objects.create(
        practice=riverside, clinician=clinician, start=date(2026, 8, 1), end=date(2026, 8, 1)
    )
    assert reads.absences(riverside.pk) == [
        (date(2026, 7, 1), date(2026, 7, 3), clinician.display_name),
        (date(2026, 8, 1), date(2026, 8, 1), None),
    ]


def test_history_reads_are_case_blind_and_bounded(riverside, client_record):
    Message.objects.create(
        practice=riverside,
        client=client_record,
        channel="email",
        from_address="Test@Example.com",
        body="x",
        received_at=AT - timedelta(hours=2),
        dedupe_key="k1",
        digest="d1",
        crisis=True,
    )
    Message.objects.create(
        practice=riverside,
        client=client_record,
        channel="email",
        from_address="test@example.com",
        body="x",
        received_at=AT - timedelta(days=3),
        dedupe_key="k2",
        digest="d2",
    )
    Outbound.objects.create(
        practice=riverside,
        channel="email",
        to="TEST@example.com",
        kind="acknowledgement",
        body="b",
        created_at=AT - timedelta(days=1),
    )
    Outbound.objects.create(
        practice=riverside,
        channel="email",
        to="test@example.com",
        kind="typed",
        body="b",
        created_at=AT - timedelta(days=1),
    )
    received = reads.received_from(riverside.pk, "test@EXAMPLE.com", AT - timedelta(days=1), AT)
    assert received == [(AT - timedelta(hours=2), "d1", True)]
    sent = reads.automatic_sends(riverside.pk, "test@example.com", AT - timedelta(days=60))
    assert sent == [("acknowledgement", "email", AT - timedelta(days=1), None)]
    assert reads.message_key_seen(riverside.pk, "k1")
    assert not reads.message_key_seen(riverside.pk, "k3")


def test_routing_and_identification(riverside, elsewhere, client_record):
    Endpoint.objects.create(practice=elsewhere, kind="email", address="desk@elsewhere.example")
    Endpoint.objects.create(practice=riverside, kind="email", address="alex@riverside.example")
    assert reads.practice_written_to(["nobody@x.example"]) is None
    assert reads.practice_written_to([]) is None
    found = reads.practice_written_to(["nobody@x.example", "alex@riverside.example"])
    assert found == riverside and found.timezone == riverside.timezone
    client = reads.client_with_contact(riverside.pk, "email", "test@example.com")
    assert client == client_record and client.name == client_record.name  # decrypted
    assert reads.client_with_contact(elsewhere.pk, "email", "test@example.com") is None


def test_loaded_rows_are_whole_model_instances_with_the_notes_left_for_later(
    riverside, client_record, django_assert_num_queries
):
    from django.forms.models import model_to_dict

    client_record.notes = "Prefers mornings"
    client_record.save()
    found = reads.client_with_contact(riverside.pk, "email", "test@example.com")
    assert found.get_deferred_fields() == {"notes"}  # never decrypted to decide
    with django_assert_num_queries(1):
        assert found.notes == "Prefers mornings"  # read when asked for
    fresh = type(client_record).objects.get(pk=client_record.pk)
    assert model_to_dict(found) == model_to_dict(fresh)
    assert found.created_at == fresh.created_at and found.created_at.tzinfo is not None
    found.preferred_channel = "email"
    found.save()  # a loaded instance saves like any other
    assert type(client_record).objects.get(pk=client_record.pk).notes == "Prefers mornings"
