"""The inbound-text webhook (Twilio's "A message comes in", POST to /hooks/sms/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from twilio.twiml.messaging_response import MessagingResponse  # type: ignore[import-untyped]

from between.channels.sms.ingest import parse_sms, receive_sms
from between.channels.sms.webhook import not_ours, twilio_webhook, twiml


@twilio_webhook
def incoming(request: HttpRequest) -> HttpResponse:
    sms = parse_sms(request.POST, timezone.now())
    outcome = receive_sms(sms)
    if outcome.practice is None:
        return not_ours(request, "sms")
    if outcome.reply is None:
        # Automatic replies go out by task through the REST API, after the commit.
        return twiml()
    response = MessagingResponse()
    response.message(outcome.reply)
    return twiml(str(response))
