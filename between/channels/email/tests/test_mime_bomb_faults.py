"""Issue 14, item 2: one sender's MIME bombs must not stall everyone's mail.

A real `between smtpd` receives four messages of 200,000 tiny parts each (8.4 MB) from
one sender on four connections, while a client's two-line email waits at DATA on a fifth.
The four bombs end their DATA together. Once the server holds all four (every byte read,
each one parsed), the two-line email ends its own: it must get its 250, stored and
screened (a crisis, paged). Every bomb is then answered too, stored whole and flagged;
nothing acknowledged is lost. Seconds from each final dot to its 250 go to the test's
output (`pytest -s`).

On PostgreSQL the bombs are held where the server stores them: the test holds the lock
every decision about their sender takes (messaging/sender_lock), so once parsed they wait
inside ``ingest``, on the listener's database threads, until it lets go. The two-line
email must be answered while every bomb is held, unanswered. (Before the fix the four
bombs filled all four database threads, parsing for three minutes, and the email waited
for them.) SQLite has one write lock for everyone, so nothing can hold the bombs alone
there: the test checks that everything arrives, and prints the order it arrived in. The
lanes are held one by one, on every database, in test_parse_bounds.
"""

from __future__ import annotations

import ast
import hashlib
import smtplib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest

from between.messaging.sender_lock import sender_key
from between.testing import faults
from between.testing.waiting import wait_for

pytestmark = [pytest.mark.faults]

PRACTICE_ADDRESS = "alex@riverside-counseling.example"
BOMBER = "bulk@mailer.example"
BOMBS = 4
PARTS = 200_000
CRISIS = "I have the pills saved up and I'm going to take them tonight.\nI'm sorry."


def bomb(n: int) -> bytes:
    """200,000 parts of 42 bytes each, as they travel in DATA (CRLF, no leading dots)."""
    head = (
        f"From: {BOMBER}\r\nTo: {PRACTICE_ADDRESS}\r\nSubject: newsletter {n}\r\n"
        f"Message-ID: <bomb-{n}@mailer.example>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    ).encode()
    return head + b"--b\r\nContent-Type: text/plain\r\n\r\nxxxxxxx\r\n" * PARTS + b"--b--\r\n"


def client_email(deployment: faults.Deployment) -> str:
    """A demo client who has consented to email (so the crisis is paged and answered)."""
    return deployment.shell(
        "from between.clients.models import Client\n"
        "from between.messaging.pipeline import client_view\n"
        "for c in Client.objects.filter(status='active').order_by('pk'):\n"
        "    e = c.contacts.filter(kind='email').first()\n"
        "    if e and client_view(c).has_consented('email'):\n"
        "        print(e.value); break\n"
    ).splitlines()[-1]


def practice_id(deployment: faults.Deployment) -> int:
    return int(
        deployment.shell(
            "from between.messaging.models import Endpoint\n"
            f"print(Endpoint.objects.get(address={PRACTICE_ADDRESS!r}).practice_id)"
        ).splitlines()[-1]
    )


class Bomb(threading.Thread):
    """One connection: MAIL, RCPT, DATA and the 8.4 MB; then, when told, the final dot."""

    def __init__(self, port: int, n: int) -> None:
        super().__init__(daemon=True)
        self.port, self.n = port, n
        self.raw = bomb(n)
        self.written = threading.Event()  # the whole body, all but the dot
        self.go = threading.Event()
        self.handed_over = threading.Event()  # the dot too
        self.code: int | None = None
        self.handed_at = self.answered_at = 0.0
        self.local_port = 0

    def run(self) -> None:
        with smtplib.SMTP("127.0.0.1", self.port, timeout=600) as smtp:
            assert smtp.sock is not None
            self.local_port = smtp.sock.getsockname()[1]
            smtp.ehlo()
            smtp.mail(BOMBER)
            smtp.rcpt(PRACTICE_ADDRESS)
            smtp.putcmd("data")
            assert smtp.getreply()[0] == 354
            smtp.send(self.raw)
            self.written.set()
            assert self.go.wait(timeout=600)
            smtp.send(b".\r\n")
            self.handed_at = time.monotonic()
            self.handed_over.set()
            self.code = smtp.getreply()[0]
            self.answered_at = time.monotonic()


def tcp_queues() -> dict[tuple[int, int], tuple[int, int]]:
    """(local port, remote port): (bytes not yet acknowledged by the peer, bytes received
    and not yet read by the program), for every IPv4 TCP socket on this machine."""
    queues = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = (int(a.rsplit(":", 1)[1], 16) for a in fields[1:3])
        unacked, unread = (int(q, 16) for q in fields[4].split(":"))
        queues[(local, remote)] = (unacked, unread)
    return queues


def read_whole(port: int, bomb: Bomb) -> bool:
    """Whether the server has read every byte this bomb sent, its final dot included."""
    if bomb.code is not None:
        return True
    queues = tcp_queues()
    ours, theirs = queues.get((bomb.local_port, port)), queues.get((port, bomb.local_port))
    return (
        bomb.handed_over.is_set()
        and ours is not None
        and theirs is not None
        and (ours[0] == 0 and theirs[1] == 0)
    )


@contextmanager
def bomber_held(database_url: str | None, practice: int) -> Iterator[Callable[[], int] | None]:
    """On PostgreSQL, hold the bomb sender's lock until the block ends; yields how many
    decisions wait for it. None on SQLite (nothing there holds one sender alone)."""
    if database_url is None:
        yield None
        return
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        key = sender_key(practice, BOMBER)
        conn.execute("SELECT pg_advisory_lock(%s)", [key])

        def waiting() -> int:
            row = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ).fetchone()
            return int(row[0]) if row else 0

        try:
            yield waiting
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", [key])


def parsed(deployment: faults.Deployment) -> int:
    """Bombs the listener has parsed (its log names the bound, never the content)."""
    return deployment.log().count("email over the parts bound")


def test_mime_bombs_from_one_sender_do_not_delay_anyone_else(database_url):
    with faults.deployment(database_url) as deployment:
        sender = client_email(deployment)
        practice = practice_id(deployment)
        _, port = deployment.smtpd()
        # A first message, as on any server already running: its one-time costs (the
        # database connection, the crisis model's first run) are not the bombs' doing.
        first = EmailMessage()
        first["From"], first["To"], first["Subject"] = sender, PRACTICE_ADDRESS, "Thursday"
        first.set_content("Can we move Thursday?")
        with smtplib.SMTP("127.0.0.1", port, timeout=600) as smtp:
            assert smtp.send_message(first) == {}

        bombs = [Bomb(port, n) for n in range(BOMBS)]
        for thread in bombs:
            thread.start()
        wait_for(lambda: all(b.written.is_set() for b in bombs), "every bomb's body written")
        note = EmailMessage()
        note["From"], note["To"], note["Subject"] = sender, PRACTICE_ADDRESS, "sorry"
        note.set_content(CRISIS)
        with (
            smtplib.SMTP("127.0.0.1", port, timeout=600) as smtp,
            bomber_held(database_url, practice) as held,
        ):
            smtp.ehlo()
            smtp.mail(sender)
            smtp.rcpt(PRACTICE_ADDRESS)
            smtp.putcmd("data")
            assert smtp.getreply()[0] == 354
            for thread in bombs:
                thread.go.set()
            wait_for(lambda: all(read_whole(port, b) for b in bombs), "every bomb read whole")
            wait_for(lambda: parsed(deployment) == BOMBS, "every bomb parsed")
            if held is not None:
                wait_for(lambda: held() > 0, "bombs held where they are stored")
            smtp.send(note.as_bytes().replace(b"\n", b"\r\n") + b".\r\n")
            note_handed = time.monotonic()
            note_code = smtp.getreply()[0]
            note_answered = time.monotonic()
            bombs_answered_first = sum(1 for b in bombs if b.code is not None)
            bombs_held = held() if held is not None else 0

        for thread in bombs:
            thread.join(timeout=900)
        print(
            f"\nMIME bombs: {BOMBS} x {PARTS} parts ({len(bombs[0].raw) / 1e6:.1f} MB), one "
            f"sender, {BOMBS} connections; from each final dot to its 250: bombs "
            + ", ".join(f"{b.answered_at - b.handed_at:.1f}" for b in bombs)
            + " s; the two-line email, ended once every bomb was read and parsed"
            + (f" and {bombs_held} held storing" if held is not None else "")
            + f": {note_answered - note_handed:.1f} s, {bombs_answered_first} bombs answered"
            " before it"
        )
        found = deployment.shell(
            "import hashlib\n"
            "from between.messaging.models import Message, Page\n"
            "n = next((m for m in Message.objects.filter("
            f"from_address={sender!r}) if m.subject == 'sorry'), None)\n"
            "print((n is not None, n and n.crisis, n and n.malformed,"
            " n and Page.objects.filter(message=n).exists()))\n"
            f"print(sorted((hashlib.sha256(bytes(m.raw)).hexdigest(), m.malformed,"
            f" 'too_complex_to_parse' in m.flags) for m in"
            f" Message.objects.filter(from_address={BOMBER!r})))"
        ).splitlines()
        stored, crisis, malformed, paged = ast.literal_eval(found[-2])
        stored_bombs = ast.literal_eval(found[-1])

        # The two-line email: answered, stored, screened (a crisis, paged) ...
        assert note_code == 250 and stored and crisis and paged and not malformed
        if held is not None:
            # ... while the bombs were held in the server's hands, every one unanswered.
            assert bombs_held > 0 and bombs_answered_first == 0
        # Every bomb: answered, and what was acknowledged is stored, whole and flagged.
        assert [b.code for b in bombs] == [250] * BOMBS
        sent = sorted(hashlib.sha256(b.raw).hexdigest() for b in bombs)
        assert stored_bombs == [(digest, True, True) for digest in sent]
