"""One decision at a time per sender, so that "once a day" and "once per absence" hold.

A decision reads what was already sent to the sender, then records its own reply. Two
messages from one client arriving together would each read an empty history and each
be answered. The lock makes the second decision wait until the first has committed, so
it reads the first reply.

PostgreSQL takes a transaction-scoped advisory lock keyed by practice and sender: other
senders are not held up, and the lock goes with the transaction, even when the process
dies. SQLite needs nothing more: every transaction here begins IMMEDIATE (settings),
which takes the database's single write lock before the first read.
"""

from __future__ import annotations

import hashlib

from django.db import connection

# Keeps these keys apart from any other advisory lock in the same database.
_NAMESPACE = b"between:sender:"


def sender_key(practice_id: int, sender: str) -> int:
    """A signed 64-bit key (PostgreSQL's bigint), the same in every process."""
    digest = hashlib.blake2b(
        _NAMESPACE + f"{practice_id}:{sender.strip().lower()}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_sender(practice_id: int, sender: str) -> None:
    """Wait for any other decision about this sender to commit. Call inside atomic()."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [sender_key(practice_id, sender)])
