"""``between simulate``: what a policy does with a list of events, on the production path.

Therapists use it to see their policy's answers before any client writes. Every event
goes through the same parsing and the same ``ingest`` as a real message, in one
database transaction that is rolled back at the end: limits and duplicates apply across
the events, and nothing is kept or sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from between.clients.models import Client, Consent, ContactKind, ContactPoint
from between.core.pipeline.values import Inbound, InChannel
from between.core.policy import PolicyError, load_policy
from between.messaging.models import Call, Message, Outbound
from between.messaging.pipeline import ingest
from between.policies.models import PolicyStatus, PolicyVersion
from between.practices.models import Membership, Practice

EVENT_CHANNELS = ("email", "sms", "voice", "portal")


class SimulationError(Exception):
    """The policy or the clients file cannot be used; the message says which and why."""


@dataclass
class World:
    practice: Practice
    clients: dict[str, Client]  # the clients file's ids → rows


def _rollback() -> None:
    transaction.set_rollback(True)


def run(policy_path: str, events_path: str, clients_path: str | None, out: TextIO) -> int:
    """Process every event; one JSON line each. Returns 0, or 1 if any event was bad."""
    policy_text = Path(policy_path).read_text(encoding="utf-8")
    check_policy(policy_text, policy_path)
    client_specs = _read_clients(clients_path) if clients_path else []
    failures = 0
    for line in outcomes(policy_text, _read_events(events_path), client_specs):
        failures += "error" in line
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failures else 0


def simulate(
    policy_text: str,
    events: Iterable[dict[str, Any] | str],
    client_specs: list[dict[str, Any]],
    policy_name: str = "policy.yaml",
) -> list[dict[str, Any]]:
    """What the policy does with each event, as the dicts `between simulate` prints.

    The web editor's simulator calls this, so the page and the command line can never
    disagree. Raises SimulationError when the policy is not valid.
    """
    check_policy(policy_text, policy_name)
    return list(outcomes(policy_text, events, client_specs))


def check_policy(policy_text: str, policy_name: str) -> None:
    try:
        load_policy(policy_text, policy_name)
    except PolicyError as exc:
        raise SimulationError(
            "\n".join(p.format() for p in exc.problems) or "the policy is not valid"
        ) from None


def outcomes(
    policy_text: str,
    events: Iterable[dict[str, Any] | str],
    client_specs: list[dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    """One dict per event, yielded as each is processed; nothing is kept.

    An event given as a string is one that could not be read; it is reported as its
    error. Everything happens in one transaction (a savepoint inside a request) that is
    rolled back after the last event, also when the caller stops early.
    """
    with transaction.atomic():
        try:
            world = _build_world(policy_text, client_specs)
            for index, event in enumerate(events):
                if isinstance(event, str):
                    yield {"event": index, "error": event}
                    continue
                try:
                    line = _process(world, index, event)
                except (ValueError, KeyError, TypeError) as exc:
                    line = {"event": index, "error": str(exc)}
                yield line
        finally:
            _rollback()


def _read_events(path: str) -> Iterator[dict[str, Any] | str]:
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"line {number}: not JSON ({exc.msg})"
                continue
            if not isinstance(value, dict):
                yield f"line {number}: an event must be a JSON object"
                continue
            yield value


def _read_clients(path: str) -> list[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as handle:
        try:
            data = yaml.safe_load(handle)
        except yaml.YAMLError as exc:
            raise SimulationError(f"{path}: not valid YAML ({exc})") from None
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(c, dict) for c in data):
        raise SimulationError(f"{path}: expected a list of clients")
    for position, spec in enumerate(data, start=1):
        if "id" not in spec:
            raise SimulationError(f"{path}: client {position} has no id")
    return data


def _build_world(policy_text: str, specs: list[dict[str, Any]]) -> World:
    policy = load_policy(policy_text).policy
    practice = Practice.objects.create(
        name=policy.practice.name,
        slug=f"simulation-{timezone.now().timestamp():.0f}",
        timezone=policy.timezone,
        setting=policy.practice.setting.value,
    )
    user = get_user_model().objects.create_user(username=f"simulator-{practice.pk}")
    clinician = Membership.objects.create(
        user=user, practice=practice, role="owner", display_name="Simulated clinician"
    )
    PolicyVersion.objects.create(
        practice=practice,
        number=1,
        text=policy_text,
        status=PolicyStatus.PUBLISHED,
        created_by=user,
        published_at=datetime(1970, 1, 1, tzinfo=UTC),
        effective_at=datetime(1970, 1, 1, tzinfo=UTC),
    )
    clients: dict[str, Client] = {}
    for spec in specs:
        client = Client.objects.create(
            practice=practice,
            name=str(spec.get("name") or spec["id"]),
            preferred_channel=str(spec.get("preferred") or ""),
            clinician=clinician,
        )
        for address in spec.get("emails") or []:
            ContactPoint.objects.create(client=client, kind=ContactKind.EMAIL, value=address)
        for number in spec.get("phones") or []:
            ContactPoint.objects.create(client=client, kind=ContactKind.PHONE, value=number)
        for channel, state in (spec.get("consents") or {}).items():
            channel = "phone" if channel == "voice" else channel
            Consent.objects.create(
                client=client,
                channel=channel,
                state=state,
                recorded_at=datetime(1970, 1, 1, tzinfo=UTC),
                method="staff",
            )
        clients[str(spec["id"])] = client
    return World(practice, clients)


def _at(event: dict[str, Any]) -> datetime:
    if "at" not in event:
        raise ValueError("missing 'at' (ISO 8601 with an offset)")
    value = datetime.fromisoformat(str(event["at"]))
    if value.tzinfo is None:
        raise ValueError("'at' needs a time-zone offset, e.g. 2027-01-04T21:00:00-05:00")
    return value


def to_inbound(world: World, index: int, event: dict[str, Any]) -> Inbound:
    """An event as the channel adapter would have built it."""
    channel = event.get("channel")
    if channel not in EVENT_CHANNELS:
        raise ValueError(f"'channel' must be one of {', '.join(EVENT_CHANNELS)}")
    at = _at(event)
    key = f"simulate:{index}"
    if channel == "email":
        from between.channels.email.ingest import parse_email

        raw = event.get("raw")
        if not isinstance(raw, str):
            raise ValueError("an email event needs 'raw', the whole message")
        rcpt = event.get("rcpt_to") or []
        inbound = parse_email(
            raw.encode("utf-8", "surrogateescape"),
            envelope_sender=event.get("mail_from"),
            rcpt_to=[str(r) for r in rcpt],
            received_at=at,
        )
        return inbound
    if channel == "sms":
        return Inbound(
            InChannel.sms,
            at,
            _phone(world, str(event.get("from", ""))),
            key,
            recipients=(str(event.get("to", "")),),
            body=str(event.get("body", "")),
        )
    if channel == "voice":
        return Inbound(
            InChannel.voice,
            at,
            _phone(world, str(event.get("from", ""))),
            key,
            recipients=(str(event.get("to", "")),),
            body=str(event.get("transcript") or ""),
            voicemail=bool(event.get("voicemail", False)),
        )
    client = world.clients.get(str(event.get("client")))
    if client is None:
        raise ValueError("a portal event needs 'client', an id from the clients file")
    return Inbound(
        InChannel.portal,
        at,
        str(client.pk),
        key,
        recipients=("portal",),
        body=str(event.get("body", "")),
    )


def _phone(world: World, number: str) -> str:
    from django.core.exceptions import ValidationError

    from between.clients.contact import normalize_phone

    try:
        return normalize_phone(number, world.practice.country)
    except ValidationError:
        return number


def _process(world: World, index: int, event: dict[str, Any]) -> dict[str, Any]:
    """Hand the event to the same entry point its channel's adapter uses."""
    inbound = to_inbound(world, index, event)
    if inbound.channel is InChannel.sms:
        from between.channels.sms.ingest import SmsIn, receive_sms

        outcome = receive_sms(
            SmsIn(
                message_sid=inbound.dedupe_key,
                sender=inbound.sender,
                to=inbound.recipients[0] if inbound.recipients else "",
                body=inbound.body,
                received_at=inbound.received_at,
            ),
            world.practice,
        )
        if outcome.message is None:
            raise ValueError("the text was not accepted")
        return _line(world, index, outcome.message, None)
    if inbound.channel is InChannel.email:
        # Each event is its own delivery even if two raw messages share a Message-ID.
        inbound = Inbound(**{**inbound.__dict__, "dedupe_key": f"simulate:{index}"})
    result = ingest(inbound, world.practice)
    assert result is not None
    return _line(world, index, result.message, result.call)


def _line(world: World, index: int, message: Message | None, call: Call | None) -> dict[str, Any]:
    """What happened, read back from what was stored: the same record the inbox shows."""
    row: Message | Call | None = message or call
    if row is None:
        raise ValueError("nothing was recorded for this event")
    zone = ZoneInfo(world.practice.timezone)
    due = message.due_at if message is not None else (call.callback_due if call else None)
    replies = (
        Outbound.objects.filter(in_reply_to=message)
        if message
        else Outbound.objects.filter(call=call)
    )
    reply = replies.order_by("id").first()
    pages = (message.pages if message else call.pages).order_by("id")  # type: ignore[union-attr]
    client_id = next((key for key, c in world.clients.items() if row.client_id == c.pk), None)
    return {
        "event": index,
        "client": client_id,
        "category": row.category,
        "crisis": row.crisis,
        "due_at": due.astimezone(zone).isoformat() if due else None,
        "reply": None
        if reply is None
        else {
            "channel": reply.channel,
            "to": reply.to,
            "subject": reply.subject,
            "body": reply.body,
            "headers": dict(reply.headers),
        },
        "alerts": [
            {
                "kind": "crisis_page",
                "audience": p.audience,
                "name": p.name,
                "phone": p.phone or None,
                "email": p.email or None,
            }
            for p in pages
        ],
        "flags": list(row.flags),
        "reasons": list(row.reasons),
    }
