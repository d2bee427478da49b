"""What ``between doctor`` and /health/ check on a deployment, each problem with its fix.

A deployment fails in ways no single process notices: a node started with another
encryption key, a worker that never started, a task backend switched without migrating,
a Twilio base URL that does not match the host. Each check here answers one question,
says what it found in words an operator can act on, and never includes client data.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)


class Status(StrEnum):
    ok = "ok"
    warning = "warning"  # works, but not as a production deployment should
    problem = "problem"  # something clients rely on does not work


@dataclass(frozen=True)
class Finding:
    name: str
    status: Status
    summary: str
    fix: str = ""

    def to_json(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


def unapplied_migrations() -> list[str]:
    """The migrations this code has that the database lacks ("app.0003_name")."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _backwards in plan]


def database() -> Finding:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure means "not reachable"; the kind is enough
        return Finding(
            "database",
            Status.problem,
            f"cannot connect ({type(exc).__name__})",
            "check DATABASE_URL and that PostgreSQL is running and accepts this host",
        )
    vendor = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(
        connection.vendor, connection.vendor
    )
    if connection.vendor == "sqlite" and not settings.DEBUG:
        return Finding(
            "database",
            Status.warning,
            "SQLite: one machine, one writer at a time",
            "set DATABASE_URL=postgresql://… for a deployment of more than one process",
        )
    return Finding("database", Status.ok, f"{vendor} reachable")


_all_applied = False  # once true in a process it stays true: code changes need a restart


def migrations() -> Finding:
    global _all_applied
    if _all_applied:
        return Finding("migrations", Status.ok, "all applied")
    try:
        missing = unapplied_migrations()
    except Exception as exc:
        return Finding("migrations", Status.problem, f"cannot read ({type(exc).__name__})")
    if missing:
        apps = sorted({m.split(".", 1)[0] for m in missing})
        return Finding(
            "migrations",
            Status.problem,
            f"{len(missing)} not applied ({', '.join(apps)})",
            "run `between migrate` once, from one node, with the same settings as the "
            "others (switching BETWEEN_TASK_BACKEND adds the new backend's tables)",
        )
    _all_applied = True
    return Finding("migrations", Status.ok, "all applied")


def task_queue() -> Finding:
    backend = settings.TASK_BACKEND
    if backend != "rq":
        kind = "in the database" if backend == "database" else "run in the request"
        return Finding("task queue", Status.ok, f"{backend}: tasks {kind}")
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        return Finding(
            "task queue",
            Status.problem,
            f"rq: Redis not reachable ({type(exc).__name__})",
            "check REDIS_URL and that Redis is running; until then tasks wait",
        )
    return Finding("task queue", Status.ok, "rq: Redis reachable")


def workers() -> Finding:
    from between.messaging import workers as beats

    if settings.TASK_BACKEND == "immediate":
        return Finding("workers", Status.ok, "none needed: tasks run in the request")
    try:
        found = beats.summary()
    except Exception as exc:
        return Finding("workers", Status.problem, f"cannot read ({type(exc).__name__})")
    alive, waited = found["alive"], found["oldest_queued_task_seconds"]
    waiting = f"; oldest waiting task {waited:.0f} s" if isinstance(waited, float) else ""
    if not alive:
        return Finding(
            "workers",
            Status.problem,
            f"none alive{waiting}: replies and crisis pages are not being sent",
            "start `between worker` under a supervisor: `systemctl enable --now "
            "between-worker@1 between-worker@2` (deploy/systemd/between-worker@.service), "
            "or the Procfile's worker line; `between serve` without --no-worker also runs one",
        )
    if isinstance(waited, float) and waited > 60:
        return Finding(
            "workers",
            Status.warning,
            f"{alive} alive{waiting}",
            "the workers are behind: start more `between worker` processes",
        )
    return Finding("workers", Status.ok, f"{alive} alive{waiting}")


def encryption() -> Finding:
    """Whether this node's keys read what is stored: a node started with another key
    would accept mail it then cannot show, so the newest stored message is read back."""
    from between.crypto.box import DecryptionError, decrypt, encrypt
    from between.messaging.models import Message

    try:
        if decrypt(encrypt(b"between doctor")) != b"between doctor":
            raise DecryptionError
        sample = Message.objects.order_by("-pk").values_list("pk", flat=True).first()
        if sample is None:
            return Finding("encryption", Status.ok, "key set; no stored message to read yet")
        Message.objects.filter(pk=sample).values_list("body", flat=True).get()
    except DecryptionError:
        return Finding(
            "encryption",
            Status.problem,
            "this node's key cannot read the newest stored message",
            "give every node the same BETWEEN_ENCRYPTION_KEY; while rotating, list the new "
            "key first and the old one after it (NEW,OLD) on every node before running "
            "`between rotate_keys`",
        )
    except Exception as exc:
        return Finding("encryption", Status.problem, f"cannot check ({type(exc).__name__})")
    return Finding("encryption", Status.ok, "the key reads the newest stored message")


def base_url() -> Finding:
    """Twilio signs each webhook with the URL it posted to; Between checks the signature
    against BETWEEN_BASE_URL, so the two must agree or every text and call is refused."""
    url = settings.BETWEEN_BASE_URL
    parts = urlsplit(url)
    hooks = f"{url.rstrip('/')}/hooks/sms/ and {url.rstrip('/')}/hooks/voice/"
    if not parts.scheme or not parts.hostname:
        return Finding(
            "base URL",
            Status.problem,
            "BETWEEN_BASE_URL is not a URL",
            "set BETWEEN_BASE_URL to the address clients and Twilio use, e.g. "
            "https://between.example.org",
        )
    host = parts.hostname
    allowed = settings.ALLOWED_HOSTS
    host_allowed = "*" in allowed or any(
        host == h or (h.startswith(".") and host.endswith(h)) for h in allowed
    )
    if not host_allowed:
        return Finding(
            "base URL",
            Status.problem,
            f"its host {host} is not in BETWEEN_ALLOWED_HOSTS",
            f"add {host} to BETWEEN_ALLOWED_HOSTS, or every request to it is refused",
        )
    if not settings.DEBUG and parts.scheme != "https":
        return Finding(
            "base URL",
            Status.warning,
            f"{url} is plain HTTP",
            "serve over HTTPS behind a proxy and set BETWEEN_BASE_URL=https://…; Twilio "
            "webhooks and sign-in cookies need it",
        )
    return Finding("base URL", Status.ok, f"Twilio webhooks must point at {hooks}")


# Between sets these from its own variables, so the fix names those, not Django's.
_HTTPS_FIX = (
    "serve over HTTPS and set BETWEEN_BASE_URL=https://… with DEBUG off: Between then "
    "turns on secure cookies, HSTS and the HTTPS redirect (behind a proxy that ends TLS, "
    "also BETWEEN_BEHIND_HTTPS_PROXY=true)"
)
DEPLOY_FIXES = {
    "security.W004": _HTTPS_FIX,
    "security.W008": _HTTPS_FIX,
    "security.W012": _HTTPS_FIX,
    "security.W016": _HTTPS_FIX,
    "security.W018": "unset DEBUG (or DEBUG=false) in production",
    "security.W009": "set BETWEEN_SECRET_KEY (or BETWEEN_SECRET_KEY_FILE) to a long random "
    "value, the same on every node",
}


def deploy_checks() -> list[Finding]:
    """Django's own `check --deploy`, one finding per warning, each with a fix."""
    from django.core.checks import run_checks

    found = []
    for message in run_checks(include_deployment_checks=True):
        level = Status.problem if message.is_serious() else Status.warning
        fix = DEPLOY_FIXES.get(str(message.id)) or str(message.hint or "")
        found.append(Finding(f"django {message.id}", level, str(message.msg), fix))
    return found


def run_all(*, deploy: bool = True) -> list[Finding]:
    findings = [database()]
    if findings[0].status is not Status.problem:
        findings.append(migrations())
        findings.append(task_queue())
        if findings[-2].status is Status.problem:
            # Without the tables the other checks would only repeat the same problem.
            findings.append(
                Finding("workers and encryption", Status.warning, "not checked until migrated")
            )
        else:
            findings += [workers(), encryption()]
    findings.append(base_url())
    if deploy:
        findings += deploy_checks()
    return findings
