"""The clients list: status filter, a search that posts, and an empty state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from between.clients.models import Client, ContactPoint
from between.conftest import signed_in


@pytest.fixture
def several(riverside, owner, client_record):
    gone = Client.objects.create(practice=riverside, name="Dana Former", status="discharged")
    ana = Client.objects.create(practice=riverside, name="Ana Active", clinician=owner)
    ContactPoint.objects.create(client=ana, kind="phone", value="+19175550100")
    return {"gone": gone, "ana": ana}


def names(response) -> list[str]:
    return [c.name for c, _standing in response.context["rows"]]


@pytest.mark.django_db
def test_the_list_shows_active_clients_and_filters_by_status(client, owner, several):
    signed_in(client, owner)
    assert names(client.get(reverse("clients"))) == ["Ana Active", "Test Client"]
    assert names(client.get(reverse("clients"), {"status": "discharged"})) == ["Dana Former"]
    assert len(names(client.get(reverse("clients"), {"status": "all"}))) == 3
    assert names(client.get(reverse("clients"), {"status": "nonsense"})) == names(
        client.get(reverse("clients"))
    )


@pytest.mark.django_db
def test_search_posts_and_finds_by_name_email_or_number_however_written(client, owner, several):
    signed_in(client, owner)
    url = reverse("clients")
    assert names(client.post(url, {"q": "ana"})) == ["Ana Active"]
    assert names(client.post(url, {"q": "TEST@example"})) == ["Test Client"]
    assert names(client.post(url, {"q": "(917) 555-0100"})) == ["Ana Active"]
    assert names(client.post(url, {"q": "0123"})) == ["Test Client"]
    assert names(client.post(url + "?status=all", {"q": "former"})) == ["Dana Former"]
    empty = client.post(url, {"q": "zzz"})
    assert names(empty) == [] and "No client matches" in empty.content.decode()
    assert client.get(url, {"q": "ana"}).context["query"] == ""  # a GET never searches


@pytest.mark.django_db
def test_a_clinician_searches_only_their_own_clients(client, clinician, several):
    signed_in(client, clinician)
    assert names(client.post(reverse("clients"), {"q": "a"})) == []


@pytest.mark.django_db
def test_an_empty_practice_is_told_what_to_do(client, owner):
    signed_in(client, owner)
    page = client.get(reverse("clients")).content.decode()
    assert "Add your first client or import a CSV." in page
    assert reverse("client-add") in page and reverse("client-import") in page


@pytest.mark.django_db
def test_each_row_says_where_intake_stands(client, owner, several, policy_version):
    from between.clients.links import issue

    issue(several["ana"], purpose="intake", version=policy_version)
    signed_in(client, owner)
    rows = {c.name: c.intake for c, _s in client.get(reverse("clients")).context["rows"]}
    assert rows == {"Ana Active": "waiting", "Test Client": "none"}
    page = client.get(reverse("clients")).content.decode()
    assert "Intake link out" in page and "No intake yet" in page
