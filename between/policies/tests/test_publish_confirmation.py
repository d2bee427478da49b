"""Publishing asks first: the notice as clients get it, who gets it and how, who does not.

Only the confirmation sends, once, and only the draft and the clients that were shown.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from between.audit.models import AuditEvent
from between.clients.models import Client, ClientStatus
from between.conftest import signed_in
from between.core.policy import reference_policy_text
from between.messaging.models import Outbound
from between.policies.models import PolicyNotice, PolicyVersion
from between.policies.tests.test_notices import add_client

LATER = {"effective": "2099-01-01"}


@pytest.fixture
def cast(riverside, policy_version):
    """Three clients messaged (two by email, one by text), three who are not."""
    add_client(
        riverside, "Grace Okafor", address="grace@example.com", preferred="email", email="granted"
    )
    add_client(riverside, "Ana Ruiz", address="ana@example.com", preferred="email", email="granted")
    spanish = add_client(
        riverside, "Luis Ortega", number="+12125550188", preferred="sms", sms="granted"
    )
    spanish.language = "es"
    spanish.save()
    add_client(riverside, "Pat Silent", address="pat@example.com")  # never agreed
    add_client(riverside, "Sam Nonumber", preferred="sms", sms="granted")  # agreed, no number
    gone = add_client(riverside, "Dee Parted", address="dee@example.com", email="granted")
    gone.status = ClientStatus.DISCHARGED
    gone.save()


def second_draft(riverside, owner):
    return PolicyVersion.objects.create(
        practice=riverside,
        number=2,
        text=reference_policy_text().replace("business_days: 1\n  say", "business_days: 2\n  say"),
        created_by=owner.user,
    )


def preview(client, draft, effective=LATER):
    url = reverse("policy-publish-preview", args=[draft.pk])
    return client.get(url, effective)


def confirm_data(response):
    form = response.context["confirm"]
    return {"effective": form["effective"].value(), "token": form["token"].value()}


def test_the_confirmation_shows_the_notice_the_counts_and_who_is_left_out_and_sends_nothing(
    client, riverside, owner, cast
):
    draft = second_draft(riverside, owner)
    response = preview(signed_in(client, owner), draft)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This will message 3 clients: 2 by email, 1 by text" in page
    assert "Thursday 1 January 2099, 00:00" in page  # practice time, in words
    plan = response.context["plan"]
    assert sorted(r.client.name for r in plan.recipients) == [
        "Ana Ruiz",
        "Grace Okafor",
        "Luis Ortega",
    ]
    reasons = {left.client.name: left.reason for left in plan.left_out}
    assert reasons["Dee Parted"].startswith("discharged")
    assert reasons["Pat Silent"].startswith("has not agreed to be contacted")
    assert (
        reasons["Sam Nonumber"]
        == "agreed to text, but there is no address or number on file for it"
    )
    # The notice most clients get comes first, open; the Spanish text is there to read too.
    samples = response.context["samples"]
    assert (samples[0]["language"], samples[0]["channel"], samples[0]["clients"]) == (
        "English",
        "email",
        2,
    )
    assert samples[0]["text"].subject == "Our communications policy is changing"
    assert "takes effect on" in samples[0]["text"].body
    spanish = [s for s in samples if s["channel"] == "sms"]
    assert spanish and spanish[0]["language"] == "Español" and "política" in spanish[0]["text"].body
    # Nothing happened but the record of what was shown.
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not Outbound.objects.exists() and not PolicyNotice.objects.filter(version=draft).exists()
    event = AuditEvent.objects.get(action="policy.publish_previewed")
    assert event.detail["clients_to_message"] == 3 and event.detail["clients_left_out"] == 3
    for name in ("Grace", "Okafor", "Luis"):
        assert name not in str(event.detail)


def test_confirming_publishes_and_messages_exactly_the_clients_shown_once(
    client, riverside, owner, cast
):
    draft = second_draft(riverside, owner)
    signed_in(client, owner)
    data = confirm_data(preview(client, draft))
    with_hooks = client.post(reverse("policy-publish", args=[draft.pk]), data, follow=True)
    assert "Published. It takes effect Thursday 1 January 2099, 00:00; 3 clients will be told" in (
        with_hooks.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == "published"
    sent = Outbound.objects.filter(kind="policy_notice")
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "email", "sms"]
    # A double click, or the same confirmation sent again: no second publication or message.
    again = client.post(reverse("policy-publish", args=[draft.pk]), data, follow=True)
    assert "already published; nothing more was sent" in again.content.decode()
    assert Outbound.objects.filter(kind="policy_notice").count() == 3
    assert AuditEvent.objects.filter(action="policy.published").count() == 1


def test_a_draft_changed_after_the_preview_is_not_published(client, riverside, owner, cast):
    draft = second_draft(riverside, owner)
    signed_in(client, owner)
    data = confirm_data(preview(client, draft))
    draft.text = draft.text.replace("business_days: 2\n  say", "business_days: 3\n  say")
    draft.save()
    response = client.post(reverse("policy-publish", args=[draft.pk]), data, follow=True)
    assert "changed after you checked what would be sent" in response.content.decode()
    assert response.context["plan"]  # back on the confirmation, for the new text
    draft.refresh_from_db()
    assert draft.status == "draft" and not Outbound.objects.exists()


def test_a_new_client_since_the_preview_means_checking_again(client, riverside, owner, cast):
    draft = second_draft(riverside, owner)
    signed_in(client, owner)
    data = confirm_data(preview(client, draft))
    add_client(riverside, "New Person", address="new@example.com", email="granted")
    response = client.post(reverse("policy-publish", args=[draft.pk]), data, follow=True)
    assert "This will message 4 clients" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft" and not Outbound.objects.exists()


def test_a_forged_or_another_versions_token_publishes_nothing(client, riverside, owner, cast):
    draft = second_draft(riverside, owner)
    other = PolicyVersion.objects.create(
        practice=riverside, number=3, text=draft.text, created_by=owner.user
    )
    signed_in(client, owner)
    theirs = confirm_data(preview(client, other))
    for data in (theirs, LATER, {**LATER, "token": "made-up"}):
        response = client.post(reverse("policy-publish", args=[draft.pk]), data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("policy-publish-preview", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft" and not Outbound.objects.exists()


def test_cancel_changes_nothing_and_is_recorded(client, riverside, owner, cast):
    draft = second_draft(riverside, owner)
    signed_in(client, owner)
    preview(client, draft)
    response = client.post(reverse("policy-publish-cancel", args=[draft.pk]), follow=True)
    assert "Not published. Nothing was sent." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft" and not Outbound.objects.exists()
    assert AuditEvent.objects.filter(action="policy.publish_cancelled").count() == 1


def test_a_date_too_soon_is_refused_in_practice_time_words(client, riverside, owner, cast):
    draft = second_draft(riverside, owner)
    soon = {"effective": (timezone.now() + timedelta(days=2)).date().isoformat()}
    response = signed_in(client, owner).get(
        reverse("policy-publish-preview", args=[draft.pk]), soon, follow=True
    )
    page = response.content.decode()
    assert "clients must get 30 days&#x27; notice: the earliest effective date is" in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page.split("earliest effective date is")[1][:40])
    assert re.search(r"earliest effective date is \w+day \d{1,2} \w+ \d{4}, \d{2}:\d{2}", page)


@pytest.mark.parametrize("role", ["clinician", "supervisor", "front_desk", "outsider"])
def test_only_the_owner_of_this_practice_sees_or_confirms_it(
    client, riverside, owner, cast, request, role
):
    draft = second_draft(riverside, owner)
    signed_in(client, owner)
    data = confirm_data(preview(client, draft))
    signed_in(client, request.getfixturevalue(role))
    assert preview(client, draft).status_code == 404
    assert client.post(reverse("policy-publish", args=[draft.pk]), data).status_code == 404
    assert client.post(reverse("policy-publish-cancel", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft" and not Outbound.objects.exists()


def test_the_preview_count_is_what_publication_sends(client, riverside, owner, cast):
    draft = second_draft(riverside, owner)
    signed_in(client, owner)
    shown = preview(client, draft)
    plan = shown.context["plan"]
    client.post(reverse("policy-publish", args=[draft.pk]), confirm_data(shown))
    sent = Outbound.objects.filter(kind="policy_notice")
    assert sent.count() == plan.count
    assert sorted(sent.values_list("client__name", flat=True)) == sorted(
        r.client.name for r in plan.recipients
    )
    left = set(
        PolicyNotice.objects.filter(version=draft, sent_at__isnull=True).values_list(
            "client__name", flat=True
        )
    )
    active_left = {x.client.name for x in plan.left_out if x.client.status == ClientStatus.ACTIVE}
    assert left == active_left
    assert Client.objects.filter(name="Dee Parted", policy_notices__version=draft).count() == 0


def test_confirmation_data_is_what_the_page_posts(client, riverside, owner, cast):
    from datetime import date

    from between.policies.views import confirmation_data

    draft = second_draft(riverside, owner)
    data = confirmation_data(draft, date(2099, 1, 1))
    signed_in(client, owner).post(reverse("policy-publish", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert draft.status == "published"
    assert Outbound.objects.filter(kind="policy_notice").count() == 3
