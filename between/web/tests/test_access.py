"""The cast against every page: owner, front desk, and an outsider from another practice."""

from datetime import UTC

import pytest
from django.urls import reverse

from between.audit.models import AuditEvent
from between.conftest import signed_in


@pytest.fixture
def pages(clinical_message, admin_message, client_record, voicemail):
    return {
        "message": reverse("message", args=[clinical_message.pk]),
        "admin_message": reverse("message", args=[admin_message.pk]),
        "client": reverse("client", args=[client_record.pk]),
        "admin_change": reverse("admin:messaging_message_change", args=[clinical_message.pk]),
        "admin_client": reverse("admin:clients_client_change", args=[client_record.pk]),
    }


@pytest.mark.django_db
def test_outsider_reaches_nothing_by_any_url(client, outsider, pages, clinical_message):
    signed_in(client, outsider)
    for name, url in pages.items():
        status = client.get(url).status_code
        assert status in (302, 403, 404), f"{name} answered {status}"
        assert status != 200
    post = client.post(reverse("message-done", args=[clinical_message.pk]))
    assert post.status_code == 404
    inbox = client.get(reverse("inbox")).content.decode()
    assert "Test Client" not in inbox
    assert "Test Client" not in client.get(reverse("clients")).content.decode()
    assert "Test Client" not in client.get(reverse("callbacks")).content.decode()
    clinical_message.refresh_from_db()
    assert clinical_message.status == "open"


@pytest.mark.django_db
def test_the_admin_answers_operators_only(client, owner, front_desk, elsewhere, pages):
    """Owners and staff run their practice from the workspace; the admin is for the
    installation's operators (superusers), whatever is_staff says (issue 15)."""
    from django.contrib.auth import get_user_model

    from between.conftest import make_member

    other_owner = make_member(elsewhere, "other-owner", "owner", staff=True)
    for member in (owner, front_desk, other_owner):
        signed_in(client, member)
        for url in (reverse("admin:index"), pages["admin_change"], pages["admin_client"]):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response.url, url
    operator = get_user_model().objects.create_superuser("operator", "op@example.org", "x")
    client.force_login(operator)
    assert client.get(reverse("admin:index")).status_code == 200
    listing = client.get(reverse("admin:clients_client_changelist")).content.decode()
    assert "Test Client" in listing  # operators see every practice


@pytest.mark.django_db
def test_owner_sees_everything_of_their_practice(client, owner, pages):
    signed_in(client, owner)
    for name, url in pages.items():
        if name.startswith("admin_") and "/admin/" in url:
            continue  # the admin is for operators (test_the_admin_answers_operators_only)
        assert client.get(url).status_code == 200, name
    inbox = client.get(reverse("inbox")).content.decode()
    assert inbox.count("Test Client") == 2


@pytest.mark.django_db
def test_front_desk_sees_scheduling_but_no_clinical_content(client, front_desk, pages):
    signed_in(client, front_desk)
    assert client.get(pages["admin_message"]).status_code == 200
    assert client.get(pages["message"]).status_code == 404
    assert client.get(pages["admin_change"]).status_code == 302  # to the admin's sign-in
    inbox = client.get(reverse("inbox")).content.decode()
    assert inbox.count("Test Client") == 1
    callbacks = client.get(reverse("callbacks")).content.decode()
    assert "Test Client" in callbacks and "panic attacks" not in callbacks
    detail = client.get(pages["client"]).content.decode()
    assert "private note" not in detail


@pytest.mark.django_db
def test_viewing_client_content_is_audited(client, owner, pages, clinical_message):
    signed_in(client, owner)
    client.get(pages["message"], REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="TestBrowser")
    event = AuditEvent.objects.get(action="message.viewed")
    assert event.actor == owner.user and event.object_id == str(clinical_message.pk)
    assert event.ip_address == "192.0.2.7" and event.user_agent == "TestBrowser"
    assert event.practice == owner.practice


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, pages):
    for url in [reverse("inbox"), reverse("clients"), reverse("callbacks"), pages["message"]]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.django_db
def test_times_are_shown_in_the_practice_time_zone(client, owner, riverside):
    from datetime import datetime

    from between.messaging.models import Message

    Message.objects.create(
        practice=riverside,
        channel="sms",
        dedupe_key="tz",
        category="admin",
        received_at=datetime(2026, 11, 20, 1, 4, tzinfo=UTC),
    )
    signed_in(client, owner)
    page = client.get(reverse("inbox")).content.decode()
    assert "Thu 19 Nov, 20:04" in page  # 01:04 UTC is 20:04 the evening before in New York


@pytest.mark.django_db
def test_the_admin_never_deletes_a_client_row(client, client_record, clinical_message):
    """Deleting there would leave the client's messages behind; retention deletes whole.
    Not even an operator deletes one there."""
    from django.contrib.auth import get_user_model

    operator = get_user_model().objects.create_superuser("operator", "op@example.org", "x")
    client.force_login(operator)
    url = reverse("admin:clients_client_delete", args=[client_record.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    clinical_message.refresh_from_db()
    assert clinical_message.client_id == client_record.pk
