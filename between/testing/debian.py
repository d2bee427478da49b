"""Installing a Debian package the tests need (Dovecot, Chromium) when it is missing.

CI runs on a fresh clone as root with Debian's mirror reachable, so the suite installs
what it needs itself rather than skipping: a skipped service test hides the breakage it
exists to catch.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class PackageUnavailable(RuntimeError):
    """A package the tests need is missing and could not be installed."""


def ensure_package(binary: Path, package: str) -> float:
    """Install ``package`` unless ``binary`` exists; the seconds it took (0 when present)."""
    if binary.exists():
        return 0.0
    apt = shutil.which("apt-get")
    if apt is None:
        raise PackageUnavailable(f"{binary} is missing and apt-get is not available")
    if os.geteuid() != 0:
        raise PackageUnavailable(f"{binary} is missing; run: apt-get install -y {package}")
    # Parallel test workers may all arrive here on a fresh machine; dpkg allows one.
    lock_path = Path(tempfile.gettempdir()) / f"between-{package}-install.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if binary.exists():
            return 0.0
        return _install(apt, binary, package)


def _install(apt: str, binary: Path, package: str) -> float:
    started = time.monotonic()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [apt, "install", "-y", "--no-install-recommends", package]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        # The package lists may be missing on a fresh image: refresh them once.
        subprocess.run([apt, "update"], env=env, capture_output=True, check=False)  # noqa: S603
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0 or not binary.exists():
        raise PackageUnavailable(f"apt-get install {package} failed: {done.stderr[-500:]}")
    return time.monotonic() - started
