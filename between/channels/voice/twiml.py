"""TwiML for calls: the greeting generated from the policy, then <Record>.

``greeting_twiml(policy)`` says the greeting (``between.core.pipeline.voice_greeting``)
and records a message with Twilio's transcription. The callbacks carry an encrypted
note of who called which number (``c=...``): the recording-status callback names only
the CallSid, and the caller's number must not sit readable in URLs and access logs.
Twilio signs each callback URL as given here, so the note cannot be forged either.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.urls import reverse
from twilio.twiml.voice_response import VoiceResponse  # type: ignore[import-untyped]

from between.channels.sms.webhook import absolute
from between.core.i18n import Translate, identity
from between.core.pipeline.voice_greeting import emergency_sentence, for_speech, greeting_text
from between.core.policy.schema import Policy
from between.crypto.box import DecryptionError, decrypt, encrypt

# Twilio transcribes recordings of up to two minutes; a longer message would come
# without a transcript, and a transcript is what the crisis screen reads.
MAX_MESSAGE_SECONDS = 120
SILENCE_SECONDS = 5

# <Say> voices per language other than English: Twilio refuses a voice and language
# that do not go together, so both are given (Amazon Polly's Mexican Spanish voice).
SAY_VOICES = {"es": {"voice": "Polly.Mia", "language": "es-MX"}}

FALLBACK_GREETING = (
    "If this is an emergency, hang up and call your local emergency number. "
    "Please leave your name, your number and a good time to call you back after the tone."
)


def call_context(caller: str, called: str) -> str:
    return encrypt(json.dumps([caller, called]).encode()).decode("ascii")


def read_context(token: str) -> tuple[str, str] | None:
    """(caller, called) from a callback's ``c`` parameter, or None if absent or unreadable."""
    if not token:
        return None
    try:
        caller, called = json.loads(decrypt(token.encode("ascii")))
    except (DecryptionError, ValueError, TypeError, UnicodeEncodeError):
        return None
    return str(caller), str(called)


def _callback(name: str, context: str) -> str:
    url = absolute(reverse(name))
    return f"{url}?{urlencode({'c': context})}" if context else url


def greeting_twiml(
    policy: Policy | None,
    *,
    context: str = "",
    translate: Translate = identity,
    language: str = "en",
) -> str:
    """The answer to an incoming call. Without a policy in force, a safe generic greeting.

    `translate` is a gettext for `language`; the greeting is then said in that language.
    """
    # The generic fallback is English only, so without a policy everything stays English.
    _ = translate if policy is not None else identity
    voice = SAY_VOICES.get(language, {}) if policy is not None else {}
    response = VoiceResponse()
    response.say(
        for_speech(greeting_text(policy, _)) if policy is not None else FALLBACK_GREETING,
        **voice,
    )
    response.record(
        action=_callback("voice:recorded", context),
        method="POST",
        max_length=MAX_MESSAGE_SECONDS,
        timeout=SILENCE_SECONDS,
        play_beep=True,
        transcribe=True,
        transcribe_callback=_callback("voice:transcription", context),
        recording_status_callback=_callback("voice:recording", context),
        recording_status_callback_method="POST",
        recording_status_callback_event="completed absent",
    )
    # Reached only when nothing was recorded (Twilio skips the action then).
    goodbye = _("No message was recorded.")
    if policy is not None:
        goodbye = f"{goodbye} {emergency_sentence(policy, _)}"
    bye = _("Goodbye.")
    response.say(for_speech(f"{goodbye} {bye}"), **voice)
    response.hangup()
    return str(response)


def recorded_twiml() -> str:
    response = VoiceResponse()
    response.say("Thank you. Your message was received. Goodbye.")
    response.hangup()
    return str(response)
