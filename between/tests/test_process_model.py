"""The process definitions a deployment is given (issue 16): the Procfile runs a working
Between under a real process manager, and the compose file and systemd units run the
same commands."""

from __future__ import annotations

import configparser
import os
import shlex
import smtplib
import subprocess
import sys
import uuid
from email.message import EmailMessage
from pathlib import Path
from urllib.request import urlopen

import psycopg
import pytest
import yaml

from between.testing import faults
from between.testing.waiting import wait_for

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SENT_CRISIS_REPLIES = (
    "SELECT count(*) FROM messaging_outbound WHERE kind = 'crisis' AND status = 'sent'"
)


def procfile() -> dict[str, str]:
    found = {}
    for line in (REPO / "Procfile").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            found[name.strip()] = command.strip()
    return found


def test_the_procfile_names_every_long_running_process():
    assert procfile() == {
        "web": "gunicorn --config python:between.conf.gunicorn between.wsgi",
        "worker": "between worker",
        "smtpd": "between smtpd",
    }


def test_compose_runs_the_procfiles_commands():
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]
    for name, command in procfile().items():
        assert services[name]["command"] == shlex.split(command), name
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["worker"]["deploy"]["replicas"] == 2
    assert {"db", "redis", "migrate", "smtpd"} <= set(services)
    assert services["migrate"]["command"] == ["between", "migrate", "--noinput"]


def test_systemd_units_run_the_procfiles_commands_and_restart():
    units = {
        "web": "between-web.service",
        "worker": "between-worker@.service",
        "smtpd": "between-smtpd.service",
    }
    for name, command in procfile().items():
        unit = configparser.ConfigParser(interpolation=None, strict=False)
        unit.read(REPO / "deploy" / "systemd" / units[name])
        service = unit["Service"]
        program, *args = shlex.split(service["ExecStart"])
        assert [Path(program).name, *args] == shlex.split(command), name
        assert service["Restart"] == "always" and service["User"] == "between"
        assert service["EnvironmentFile"] == "/etc/between/between.env"


def test_the_container_recipe_lints_clean():
    lint = BIN / "hadolint"
    result = subprocess.run([str(lint), str(REPO / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    recipe = (REPO / "Dockerfile").read_text()
    assert "FROM python:3.11-slim-bookworm" in recipe and "\nUSER 10001" in recipe


@pytest.mark.faults
def test_the_procfile_under_honcho_takes_mail_and_answers(database_url):
    """honcho starts the Procfile as written (gunicorn with two processes, two workers,
    smtpd) on loopback; a crisis email goes in over SMTP and its reply goes out."""
    with faults.deployment(database_url) as made:
        web, smtp = faults.free_port(), faults.free_port()
        env = {
            **made.env,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "BETWEEN_SMTP_PORT": str(smtp),
            "BETWEEN_WEB_PROCESSES": "2",
            "BETWEEN_WEB_THREADS": "2",
        }
        with (made.root / "honcho.log").open("ab") as log:
            honcho = subprocess.Popen(
                [
                    str(BIN / "honcho"),
                    "--procfile",
                    str(REPO / "Procfile"),
                    "--app-root",
                    str(REPO),
                    "start",
                    "--port",
                    str(web),
                    "--concurrency",
                    "worker=2",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        made.processes.append(honcho)
        try:
            _take_mail_and_answer(made, web, smtp)
        finally:
            # honcho stops what it started on SIGTERM; a SIGKILL (the deployment's own
            # clean-up) would leave gunicorn, the workers and smtpd running on their own.
            honcho.terminate()
            honcho.wait(timeout=120)


def _take_mail_and_answer(made: faults.Deployment, web: int, smtp: int) -> None:
    wait_for(lambda: faults.port_open(web) and faults.port_open(smtp), "web and smtpd")
    # gunicorn's master listens before its workers have loaded the crisis reader.
    wait_for(
        lambda: _alive_workers(web) == 2,
        "two task workers beating",
        errors=(OSError,),
    )
    with urlopen(f"http://127.0.0.1:{web}/login/", timeout=30) as page:
        assert page.status == 200 and b"Sign in" in page.read()
    sender = made.shell(
        "from between.clients.models import ContactPoint\n"
        "print(ContactPoint.objects.filter(kind='email').order_by('pk')[0].value)"
    ).splitlines()[-1]
    before = made.scalar(SENT_CRISIS_REPLIES)
    message = EmailMessage()
    message["From"], message["To"] = sender, "alex@riverside-counseling.example"
    message["Subject"] = "tonight"
    message.set_content("I have the pills saved up and I'm going to take them tonight.")
    with smtplib.SMTP("127.0.0.1", smtp, timeout=120) as client:
        client.send_message(message)
    wait_for(lambda: made.scalar(SENT_CRISIS_REPLIES) == before + 1, "the crisis reply sent")
    # The master and its two web processes, with the bind honcho gave this run.
    assert len(_gunicorns(web)) >= 3


def _alive_workers(web: int) -> object:
    workers = faults.health(web).get("workers")
    return workers.get("alive") if isinstance(workers, dict) else None


def _gunicorns(port: int) -> list[Path]:
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            command = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"between.conf.gunicorn" in command and f"PORT={port}\0".encode() in environ:
            found.append(proc)
    return found


@pytest.mark.faults
def test_the_fleet_bench_loses_and_doubles_nothing(database_url):
    """`between bench pipeline --processes N` on real processes: its figures are printed,
    not asserted, but every message gets exactly one reply (and it says so)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BETWEEN_", "DEBUG"))}
    if database_url is None:
        env.pop("DATABASE_URL", None)
        refused = subprocess.run(
            [sys.executable, "-m", "between", "bench", "pipeline", "--processes", "2"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert refused.returncode != 0 and "needs PostgreSQL" in refused.stderr
        return
    # An empty database of its own: the bench migrates it, and its fleet shares the
    # bench's keys (the demo copy in database_url was encrypted with another's).
    server = os.environ["DATABASE_URL"]
    name = f"between_fleet_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
    try:
        done = _fleet_bench(env)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "replies lost: 0, sent twice: 0" in done.stdout
    assert "accepted 40 messages" in done.stdout and "stored 40" in done.stdout


def _fleet_bench(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(sys.executable, "-m", "between", "bench", "pipeline"),
            *("--processes", "2", "--messages", "40", "--senders", "4"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
