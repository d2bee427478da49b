"""The suite's own tools: the moved clock, package checks, and waiting for conditions."""

import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from between.testing import clock_ahead
from between.testing.debian import Installed
from between.testing.waiting import NeverHappened, wait_for


def test_a_process_under_the_moved_clock_reads_the_later_date_and_can_wait():
    env = clock_ahead.environment(400, base={"PATH": "/usr/bin:/bin"})
    seen = clock_ahead.check(400, env)
    assert abs(seen - clock_ahead.real_now() - timedelta(days=400)) < timedelta(hours=1)


def test_a_fraction_of_a_day_moves_the_hour_too():
    """The moved suite runs half a day on, so it sees the other half of the day."""
    env = clock_ahead.environment(400.5, base={"PATH": "/usr/bin:/bin"})
    seen = clock_ahead.check(400.5, env)
    ahead = seen - clock_ahead.real_now()
    assert abs(ahead - timedelta(days=400, hours=12)) < timedelta(minutes=5)
    with pytest.raises(clock_ahead.ClockNotMoved, match="not 400 days"):
        clock_ahead.check(400, env)


def test_the_check_refuses_a_clock_that_did_not_move():
    unmoved = {"PATH": "/usr/bin:/bin"}
    with pytest.raises(clock_ahead.ClockNotMoved, match="not 400 days"):
        clock_ahead.check(400, unmoved)


def test_the_runner_moves_the_clock_of_the_command_and_its_children():
    shown = subprocess.run(
        [sys.executable, "-m", "between.testing.clock_ahead", "30", "date", "+%F"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    expected = (clock_ahead.real_now() + timedelta(days=30)).date()
    assert shown[0].startswith("clock ahead: 30 days")
    # "date" is another program: the move reaches every process the command starts.
    assert abs(datetime.fromisoformat(shown[1]).date() - expected) <= timedelta(days=1)


def test_the_runner_explains_its_usage():
    done = subprocess.run(
        [sys.executable, "-m", "between.testing.clock_ahead", "soon", "date"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "usage:" in done.stderr


def test_installed_by_path_or_by_library(tmp_path):
    assert Installed(path=Path(sys.executable))()
    assert not Installed(path=tmp_path / "missing")()
    assert Installed(library="c")()  # the C library is always there
    assert not Installed(library="between-no-such-library")()
    with pytest.raises(ValueError, match="path or a library"):
        Installed()


def test_wait_for_returns_as_soon_as_the_condition_holds():
    ready = threading.Event()
    threading.Timer(0.05, ready.set).start()
    assert wait_for(ready.is_set, "the timer") is True


def test_wait_for_treats_the_given_errors_as_not_yet():
    tries = iter([OSError("refused"), OSError("refused"), "connected"])

    def connect():
        value = next(tries)
        if isinstance(value, Exception):
            raise value
        return value

    assert wait_for(connect, errors=(OSError,)) == "connected"


def test_wait_for_gives_up_at_its_bound_with_what_it_waited_for():
    with pytest.raises(NeverHappened, match="the impossible did not happen"):
        wait_for(lambda: False, "the impossible", bound=0.05)


def test_the_postgresql_pass_keeps_exactly_the_tests_that_reach_a_database(request):
    from between.testing.pytest_plugin import reaches_a_database

    class Item:
        def __init__(self, fixtures, marker=None):
            self.fixturenames = ["django_db_blocker", "settings", *fixtures]
            self.marker = marker

        def get_closest_marker(self, name):
            return self.marker if name == "django_db" else None

    assert reaches_a_database(Item([], marker=pytest.mark.django_db))
    for fixture in ("db", "transactional_db", "live_server", "database_url"):
        assert reaches_a_database(Item([fixture]))
    # Every test has django_db_blocker (pytest-django's autouse fixtures): it is not enough.
    assert not reaches_a_database(Item([]))
    assert not reaches_a_database(request.node)  # this test itself reaches no database
