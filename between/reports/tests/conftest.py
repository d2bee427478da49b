"""A fortnight at Riverside, built by hand so every figure in the tests can be worked out.

Period: Monday 5 to Sunday 18 January 2026, New York time (weeks 2026-W02 and W03), under
the reference policy (Mon 09-12 and 13-17, Tue-Thu 09-17, Fri 09-15). Client A belongs
to the owner, client B to the clinician.

    m1  A portal  Tue  6 Jan 10:00  due Wed 17:00, typed reply Wed 09:00     in time
    m2  A sms     Tue  6 Jan 21:00  due Wed 17:00, marked done Thu 10:00     late, after hours
    m3  B email   Mon 12 Jan 10:00  due Tue 17:00, marked done at 17:00      in time (exactly)
    m4  B portal  Sat 17 Jan 11:00  due Tue 20 Jan 17:00, unanswered        overdue, after hours
    m5  A portal  Thu  8 Jan 02:00  crisis: reply sent +30 s, page ack +5 min   after hours
    m6  B sms     Wed 14 Jan 12:00  crisis: reply sent +90 s, never acknowledged
    c1  A voicemail Wed 7 Jan 11:00, due Thu 17:00, returned Thu 12:00     kept
    c2  B voicemail Tue 13 Jan 16:00, due Wed 17:00, not returned          missed
    c3  A call without voicemail: no callback owed
    x1  Elsewhere's message in the same fortnight: never counted at Riverside
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from between.clients.models import Client
from between.messaging.models import Call, Message, Outbound, Page

NY = ZoneInfo("America/New_York")
PERIOD = {"start": "2026-01-05", "end": "2026-01-18"}


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


@dataclass
class Scenario:
    a: Client
    b: Client
    messages: dict[str, Message]
    calls: dict[str, Call]


@pytest.fixture
def scenario(riverside, elsewhere, owner, clinician, client_record, policy_version):
    b = Client.objects.create(practice=riverside, name="Bea Second", clinician=clinician)
    a = client_record
    made: dict[str, Message] = {}

    def message(key, client, channel, received, due, **kw):
        made[key] = Message.objects.create(
            practice=riverside,
            client=client,
            channel=channel,
            from_address=f"{key}@example.com",
            body=f"words of {key} that must never appear",
            received_at=received,
            due_at=due,
            dedupe_key=key,
            policy_version=policy_version,
            **kw,
        )
        return made[key]

    m1 = message("m1", a, "portal", at(2026, 1, 6, 10), at(2026, 1, 7, 17), category="clinical")
    Outbound.objects.create(
        practice=riverside,
        client=a,
        in_reply_to=m1,
        channel="portal",
        to="portal",
        kind="typed",
        body="reply",
        created_at=at(2026, 1, 7, 9),
    )
    message(
        "m2",
        a,
        "sms",
        at(2026, 1, 6, 21),
        at(2026, 1, 7, 17),
        category="admin",
        status="done",
        done_at=at(2026, 1, 8, 10),
    )
    message(
        "m3",
        b,
        "email",
        at(2026, 1, 12, 10),
        at(2026, 1, 13, 17),
        category="admin",
        status="done",
        done_at=at(2026, 1, 13, 17),
    )
    message("m4", b, "portal", at(2026, 1, 17, 11), at(2026, 1, 20, 17), category="clinical")
    for key, client, channel, received, reply, ack in (
        ("m5", a, "portal", at(2026, 1, 8, 2), 30, 300),
        ("m6", b, "sms", at(2026, 1, 14, 12), 90, None),
    ):
        crisis = message(key, client, channel, received, received, category="crisis", crisis=True)
        Outbound.objects.create(
            practice=riverside,
            client=client,
            in_reply_to=crisis,
            channel=channel,
            to="x",
            kind="crisis",
            body="crisis lines",
            created_at=received,
            sent_at=received + timedelta(seconds=reply),
            status="sent",
        )
        Page.objects.create(
            practice=riverside,
            message=crisis,
            audience="clinician",
            name="On call",
            created_at=received,
            sent_at=received,
            acknowledged_at=received + timedelta(seconds=ack) if ack else None,
        )
    calls = {
        "c1": Call.objects.create(
            practice=riverside,
            client=a,
            caller="+12125550123",
            at=at(2026, 1, 7, 11),
            call_id="c1",
            voicemail=True,
            callback_due=at(2026, 1, 8, 17),
            status="done",
            done_at=at(2026, 1, 8, 12),
            policy_version=policy_version,
        ),
        "c2": Call.objects.create(
            practice=riverside,
            client=b,
            caller="+12125550124",
            at=at(2026, 1, 13, 16),
            call_id="c2",
            voicemail=True,
            callback_due=at(2026, 1, 14, 17),
            policy_version=policy_version,
        ),
        "c3": Call.objects.create(
            practice=riverside,
            client=a,
            caller="+12125550123",
            at=at(2026, 1, 9, 11),
            call_id="c3",
            voicemail=False,
            status="no_callback",
            policy_version=policy_version,
        ),
    }
    Message.objects.create(
        practice=elsewhere,
        channel="email",
        from_address="x1@example.com",
        body="elsewhere",
        received_at=at(2026, 1, 6, 10),
        due_at=at(2026, 1, 7, 10),
        dedupe_key="x1",
    )
    return Scenario(a, b, made, calls)
