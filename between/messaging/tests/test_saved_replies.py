"""Saved replies: the practice's own, managed by its clinical staff, inserted in the composer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from between.audit.models import AuditEvent
from between.conftest import signed_in
from between.messaging.models import SavedReply


@pytest.mark.django_db
def test_add_edit_delete_audited(client, owner, riverside):
    signed_in(client, owner)
    url = reverse("saved-replies")
    assert "No saved replies yet" in client.get(url).content.decode()
    client.post(url, {"title": "Moved", "body": "Your appointment has moved to {day}."})
    reply = SavedReply.objects.get(practice=riverside)
    assert reply.title == "Moved" and reply.created_by == owner.user
    duplicate = client.post(url, {"title": "moved", "body": "again"})
    assert duplicate.status_code == 400
    html = duplicate.content.decode()
    assert "There is already a saved reply with this name." in html and "again" in html
    edit = reverse("saved-reply-edit", args=[reply.pk])
    assert client.post(edit, {"title": "Moved", "body": "See you Thursday."}).status_code == 302
    reply.refresh_from_db()
    assert reply.body == "See you Thursday."
    assert client.post(edit, {"title": "", "body": ""}).status_code == 400
    delete = reverse("saved-reply-delete", args=[reply.pk])
    asked = client.get(delete).content.decode()
    assert "Delete this saved reply?" in asked and "See you Thursday." in asked
    assert SavedReply.objects.exists()  # asking deletes nothing
    client.post(delete)
    assert not SavedReply.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="saved_reply.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["saved_reply.changed", "saved_reply.created", "saved_reply.deleted"]


@pytest.mark.django_db
def test_scoped_to_the_practice_and_clinical_roles(
    client, outsider, front_desk, clinician, riverside
):
    reply = SavedReply.objects.create(practice=riverside, title="Moved", body="x")
    for member in (outsider, front_desk):
        signed_in(client, member)
        assert client.get(reverse("saved-reply-edit", args=[reply.pk])).status_code == 404
        assert client.get(reverse("saved-reply-delete", args=[reply.pk])).status_code == 404
        assert client.post(reverse("saved-reply-delete", args=[reply.pk])).status_code == 404
        assert (
            client.post(
                reverse("saved-reply-edit", args=[reply.pk]), {"title": "y", "body": "y"}
            ).status_code
            == 404
        )
    signed_in(client, outsider)
    assert "Moved" not in client.get(reverse("saved-replies")).content.decode()
    signed_in(client, front_desk)
    assert client.get(reverse("saved-replies")).status_code == 404
    signed_in(client, clinician)
    assert "Moved" in client.get(reverse("saved-replies")).content.decode()
    reply.refresh_from_db()
    assert reply.title == "Moved"


@pytest.mark.django_db
def test_inserted_into_the_box_without_the_script(
    client, owner, front_desk, riverside, consenting, admin_message
):
    SavedReply.objects.create(practice=riverside, title="Moved", body="Thursday at 4 works.")
    theirs = SavedReply.objects.create(
        practice=__import__(
            "between.practices.models", fromlist=["Practice"]
        ).Practice.objects.create(name="Other", slug="other", timezone="UTC", setting="clinic"),
        title="Not ours",
        body="secret",
    )
    signed_in(client, front_desk)  # the desk uses saved replies, without managing them
    page = client.get(reverse("message", args=[admin_message.pk])).content.decode()
    assert "Moved" in page and "Not ours" not in page and "Manage saved replies" not in page
    mine = SavedReply.objects.get(title="Moved")
    response = client.post(
        reverse("message-reply", args=[admin_message.pk]),
        {"body": "Hello.", "saved": mine.pk, "insert": "1", "channel": "sms"},
    )
    assert response.status_code == 200
    assert "Hello.\n\nThursday at 4 works.</textarea>" in response.content.decode()
    other = client.post(
        reverse("message-reply", args=[admin_message.pk]),
        {"body": "Hello.", "saved": theirs.pk, "insert": "1"},
    ).content.decode()
    assert "secret" not in other
