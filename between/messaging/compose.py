"""Typed replies from staff: only over a channel the client agreed to.

Crisis replies are the one exception to consent, and they are automatic; a typed reply
never is. Over email and text the words are checked by the privacy lint first, and the
sender confirms anything it finds. A reply goes on the channel the message came by
unless staff pick another the client agreed to (after STOP by text, say, by email): the
message page and the conversation page both send through ``send_typed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from between.clients.models import Client, ContactKind
from between.core.conversation import CHANNEL_WORDS, Route, Routes, reply_routes, reply_subject
from between.core.privacy_lint import lint
from between.messaging.models import Direction, Endpoint, Message, Outbound
from between.messaging.tasks import after_commit_deliver

INSECURE = frozenset({"email", "sms"})
REPLY_CHANNEL = {"email": "email", "sms": "sms", "portal": "portal"}
CONSENT_CHANNEL = {"email": "email", "sms": "sms", "portal": "portal"}
STATE_WORDS = {"withdrawn": "withdrew consent", "declined": "declined"}


@dataclass(frozen=True)
class ComposeCheck:
    allowed: bool
    refusal: str = ""
    warnings: tuple[str, ...] = ()


def can_reply(message: Message) -> ComposeCheck:
    """May a reply go back the way this message came?"""
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


def client_routes(client: Client, message: Message | None = None) -> Routes:
    """Every channel a typed reply to this client may take now, the message's first."""
    consents = {c: client.consent_state(c) for c in CONSENT_CHANNEL.values()}
    addresses: dict[str, str] = {"portal": str(client.pk)}
    for kind, channel in ((ContactKind.EMAIL, "email"), (ContactKind.PHONE, "sms")):
        contact = client.contacts.filter(kind=kind).order_by("id").first()
        if contact is not None:
            addresses[channel] = contact.value
    if message is not None and message.channel in ("email", "sms") and message.from_address:
        addresses[message.channel] = message.from_address
    first = REPLY_CHANNEL.get(message.channel, "") if message is not None else ""
    if not first:
        first = client.preferred_channel if client.preferred_channel in REPLY_CHANNEL else ""
    return reply_routes(consents, addresses, first=first)


def message_routes(message: Message) -> Routes:
    if message.client is not None:
        return client_routes(message.client, message)
    if can_reply(message).allowed:  # an unknown sender: back the way it came, only
        return Routes((Route(REPLY_CHANNEL[message.channel], message.from_address),))
    return Routes(())


def refusal_words(routes: Routes) -> list[str]:
    """ "The client texted STOP" in staff words, one line per withdrawn channel."""
    lines = []
    for channel, state in routes.refused:
        words = CHANNEL_WORDS.get(channel, channel)
        if channel == "sms" and state == "withdrawn":
            lines.append("The client opted out of text messages (STOP), so no text can be sent.")
        else:
            lines.append(f"The client {STATE_WORDS.get(state, state)} for {words}.")
    return lines


def check_text(
    message: Message | None, body: str, route: Route, client: Client | None
) -> ComposeCheck:
    """Privacy warnings for a typed reply over an insecure channel."""
    if route.channel not in INSECURE:
        return ComposeCheck(True)
    names = (client.name,) if client else ()
    problems = lint(
        body,
        client_names=names,
        client_words=message.body if message is not None else None,
        channel="sms" if route.channel == "sms" else "email",
    )
    keep = {"client_name", "quotes_client", "clinical_detail", "sms_too_long"}
    return ComposeCheck(True, warnings=tuple(p.message for p in problems if p.code in keep))


def latest_inbound(client: Client, channel: str) -> Message | None:
    """The message a reply on this channel answers (for threading), if there is one."""
    return (
        Message.objects.filter(client=client, direction=Direction.INBOUND, channel=channel)
        .order_by("-received_at", "-id")
        .first()
    )


@transaction.atomic
def send_typed(
    message: Message | None,
    body: str,
    user: Any,
    *,
    route: Route | None = None,
    client: Client | None = None,
) -> Outbound:
    """Queue a typed reply. Without a route it goes back the way ``message`` came."""
    client = client or (message.client if message is not None else None)
    if route is None:
        assert message is not None
        check = can_reply(message)
        if not check.allowed:
            raise PermissionError(check.refusal)
        route = Route(REPLY_CHANNEL[message.channel], message.from_address)
    else:
        allowed = client_routes(client, message) if client else message_routes(message)  # type: ignore[arg-type]
        if allowed.get(route.channel) != route:
            raise PermissionError("That channel is not one the client agreed to.")
    practice = client.practice if client is not None else message.practice  # type: ignore[union-attr]
    # Threaded with the last thing the client sent this way, when there is one; listed
    # under the message it was typed on.
    same_way = message if message is not None and message.channel == route.channel else None
    if same_way is None and client is not None:
        same_way = latest_inbound(client, route.channel)
    subject = ""
    headers: dict[str, str] = {}
    if route.channel == "email":
        with translation.override(client.language if client is not None else None):
            untitled = gettext("your message")  # the client reads it: in their language
        subject = reply_subject(same_way.subject if same_way is not None else "", untitled)
        written_to = next(iter(same_way.to_addresses), "") if same_way is not None else ""
        if not written_to:
            ours = Endpoint.objects.filter(practice=practice, kind="email").order_by("id").first()
            written_to = ours.address if ours is not None else ""
        if written_to:
            headers["From"] = written_to
    outbound = Outbound.objects.create(
        practice=practice,
        client=client,
        in_reply_to=message or same_way,
        channel=route.channel,
        to=route.address,
        kind="typed",
        subject=subject,
        body=body,
        headers=headers,
        created_by=user if getattr(user, "pk", None) else None,
        created_at=timezone.now(),
    )
    after_commit_deliver(outbound.pk)
    return outbound
