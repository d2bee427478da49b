"""Texts out through the Twilio REST API, faked at the HTTP layer with httpx.MockTransport.

Every send goes through the real ``deliver`` / ``send_page`` tasks (the immediate task
backend in tests), so each attempt lands in DeliveryAttempt as in production.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import httpx
import pytest
from django.utils import timezone

from between.channels.sms import transport as sms_transport
from between.channels.sms.tests.support import ACCOUNT_SID, AUTH_TOKEN, CLIENT_NUMBER, OUR_NUMBER
from between.messaging.escalation import ack_token
from between.messaging.models import Message, Outbound, Page
from between.messaging.tasks import MAX_ATTEMPTS, deliver, send_page
from between.messaging.transport import register_pager, register_transport

pytestmark = pytest.mark.django_db

API = "https://twilio.test"
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


def created(request: httpx.Request) -> httpx.Response:
    """Twilio's 201 answer to a message create, abridged to the fields it always has."""
    form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
    sid = "SM" + "f" * 32
    return httpx.Response(
        201,
        json={
            "sid": sid,
            "account_sid": ACCOUNT_SID,
            "to": form.get("To"),
            "from": form.get("From"),
            "body": form.get("Body"),
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "date_created": "Tue, 24 Nov 2026 15:30:00 +0000",
            "date_updated": "Tue, 24 Nov 2026 15:30:00 +0000",
            "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
        },
    )


def twilio_error(status: int, code: int | None, message: str) -> httpx.Response:
    body: dict[str, object] = {"message": message, "status": status}
    if code is not None:
        body |= {"code": code, "more_info": f"https://www.twilio.com/docs/errors/{code}"}
    return httpx.Response(status, json=body)


@dataclass
class FakeTwilio:
    requests: list[httpx.Request] = field(default_factory=list)
    answers: list[httpx.Response | Exception] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if self.answers else None
        if isinstance(answer, Exception):
            raise answer
        return answer or created(request)

    def form(self, index: int = -1) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.requests[index].content.decode()).items()}


@pytest.fixture
def twilio(twilio_settings) -> Iterator[FakeTwilio]:
    twilio_settings.BETWEEN_TWILIO_API_URL = API
    fake = FakeTwilio()
    mock = httpx.MockTransport(fake.handle)

    def factory() -> sms_transport.TwilioSmsTransport:
        return sms_transport.TwilioSmsTransport.from_settings(transport=mock)

    register_transport("sms", factory)
    register_pager("sms", factory)
    yield fake
    sms_transport.register()  # back to the real network transport


@pytest.fixture
def reply(riverside, consenting, policy_version) -> Outbound:
    message = Message.objects.create(
        practice=riverside,
        client=consenting,
        channel="sms",
        from_address=CLIENT_NUMBER,
        to_addresses=[OUR_NUMBER],
        body="Can we move Thursday?",
        received_at=timezone.now(),
        dedupe_key="SM-in-1",
    )
    return Outbound.objects.create(
        practice=riverside,
        client=consenting,
        in_reply_to=message,
        channel="sms",
        to=CLIENT_NUMBER,
        kind="after_hours",
        body="Your message to Riverside Counseling arrived outside office hours.",
        created_at=timezone.now(),
    )


def outcomes(outbound: Outbound) -> list[str]:
    return [a.outcome for a in outbound.attempts.all()]


def test_a_reply_is_posted_to_the_messages_api(twilio, reply):
    deliver.enqueue(reply.pk)
    reply.refresh_from_db()
    assert reply.status == "sent" and reply.provider_id == "SM" + "f" * 32
    assert outcomes(reply) == ["sent"]

    (request,) = twilio.requests
    assert request.method == "POST"
    assert request.url.host == "twilio.test"  # BETWEEN_TWILIO_API_URL, not api.twilio.com
    assert request.url.path == MESSAGES_PATH
    assert twilio.form() == {"To": CLIENT_NUMBER, "From": OUR_NUMBER, "Body": reply.body}
    expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"


@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        (21211, "not a valid phone number"),
        (21610, "replied STOP"),
        (21614, "not a mobile number"),
        (None, "HTTP 400"),  # any other refusal would be refused again
    ],
)
def test_a_refused_number_fails_permanently_once(twilio, reply, code, meaning, caplog):
    twilio.answers.append(
        twilio_error(400, code, f"The 'To' number {CLIENT_NUMBER} is not a valid phone number.")
    )
    deliver.enqueue(reply.pk)
    reply.refresh_from_db()
    assert reply.status == "failed" and outcomes(reply) == ["permanent"]
    assert len(twilio.requests) == 1  # not retried
    detail = reply.attempts.get().detail
    assert meaning in detail
    # Twilio's message quotes the number; neither the record nor the logs repeat it.
    assert CLIENT_NUMBER not in detail and CLIENT_NUMBER not in caplog.text


@pytest.mark.parametrize(
    "failure",
    [
        twilio_error(503, None, "Service Unavailable"),
        twilio_error(500, 20500, "Internal Server Error"),
        twilio_error(429, 20429, "Too Many Requests"),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("connection refused"),
    ],
    ids=["503", "500", "429", "timeout", "connect"],
)
def test_a_temporary_failure_is_retried_and_then_sent(twilio, reply, failure):
    twilio.answers.append(failure)
    deliver.enqueue(reply.pk)  # the immediate backend runs the retry at once
    reply.refresh_from_db()
    assert outcomes(reply) == ["temporary", "sent"] and reply.status == "sent"
    assert "will retry" in reply.attempts.first().detail


def test_temporary_failures_give_up_after_the_last_attempt(twilio, reply):
    twilio.answers.extend([twilio_error(503, None, "Service Unavailable")] * MAX_ATTEMPTS)
    deliver.enqueue(reply.pk)
    reply.refresh_from_db()
    assert outcomes(reply) == ["temporary"] * MAX_ATTEMPTS and reply.status == "failed"


def test_without_credentials_nothing_is_attempted_on_the_network(twilio, twilio_settings, reply):
    twilio_settings.TWILIO_ACCOUNT_SID = ""
    deliver.enqueue(reply.pk)
    reply.refresh_from_db()
    assert reply.status == "failed" and twilio.requests == []
    assert "TWILIO_ACCOUNT_SID" in reply.attempts.get().detail


def test_the_sending_number_can_be_overridden(twilio, twilio_settings, reply):
    twilio_settings.BETWEEN_SMS_FROM = "+13125550111"
    deliver.enqueue(reply.pk)
    assert twilio.form()["From"] == "+13125550111"


def test_without_an_inbound_text_the_policy_number_sends(twilio, riverside, policy_version):
    # A crisis text to someone who phoned: it goes from the policy's text number.
    outbound = Outbound.objects.create(
        practice=riverside,
        channel="sms",
        to=CLIENT_NUMBER,
        kind="crisis",
        body="If you are in danger or this is an emergency, call 911 now.",
        created_at=timezone.now(),
    )
    deliver.enqueue(outbound.pk)
    assert twilio.form()["From"] == OUR_NUMBER


def test_the_sms_pager_sends_a_link_and_no_client_content(twilio, riverside, policy_version):
    message = Message.objects.create(
        practice=riverside,
        channel="sms",
        from_address=CLIENT_NUMBER,
        body="I want to kill myself",
        received_at=timezone.now(),
        dedupe_key="SM-crisis",
        crisis=True,
    )
    page = Page.objects.create(
        practice=riverside,
        message=message,
        audience="after_hours",
        name="Riverside on-call clinician",
        phone="+1 212 555 0199",
        created_at=timezone.now(),
    )
    send_page.enqueue(page.pk)
    page.refresh_from_db()
    assert page.status == "sent"
    form = twilio.form()
    assert form["To"] == "+12125550199"
    # The link acknowledges the page after sign-in; it names nothing about the client.
    assert form["Body"] == (
        f"Between: urgent message for you. Sign in: https://between.example.org/pages/"
        f"{ack_token(page)}/"
    )


def test_a_page_that_twilio_refuses_is_marked_failed(twilio, riverside, policy_version):
    twilio.answers.append(twilio_error(400, 21211, "invalid"))
    page = Page.objects.create(
        practice=riverside,
        audience="on_call",
        name="On call",
        phone="+1 212 555 0199",
        created_at=timezone.now(),
    )
    send_page.enqueue(page.pk)
    page.refresh_from_db()
    assert page.status == "failed"


def test_the_real_transport_is_registered():
    from between.messaging.transport import pager_for, transport_for

    sms_transport.register()
    assert isinstance(transport_for("sms"), sms_transport.TwilioSmsTransport)
    assert isinstance(pager_for("sms"), sms_transport.TwilioSmsTransport)


def test_twilio_error_json_is_what_the_library_reads():
    # Guard the fake: the twilio library must see the code in our error bodies.
    body = json.loads(twilio_error(400, 21610, "x").content)
    assert body["code"] == 21610 and body["status"] == 400


def test_the_console_backend_prints_texts_and_pages_and_sends_nothing(
    settings, capsys, reply, riverside
):
    """``make run`` without Twilio: texts and pages are printed, so the demo's pages go out."""
    settings.BETWEEN_SMS_BACKEND = "console"
    settings.TWILIO_ACCOUNT_SID = ""
    deliver.enqueue(reply.pk)
    reply.refresh_from_db()
    assert reply.status == "sent" and reply.provider_id.startswith("console-")
    printed = capsys.readouterr().out
    # Whom it went to is client data: masked, even on a developer's console.
    assert CLIENT_NUMBER not in printed and "To: +1*******123" in printed
    assert f"From: {OUR_NUMBER}" in printed
    assert "arrived outside office hours" in printed

    page = Page.objects.create(
        practice=riverside,
        message=reply.in_reply_to,
        audience="after_hours",
        name="Riverside on-call clinician",
        phone="+1 212 555 0199",
        created_at=timezone.now(),
    )
    send_page.enqueue(page.pk)
    page.refresh_from_db()
    assert page.status == "sent"
    printed = capsys.readouterr().out
    assert "+12125550199" not in printed and "To: +1*******199" in printed
    assert "urgent message" in printed
