"""Voice webhooks. In Twilio, on the number: "A call comes in" -> /hooks/voice/ and
"Call status changes" -> /hooks/voice/status/ (both HTTP POST). The recording,
transcription and <Record> action URLs are named in the TwiML we answer with.
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.utils import parsedate_to_datetime

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone

from between.channels.sms.webhook import field, not_ours, twilio_webhook, twiml
from between.channels.voice.ingest import (
    FINAL_STATUSES,
    CallIn,
    call_ended,
    caller_of,
    policy_for,
    practice_for,
    recording_for_known_call,
    transcript_arrived,
    transcription_failed,
    voicemail_arrived,
)
from between.channels.voice.twiml import call_context, greeting_twiml, read_context, recorded_twiml
from between.messaging.models import Call

log = logging.getLogger(__name__)


def _at(form: QueryDict) -> datetime:
    """Twilio's Timestamp (RFC 2822) on status callbacks, else now."""
    stamp = form.get("Timestamp", "")
    if stamp:
        try:
            parsed = parsedate_to_datetime(stamp)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed
    return timezone.now()


def _call_in(request: HttpRequest) -> CallIn | None:
    """Who called which number: from the form, else from our encrypted note (``c``)."""
    sid = field(request.POST, "CallSid")[:128]
    caller, called = request.POST.get("From", ""), request.POST.get("To", "")
    if not called:
        note = read_context(request.GET.get("c", ""))
        if note is None:
            return None
        caller, called = note
    return CallIn(sid, caller_of(caller), called.strip(), _at(request.POST))


def _duration(request: HttpRequest) -> int | None:
    value = request.POST.get("RecordingDuration", "")
    return int(value) if value.isdigit() else None


def _recording_ref(request: HttpRequest) -> str:
    return request.POST.get("RecordingUrl", "") or request.POST.get("RecordingSid", "")


@twilio_webhook
def incoming(request: HttpRequest) -> HttpResponse:
    call = _call_in(request)
    practice = practice_for(call.called) if call else None
    if call is None or practice is None:
        return not_ours(request, "voice")
    policy = policy_for(practice, call.at)
    return twiml(greeting_twiml(policy, context=call_context(call.caller, call.called)))


@twilio_webhook
def status(request: HttpRequest) -> HttpResponse:
    if field(request.POST, "CallStatus") not in FINAL_STATUSES:
        return twiml()  # ringing, in progress: the call is not over yet
    call = _call_in(request)
    practice = practice_for(call.called) if call else None
    if call is None or practice is None:
        return not_ours(request, "voice")
    call_ended(practice, call)
    return twiml()


@twilio_webhook
def recorded(request: HttpRequest) -> HttpResponse:
    """<Record>'s action: a message was left (Twilio skips this when nothing was said)."""
    call = _call_in(request)
    practice = practice_for(call.called) if call else None
    if call is None or practice is None:
        return not_ours(request, "voice")
    voicemail_arrived(practice, call, _recording_ref(request), _duration(request))
    return twiml(recorded_twiml())


@twilio_webhook
def recording(request: HttpRequest) -> HttpResponse:
    """recordingStatusCallback: names the CallSid, not the numbers."""
    sid = field(request.POST, "CallSid")
    if request.POST.get("RecordingStatus", "completed") != "completed":
        return twiml()  # "absent": nothing was said; the status callback records the call
    if recording_for_known_call(sid, _recording_ref(request), _duration(request)) is not None:
        return twiml()
    call = _call_in(request)
    practice = practice_for(call.called) if call else None
    if call is None or practice is None:
        return not_ours(request, "voice")
    voicemail_arrived(practice, call, _recording_ref(request), _duration(request))
    return twiml()


@twilio_webhook
def transcription(request: HttpRequest) -> HttpResponse:
    sid = field(request.POST, "CallSid")
    found = Call.objects.filter(call_id=sid).first()
    if found is None:
        call = _call_in(request)
        practice = practice_for(call.called) if call else None
        if call is None or practice is None:
            return not_ours(request, "voice")
        found = voicemail_arrived(practice, call, _recording_ref(request), None)
    if request.POST.get("TranscriptionStatus", "") != "completed":
        transcription_failed(found)
        return twiml()
    transcript_arrived(found, request.POST.get("TranscriptionText", ""))
    return twiml()
