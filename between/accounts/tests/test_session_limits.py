from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from between.conftest import signed_in


@pytest.fixture
def started():
    return timezone.now()


@pytest.mark.django_db
def test_a_session_ends_after_half_an_hour_without_activity(client, owner, started, settings):
    settings.BETWEEN_SESSION_IDLE_SECONDS = 1800
    with freeze_time(started) as clock:
        signed_in(client, owner)
        assert client.get(reverse("inbox")).status_code == 200
        clock.tick(timedelta(minutes=29))
        assert client.get(reverse("inbox")).status_code == 200  # activity: the clock restarts
        clock.tick(timedelta(minutes=29))
        assert client.get(reverse("inbox")).status_code == 200
        clock.tick(timedelta(minutes=31))
        gone = client.get(reverse("inbox"))
        assert gone.status_code == 302 and gone.url.startswith(reverse("login"))
        page = client.get(gone.url).content.decode()
        assert "signed out after 30 minutes without activity" in page
        assert client.get(reverse("inbox")).status_code == 302  # really signed out


@pytest.mark.django_db
def test_the_inbox_refreshing_itself_keeps_no_one_signed_in(client, owner, started, settings):
    settings.BETWEEN_SESSION_IDLE_SECONDS = 1800
    with freeze_time(started) as clock:
        signed_in(client, owner)
        client.get(reverse("inbox"))
        for _ in range(31):  # a minute's htmx refresh, for 31 minutes
            clock.tick(timedelta(minutes=1))
            refresh = client.get(reverse("inbox"), HTTP_HX_REQUEST="true")
        assert refresh.status_code == 204
        assert refresh.headers["HX-Redirect"] == reverse("login")


@pytest.mark.django_db
def test_a_session_ends_after_its_total_length_however_active(client, owner, started, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    with freeze_time(started) as clock:
        signed_in(client, owner)
        for _ in range(8 * 4):  # every quarter of an hour, for eight hours
            assert client.get(reverse("inbox")).status_code == 200
            clock.tick(timedelta(minutes=15))
        clock.tick(timedelta(minutes=1))
        assert client.get(reverse("inbox")).status_code == 302
