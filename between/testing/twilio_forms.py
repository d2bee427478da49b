"""The form Twilio posts for an inbound text, for the benches and tests that deliver one
over HTTP as Twilio would (the field set of a real delivery, trimmed to what Between
and the signature read)."""

from __future__ import annotations

import uuid


def inbound_text(
    sender: str, to: str, body: str, *, account_sid: str, sid: str = ""
) -> dict[str, str]:
    sid = sid or "SM" + uuid.uuid4().hex
    return {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": account_sid,
        "From": sender,
        "To": to,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
