"""`between doctor`: every check finds its problem and names the fix (issue 16)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.utils import timezone

from between.web import doctor
from between.web.doctor import Status

BETWEEN = [sys.executable, "-m", "between"]


def run_doctor(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("doctor", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def beat(alive: bool = True) -> None:
    from datetime import timedelta

    from between.messaging.models import WorkerBeat

    now = timezone.now()
    WorkerBeat.objects.create(
        worker_id="w1",
        backend="database",
        host="node-a",
        pid=1,
        started_at=now,
        beat_at=now if alive else now - timedelta(minutes=5),
    )


@pytest.mark.django_db
def test_json_contract_and_exit_status(settings):
    settings.TASK_BACKEND = "database"
    code, out = run_doctor("--json", "--no-deploy-checks")
    body = json.loads(out)
    assert set(body) == {"status", "checks"}
    names = [c["name"] for c in body["checks"]]
    assert names == ["database", "migrations", "task queue", "workers", "encryption", "base URL"]
    for check in body["checks"]:
        assert set(check) == {"name", "status", "summary", "fix"}
        assert check["status"] in {"ok", "warning", "problem"}
    # No worker has ever beaten here: a problem, with the fix, and exit status 1.
    workers = next(c for c in body["checks"] if c["name"] == "workers")
    assert workers["status"] == "problem" and "between worker" in workers["fix"]
    assert body["status"] == "problem" and code == 1
    beat()
    code, out = run_doctor("--json", "--no-deploy-checks")
    body = json.loads(out)
    # Warnings (SQLite outside DEBUG, plain HTTP) do not fail the run; problems do.
    assert body["status"] in {"ok", "warning"} and code == 0
    assert all(c["status"] != "problem" for c in body["checks"])


@pytest.mark.django_db
def test_a_dead_worker_is_not_counted(settings):
    settings.TASK_BACKEND = "database"
    beat(alive=False)
    assert doctor.workers().status is Status.problem


@pytest.mark.django_db
def test_a_node_with_another_key_cannot_read_the_store(settings, clinical_message):
    assert doctor.encryption().status is Status.ok
    ours = list(settings.BETWEEN_ENCRYPTION_KEYS)
    settings.BETWEEN_ENCRYPTION_KEYS = [Fernet.generate_key()]
    found = doctor.encryption()
    assert found.status is Status.problem and "BETWEEN_ENCRYPTION_KEY" in found.fix
    assert clinical_message.body not in found.summary + found.fix
    # Mid-rotation, NEW,OLD reads both.
    settings.BETWEEN_ENCRYPTION_KEYS = [Fernet.generate_key(), *ours]
    assert doctor.encryption().status is Status.ok


def test_base_url_must_name_an_allowed_host_and_be_https_in_production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["between.example.org"]
    settings.BETWEEN_BASE_URL = "https://between.example.org"
    found = doctor.base_url()
    assert found.status is Status.ok
    assert "https://between.example.org/hooks/sms/" in found.summary
    settings.BETWEEN_BASE_URL = "https://other.example.org"
    found = doctor.base_url()
    assert found.status is Status.problem and "BETWEEN_ALLOWED_HOSTS" in found.fix
    settings.BETWEEN_BASE_URL = "http://between.example.org"
    assert doctor.base_url().status is Status.warning
    settings.BETWEEN_BASE_URL = "between.example.org"
    assert doctor.base_url().status is Status.problem


def test_deploy_warnings_name_betweens_own_setting(settings):
    settings.DEBUG = True
    found = {f.name: f for f in doctor.deploy_checks()}
    assert "django security.W018" in found
    assert "DEBUG" in found["django security.W018"].fix
    if "django security.W012" in found:
        assert "BETWEEN_BASE_URL" in found["django security.W012"].fix


@pytest.mark.django_db
def test_rq_without_redis_is_a_problem(settings):
    settings.TASK_BACKEND = "rq"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    found = doctor.task_queue()
    assert found.status is Status.problem and "REDIS_URL" in found.fix


@pytest.mark.service
@pytest.mark.django_db
def test_rq_with_the_real_redis_is_sound(settings):
    settings.TASK_BACKEND = "rq"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert doctor.task_queue().status is Status.ok


def test_an_unmigrated_database_stops_every_process_alike(tmp_path: Path):
    """A fresh data directory, never migrated: the doctor says so, and the web server,
    the worker and smtpd each refuse to start with the same fix (no half a fleet)."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DEBUG": "true",
        "BETWEEN_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [*BETWEEN, "doctor", "--no-deploy-checks"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "PROBLEM  migrations" in result.stdout and "between migrate" in result.stdout
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    for command in (["serve", "--no-worker"], ["worker", "--batch"], ["smtpd", "--port", port]):
        started = subprocess.run(
            [*BETWEEN, *command], env=env, capture_output=True, text=True, timeout=120
        )
        assert started.returncode != 0, command
        assert "run `between migrate`" in started.stderr, (command, started.stderr)


def test_every_file_a_fix_points_at_is_in_the_repository():
    import re
    from pathlib import Path

    import between.web.doctor as doctor

    root = Path(doctor.__file__).resolve().parents[2]
    source = Path(doctor.__file__).read_text()
    # Fixes are written as adjacent string literals; join them before looking.
    joined = re.sub(r'"\s*\n\s*"', "", source)
    named = set(re.findall(r"(deploy/[\w@./-]*\w)", joined))
    assert named, "the doctor's fixes name no deployment file"
    assert [name for name in sorted(named) if not (root / name).exists()] == []
