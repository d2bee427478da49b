"""Chromium from Debian's packages, for the browser tests (marked ``browser``).

Playwright drives the system Chromium (``/usr/bin/chromium``) rather than a browser it
downloads itself: the test machines stay offline apart from the Debian mirror, and the
browser is patched with the rest of the system. When it is missing it is installed with
apt-get, as root, the way ``between.testing.dovecot`` installs Dovecot.

Run ``python -m between.testing.chromium`` to install it ahead of a test run.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
PACKAGE = "chromium"
INSTALL_LOCK = Path(tempfile.gettempdir()) / "between-chromium-install.lock"
# Headless in a container: no sandbox (no user namespaces as root), no GPU, and nothing
# that phones home or updates itself while a test runs.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumUnavailable(RuntimeError):
    """Chromium is not installed and could not be installed."""


def ensure_installed() -> float:
    """Install Debian's chromium when missing; the seconds it took (0 when present)."""
    if CHROMIUM.exists():
        return 0.0
    apt = shutil.which("apt-get")
    if apt is None:
        raise ChromiumUnavailable(f"{CHROMIUM} is missing and apt-get is not available")
    if os.geteuid() != 0:
        raise ChromiumUnavailable(f"{CHROMIUM} is missing; run: apt-get install -y {PACKAGE}")
    # Parallel test workers may all arrive here on a fresh machine; dpkg allows one.
    with INSTALL_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if CHROMIUM.exists():
            return 0.0
        return _install(apt)


def _install(apt: str) -> float:
    started = time.monotonic()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [apt, "install", "-y", "--no-install-recommends", PACKAGE]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        # The package lists may be missing on a fresh image: refresh them once.
        subprocess.run([apt, "update"], env=env, capture_output=True, check=False)  # noqa: S603
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0 or not CHROMIUM.exists():
        raise ChromiumUnavailable(f"apt-get install {PACKAGE} failed: {done.stderr[-500:]}")
    return time.monotonic() - started


if __name__ == "__main__":
    took = ensure_installed()
    print(f"chromium: {CHROMIUM} present" + (f" (installed in {took:.0f} s)" if took else ""))
