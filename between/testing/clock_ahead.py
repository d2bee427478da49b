"""Running a command, and every process it starts, with the wall clock moved ahead.

``make test-clock-ahead`` runs the SQLite suite this way: a test that only passes on
the day it was written fails here. The clock is moved with libfaketime, preloaded into
every process (pytest, SQLite inside it, Dovecot, Chromium, the ``between`` commands the
tests start), so they all agree on the date.

Only the wall clock moves. The monotonic clock measures intervals, not dates, and must
stay real: Python 3.11 waits on locks with ``sem_clockwait`` against it, which
libfaketime does not intercept, so a moved monotonic clock turns every timed wait into
a wait of the whole offset. Debian bookworm's libfaketime (0.9.10) cannot leave it real
either: its ``clock_nanosleep`` then refuses every ``time.sleep`` with EINVAL. The
library comes from the PyPI package ``libfaketime`` instead, whose build has that fixed;
this module only borrows its shared object, not its Python API. Chromium is the one
process that needs the opposite (it hangs on a real monotonic clock under the preload),
so the browser fixture starts it with its monotonic clock moved too
(``between.testing.chromium.launch_environment``).

Usage: ``python -m between.testing.clock_ahead DAYS COMMAND [ARG ...]``; DAYS may have a
fraction (``400.5``), so the moved run also sees the other half of the day: a test that
only passes in office hours, or only at night, fails in one of the two runs.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

# What the self-check runs under the moved clock: the date, a sleep, a timed wait.
_PROBE = (
    "import threading, time\n"
    "time.sleep(0.01)\n"
    "threading.Event().wait(0.01)\n"
    "print(int(time.time()))\n"
)


class ClockNotMoved(RuntimeError):
    """The preload library is missing, or a process under it does not see the moved
    date or cannot wait."""


def library() -> Path:
    """The libfaketime shared object inside the installed ``libfaketime`` package."""
    spec = importlib.util.find_spec("libfaketime")
    if spec is None or not spec.submodule_search_locations:
        raise ClockNotMoved("the libfaketime package is not installed (make install)")
    package = Path(next(iter(spec.submodule_search_locations)))
    found = package / "vendor" / "libfaketime" / "src" / "libfaketime.so.1"
    if not found.exists():
        raise ClockNotMoved(f"{found} is missing from the libfaketime package")
    return found


def environment(days: float, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (the current environment by default) with the clock ``days`` ahead."""
    env = dict(os.environ if base is None else base)
    ours = str(library())
    others = [p for p in env.get("LD_PRELOAD", "").split(":") if p and p != ours]
    preload = [ours, *others]
    env.update(
        LD_PRELOAD=":".join(preload),
        FAKETIME=f"+{round(days * 86400)}",  # seconds
        FAKETIME_DONT_FAKE_MONOTONIC="1",
    )
    return env


def _read_clock(env: dict[str, str]) -> datetime:
    """The time a new process under ``env`` reads, after it slept and waited."""
    probe = subprocess.run(  # noqa: S603 - our own interpreter, our own fixed script
        [sys.executable, "-c", _PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if probe.returncode != 0:
        raise ClockNotMoved(f"a process under the moved clock failed: {probe.stderr[-500:]}")
    return datetime.fromtimestamp(int(probe.stdout.strip()), UTC)


def real_now() -> datetime:
    """The real time, even inside a run whose own clock was moved (read by a process
    without the preload)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_PRELOAD", "FAKETIME"))}
    return _read_clock(env)


def check(days: float, env: dict[str, str]) -> datetime:
    """The date a process under ``env`` reads, after it slept and waited; raises
    ClockNotMoved unless that date is ``days`` ahead of the real one."""
    seen = _read_clock(env)
    offset = seen - real_now()
    if abs(offset - timedelta(days=days)) > timedelta(hours=1):
        raise ClockNotMoved(f"the clock was moved by {offset}, not {days:g} days")
    return seen


def main(argv: list[str]) -> int:
    days = _days(argv[0]) if argv else None
    if len(argv) < 2 or days is None:
        sys.stderr.write("usage: python -m between.testing.clock_ahead DAYS COMMAND [ARG ...]\n")
        return 2
    command = argv[1:]
    env = environment(days)
    seen = check(days, env)
    sys.stdout.write(f"clock ahead: {days:g} days, the clock reads {seen:%Y-%m-%d %H:%M} UTC\n")
    sys.stdout.flush()
    os.execvpe(command[0], command, env)  # noqa: S606 - the command make was given


def _days(text: str) -> float | None:
    try:
        days = float(text)
    except ValueError:
        return None
    return days if 0 < days < 100_000 else None


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
