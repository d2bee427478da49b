from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from between.channels.portal.links import SALT, issue, resolve
from between.conftest import signed_in
from between.messaging.models import Message

CRISIS = "I want to kill myself tonight"


@pytest.mark.django_db
def test_a_client_writes_through_a_signed_link(client, policy_version, consenting):
    token = issue(consenting)
    url = reverse("portal", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and b"call 911 now" in page.content
    response = client.post(url, {"body": "I finished the worksheet"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.channel == "portal" and message.client == consenting
    assert "I finished the worksheet" in client.get(url).content.decode()


@pytest.mark.django_db
def test_links_expire_and_new_ones_revoke_old_ones(client, consenting, settings):
    old = issue(consenting)
    new = issue(consenting)
    assert resolve(old) is None and resolve(new) == consenting
    assert client.get(reverse("portal", args=[old])).status_code == 404
    forged = signing.dumps({"c": consenting.pk, "k": "guess"}, salt=SALT)
    assert resolve(forged) is None
    settings.BETWEEN_PORTAL_LINK_DAYS = 1
    stale = signing.dumps({"c": consenting.pk, "k": consenting.portal_key}, salt=SALT)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=10**10):
        assert resolve(stale) is None
    assert timedelta(days=1)


@pytest.mark.django_db
def test_the_portal_is_rate_limited_but_never_for_a_crisis(
    client, policy_version, consenting, settings
):
    settings.BETWEEN_PORTAL_MAX_PER_HOUR = 2
    url = reverse("portal", args=[issue(consenting)])
    for text in ("one thing", "another thing"):
        assert client.post(url, {"body": text}).status_code == 302
    refused = client.post(url, {"body": "a third thing"})
    assert refused.status_code == 429
    assert "a third thing" in refused.content.decode()  # the words stay in the form
    assert client.post(url, {"body": CRISIS}).status_code == 302
    assert Message.objects.filter(crisis=True).count() == 1


@pytest.mark.django_db
def test_staff_issue_links_from_the_client_page_and_outsiders_cannot(
    client, owner, outsider, consenting
):
    signed_in(client, outsider)
    assert client.post(reverse("client-portal-link", args=[consenting.pk])).status_code == 404
    signed_in(client, owner)
    response = client.post(reverse("client-portal-link", args=[consenting.pk]), follow=True)
    assert "/portal/" in response.content.decode()


@pytest.mark.django_db
def test_the_thread_shows_times_in_the_practices_zone(client, policy_version, consenting):
    from datetime import UTC, datetime

    from freezegun import freeze_time

    token = issue(consenting)
    url = reverse("portal", args=[token])
    with freeze_time(datetime(2026, 12, 6, 2, 14, tzinfo=UTC)):  # 21:14 the day before in NY
        client.post(url, {"body": "I finished the worksheet"})
        page = client.get(url).content.decode()
    assert "Sat 5 Dec 2026, 21:14" in page and "02:14" not in page
