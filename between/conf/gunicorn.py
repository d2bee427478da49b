"""gunicorn's settings for Between's web tier: ``gunicorn -c python:between.conf.gunicorn
between.wsgi``.

Several processes, so one slow request (a PDF export, a large report) cannot hold the
others, each with a few threads for the many short ones. The app is not preloaded in the
master: the crisis reader's ONNX Runtime session keeps a thread pool, which a fork would
leave behind, so each worker loads its own (about a second and 100 MB each).

Every value can be set from the environment, the same variables on every node:
BETWEEN_HOST and BETWEEN_PORT (or PORT, as process managers such as honcho set it),
BETWEEN_WEB_PROCESSES, BETWEEN_WEB_THREADS and BETWEEN_WEB_TIMEOUT.
"""

from __future__ import annotations

import os


def _number(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


bind = f"{os.environ.get('BETWEEN_HOST', '127.0.0.1')}:" + (
    os.environ.get("PORT") or os.environ.get("BETWEEN_PORT") or "8000"
)
# Two per core plus one is gunicorn's own starting point; the threads cover the waits on
# PostgreSQL. docs/production.md says how the figures moved on the 2-core machine.
workers = _number("BETWEEN_WEB_PROCESSES", 2 * (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = _number("BETWEEN_WEB_THREADS", 4)
timeout = _number("BETWEEN_WEB_TIMEOUT", 60)
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter, so not all at once): any
# slow growth in memory is bounded without anyone noticing a restart.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front ends TLS and says so; only trust it from where it runs.
forwarded_allow_ips = os.environ.get("BETWEEN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access lines carry paths only: Between never puts client data in a URL, and query
# strings (filters, dates) are left out all the same.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
proc_name = "between-web"
