"""Shared by the SMS and voice tests: Twilio-shaped posts, signed the way Twilio signs.

The fields are those Twilio sends (captured shapes from its webhook documentation and
real deliveries, with test numbers from the 555-01xx fiction range). Signatures are made
with the ``twilio`` library's RequestValidator over the public URL, as Twilio does;
``test_signature.py`` checks that algorithm once by hand against Twilio's description.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from twilio.request_validator import RequestValidator  # type: ignore[import-untyped]

AUTH_TOKEN = "12345678901234567890123456789012"
ACCOUNT_SID = "AC" + "a" * 32
BASE_URL = "https://between.example.org"
OUR_NUMBER = "+12125550100"  # the reference policy's text and phone number
CLIENT_NUMBER = "+12125550123"  # the cast's client (conftest)
STRANGER = "+13105550188"
NY = ZoneInfo("America/New_York")
# A Tuesday in office hours, not a holiday, no absence: routine replies are predictable.
OFFICE_HOURS = datetime(2026, 11, 24, 10, 30, tzinfo=NY)
CRISIS = "I can't go on, I want to kill myself tonight"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    # Autouse, so it starts before the cast's fixtures stamp their records.
    with freeze_time(OFFICE_HOURS) as clock:
        yield clock


@pytest.fixture
def twilio_settings(settings):
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.BETWEEN_BASE_URL = BASE_URL
    settings.BETWEEN_SMS_FROM = ""
    return settings


def sign(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def post(
    client,
    path: str,
    params: dict[str, str],
    *,
    signature: str | None = None,
    token: str = AUTH_TOKEN,
    signed_url: str | None = None,
):
    """POST form fields as Twilio does, signed over BASE_URL + path unless told otherwise."""
    url = signed_url or BASE_URL + path
    headers = {}
    if signature is None:
        signature = sign(url, params, token)
    if signature:
        headers["HTTP_X_TWILIO_SIGNATURE"] = signature
    # The test client's own host is "testserver": the signature must be checked against
    # the public URL (BETWEEN_BASE_URL), never the Host header.
    return client.post(path, params, **headers)


def sms_form(
    body: str,
    *,
    sid: str = "SM" + "1" * 32,
    sender: str = CLIENT_NUMBER,
    to: str = OUR_NUMBER,
    media: int = 0,
) -> dict[str, str]:
    """An inbound message webhook as Twilio posts it (field set of a real delivery)."""
    form = {
        "ToCountry": "US",
        "ToState": "NY",
        "SmsMessageSid": sid,
        "NumMedia": str(media),
        "ToCity": "NEW YORK",
        "FromZip": "10001",
        "SmsSid": sid,
        "FromState": "NY",
        "SmsStatus": "received",
        "FromCity": "NEW YORK",
        "Body": body,
        "FromCountry": "US",
        "To": to,
        "ToZip": "10001",
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    for i in range(media):
        form[f"MediaUrl{i}"] = (
            f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}/Media/ME{i}"
        )
        form[f"MediaContentType{i}"] = "image/jpeg"
    return form


def call_form(
    *,
    sid: str = "CA" + "1" * 32,
    caller: str = CLIENT_NUMBER,
    to: str = OUR_NUMBER,
    status: str = "ringing",
    **extra: str,
) -> dict[str, str]:
    """A voice webhook's standard fields (incoming call, status and action requests)."""
    form = {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "CallSid": sid,
        "CallStatus": status,
        "Called": to,
        "CalledCity": "NEW YORK",
        "CalledCountry": "US",
        "CalledState": "NY",
        "CalledZip": "10001",
        "Caller": caller,
        "CallerCity": "NEW YORK",
        "CallerCountry": "US",
        "CallerState": "NY",
        "CallerZip": "10001",
        "Direction": "inbound",
        "From": caller,
        "FromCity": "NEW YORK",
        "FromCountry": "US",
        "FromState": "NY",
        "FromZip": "10001",
        "To": to,
        "ToCity": "NEW YORK",
        "ToCountry": "US",
        "ToState": "NY",
        "ToZip": "10001",
    }
    form.update(extra)
    return form


def recording_url(rec: str) -> str:
    return f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{rec}"
