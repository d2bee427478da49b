from datetime import timedelta

import pytest
from django.utils import timezone

from between.accounts import throttle


def test_delay_grows_and_is_capped(settings):
    settings.BETWEEN_LOGIN_FREE_FAILURES = 5
    settings.BETWEEN_LOGIN_MAX_DELAY_SECONDS = 60
    assert [throttle.delay_after(n) for n in (0, 4, 5, 6, 7, 20)] == [0, 0, 2, 4, 8, 60]


@pytest.mark.django_db
def test_wait_counts_from_the_last_failure(settings):
    settings.BETWEEN_LOGIN_FREE_FAILURES = 1
    keys = throttle.throttle_keys("Someone", "10.0.0.1")
    now = timezone.now()
    throttle.record_failure(keys, now)
    assert throttle.seconds_to_wait(keys, now) == 2
    assert throttle.seconds_to_wait(keys, now + timedelta(seconds=3)) == 0


def test_keys_ignore_case_of_the_account_name():
    assert throttle.throttle_keys("Alex", None) == throttle.throttle_keys(" alex", None)
