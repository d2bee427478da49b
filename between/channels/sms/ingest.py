"""Texts in: parse Twilio's form fields, then one plain function that tests call directly.

``receive_sms`` routes the text to the practice that owns the number written to, then
either hands it to the pipeline (``ingest``: identify, decide, persist, reply by task)
or, for a carrier keyword (STOP, START, HELP, ...), records the consent change and the
message itself and returns the reply carriers require, which the webhook sends back as
TwiML. A keyword gets no automatic reply from the decision on top: after STOP nothing
else may be sent, and START and HELP already have their answer.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from between.channels.sms.keywords import OPT_OUT_TYPES, Keyword, keyword_of, keyword_reply
from between.channels.sms.webhook import field
from between.clients.models import Client, Consent, ConsentMethod, ConsentState
from between.core.pipeline.values import Inbound, InChannel
from between.messaging.escalation import acknowledge_by_text
from between.messaging.models import (
    Category,
    Message,
    MessageChannel,
    Outbound,
    OutboundStatus,
)
from between.messaging.pipeline import identify, ingest, keyed_digest, route
from between.policies.lifecycle import in_force
from between.policies.models import PolicyVersion
from between.policies.store import parsed_policy
from between.practices.models import Practice

log = logging.getLogger(__name__)

KEYWORD_REPLY_KIND = "sms_keyword"  # Outbound.kind of a keyword reply sent as TwiML


@dataclass(frozen=True)
class SmsIn:
    """One inbound text as Twilio posted it (the fields Between uses)."""

    message_sid: str
    sender: str
    to: str
    body: str
    received_at: datetime
    num_media: int = 0
    opt_out_type: str = ""  # set by Twilio's Advanced Opt-Out, which has replied itself


@dataclass(frozen=True)
class SmsOutcome:
    practice: Practice | None  # None: no practice owns the number written to
    message: Message | None = None
    created: bool = False
    reply: str | None = None  # text to answer with in the webhook response (TwiML)
    keyword: Keyword | None = None


def parse_sms(form: Mapping[str, str], received_at: datetime) -> SmsIn:
    """Twilio's inbound-message fields; raises BadWebhook when one it always sends is absent."""
    try:
        media = int(field(form, "NumMedia", required=False) or 0)
    except ValueError:
        media = 0
    return SmsIn(
        message_sid=field(form, "MessageSid")[:128],
        sender=field(form, "From")[:32],
        to=field(form, "To")[:32],
        body=str(form.get("Body", "") or ""),
        received_at=received_at,
        num_media=max(media, 0),
        opt_out_type=field(form, "OptOutType", required=False).upper(),
    )


def inbound_of(sms: SmsIn) -> Inbound:
    return Inbound(
        InChannel.sms,
        sms.received_at,
        sms.sender,
        sms.message_sid,
        recipients=(sms.to,),
        body=sms.body,
    )


ACK_REPLY = (
    "Between: acknowledged, thank you. Nobody else will be paged about this. "
    "Sign in to Between to see the message."
)


def receive_sms(sms: SmsIn, practice: Practice | None = None) -> SmsOutcome:
    """Persist one text and say what to answer. Committed when it returns.

    ``practice`` skips routing by the number written to (``between simulate`` knows it).
    """
    inbound = inbound_of(sms)
    practice = practice or route(inbound)
    if practice is None:
        return SmsOutcome(None)
    stopped = acknowledge_by_text(practice, sms.sender, sms.body)
    if stopped is not None:
        # A paged colleague answering ACK: not a client's message, so nothing is queued.
        return SmsOutcome(practice, None, False, reply=ACK_REPLY)
    keyword = OPT_OUT_TYPES.get(sms.opt_out_type) or keyword_of(sms.body)
    if keyword is not None:
        return _keyword(practice, sms, inbound, keyword)
    # Pictures are not fetched or kept; the clinician learns that some were sent.
    flags = ("media_not_stored",) if sms.num_media else ()
    result = ingest(inbound, practice, extra_flags=flags)
    assert result is not None  # the practice is given
    return SmsOutcome(practice, result.message, result.created)


# -- keywords ------------------------------------------------------------------------


CONSENT_CHANGE = {Keyword.stop: ConsentState.WITHDRAWN, Keyword.start: ConsentState.GRANTED}
REASONS = {
    Keyword.stop: "text keyword (opt out): text consent withdrawn, confirmation sent",
    Keyword.start: "text keyword (opt in): text consent granted, confirmation sent",
    Keyword.help: "text keyword (help): practice contacts and crisis lines sent",
}


def _keyword(practice: Practice, sms: SmsIn, inbound: Inbound, keyword: Keyword) -> SmsOutcome:
    client = identify(practice, inbound)
    version = in_force(practice, sms.received_at, client.clinician if client else None)
    reply: str | None = _reply_text(practice, version, keyword)
    if sms.opt_out_type:
        reply = None  # Twilio's Advanced Opt-Out already answered; a second reply would repeat it
    with transaction.atomic():
        existing = Message.objects.filter(practice=practice, dedupe_key=sms.message_sid).first()
        if existing is not None:
            # Redelivered: nothing changes; the same answer goes back.
            return SmsOutcome(practice, existing, False, reply, keyword)
        try:
            with transaction.atomic():
                message = _record_message(practice, sms, client, version, keyword)
        except IntegrityError:
            existing = Message.objects.filter(practice=practice, dedupe_key=sms.message_sid).first()
            return SmsOutcome(practice, existing, False, reply, keyword)
        state = CONSENT_CHANGE.get(keyword)
        if client is not None and state is not None:
            Consent.objects.create(
                client=client,
                channel="sms",
                state=state,
                recorded_at=sms.received_at,
                method=ConsentMethod.SMS_KEYWORD,
                policy_version=version,
            )
        if reply:
            # Sent by Twilio as the webhook's answer; recorded so the message page shows it.
            Outbound.objects.create(
                practice=practice,
                client=client,
                in_reply_to=message,
                channel="sms",
                to=sms.sender,
                kind=KEYWORD_REPLY_KIND,
                body=reply,
                status=OutboundStatus.SENT,
                created_at=sms.received_at,
                sent_at=sms.received_at,
            )
    log.info("text keyword %s recorded as message %s", keyword.value, message.pk)
    return SmsOutcome(practice, message, True, reply, keyword)


def _record_message(
    practice: Practice,
    sms: SmsIn,
    client: Client | None,
    version: PolicyVersion | None,
    keyword: Keyword,
) -> Message:
    flags = ["sms_keyword", f"sms_keyword_{keyword.value}"]
    if client is None:
        flags.append("unknown_sender")
    return Message.objects.create(
        practice=practice,
        client=client,
        channel=MessageChannel.SMS,
        from_address=sms.sender,
        to_addresses=[sms.to],
        body=sms.body,
        received_at=sms.received_at,
        category=Category.ADMIN,
        crisis=False,
        due_at=None,
        dedupe_key=sms.message_sid,
        digest=keyed_digest("", sms.body),
        flags=flags,
        reasons=[REASONS[keyword]],
        policy_version=version,
    )


def _reply_text(practice: Practice, version: PolicyVersion | None, keyword: Keyword) -> str:
    if version is not None:
        return keyword_reply(keyword, parsed_policy(version.text))
    # No policy in force yet: carriers still require an answer; say only what is certain.
    name = practice.name
    if keyword is Keyword.stop:
        return f"{name}: you will get no more texts from this number. Reply START to resume."
    if keyword is Keyword.start:
        return f"{name}: texts from this number are on again. Reply STOP to opt out."
    return (
        f"{name}: in an emergency call your local emergency number. "
        "Msg&data rates may apply. Reply STOP to opt out."
    )
