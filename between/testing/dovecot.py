"""A throwaway Dovecot IMAP server for the IMAP poller's tests.

The IMAP tests talk to a real server, not a fake: IDLE, flags and UIDs behave the way
production mailboxes do only in a real one. Dovecot comes from Debian's packages; when
``/usr/sbin/dovecot`` is missing it is installed with apt-get (the test machines run as
root). Each server gets its own configuration, a passwd-file user, a maildir in a
temporary folder and a free high port on 127.0.0.1, and runs in the foreground as a
child process we stop by its id. Nothing is written outside the temporary folder.

Run ``python -m between.testing.dovecot`` to install it ahead of a test run.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from between.testing.debian import PackageUnavailable, ensure_package

DOVECOT = Path("/usr/sbin/dovecot")
PACKAGE = "dovecot-imapd"
# What the package itself installs (dovecot-core alone has /usr/sbin/dovecot but no IMAP).
IMAP_SERVER = Path("/usr/lib/dovecot/imap")
USER = "therapist"
PASSWORD = "mailbox-test-password"  # a throwaway server on 127.0.0.1 only
START_TIMEOUT = 120.0  # a bound for a broken install, not a pace


class DovecotUnavailable(PackageUnavailable):
    """Dovecot is not installed and could not be installed."""


def ensure_installed() -> float:
    """Install the package when missing; the seconds it took (0 when present)."""
    try:
        return ensure_package(IMAP_SERVER, PACKAGE)
    except PackageUnavailable as exc:
        raise DovecotUnavailable(str(exc)) from None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        """The mailbox as ``BETWEEN_IMAP_URL`` takes it."""
        return f"imap://{self.user}:{self.password}@{self.host}:{self.port}/INBOX"

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _accounts() -> tuple[str, str, int, int]:
    """(internal user, login user, mail uid, mail gid) for the server's processes.

    As root, Dovecot drops privileges to the users its package created, and the mail is
    owned by the unprivileged ``dovecot`` user (Dovecot refuses uid 0 for mail). As
    anyone else, every process runs as that user.
    """
    if os.geteuid() == 0:
        mail = pwd.getpwnam("dovecot")
        return "dovecot", "dovenull", mail.pw_uid, mail.pw_gid
    me = pwd.getpwuid(os.geteuid())
    return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid


def _clock_environment() -> str:
    """The libfaketime variables of this run, as Dovecot's import_environment lists them
    (empty when the clock is not moved)."""
    names = ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC")
    return " ".join(f"{name}={os.environ[name]}" for name in names if name in os.environ)


def _config(folder: Path, port: int) -> str:
    internal, login, uid, gid = _accounts()
    return f"""\
# Written by between.testing.dovecot for one test run; nothing here is for production.
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
info_log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
first_valid_uid = {uid}
last_valid_uid = {uid}
mail_location = maildir:{folder}/mail/%u
mail_privileged_group =
# Dovecot clears the environment of the processes it starts; these keep the clock a
# test run moved (between.testing.clock_ahead) in the IMAP processes too.
import_environment = TZ {_clock_environment()}
protocol imap {{
  imap_idle_notify_interval = 1 secs
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={folder}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def _wait_for_greeting(server: Dovecot) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        with (
            contextlib.suppress(OSError),
            socket.create_connection((server.host, server.port), timeout=2) as sock,
        ):
            if sock.recv(256).startswith(b"* OK"):
                return
        time.sleep(0.1)
    server.stop()
    raise DovecotUnavailable(f"dovecot did not start:\n{server.log()[-2000:]}")


def start(folder: Path | None = None) -> Dovecot:
    """Start a server in ``folder`` (a new temporary folder by default)."""
    ensure_installed()
    folder = folder or Path(tempfile.mkdtemp(prefix="between-dovecot-"))
    _internal, _login, uid, gid = _accounts()
    for sub in ("run", "state", "mail", "home"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("mail", "home"):
        os.chown(folder / sub, uid, gid)
    folder.chmod(0o755)
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    port = free_port()
    conf = folder / "dovecot.conf"
    conf.write_text(_config(folder, port))
    process = subprocess.Popen(  # noqa: S603 - our own binary and config
        [str(DOVECOT), "-F", "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Dovecot("127.0.0.1", port, USER, PASSWORD, folder, process)
    _wait_for_greeting(server)
    return server


@contextlib.contextmanager
def running() -> Iterator[Dovecot]:
    folder = Path(tempfile.mkdtemp(prefix="between-dovecot-"))
    server = start(folder)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    took = ensure_installed()
    print(f"dovecot: {DOVECOT} present" + (f" (installed in {took:.0f} s)" if took else ""))
