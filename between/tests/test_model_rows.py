"""Model instances from plain SQL match what the ORM loads, on every thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from between.model_rows import first_as, rows_as
from between.practices.models import Membership


def _members(practice_id: int) -> list[Membership]:
    table = connection.ops.quote_name(Membership._meta.db_table)
    return rows_as(
        Membership,
        f"FROM {table} WHERE practice_id = %s ORDER BY id",
        [practice_id],
        leave_out=("display_name",),
    )


def test_rows_come_back_as_the_orm_would_load_them(riverside, owner, clinician, front_desk):
    found = _members(riverside.pk)
    expected = list(Membership.objects.filter(practice=riverside).order_by("id"))
    assert [m.pk for m in found] == [m.pk for m in expected] and len(found) == 3
    assert all(m.get_deferred_fields() == {"display_name"} for m in found)
    assert [model_to_dict(m) for m in found] == [model_to_dict(m) for m in expected]
    assert all(not m._state.adding and m._state.db == "default" for m in found)


def test_first_as_gives_none_when_nothing_matches(riverside):
    table = connection.ops.quote_name(Membership._meta.db_table)
    assert first_as(Membership, f"FROM {table} WHERE id = %s", [-1]) is None


@pytest.mark.django_db(transaction=True)
def test_another_thread_reads_through_its_own_connection(riverside, owner):
    def there() -> list[int]:
        try:
            return [m.pk for m in _members(riverside.pk)]
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(there).result() == [owner.pk]


def _message(practice, key: str):
    from datetime import UTC, datetime

    from between.messaging.models import Message

    return Message(
        practice=practice,
        channel="sms",
        from_address="+12125550123",
        to_addresses=["+12125550100"],
        subject="",
        body="Can we move Thursday to 4pm?",
        raw=b"raw bytes",
        received_at=datetime(2026, 3, 10, 15, 0, tzinfo=UTC),
        dedupe_key=key,
        digest="d" * 64,
        flags=["after_hours"],
        reasons=["after hours: acknowledged"],
    )


def test_insert_writes_the_row_save_would_write(riverside):
    from django.db import IntegrityError, transaction

    from between.messaging.models import Message
    from between.model_rows import insert

    fast = insert(_message(riverside, "fast"))
    slow = _message(riverside, "slow")
    slow.save()
    assert fast.pk and not fast._state.adding
    loaded = {m.dedupe_key: model_to_dict(m) for m in Message.objects.filter(practice=riverside)}
    for row in loaded.values():
        del row["id"], row["dedupe_key"]
    assert loaded["fast"] == loaded["slow"]  # defaults, JSON and encryption alike
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM messaging_message WHERE id = %s", [fast.pk])
        (stored,) = cursor.fetchone()
    assert "Thursday" not in stored  # encrypted at rest
    with pytest.raises(IntegrityError), transaction.atomic():
        insert(_message(riverside, "fast"))  # the same key twice: the constraint holds
