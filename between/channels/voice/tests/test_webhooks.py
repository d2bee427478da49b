"""Voice webhooks: the greeting TwiML, then one Call per CallSid however Twilio reports it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree  # our own TwiML, not untrusted input

import pytest

from between.channels.sms.tests.support import (
    BASE_URL,
    CLIENT_NUMBER,
    CRISIS,
    OUR_NUMBER,
    call_form,
    post,
    recording_url,
    sign,
)
from between.messaging.models import Call, Endpoint, Outbound, Page

pytestmark = pytest.mark.django_db

SID = "CA" + "1" * 32
REC = "RE" + "1" * 32


def xml(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own TwiML)


def answer_call(client, **kw):
    return xml(post(client, "/hooks/voice/", call_form(**kw)))


def callback_path(twiml, attribute: str) -> str:
    """The path and query Twilio will call back, as our TwiML names it."""
    url = twiml.find("Record").get(attribute)
    assert url.startswith(BASE_URL)
    return url[len(BASE_URL) :]


def recorded_form(**kw: str) -> dict[str, str]:
    return call_form(
        status="in-progress",
        RecordingUrl=recording_url(REC),
        RecordingSid=REC,
        RecordingDuration="42",
        Digits="hangup",
        **kw,
    )


def recording_status_form() -> dict[str, str]:
    """recordingStatusCallback: note it names no phone numbers."""
    return {
        "AccountSid": "AC" + "a" * 32,
        "CallSid": SID,
        "RecordingSid": REC,
        "RecordingUrl": recording_url(REC),
        "RecordingStatus": "completed",
        "RecordingDuration": "42",
        "RecordingChannels": "1",
        "RecordingStartTime": "Tue, 24 Nov 2026 15:30:05 +0000",
        "RecordingSource": "RecordVerb",
        "ErrorCode": "0",
    }


def transcription_form(text: str, status: str = "completed") -> dict[str, str]:
    return call_form(
        status="completed",
        TranscriptionSid="TR" + "1" * 32,
        TranscriptionText=text,
        TranscriptionStatus=status,
        TranscriptionUrl="https://api.twilio.com/2010-04-01/Transcriptions/TR" + "1" * 32,
        TranscriptionType="fast",
        RecordingSid=REC,
        RecordingUrl=recording_url(REC),
        url="",
    )


# -- the greeting ----------------------------------------------------------------------


def test_an_incoming_call_hears_the_policy_greeting_emergency_first(
    client, twilio_settings, policy_version
):
    twiml = answer_call(client)
    say, record = twiml[0], twiml[1]
    assert say.tag == "Say" and record.tag == "Record"
    assert say.text.startswith("If this is an emergency, hang up and dial 9 1 1.")
    assert "9 8 8 Suicide & Crisis Lifeline" in say.text
    assert say.text.endswith("after the tone.")
    assert record.get("maxLength") == "120" and record.get("transcribe") == "true"
    for attribute, path in [
        ("action", "/hooks/voice/recorded/"),
        ("transcribeCallback", "/hooks/voice/transcription/"),
        ("recordingStatusCallback", "/hooks/voice/recording/"),
    ]:
        assert urlsplit(callback_path(twiml, attribute)).path == path
    # If nothing is recorded Twilio moves on: the emergency line again, then hang up.
    assert "9 1 1" in twiml[2].text and twiml[3].tag == "Hangup"
    assert Call.objects.count() == 0  # nothing happened yet worth a record


def test_the_callback_urls_do_not_carry_the_caller_s_number(
    client, twilio_settings, policy_version
):
    twiml = answer_call(client)
    for attribute in ("action", "transcribeCallback", "recordingStatusCallback"):
        url = twiml.find("Record").get(attribute)
        assert CLIENT_NUMBER not in url and "2125550123" not in url


def test_without_a_policy_in_force_a_safe_generic_greeting(client, twilio_settings, riverside):
    Endpoint.objects.create(practice=riverside, kind="phone", address=OUR_NUMBER)
    say = answer_call(client).find("Say")
    assert say.text.startswith("If this is an emergency, hang up and call your local emergency")


def test_a_call_to_a_number_we_do_not_own_is_404(client, twilio_settings, policy_version):
    response = post(client, "/hooks/voice/", call_form(to="+13125550199"))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/hooks/voice/",
        "/hooks/voice/status/",
        "/hooks/voice/recorded/",
        "/hooks/voice/recording/",
        "/hooks/voice/transcription/",
    ],
)
def test_every_voice_hook_refuses_forged_posts(client, twilio_settings, policy_version, path):
    form = recorded_form()
    forged = sign(BASE_URL + path, form, token="f" * 32)
    assert post(client, path, form, signature=forged).status_code == 403
    assert post(client, path, form, signature="").status_code == 403
    assert Call.objects.count() == 0


# -- calls without a message -----------------------------------------------------------


def test_a_hang_up_without_a_message_is_recorded_once_with_no_callback_owed(
    client, twilio_settings, policy_version, consenting
):
    answer_call(client)
    xml(post(client, "/hooks/voice/status/", call_form(status="in-progress")))
    assert Call.objects.count() == 0  # not over yet
    ended = call_form(
        status="completed", CallDuration="9", Timestamp="Tue, 24 Nov 2026 15:30:09 +0000"
    )
    xml(post(client, "/hooks/voice/status/", ended))
    xml(post(client, "/hooks/voice/status/", ended))  # redelivered
    call = Call.objects.get()
    assert call.call_id == SID and call.client == consenting and not call.voicemail
    assert call.status == "no_callback" and call.callback_due is None  # no voicemail, no callback
    assert call.caller == CLIENT_NUMBER and call.called == OUR_NUMBER


def test_a_withheld_number_is_recorded_without_a_caller(client, twilio_settings, policy_version):
    xml(post(client, "/hooks/voice/status/", call_form(caller="+266696687", status="completed")))
    call = Call.objects.get()
    assert call.caller == "" and call.client is None


# -- voicemail ---------------------------------------------------------------------------


def test_a_voicemail_is_recorded_then_its_crisis_transcript_texts_and_pages(
    client, twilio_settings, policy_version, consenting, django_capture_on_commit_callbacks
):
    twiml = answer_call(client)
    # 1. <Record> action during the call: the voicemail exists now.
    said = xml(post(client, callback_path(twiml, "action"), recorded_form()))
    assert said.find("Hangup") is not None
    call = Call.objects.get()
    assert call.voicemail and call.status == "open" and call.callback_due is not None
    assert call.recording_ref == recording_url(REC) and call.duration_seconds == 42
    assert call.callback_window  # inside the policy's callback windows

    # 2. The call ends, 3. the recording is ready: nothing changes.
    xml(post(client, "/hooks/voice/status/", call_form(status="completed")))
    xml(post(client, callback_path(twiml, "recordingStatusCallback"), recording_status_form()))
    assert Call.objects.count() == 1 and Call.objects.get().voicemail

    # 4. The transcript goes through triage: crisis -> crisis text to the caller + page.
    with django_capture_on_commit_callbacks() as callbacks:
        xml(post(client, callback_path(twiml, "transcribeCallback"), transcription_form(CRISIS)))
    call.refresh_from_db()
    assert call.crisis and call.category == "crisis" and call.transcript == CRISIS
    reply = Outbound.objects.get(call=call)
    assert reply.kind == "crisis" and reply.channel == "sms" and reply.to == CLIENT_NUMBER
    assert Page.objects.filter(call=call).count() == 1
    assert len(callbacks) == 3  # the text, the page, and the check for an acknowledgement

    # Redelivered transcription: no second text, no second page.
    xml(post(client, callback_path(twiml, "transcribeCallback"), transcription_form(CRISIS)))
    assert Outbound.objects.filter(call=call).count() == 1
    assert Page.objects.filter(call=call).count() == 1


def test_an_ordinary_transcript_is_triaged_without_pages(
    client, twilio_settings, policy_version, consenting
):
    twiml = answer_call(client)
    xml(post(client, callback_path(twiml, "action"), recorded_form()))
    text = "Hi, it's me, can we move Thursday's appointment to Friday? Thanks."
    xml(post(client, callback_path(twiml, "transcribeCallback"), transcription_form(text)))
    call = Call.objects.get()
    assert call.transcript == text and call.category == "admin" and not call.crisis
    assert not Page.objects.exists() and not Outbound.objects.exists()


def test_a_failed_transcription_is_flagged(client, twilio_settings, policy_version, consenting):
    twiml = answer_call(client)
    xml(post(client, callback_path(twiml, "action"), recorded_form()))
    xml(
        post(
            client,
            callback_path(twiml, "transcribeCallback"),
            transcription_form("", status="failed"),
        )
    )
    call = Call.objects.get()
    assert "transcription_failed" in call.flags and call.transcript == ""


def test_a_recording_after_the_call_was_recorded_without_one_makes_it_a_voicemail(
    client, twilio_settings, policy_version, consenting
):
    """The <Record> action failed: the status callback came first, then the recording."""
    twiml = answer_call(client)
    xml(post(client, "/hooks/voice/status/", call_form(status="completed")))
    assert Call.objects.get().status == "no_callback"
    xml(post(client, callback_path(twiml, "recordingStatusCallback"), recording_status_form()))
    call = Call.objects.get()
    assert call.voicemail and call.status == "open" and call.callback_due is not None
    assert call.recording_ref == recording_url(REC)


def test_a_recording_for_a_call_never_seen_is_kept_with_its_caller(
    client, twilio_settings, policy_version, consenting
):
    """Only the recording callback got through; our signed note names caller and number."""
    twiml = answer_call(client)
    path = callback_path(twiml, "recordingStatusCallback")
    assert "c" in parse_qs(urlsplit(path).query)
    xml(post(client, path, recording_status_form()))
    call = Call.objects.get()
    assert call.voicemail and call.caller == CLIENT_NUMBER and call.client == consenting


def test_a_recording_callback_without_our_note_for_an_unknown_call_is_404(
    client, twilio_settings, policy_version
):
    response = post(client, "/hooks/voice/recording/", recording_status_form())
    assert response.status_code == 404 and Call.objects.count() == 0


def test_an_empty_recording_changes_nothing(client, twilio_settings, policy_version):
    twiml = answer_call(client)
    form = {**recording_status_form(), "RecordingStatus": "absent"}
    xml(post(client, callback_path(twiml, "recordingStatusCallback"), form))
    assert Call.objects.count() == 0
