"""Adding and editing a client in the workspace: checks, normalising, consent, roles, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from between.audit.models import AuditEvent
from between.clients.models import Client, Consent, ContactPoint
from between.conftest import make_member, signed_in


def form_data(**overrides):
    data = {
        "name": "Maya Torres",
        "clinician": "",
        "language": "es",
        "preferred_channel": "sms",
        "emails-TOTAL_FORMS": "2",
        "emails-INITIAL_FORMS": "0",
        "emails-MIN_NUM_FORMS": "0",
        "emails-MAX_NUM_FORMS": "10",
        "emails-0-value": "Maya.T@Example.com",
        "emails-1-value": "",
        "phones-TOTAL_FORMS": "2",
        "phones-INITIAL_FORMS": "0",
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "10",
        "phones-0-value": "(212) 555-0142",
        "phones-1-value": "",
        "consent_email": "",
        "consent_sms": "granted",
        "consent_phone": "",
        "consent_portal": "",
        "note": "said yes to texts at the first call, 3 Dec",
    }
    data.update(overrides)
    return data


def edit_data(client, **overrides):
    """What the edit page posts back for ``client`` unchanged, then the overrides."""
    emails = list(client.contacts.filter(kind="email").order_by("id"))
    phones = list(client.contacts.filter(kind="phone").order_by("id"))
    data = {
        "name": client.name,
        "clinician": client.clinician_id or "",
        "language": client.language,
        "preferred_channel": client.preferred_channel,
        "emails-TOTAL_FORMS": str(len(emails) + 1),
        "emails-INITIAL_FORMS": str(len(emails)),
        "emails-MIN_NUM_FORMS": "0",
        "emails-MAX_NUM_FORMS": "10",
        "phones-TOTAL_FORMS": str(len(phones) + 1),
        "phones-INITIAL_FORMS": str(len(phones)),
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "10",
        "note": "",
    }
    for prefix, rows in (("emails", emails), ("phones", phones)):
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-value"] = row.value
        data[f"{prefix}-{len(rows)}-value"] = ""
    for channel in ("email", "sms", "phone", "portal"):
        data[f"consent_{channel}"] = client.consent_state(channel) or ""
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_adding_a_client_normalises_contacts_records_consent_and_audits(client, owner):
    signed_in(client, owner)
    form = client.get(reverse("client-add"))
    assert form.status_code == 200 and "Add a client" in form.content.decode()
    response = client.post(reverse("client-add"), form_data(clinician=owner.pk))
    added = Client.objects.get(name="Maya Torres")
    assert response.status_code == 302 and response["Location"] == reverse(
        "client", args=[added.pk]
    )
    assert added.practice == owner.practice and added.clinician == owner
    assert added.language == "es" and added.preferred_channel == "sms"
    assert sorted(added.contacts.values_list("kind", "value")) == [
        ("email", "maya.t@example.com"),
        ("phone", "+12125550142"),
    ]
    consent = Consent.objects.get(client=added)
    assert (consent.channel, consent.state, consent.method) == ("sms", "granted", "staff")
    assert consent.recorded_by == owner.user and consent.note.startswith("said yes")
    created = AuditEvent.objects.get(action="client.created")
    assert created.object_id == str(added.pk) and created.actor == owner.user
    assert created.detail["phones_added"] == 1 and created.detail["emails_added"] == 1
    # Identifiers and counts only: no name, number or address in the trail.
    assert "Maya" not in str(created.detail) and "555" not in str(created.detail)
    assert AuditEvent.objects.filter(action="client.consent_recorded").count() == 1


@pytest.mark.django_db
def test_a_bad_number_is_an_error_next_to_it_and_nothing_typed_is_lost(client, owner):
    signed_in(client, owner)
    response = client.post(
        reverse("client-add"),
        form_data(**{"phones-0-value": "call me maybe", "emails-0-value": "maya@"}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This is not a phone number we can use." in page
    assert "This is not an email address." in page
    # What was typed comes back, every part of it.
    for typed in ("call me maybe", "maya@", "Maya Torres", "said yes to texts"):
        assert typed in page
    assert 'id="id_phones-0-value_error"' in page and "is-invalid" in page
    assert not Client.objects.filter(name="Maya Torres").exists()


@pytest.mark.django_db
def test_a_contact_of_another_client_is_refused_and_named_only_to_who_may_see_them(
    client, owner, riverside, client_record
):
    signed_in(client, owner)
    taken = form_data(**{"phones-0-value": "212 555 0123", "emails-0-value": ""})
    response = client.post(reverse("client-add"), taken)
    assert response.status_code == 400
    assert "This number already belongs to Test Client." in response.content.decode()
    # A clinician who does not have that client is not told whose it is.
    other = make_member(riverside, "other-clinician", "clinician")
    signed_in(client, other)
    response = client.post(reverse("client-add"), taken)
    page = response.content.decode()
    assert "already belongs to another client of the practice" in page
    assert "Test Client" not in page
    assert Client.objects.count() == 1


@pytest.mark.django_db
def test_the_same_address_twice_in_one_form_is_refused(client, owner):
    signed_in(client, owner)
    response = client.post(
        reverse("client-add"),
        form_data(**{"emails-0-value": "a@example.com", "emails-1-value": "A@example.com "}),
    )
    assert response.status_code == 400
    assert "This address is already given above." in response.content.decode()


@pytest.mark.django_db
def test_consent_needs_a_note_and_a_declined_channel_cannot_be_preferred(client, owner):
    signed_in(client, owner)
    response = client.post(reverse("client-add"), form_data(note=""))
    assert response.status_code == 400
    assert "Say how and when the client gave or refused consent" in response.content.decode()
    response = client.post(reverse("client-add"), form_data(consent_sms="declined"))
    assert response.status_code == 400
    assert "The client said no to this channel" in response.content.decode()
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_editing_removes_a_contact_changes_the_clinician_and_adds_consent_history(
    client, owner, supervisor, client_record
):
    Consent.objects.create(
        client=client_record,
        channel="email",
        state="granted",
        recorded_at="2026-01-01T00:00:00Z",
        method="intake",
    )
    signed_in(client, supervisor)
    page = client.get(reverse("client-edit", args=[client_record.pk]))
    assert page.status_code == 200 and "+12125550123" in page.content.decode()
    data = edit_data(
        client_record,
        clinician=supervisor.pk,
        consent_email="withdrawn",
        note="asked in session to stop email",
        **{"phones-0-DELETE": "on", "emails-1-value": "second@example.com"},
    )
    response = client.post(reverse("client-edit", args=[client_record.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client_record.refresh_from_db()
    assert client_record.clinician == supervisor
    assert sorted(client_record.contacts.values_list("value", flat=True)) == [
        "second@example.com",
        "test@example.com",
    ]
    # Consent is added to, never overwritten: the intake record stays in the history.
    assert list(client_record.consents.order_by("recorded_at").values_list("state", "method")) == [
        ("granted", "intake"),
        ("withdrawn", "staff"),
    ]
    updated = AuditEvent.objects.get(action="client.updated")
    assert updated.detail["fields"] == ["clinician"]
    assert updated.detail["phones_removed"] == 1 and updated.detail["emails_added"] == 1


@pytest.mark.django_db
def test_emptying_a_box_removes_that_contact_and_unchanged_consent_adds_nothing(
    client, owner, client_record
):
    signed_in(client, owner)
    data = edit_data(client_record, **{"emails-0-value": ""})
    assert client.post(reverse("client-edit", args=[client_record.pk]), data).status_code == 302
    assert list(client_record.contacts.values_list("kind", flat=True)) == ["phone"]
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_a_clinician_adds_to_their_own_caseload_and_cannot_reassign(
    client, clinician, owner, client_record
):
    signed_in(client, clinician)
    # Whatever the form says, a clinician's new client is their own.
    response = client.post(reverse("client-add"), form_data(clinician=owner.pk))
    assert response.status_code == 302
    added = Client.objects.get(name="Maya Torres")
    assert added.clinician == clinician
    data = edit_data(added, clinician=owner.pk, name="Maya T.")
    assert client.post(reverse("client-edit", args=[added.pk]), data).status_code == 302
    added.refresh_from_db()
    assert added.clinician == clinician and added.name == "Maya T."
    # Another clinician's client is not theirs to open or edit.
    assert client.get(reverse("client-edit", args=[client_record.pk])).status_code == 404
    assert (
        client.post(reverse("client-edit", args=[client_record.pk]), edit_data(client_record))
    ).status_code == 404


@pytest.mark.django_db
def test_the_front_desk_may_add_and_assign_a_clinician(client, front_desk, owner):
    signed_in(client, front_desk)
    page = client.get(reverse("client-add")).content.decode()
    # The front desk holds no caseload, so is not offered as a clinician.
    assert f'<option value="{owner.pk}">' in page
    assert f'<option value="{front_desk.pk}">' not in page
    response = client.post(reverse("client-add"), form_data(clinician=owner.pk))
    assert response.status_code == 302
    assert Client.objects.get(name="Maya Torres").clinician == owner
    refused = client.post(reverse("client-add"), form_data(clinician=front_desk.pk, name="X"))
    assert refused.status_code == 400 and not Client.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_another_practices_user_reaches_no_client_of_riverside(
    client, outsider, client_record, policy_version
):
    signed_in(client, outsider)
    pk = client_record.pk
    assert client.get(reverse("client-edit", args=[pk])).status_code == 404
    assert (
        client.post(reverse("client-edit", args=[pk]), edit_data(client_record)).status_code == 404
    )
    contact = client_record.contacts.first()
    send = client.post(reverse("client-intake-send", args=[pk]), {"to": contact.pk})
    assert send.status_code == 404
    # Adding works in their own practice only, and cannot take Riverside's numbers silently.
    response = client.post(reverse("client-add"), form_data(**{"phones-0-value": "+12125550123"}))
    assert response.status_code == 302
    theirs = Client.objects.get(name="Maya Torres")
    assert theirs.practice == outsider.practice
    assert ContactPoint.objects.filter(value="+12125550123").count() == 2
    listing = client.get(reverse("clients")).content.decode()
    assert "Test Client" not in listing and "Maya Torres" in listing


@pytest.mark.django_db
def test_someone_without_a_practice_gets_404(client, django_user_model):
    user = django_user_model.objects.create_user("loner", password="x")
    client.force_login(user)
    for name in ("client-add", "client-import", "client-import-template", "clients"):
        assert client.get(reverse(name)).status_code == 404, name
