import logging

import pytest
from django.urls import reverse

from between import settings as between_settings
from between.accounts.models import LoginFailure
from between.conftest import PASSWORD


def test_argon2_is_the_password_hasher():
    assert between_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_login_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in to Between" in response.content


@pytest.mark.django_db
def test_sign_in_and_out(client, owner):
    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("inbox")
    assert client.get(reverse("inbox")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("inbox")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_and_unknown_user_get_the_same_generic_message(client, owner):
    wrong = client.post(reverse("login"), {"username": "owner", "password": "nope"})
    nobody = client.post(reverse("login"), {"username": "ghost", "password": "nope"})
    expected = b"That username and password do not match"
    assert expected in wrong.content and expected in nobody.content


@pytest.mark.django_db
def test_repeated_failures_are_slowed_down_and_logged_without_the_password(
    client, owner, caplog, settings
):
    settings.BETWEEN_LOGIN_FREE_FAILURES = 3
    caplog.set_level(logging.WARNING)
    for attempt in range(3):
        response = client.post(
            reverse("login"), {"username": "owner", "password": f"guess-{attempt}-x"}
        )
        assert response.status_code == 200
    blocked = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert blocked.status_code == 429
    assert b"Too many attempts" in blocked.content
    assert "_auth_user_id" not in client.session  # even the right password waits
    assert "guess-" not in caplog.text and PASSWORD not in caplog.text
    assert "sign-in failed" in caplog.text
    assert "account=owner" not in caplog.text  # the typed name may be a password
    # Account, account from this address, and address: three times; the refused one
    # tested no password and left nothing.
    assert LoginFailure.objects.count() == 9


@pytest.mark.django_db
def test_success_clears_the_account_record(client, owner):
    client.post(reverse("login"), {"username": "owner", "password": "bad"})
    client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert LoginFailure.objects.count() == 1  # the address keeps its one failure


@pytest.mark.django_db
def test_a_strangers_guesses_do_not_lock_out_the_rightful_user(client, owner):
    for attempt in range(8):
        client.post(
            reverse("login"),
            {"username": "owner", "password": f"guess-{attempt}"},
            REMOTE_ADDR="198.51.100.7",
        )
    stranger = client.post(
        reverse("login"), {"username": "owner", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert stranger.status_code == 429  # from the guessing address, even the password waits
    rightful = client.post(
        reverse("login"), {"username": "owner", "password": PASSWORD}, REMOTE_ADDR="192.0.2.44"
    )
    assert rightful.status_code == 302 and rightful.url == reverse("inbox")
