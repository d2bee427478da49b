"""Typed replies from staff: over the same channel, only where the client agreed.

Crisis replies are the one exception to consent, and they are automatic; a typed reply
never is. Over email and text the words are checked by the privacy lint first, and the
sender confirms anything it finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from between.core.privacy_lint import lint
from between.messaging.models import Message, Outbound
from between.messaging.tasks import after_commit_deliver

INSECURE = frozenset({"email", "sms"})
REPLY_CHANNEL = {"email": "email", "sms": "sms", "portal": "portal"}
CONSENT_CHANNEL = {"email": "email", "sms": "sms", "portal": "portal"}


@dataclass(frozen=True)
class ComposeCheck:
    allowed: bool
    refusal: str = ""
    warnings: tuple[str, ...] = ()


def can_reply(message: Message) -> ComposeCheck:
    channel = REPLY_CHANNEL.get(message.channel)
    if channel is None:
        return ComposeCheck(False, "Voicemails are answered by calling back.")
    if not message.from_address:
        return ComposeCheck(False, "There is no address to reply to.")
    if message.client is not None:
        state = message.client.consent_state(CONSENT_CHANNEL[channel])
        if state != "granted":
            return ComposeCheck(
                False,
                f"The client has not agreed to {message.get_channel_display().lower()} "
                f"({state or 'never asked'}), so no message can be sent this way.",
            )
    return ComposeCheck(True)


def check_text(message: Message, body: str) -> ComposeCheck:
    """Privacy warnings for a typed reply over an insecure channel."""
    first = can_reply(message)
    if not first.allowed:
        return first
    if message.channel not in INSECURE:
        return ComposeCheck(True)
    names = (message.client.name,) if message.client else ()
    problems = lint(
        body,
        client_names=names,
        client_words=message.body,
        channel="sms" if message.channel == "sms" else "email",
    )
    keep = {"client_name", "quotes_client", "clinical_detail", "sms_too_long"}
    return ComposeCheck(True, warnings=tuple(p.message for p in problems if p.code in keep))


@transaction.atomic
def send_typed(message: Message, body: str, user: Any) -> Outbound:
    check = can_reply(message)
    if not check.allowed:
        raise PermissionError(check.refusal)
    subject = ""
    headers: dict[str, str] = {}
    if message.channel == "email":
        subject = (
            message.subject
            if message.subject.lower().startswith("re:")
            else (f"Re: {message.subject}" if message.subject else "Re: your message")
        )
        written_to = next(iter(message.to_addresses), "")
        if written_to:
            headers["From"] = written_to
    outbound = Outbound.objects.create(
        practice=message.practice,
        client=message.client,
        in_reply_to=message,
        channel=REPLY_CHANNEL[message.channel],
        to=message.from_address,
        kind="typed",
        subject=subject,
        body=body,
        headers=headers,
        created_by=user if getattr(user, "pk", None) else None,
        created_at=timezone.now(),
    )
    after_commit_deliver(outbound.pk)
    return outbound
