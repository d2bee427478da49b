"""A seeded fuzz pass over the webhook form parsers (issue 14): any signed form Twilio
could post, however odd its fields, is stored or refused with a clear code, never a 500.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from between.channels.sms.tests.support import call_form, post, sms_form
from between.messaging.models import Call, Message

pytestmark = pytest.mark.django_db

# Clear answers: stored (200), refused as malformed (400), forged (403), not ours (404),
# too large (413), slowed down (429).
CLEAR = {200, 400, 403, 404, 413, 429}
FUZZ = settings(
    max_examples=150,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)

# Text as webhooks carry it: any Unicode, NUL and control characters included, and now
# and then a long one.
odd_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.sampled_from(["", " ", "\x00", "+", "+1", "+1212555012345678901234", "null", "%00"]),
    st.integers(min_value=1, max_value=20).map(lambda n: "x" * (n * 1000)),
)
SMS_FIELDS = ["Body", "From", "To", "MessageSid", "NumMedia", "OptOutType", "AccountSid"]
CALL_FIELDS = ["From", "To", "CallSid", "CallStatus", "Caller", "Called", "Direction"]
_sids = itertools.count(1)


def mutated(form: dict[str, str], fields: list[str], changes, dropped) -> dict[str, str]:
    for name, value in zip(fields, changes, strict=False):
        if value is not None:
            form[name] = value
    for name in dropped:
        form.pop(name, None)
    return form


@seed(20261206)
@FUZZ
@given(
    changes=st.lists(st.one_of(st.none(), odd_text), min_size=len(SMS_FIELDS), max_size=7),
    dropped=st.sets(st.sampled_from(SMS_FIELDS), max_size=2),
)
def test_any_signed_text_webhook_is_stored_or_refused_clearly(
    client, twilio_settings, policy_version, changes, dropped
):
    sid = f"SM{next(_sids):032d}"
    form = mutated(sms_form("hello", sid=sid), SMS_FIELDS, changes, dropped)
    response = post(client, "/hooks/sms/", form)
    assert response.status_code in CLEAR, (response.status_code, sorted(form))
    if response.status_code == 200:
        # Acknowledged means on record, under the sid Twilio sent (fuzzed or not).
        assert Message.objects.filter(dedupe_key=form["MessageSid"][:128]).exists()


@seed(20261206)
@FUZZ
@given(
    changes=st.lists(st.one_of(st.none(), odd_text), min_size=len(CALL_FIELDS), max_size=7),
    dropped=st.sets(st.sampled_from(CALL_FIELDS), max_size=2),
)
def test_any_signed_call_webhook_is_answered_or_refused_clearly(
    client, twilio_settings, policy_version, changes, dropped
):
    sid = f"CA{next(_sids):032d}"
    form = mutated(call_form(sid=sid), CALL_FIELDS, changes, dropped)
    response = post(client, "/hooks/voice/", form)
    assert response.status_code in CLEAR, (response.status_code, sorted(form))
    extra = {"RecordingUrl": "x", "RecordingSid": "RE1", "TranscriptionText": "x" * 3}
    for path in ("status/", "recorded/", "recording/", "transcription/"):
        answered = post(client, f"/hooks/voice/{path}", {**form, **extra})
        assert answered.status_code in CLEAR, (path, answered.status_code, sorted(form))
        if path == "recorded/" and answered.status_code == 200:
            # The caller's recording: from here on the call is on record.
            assert Call.objects.filter(call_id=form["CallSid"][:128]).exists()


def test_a_nul_in_any_field_is_dropped_not_taken_for_an_outage(
    client, twilio_settings, policy_version
):
    """Found by the fuzz pass on PostgreSQL: a NUL in the sid made the insert fail, and
    the webhook answered 503 ("database unavailable"), so Twilio would retry forever."""
    form = sms_form("hel\x00lo", sid="SM\x00" + "7" * 32)
    response = post(client, "/hooks/sms/", form)
    assert response.status_code == 200
    stored = Message.objects.get(dedupe_key="SM" + "7" * 32)
    assert stored.body == "hello"
