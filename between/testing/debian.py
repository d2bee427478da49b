"""Installing a Debian package the tests need (Dovecot, Chromium, ...) when it is missing.

CI runs on a fresh clone as root with Debian's mirror reachable, so the suite installs
what it needs itself rather than skipping: a skipped service test hides the breakage it
exists to catch.
"""

from __future__ import annotations

import ctypes.util
import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class PackageUnavailable(RuntimeError):
    """A package the tests need is missing and could not be installed."""


class Installed:
    """How to tell a package is in place: the file it installs, or a shared library the
    dynamic loader can find (a library's path differs between architectures)."""

    def __init__(self, *, path: Path | None = None, library: str | None = None) -> None:
        if (path is None) == (library is None):
            raise ValueError("give a path or a library name")
        self.path, self.library = path, library

    def __call__(self) -> bool:
        if self.path is not None:
            return self.path.exists()
        return ctypes.util.find_library(str(self.library)) is not None

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else f"lib{self.library}"


def ensure_package(installed: Path | Installed, package: str) -> float:
    """Install ``package`` unless it is in place; the seconds it took (0 when present).

    ``installed`` is the file the package provides, or an ``Installed`` check.
    """
    present = installed if isinstance(installed, Installed) else Installed(path=installed)
    if present():
        return 0.0
    apt = shutil.which("apt-get")
    if apt is None:
        raise PackageUnavailable(f"{present} is missing and apt-get is not available")
    if os.geteuid() != 0:
        raise PackageUnavailable(f"{present} is missing; run: apt-get install -y {package}")
    # Parallel test workers may all arrive here on a fresh machine; dpkg allows one.
    lock_path = Path(tempfile.gettempdir()) / f"between-{package}-install.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if present():
            return 0.0
        return _install(apt, present, package)


def _install(apt: str, present: Installed, package: str) -> float:
    started = time.monotonic()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [apt, "install", "-y", "--no-install-recommends", package]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        # The package lists may be missing on a fresh image: refresh them once.
        subprocess.run([apt, "update"], env=env, capture_output=True, check=False)  # noqa: S603
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0 or not present():
        raise PackageUnavailable(f"apt-get install {package} failed: {done.stderr[-500:]}")
    return time.monotonic() - started
