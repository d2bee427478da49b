"""The one path every inbound message and call takes: identify, decide, persist, act.

Channel adapters parse and authenticate, build an ``Inbound`` and call ``ingest``. It
commits the message and the decision in one transaction and only then enqueues the
reply and the pages, so the adapter may tell the sender "received" as soon as it
returns. A redelivered message (same dedupe key) changes nothing and returns the
original. ``between simulate`` runs this same function against a throwaway store.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from between.clients.models import AccommodationKind, Client
from between.core.calendar import Absence as CalendarAbsence
from between.core.calendar import Accommodations, BusinessCalendar
from between.core.needs import CrisisScreen, CrisisScreenResult
from between.core.pipeline.decide import decide, screened_text, text_digest
from between.core.pipeline.texts import ReplyKind
from between.core.pipeline.values import (
    Alert,
    Audience,
    ClientView,
    Decision,
    History,
    Inbound,
    InChannel,
    ReceivedRecord,
    SentRecord,
)
from between.core.policy.schema import Duration, WeekHours
from between.documents.i18n import translator
from between.messaging import ingest_reads as reads
from between.messaging.escalation import create_page
from between.messaging.models import (
    Call,
    CallStatus,
    Category,
    Endpoint,
    Message,
    MessageChannel,
    Outbound,
)
from between.messaging.sender_lock import lock_sender
from between.messaging.tasks import after_commit_deliver
from between.model_rows import insert
from between.policies.lifecycle import in_force_for
from between.policies.models import PolicyVersion
from between.policies.store import calendar_for, parsed_policy
from between.practices.models import Absence, Practice

log = logging.getLogger(__name__)

HISTORY_WINDOW = timedelta(days=60)


@dataclass
class Ingested:
    practice: Practice
    message: Message | None
    call: Call | None
    decision: Decision | None
    created: bool


def crisis_screen() -> CrisisScreen:
    """The full detector (rules plus the learned layer where it loads)."""
    from between.core.triage import screen

    return screen


def keyed_digest(subject: str, body: str) -> str:
    """A hash of the text keyed with the secret key, so short texts cannot be guessed."""
    plain = text_digest(subject, body).encode("ascii")
    return hmac.new(settings.SECRET_KEY.encode(), plain, hashlib.sha256).hexdigest()


# -- routing and identification -----------------------------------------------------------


def route(inbound: Inbound) -> Practice | None:
    """The practice one of the recipients belongs to (a portal client's own practice)."""
    if inbound.channel is InChannel.portal:
        found_client = (
            Client.objects.filter(pk=int(inbound.sender)).select_related("practice").first()
            if inbound.sender.isdigit()
            else None
        )
        return found_client.practice if found_client else None
    return reads.practice_written_to([r.strip().lower() for r in inbound.recipients if r])


def identify(practice: Practice, inbound: Inbound) -> Client | None:
    sender = inbound.sender.strip()
    if not sender:
        return None
    if inbound.channel is InChannel.portal:
        return (
            Client.objects.filter(practice=practice, pk=int(sender))
            .select_related("clinician")
            .first()
            if (sender.isdigit())
            else None
        )
    kind = "email" if inbound.channel is InChannel.email else "phone"
    value = sender.lower() if kind == "email" else sender
    return reads.client_with_contact(practice.pk, kind, value)


def client_view(client: Client) -> ClientView:
    latest = reads.latest_consents(client.pk)
    return ClientView(
        id=str(client.pk),
        names=tuple(n for n in {client.name, *client.name.split()} if len(n) > 2),
        consents=latest,
        preferred=client.preferred_channel or None,
        accommodations=accommodations_for(client),
        language=client.language,
    )


def accommodations_for(client: Client) -> Accommodations | None:
    """R16: the client's active timing accommodations, as the calendar takes them."""
    values: dict[str, object] = {}
    for kind, detail in reads.active_accommodations(client.pk):
        try:
            if kind == AccommodationKind.CALLBACK_WINDOW and "windows" in detail:
                values["callback_windows"] = WeekHours.model_validate(detail["windows"])
            elif kind == AccommodationKind.TURNAROUND and "turnaround" in detail:
                values["turnaround"] = Duration.model_validate(detail["turnaround"])
            if kind == AccommodationKind.CALLBACK_WINDOW and "return_within" in detail:
                values["return_within"] = Duration.model_validate(detail["return_within"])
        except ValueError:
            log.warning(
                "an accommodation of client %s has a detail the calendar cannot use", client.pk
            )
    return Accommodations(**values) if values else None  # type: ignore[arg-type]


def history_for(practice: Practice, inbound: Inbound) -> History:
    sent = reads.automatic_sends(practice.pk, inbound.sender, inbound.received_at - HISTORY_WINDOW)
    received = reads.received_from(
        practice.pk,
        inbound.sender,
        inbound.received_at - timedelta(days=1),
        inbound.received_at,
    )
    return History(
        sent=tuple(
            SentRecord(ReplyKind(kind), channel, created_at, absence_start)
            for kind, channel, created_at, absence_start in sent
            if kind in ReplyKind.__members__
        ),
        received=tuple(ReceivedRecord(at, digest, crisis) for at, digest, crisis in received),
    )


def calendar_absences(practice: Practice) -> list[CalendarAbsence]:
    return [CalendarAbsence(*row) for row in reads.absences(practice.pk)]


# -- ingest --------------------------------------------------------------------------------


def ingest(
    inbound: Inbound,
    practice: Practice | None = None,
    *,
    screen: CrisisScreen | None = None,
    extra_flags: Sequence[str] = (),
) -> Ingested | None:
    """Persist and decide one inbound message or call. None when no practice owns it.

    ``extra_flags`` are what the channel noticed and the decision cannot (pictures that
    were not fetched); they are stored with the message in the same transaction.
    """
    practice = practice or route(inbound)
    if practice is None:
        return None
    screen = screen_first(screened_text(inbound), screen or crisis_screen())
    try:
        with transaction.atomic():
            lock_sender(practice.pk, inbound.sender)
            if inbound.channel is InChannel.voice:
                return _ingest_call(practice, inbound, screen)
            return _ingest_message(practice, inbound, screen, extra_flags)
    except IntegrityError:
        # Two deliveries of one message raced; the other one won and is on record.
        return _existing(practice, inbound)


def screen_first(text: str, screen: CrisisScreen) -> CrisisScreen:
    """Screen now, before a transaction opens, and answer from that result later.

    The learned layer takes some milliseconds; run inside the transaction it would hold
    the database's write lock (on SQLite, everyone's) for all of them. Any other text
    asked of the returned screen is screened then, as before.
    """
    if not text.strip():
        return screen
    done = screen(text)

    def ahead(candidate: str) -> CrisisScreenResult:
        return done if candidate == text else screen(candidate)

    return ahead


def _existing(practice: Practice, inbound: Inbound) -> Ingested | None:
    # Redelivery is rare: ask whether the key exists before loading the whole row.
    if inbound.channel is InChannel.voice:
        if not reads.call_key_seen(practice.pk, inbound.dedupe_key):
            return None
        call = Call.objects.filter(practice=practice, call_id=inbound.dedupe_key).first()
        return Ingested(practice, None, call, None, False) if call else None
    if not reads.message_key_seen(practice.pk, inbound.dedupe_key):
        return None
    found = Message.objects.filter(practice=practice, dedupe_key=inbound.dedupe_key).first()
    return Ingested(practice, found, None, None, False) if found else None


def _decide(
    practice: Practice,
    inbound: Inbound,
    client: Client | None,
    screen: CrisisScreen,
) -> tuple[PolicyVersion | None, Decision | None, BusinessCalendar | None]:
    version = in_force_for(
        practice.pk, inbound.received_at, client.clinician_id if client else None
    )
    if version is None:
        return None, None, None
    calendar = calendar_for(version.text, calendar_absences(practice))
    decision = decide(
        inbound,
        parsed_policy(version.text),
        calendar,
        client_view(client) if client else None,
        history_for(practice, inbound),
        crisis_screen=screen,
        digest=keyed_digest,
        # Automatic messages in the client's own language (R5, chosen at intake); a
        # sender we do not know gets the practice's default.
        translate=translator(client.language if client else settings.LANGUAGE_CODE),
    )
    return version, decision, calendar


def _ingest_message(
    practice: Practice,
    inbound: Inbound,
    screen: CrisisScreen,
    extra_flags: Sequence[str] = (),
) -> Ingested:
    existing = _existing(practice, inbound)
    if existing is not None:
        return existing
    client = identify(practice, inbound)
    version, decision, _calendar = _decide(practice, inbound, client, screen)
    # The one row written for every message, inserted without save()'s general
    # machinery (model_rows.insert; nothing listens for Message signals).
    message = insert(
        Message(
            practice=practice,
            client=client,
            channel=MessageChannel(inbound.channel.value),
            from_address=inbound.sender[:320],
            to_addresses=list(inbound.recipients),
            subject=inbound.subject,
            body=inbound.body,
            raw=inbound.raw,
            received_at=inbound.received_at,
            category=Category(decision.need.value) if decision else Category.OTHER,
            crisis=decision.crisis if decision else False,
            due_at=decision.due_at if decision else None,
            dedupe_key=inbound.dedupe_key,
            digest=keyed_digest(inbound.subject, inbound.body),
            signals=list(decision.signals) if decision else [],
            flags=[*(decision.flags if decision else ["no_policy_in_force"]), *extra_flags],
            reasons=list(decision.reasons)
            if decision
            else ["no policy is in force: queued without a due time"],
            malformed=inbound.malformed,
            policy_version=version,
        )
    )
    if decision is not None:
        _act(practice, decision, client, message=message)
    return Ingested(practice, message, None, decision, True)


def _ingest_call(practice: Practice, inbound: Inbound, screen: CrisisScreen) -> Ingested:
    existing = _existing(practice, inbound)
    if existing is not None:
        return existing
    client = identify(practice, inbound)
    version, decision, _calendar = _decide(practice, inbound, client, screen)
    call = insert(
        Call(
            practice=practice,
            client=client,
            caller=inbound.sender,
            called=inbound.recipients[0] if inbound.recipients else "",
            at=inbound.received_at,
            call_id=inbound.dedupe_key,
            voicemail=bool(inbound.voicemail),
            transcript=inbound.body,
            category=Category(decision.need.value) if decision else Category.OTHER,
            crisis=decision.crisis if decision else False,
            callback_due=(decision.callback_by or decision.due_at) if decision else None,
            callback_window=_window(decision),
            status=CallStatus.OPEN
            if (decision and decision.due_at) or inbound.voicemail
            else CallStatus.NO_CALLBACK,
            reasons=list(decision.reasons) if decision else ["no policy is in force"],
            flags=list(decision.flags) if decision else ["no_policy_in_force"],
            policy_version=version,
        )
    )
    if decision is not None:
        _act(practice, decision, client, call=call)
    return Ingested(practice, None, call, decision, True)


def _window(decision: Decision | None) -> str:
    from between.policies.store import format_window

    return format_window(decision.callback_window) if decision else ""


def transcribed(call: Call, transcript: str, *, screen: CrisisScreen | None = None) -> Decision:
    """A voicemail's transcript arrived: triage it like a message (crisis included)."""
    screen = screen_first(transcript, screen or crisis_screen())
    with transaction.atomic():
        lock_sender(call.practice_id, call.caller)
        call = Call.objects.select_for_update().get(pk=call.pk)
        inbound = Inbound(
            InChannel.voice,
            call.at,
            call.caller,
            call.call_id,
            recipients=(call.called,),
            body=transcript,
            voicemail=True,
        )
        _version, decision, _calendar = _decide(call.practice, inbound, call.client, screen)
        call.transcript = transcript
        if decision is None:
            call.save(update_fields=["transcript"])
            raise LookupError("no policy in force for this call")
        already_crisis = call.crisis
        call.category = Category(decision.need.value)
        call.crisis = decision.crisis
        call.reasons = list(decision.reasons)
        call.flags = list(decision.flags)
        call.save(update_fields=["transcript", "category", "crisis", "reasons", "flags"])
        if decision.crisis and not already_crisis:
            _act(call.practice, decision, call.client, call=call)
    return decision


def _act(
    practice: Practice,
    decision: Decision,
    client: Client | None,
    *,
    message: Message | None = None,
    call: Call | None = None,
) -> None:
    """Record the reply and pages, and send them once the transaction commits."""
    reply = decision.reply
    now = message.received_at if message else (call.at if call else None)
    assert now is not None
    if reply is not None:
        absence_start: date | None = reply.absence_start
        if absence_start is None and reply.kind is ReplyKind.out_of_office and message:
            found = Absence.objects.filter(
                practice=practice,
                start__lte=_local_date(practice, now),
                end__gte=_local_date(practice, now),
            ).first()
            absence_start = found.start if found else _file_absence_start(message, now)
        outbound = Outbound.objects.create(
            practice=practice,
            client=client,
            in_reply_to=message,
            call=call,
            channel=reply.channel,
            to=reply.to,
            kind=reply.kind.value,
            subject=reply.subject,
            body=reply.body,
            headers=dict(reply.headers),
            safety_exception=reply.safety_exception,
            absence_start=absence_start,
            created_at=now,
        )
        after_commit_deliver(outbound.pk)
    for alert in decision.alerts:
        create_page(practice, _reachable(alert, client), step=0, at=now, message=message, call=call)


def _reachable(alert: Alert, client: Client | None) -> Alert:
    """The policy names the clinician; their own staff record says how to page them."""
    member = client.clinician if client is not None else None
    if alert.audience is not Audience.clinician or member is None:
        return alert
    return Alert(
        alert.kind,
        alert.audience,
        member.display_name,
        member.phone or alert.phone,
        member.email or alert.email,
    )


def _local_date(practice: Practice, at: datetime) -> date:
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo(practice.timezone)).date()


def _file_absence_start(message: Message, at: datetime) -> date | None:
    """An absence written in the policy file rather than entered in the app."""
    if message.policy_version is None:
        return None
    calendar: BusinessCalendar = calendar_for(message.policy_version.text)
    found = calendar.absence_at(at)
    return found.start if found else None


def sync_endpoints(practice: Practice, version: PolicyVersion) -> list[str]:
    """Record the addresses and numbers the policy names as this practice's own.

    An address already routed to another practice stays theirs: writing a number into a
    policy must not divert someone else's clients. Those are returned, and left out.
    """
    from between.clients.contact import normalize_phone

    policy = parsed_policy(version.text)
    wanted: set[tuple[str, str]] = {("email", a.lower()) for a in policy.clinician.addresses}
    for name, channel in policy.channels.items():
        if channel.address:
            wanted.add(("email", channel.address.lower()))
        if channel.number and name in ("sms", "phone"):
            wanted.add(("phone", normalize_phone(channel.number, practice.country)))
    taken: list[str] = []
    for kind, address in sorted(wanted):
        endpoint, _ = Endpoint.objects.get_or_create(
            address=address, defaults={"practice": practice, "kind": kind}
        )
        if endpoint.practice_id != practice.pk:
            taken.append(address)
            log.warning(
                "practice %s: %s is routed to another practice; left out", practice.pk, kind
            )
    return taken
