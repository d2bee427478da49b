"""Loaded first by pytest (``-p between.testing.pytest_plugin``), before the settings.

It gives the suite its own data folder and throwaway keys, and it listens to every log
record the suite produces: at the end, no demo client's name or words may appear in
them (the privacy promise "no client data in logs" checked over the whole run).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import tempfile
from pathlib import Path

import pytest

_data_dir = tempfile.mkdtemp(prefix="between-test-")
os.environ.setdefault("BETWEEN_DATA_DIR", _data_dir)
os.environ.setdefault("BETWEEN_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault(
    "BETWEEN_ENCRYPTION_KEY", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("BETWEEN_TASK_BACKEND", "immediate")
# The suite never reaches a real provider, even on a machine with credentials exported.
_PROVIDER_SETTINGS = ("TWILIO_", "EMAIL_HOST", "BETWEEN_SMS_BACKEND")
for _name in [n for n in os.environ if n.startswith(_PROVIDER_SETTINGS)]:
    del os.environ[_name]
os.environ["BETWEEN_TWILIO_API_URL"] = "http://127.0.0.1:9"  # discard port: refused at once


class LogRecorder(logging.Handler):
    """Keeps the formatted text of every record, tracebacks included."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a broken record must not break the suite
            self.lines.append(f"{record.levelname} {record.name} <unformattable record>")


def find_leaks(lines: list[str], secrets_: list[str]) -> list[tuple[str, str]]:
    """Pairs (secret, line) for every secret that appears in a line, ignoring case."""
    lowered = [(line, line.lower()) for line in lines]
    found: list[tuple[str, str]] = []
    for secret in secrets_:
        needle = secret.lower()
        for line, low in lowered:
            if needle in low:
                found.append((secret, line))
                break
    return found


RECORDER = LogRecorder()


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import HealthCheck, settings

    # No test is timed: a property that holds holds however busy the machine is. Tests
    # that set their own settings inherit these.
    settings.register_profile(
        "between", deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile("between")
    _listen()


def _listen() -> None:
    root = logging.getLogger()
    if RECORDER not in root.handlers:
        root.addHandler(RECORDER)
    root.setLevel(logging.DEBUG)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Django's logging set-up (django.setup(), run again by any test that starts the
    # `between` command in-process) replaces the root logger's handlers.
    _listen()


# Under pytest-xdist every worker records its own logs; each leaves what it found here
# for the controller, which alone can fail the run.
LEAKS_DIR = "BETWEEN_TEST_LOG_LEAKS_DIR"


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput") and LEAKS_DIR not in os.environ:
        os.environ[LEAKS_DIR] = tempfile.mkdtemp(prefix="between-log-leaks-")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from between.demo.data import private_strings

    leaks = find_leaks(RECORDER.lines, private_strings())
    scanned = len(RECORDER.lines)
    folder = Path(os.environ.get(LEAKS_DIR, tempfile.gettempdir()))
    worker = getattr(session.config, "workerinput", None)
    if worker is not None:
        found = {"scanned": scanned, "leaks": leaks}
        (folder / f"{worker['workerid']}.json").write_text(json.dumps(found))
        return
    for report in folder.glob("*.json"):
        found = json.loads(report.read_text())
        scanned += found["scanned"]
        leaks += [tuple(pair) for pair in found["leaks"]]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if leaks:
        if reporter is not None:
            reporter.write_sep("=", "client data found in logs", red=True)
            for secret, line in leaks:
                reporter.write_line(f"{secret!r} appeared in: {line[:300]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter is not None:
        reporter.write_line(f"log privacy: {scanned} log records scanned, no demo client data")


# Fixtures through which a test reaches a database (pytest-django's, and the suite's own
# DATABASE_URL for real processes). Not django_db_blocker: every test has it, through
# pytest-django's autouse fixtures.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
        "database_url",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that reach a database (make test's PostgreSQL pass: the "
        "others cannot tell the databases apart, and the SQLite pass has run them)",
    )


def reaches_a_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("database_tests_only"):
        dropped = [item for item in items if not reaches_a_database(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if reaches_a_database(item)]
    _spread_the_fault_suite(items)


def _spread_the_fault_suite(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (``--dist loadgroup``) the fault suite runs on two workers, each
    taking its tests one after another: a worker copies one migrated demo for all its
    deployments, and real processes are not started four at a time on two cores. Its
    tests alternate between the two, so neither becomes the whole run's long tail."""
    faults = [item for item in items if item.get_closest_marker("faults") is not None]
    for n, item in enumerate(faults):
        item.add_marker(pytest.mark.xdist_group(f"faults-{n % 2}"))
