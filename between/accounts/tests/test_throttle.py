from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from between.accounts import throttle
from between.accounts.models import LoginFailure


def test_delay_grows_and_is_capped(settings):
    settings.BETWEEN_LOGIN_FREE_FAILURES = 5
    settings.BETWEEN_LOGIN_MAX_DELAY_SECONDS = 60
    assert [throttle.delay_after(n) for n in (0, 4, 5, 6, 7, 20)] == [0, 0, 2, 4, 8, 60]
    assert throttle.delay_after(49, free=50) == 0 and throttle.delay_after(50, free=50) == 2


@pytest.mark.django_db
def test_wait_counts_from_the_last_failure(settings):
    settings.BETWEEN_LOGIN_FREE_FAILURES = 1
    now = timezone.now()
    throttle.begin("Someone", "10.0.0.1", now)  # failed: its rows stay
    too_soon = throttle.begin("Someone", "10.0.0.1", now)
    assert too_soon.seconds_to_wait() == 2
    too_soon.turned_away()
    later = throttle.begin("Someone", "10.0.0.1", now + timedelta(seconds=3))
    assert later.seconds_to_wait() == 0


@pytest.mark.django_db
def test_an_earlier_attempt_turned_away_mid_check_is_no_error(settings):
    """Under concurrent sign-ins on PostgreSQL, an earlier attempt was turned away (its
    rows deleted) between this attempt counting it and reading its time: a 500. The
    deletion is made to land right after the first read of the failures table."""
    settings.BETWEEN_LOGIN_FREE_FAILURES = 1
    now = timezone.now()
    earlier = throttle.begin("Someone", "10.0.0.1", now)
    this = throttle.begin("Someone", "10.0.0.1", now)
    deleted = []

    def delete_after_first_read(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not deleted and sql.lstrip().upper().startswith("SELECT") and "loginfailure" in sql:
            deleted.append(True)
            LoginFailure.objects.filter(pk__in=earlier.rows).delete()
        return result

    with connection.execute_wrapper(delete_after_first_read):
        waited = this.seconds_to_wait()
    # The account-wide scope is read first and counts the one failure (free under its
    # allowance); the per-address scope is read after the deletion and finds none.
    assert deleted and waited == 0


def test_scopes_ignore_case_of_the_account_name():
    assert throttle.scopes("Alex", "10.0.0.1") == throttle.scopes(" alex", "10.0.0.1")
    assert throttle.account_label("Alex") == throttle.account_label("alex ")
    assert "alex" not in throttle.account_label("alex")


@pytest.mark.django_db
def test_forty_guesses_at_the_same_instant_let_through_no_more_than_the_allowance(settings):
    """The worst interleaving: every request writes itself down before any checks."""
    settings.BETWEEN_LOGIN_FREE_FAILURES = 5
    now = timezone.now()
    attempts = [throttle.begin("sam", "203.0.113.9", now) for _ in range(40)]
    verdicts = [a.seconds_to_wait() for a in attempts]
    let_through = [a for a, wait in zip(attempts, verdicts, strict=True) if wait == 0]
    assert len(let_through) == 5
    for attempt, wait in zip(attempts, verdicts, strict=True):
        if wait:
            attempt.turned_away()
    # The five that tested a password are what the record keeps.
    assert LoginFailure.objects.count() == 5 * 3


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_rightful_user_out(settings):
    settings.BETWEEN_LOGIN_FREE_FAILURES = 5
    now = timezone.now()
    for second in range(30):  # a stranger keeps guessing, and keeps being turned away
        stranger = throttle.begin("sam", "198.51.100.7", now + timedelta(seconds=second))
        if stranger.seconds_to_wait():
            stranger.turned_away()
    assert throttle.begin("sam", "198.51.100.7", now + timedelta(seconds=31)).seconds_to_wait()
    rightful = throttle.begin("sam", "192.0.2.44", now + timedelta(seconds=31))
    assert rightful.seconds_to_wait() == 0


@pytest.mark.django_db
def test_guessing_spread_over_many_addresses_is_still_capped(settings):
    settings.BETWEEN_LOGIN_ACCOUNT_FREE_FAILURES = 10
    now = timezone.now()
    for n in range(10):
        throttle.begin("sam", f"198.51.100.{n}", now)
    assert throttle.begin("sam", "192.0.2.44", now).seconds_to_wait() > 0
