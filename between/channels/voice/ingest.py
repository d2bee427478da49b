"""Calls in: what Twilio tells us about a call, turned into one Call row per CallSid.

Twilio reports a call in several requests, in this order when all goes well:

1. the incoming call (we answer with the greeting and <Record>; nothing is stored);
2. the <Record> ``action`` request, during the call, when a message was left: the Call is
   created as a voicemail with its recording (``voicemail_arrived``);
3. the call-status callback when the call ends: a call that left no message is created
   here as a call without voicemail (``call_ended``); for a voicemail it changes nothing;
4. the recording-status callback: fills in the recording if step 2 was missed;
5. the transcription callback: the transcript goes through triage (``transcribed``),
   crisis included.

Every step is keyed by CallSid, so a redelivered request changes nothing. If step 3
arrives before the recording (step 2 failed), the call is recorded without voicemail and
becomes a voicemail when the recording arrives: the callback due time is decided again
with ``voicemail=True``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from between.clients.models import Client
from between.core.pipeline.decide import decide
from between.core.pipeline.values import Inbound, InChannel
from between.core.policy.schema import Policy
from between.messaging.models import Call, CallStatus, Category
from between.messaging.pipeline import (
    calendar_absences,
    client_view,
    crisis_screen,
    history_for,
    ingest,
    route,
    transcribed,
)
from between.policies.lifecycle import in_force
from between.policies.store import calendar_for, format_window, parsed_policy
from between.practices.models import Practice

log = logging.getLogger(__name__)

# Numbers Twilio puts in From when the caller withheld theirs: there is nobody to text.
WITHHELD = frozenset(
    {
        "+266696687",
        "+86282452253",
        "+8656696",
        "+2562533",
        "+7378742833",
        "anonymous",
        "restricted",
        "unknown",
        "unavailable",
        "private",
    }
)
FINAL_STATUSES = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})


def caller_of(value: str) -> str:
    """E.164 of the caller, or "" when withheld or not a number."""
    value = value.strip()
    if value.lower() in WITHHELD or not value.startswith("+") or not value[1:].isdigit():
        return ""
    return value[:32]


@dataclass(frozen=True)
class CallIn:
    call_sid: str
    caller: str  # "" when withheld
    called: str
    at: datetime

    def inbound(self, *, voicemail: bool) -> Inbound:
        return Inbound(
            InChannel.voice,
            self.at,
            self.caller,
            self.call_sid,
            recipients=(self.called,),
            voicemail=voicemail,
        )


def practice_for(called: str) -> Practice | None:
    return route(Inbound(InChannel.voice, timezone.now(), "", "", recipients=(called,)))


def policy_for(practice: Practice, at: datetime) -> Policy | None:
    """The practice-wide policy in force: the greeting plays before we know the caller."""
    version = in_force(practice, at)
    return parsed_policy(version.text) if version is not None else None


def call_ended(practice: Practice, call: CallIn) -> Call | None:
    """The call is over. One that left no message is recorded now (voicemail=False)."""
    result = ingest(call.inbound(voicemail=False), practice)
    return result.call if result is not None else None


def voicemail_arrived(
    practice: Practice, call: CallIn, recording_ref: str, duration: int | None
) -> Call:
    """A message was recorded: the Call is (or becomes) a voicemail with its recording."""
    with transaction.atomic():
        result = ingest(call.inbound(voicemail=True), practice)
        assert result is not None and result.call is not None
        found = Call.objects.select_for_update().get(pk=result.call.pk)
        changed: list[str] = []
        if not found.voicemail:
            _now_a_voicemail(found)
            changed += [
                "voicemail",
                "callback_due",
                "callback_window",
                "status",
                "reasons",
                "flags",
                "category",
            ]
        if recording_ref and not found.recording_ref:
            found.recording_ref = recording_ref
            changed.append("recording_ref")
        if duration is not None and found.duration_seconds is None:
            found.duration_seconds = duration
            changed.append("duration_seconds")
        if changed:
            found.save(update_fields=changed)
    return found


def recording_for_known_call(
    call_sid: str, recording_ref: str, duration: int | None
) -> Call | None:
    """The recording-status callback names only the CallSid: find the call it belongs to."""
    found = Call.objects.filter(call_id=call_sid).select_related("practice").first()
    if found is None:
        return None
    return voicemail_arrived(
        found.practice,
        CallIn(found.call_id, found.caller, found.called, found.at),
        recording_ref,
        duration,
    )


def transcript_arrived(call: Call, text: str) -> Call:
    """Triage the transcript like a message; a redelivered transcript changes nothing."""
    if call.transcript:
        return call
    try:
        transcribed(call, text)
    except LookupError:
        log.warning("call %s transcribed with no policy in force: kept, not triaged", call.pk)
    call.refresh_from_db()
    return call


def transcription_failed(call: Call) -> None:
    if "transcription_failed" not in call.flags:
        call.flags = [*call.flags, "transcription_failed"]
        call.save(update_fields=["flags"])


def _now_a_voicemail(call: Call) -> None:
    """A call first recorded without voicemail turned out to have one: decide it again."""
    call.voicemail = True
    call.status = CallStatus.OPEN
    client: Client | None = call.client
    inbound = Inbound(
        InChannel.voice,
        call.at,
        call.caller,
        call.call_id,
        recipients=(call.called,),
        body=call.transcript,
        voicemail=True,
    )
    version = in_force(call.practice, call.at, client.clinician if client else None)
    if version is None:
        call.reasons = ["voicemail: no policy in force, no callback due time"]
        return
    # The same decision ingest makes, with the voicemail now known. Without a transcript
    # there is nothing to triage yet: the transcript callback runs the crisis screen.
    decision = decide(
        inbound,
        parsed_policy(version.text),
        calendar_for(version.text, calendar_absences(call.practice)),
        client_view(client) if client else None,
        history_for(call.practice, inbound),
        crisis_screen=crisis_screen(),
    )
    call.callback_due = decision.callback_by or decision.due_at
    call.callback_window = format_window(decision.callback_window)
    call.category = Category(decision.need.value)
    call.reasons = [*decision.reasons, "the recording arrived after the call was recorded"]
    call.flags = list(decision.flags)
