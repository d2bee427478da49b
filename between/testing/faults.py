"""What the fault suite breaks: real `between` processes, a private PostgreSQL cluster,
and a stand-in Twilio that can hold a request unanswered.

Each deployment has its own data directory (keys, SQLite file) or its own PostgreSQL
database, so the processes a test starts and kills share nothing with the suite's own
database or with each other's tests.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs
from urllib.request import urlopen

from between.testing.waiting import wait_for

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TWILIO_SID = "AC" + "f" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


# -- a stand-in Twilio ---------------------------------------------------------------------


@dataclass
class TwilioStandIn:
    """Answers Twilio's Messages API; ``hold_next`` keeps the next request unread and
    unanswered (a provider that has not yet accepted it) until ``release``."""

    sent: list[dict[str, str]] = field(default_factory=list)
    holding: threading.Event = field(default_factory=threading.Event)
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def __post_init__(self) -> None:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def handle(self) -> None:
                if stand_in.holding.is_set():
                    stand_in.holding.clear()
                    stand_in.held.set()
                    stand_in.release.wait(600)
                    return  # the connection closes with nothing read or accepted
                super().handle()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                stand_in.sent.append(form)
                body = json.dumps({"sid": f"SM{uuid.uuid4().hex}", "status": "queued"}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hold_next(self) -> None:
        self.held.clear()
        self.holding.set()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# -- a private PostgreSQL cluster ----------------------------------------------------------


class PrivateCluster:
    """initdb in a temporary folder, run as the ``postgres`` user, on a port of its own:
    a database the test may stop and start without touching anyone else's."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="between-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        shutil.chown(self.root, "postgres", "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nfsync = off\n"
            )

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/between"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - Debian's own PostgreSQL binaries, fixed arguments
            ["/usr/sbin/runuser", "-u", "postgres", "--", *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        log = str(self.root / "server.log")
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-w", "start")

    def stop(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        self._as_postgres(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "between"
        )

    def remove(self) -> None:
        with suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"{PG_BIN} is missing: install Debian's postgresql package")
    cluster = PrivateCluster()
    try:
        cluster.start()
        cluster.create_database()
        yield cluster
    finally:
        cluster.remove()


# -- a private Redis ----------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of the test's own (nothing kept on disk), to kill and bring back
    on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, fixed arguments
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Without a moved clock (make test-clock-ahead): redis-server does not start
            # under libfaketime, and its clock is not what the suite is about.
            env={
                k: v for k, v in os.environ.items() if not k.startswith(("LD_PRELOAD", "FAKETIME"))
            },
        )
        wait_for(lambda: port_open(self.port), "a private redis-server")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- a deployment of real processes --------------------------------------------------------


@dataclass
class Deployment:
    """One practice's Between: a data folder, a database, and the processes started."""

    root: Path
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def between(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "between", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"between {args[0]} failed: {done.stderr[-2000:]}")
        return done.stdout

    def scalar(self, sql: str) -> int:
        """One number read straight from the deployment's database: cheap enough to poll
        (a `between shell` costs a whole Django start-up, which on a busy machine slows
        the very processes under test)."""
        url = self.env.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                row = conn.execute(sql).fetchone()
        else:
            import sqlite3

            path = Path(self.env["BETWEEN_DATA_DIR"]) / "between.sqlite3"
            with closing(sqlite3.connect(path, timeout=60)) as conn:
                row = conn.execute(sql).fetchone()
        return int(row[0]) if row else 0

    def shell(self, code: str) -> str:
        """Run Python in the deployment (Django set up) and return what it printed."""
        return self.between("shell", "-c", code).strip()

    def start(self, *args: str, name: str) -> subprocess.Popen[bytes]:
        with (self.root / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "between", *args],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def serve(self, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
        port = free_port()
        process = self.start("serve", "--port", str(port), *extra, name=f"serve-{port}")
        wait_for(lambda: port_open(port), f"between serve on {port}")
        return process, port

    def smtpd(self, port: int = 0) -> tuple[subprocess.Popen[bytes], int]:
        port = port or free_port()
        process = self.start("smtpd", "--port", str(port), name=f"smtpd-{port}")
        wait_for(lambda: port_open(port), f"between smtpd on {port}")
        return process, port

    def children(self, process: subprocess.Popen[bytes]) -> list[int]:
        """The processes a process started (rq's work-horse under its worker)."""
        found: list[int] = []
        for task in Path(f"/proc/{process.pid}/task").glob("*"):
            found += [int(pid) for pid in (task / "children").read_text().split()]
        return found

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.root.glob("*.log"))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


def health(port: int) -> dict[str, object]:
    try:
        with urlopen(f"http://127.0.0.1:{port}/health/", timeout=10) as response:
            return dict(json.loads(response.read()))
    except OSError as exc:
        body = getattr(exc, "read", None)
        if body is not None:
            return dict(json.loads(body()))
        raise


def base_env(
    root: Path, database_url: str | None, twilio: TwilioStandIn | None, redis_url: str | None
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BETWEEN_", "DEBUG", "TWILIO_", "EMAIL_", "DATABASE_URL"))
    }
    env.update(
        {
            "DEBUG": "true",
            "BETWEEN_DATA_DIR": str(root / "var"),
            "BETWEEN_TASK_BACKEND": "database",
            "BETWEEN_EMAIL_BACKEND": "console",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env.update({"BETWEEN_TASK_BACKEND": "rq", "REDIS_URL": redis_url})
    if twilio is not None:
        env.update(
            {
                "BETWEEN_SMS_BACKEND": "twilio",
                "TWILIO_ACCOUNT_SID": TWILIO_SID,
                "TWILIO_AUTH_TOKEN": "f" * 32,
                "BETWEEN_TWILIO_API_URL": twilio.url,
            }
        )
    return env


# One migrated demo per database kind and session, copied for each deployment: a
# migration and a demo load per test would add minutes to every pass of the suite.
_TEMPLATES: dict[str, tuple[Path, str | None]] = {}  # "sqlite" or server URL -> (var, db)
_FROM_TEMPLATE: dict[str, str] = {}  # database URL -> the server whose template it copies


def _template(server_url: str | None) -> tuple[Path, str | None]:
    key = server_url or "sqlite"
    if key not in _TEMPLATES:
        root = Path(tempfile.mkdtemp(prefix="between-faults-template-"))
        name = None
        url = None
        if server_url:
            name = f"between_faults_template_{uuid.uuid4().hex[:8]}"
            _create_database(server_url, name)
            url = _url_for(server_url, name)
        made = Deployment(root, base_env(root, url, None, None))
        made.between("migrate", "--noinput")
        made.between("demo")
        _TEMPLATES[key] = (root / "var", name)
        atexit.register(_forget_template, server_url, root, name)
    return _TEMPLATES[key]


def _forget_template(server_url: str | None, root: Path, name: str | None) -> None:
    shutil.rmtree(root, ignore_errors=True)
    if server_url and name:
        with suppress(Exception):
            drop_postgres_database(server_url, _url_for(server_url, name))


@contextmanager
def deployment(
    database_url: str | None = None,
    twilio: TwilioStandIn | None = None,
    redis_url: str | None = None,
) -> Iterator[Deployment]:
    """Migrated, with the demo practice loaded; every process it started is killed after.
    With ``redis_url`` the tasks go through rq on that Redis. SQLite, or a database
    made by ``fresh_postgres_database``, starts as a copy of the session's template; any
    other database (a private cluster's) is migrated and loaded here."""
    root = Path(tempfile.mkdtemp(prefix="between-faults-"))
    made = Deployment(root, base_env(root, database_url, twilio, redis_url))
    try:
        if database_url is None:
            shutil.copytree(_template(None)[0], root / "var")
        elif database_url in _FROM_TEMPLATE:
            # The template's data folder holds the keys its rows were encrypted with.
            shutil.copytree(_template(_FROM_TEMPLATE[database_url])[0], root / "var")
        else:
            made.between("migrate", "--noinput")
            made.between("demo")
        if redis_url and database_url in (None, *_FROM_TEMPLATE):
            # The rq backend brings an app of its own, with its own migrations.
            made.between("migrate", "--noinput")
        yield made
    except BaseException:
        print(f"\n--- the deployment's logs ---\n{made.log()}")  # what the processes said
        raise
    finally:
        made.stop_all()
        shutil.rmtree(root, ignore_errors=True)


def _url_for(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def _create_database(server_url: str, name: str, template: str | None = None) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        copy = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{copy}')


def fresh_postgres_database(server_url: str) -> str:
    """A new database beside the suite's own on the same server, for one deployment: a
    copy of the session's migrated demo."""
    _var, template = _template(server_url)
    name = f"between_faults_{uuid.uuid4().hex[:12]}"
    _create_database(server_url, name, template)
    url = _url_for(server_url, name)
    _FROM_TEMPLATE[url] = server_url
    return url


def drop_postgres_database(server_url: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
