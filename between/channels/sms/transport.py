"""Texts out through the Twilio REST API, and the "sms" pager.

The ``twilio`` library builds and parses the API calls; the HTTP underneath is ours, on
httpx, so the base address can be moved (``BETWEEN_TWILIO_API_URL``) and tests fake the
provider at the HTTP layer with ``httpx.MockTransport``.

Errors follow the one transport contract (``DeliveryError``): a number that cannot get
texts is permanent (Twilio 21211 invalid number, 21610 replied STOP, 21614 not a mobile
number, ... and any other 4xx: the same request would fail again); 429, 5xx, 401 (a
credential being rotated), timeouts and network errors are temporary and retried. Error
texts name the code only: Twilio's own message quotes the phone number.
"""

from __future__ import annotations

import logging
import sys
import uuid
from typing import Any, TextIO

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from twilio.base.exceptions import TwilioException, TwilioRestException  # type: ignore[import-untyped]
from twilio.http import HttpClient  # type: ignore[import-untyped]
from twilio.http.response import Response  # type: ignore[import-untyped]
from twilio.rest import Client as TwilioClient  # type: ignore[import-untyped]

from between.clients.contact import normalize_phone
from between.core.masking import mask_phone
from between.messaging.models import Outbound, Page
from between.messaging.transport import DeliveryError, register_pager, register_transport
from between.policies.lifecycle import in_force
from between.policies.store import parsed_policy
from between.practices.models import Practice

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15.0

# Twilio error codes that mean this number will not take this text, whatever we retry.
PERMANENT_CODES = {
    21211: "not a valid phone number",
    21214: "the number cannot be reached",
    21217: "not a valid phone number",
    21401: "not a valid phone number",
    21407: "the number cannot receive texts",
    21408: "texts to this region are not enabled on the account",
    21421: "not a valid phone number",
    21606: "the sending number cannot send texts",
    21608: "a trial account can only text verified numbers",
    21610: "the recipient has replied STOP to this number",
    21612: "texts cannot be routed between these numbers",
    21614: "not a mobile number",
    21617: "the text is too long",
}
TEMPORARY_STATUSES = {401, 408, 409, 429}

PAGE_TEXT = "Between: urgent message for you. Sign in: {link}"


class HttpxTwilioClient(HttpClient):
    """The ``twilio`` library's HTTP client interface, served by httpx.

    Requests the library addresses to ``https://api.twilio.com`` go to ``api_url``
    instead (same path and query). Nothing is logged: request bodies hold the text.
    """

    def __init__(self, client: httpx.Client, api_url: str, timeout: float = TIMEOUT_SECONDS):
        super().__init__(logger=log, is_async=False, timeout=timeout)
        self._client = client
        self._base = api_url.rstrip("/")

    def _rebase(self, uri: str) -> str:
        parsed = httpx.URL(uri)
        target = self._base + parsed.raw_path.decode("ascii")
        return target

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        response = self._client.request(
            method.upper(),
            self._rebase(uri),
            params=_clean(params),
            data=_clean(data),
            headers=headers,
            auth=auth,
            timeout=timeout or self.timeout or TIMEOUT_SECONDS,
            follow_redirects=allow_redirects,
        )
        return Response(response.status_code, response.text, response.headers)


def _clean(values: dict[str, object] | None) -> Any:
    if not values:
        return None
    return {k: v for k, v in values.items() if v is not None}


def classify(exc: TwilioRestException) -> DeliveryError:
    status, code = exc.status, exc.code
    if code in PERMANENT_CODES:
        return DeliveryError(
            f"Twilio refused the text: {PERMANENT_CODES[code]} (error {code}, HTTP {status})",
            permanent=True,
        )
    where = f"HTTP {status}" + (f", error {code}" if code else "")
    if status >= 500 or status in TEMPORARY_STATUSES:
        return DeliveryError(f"Twilio did not take the text ({where}); will retry", permanent=False)
    return DeliveryError(f"Twilio refused the text ({where})", permanent=True)


class TwilioSmsTransport:
    """Sends an Outbound (channel "sms") and pages by text. One instance per task run."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        api_url: str = "https://api.twilio.com",
        sms_from: str = "",
        http: httpx.Client | None = None,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.api_url = api_url
        self.sms_from = sms_from
        self.http = http  # None: a client of our own for each send, closed after it

    @classmethod
    def from_settings(cls, transport: httpx.BaseTransport | None = None) -> TwilioSmsTransport:
        return cls(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            api_url=settings.BETWEEN_TWILIO_API_URL,
            sms_from=settings.BETWEEN_SMS_FROM,
            http=httpx.Client(transport=transport) if transport is not None else None,
        )

    # -- the transport contract --------------------------------------------------------

    def send(self, outbound: Outbound) -> str:
        return self.text(outbound.to, self.sender_for(outbound), outbound.body)

    def page(self, page: Page, link: str) -> str:
        try:
            to = normalize_phone(page.phone, page.practice.country)
        except ValidationError:
            raise DeliveryError(
                "the paged person's phone is not a number", permanent=True
            ) from None
        return self.text(to, self.practice_number(page.practice), PAGE_TEXT.format(link=link))

    # -- pieces ------------------------------------------------------------------------

    def text(self, to: str, from_: str, body: str) -> str:
        if not (self.account_sid and self.auth_token):
            raise DeliveryError(
                "texts cannot be sent: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set",
                permanent=True,
            )
        http = self.http or httpx.Client()
        client = TwilioClient(
            self.account_sid,
            self.auth_token,
            http_client=HttpxTwilioClient(http, self.api_url),
            environment={},  # never pick up TWILIO_* region or edge from the process
        )
        try:
            sent = client.messages.create(to=to, from_=from_, body=body)
        except TwilioRestException as exc:
            raise classify(exc) from None
        except httpx.TimeoutException:
            raise DeliveryError(
                "Twilio did not answer in time; will retry", permanent=False
            ) from None
        except httpx.HTTPError as exc:
            raise DeliveryError(
                f"Twilio could not be reached ({type(exc).__name__}); will retry", permanent=False
            ) from None
        except TwilioException:
            raise DeliveryError(
                "Twilio's answer could not be read; will retry", permanent=False
            ) from None
        finally:
            if self.http is None:
                http.close()
        return str(sent.sid or "")

    def sender_for(self, outbound: Outbound) -> str:
        """BETWEEN_SMS_FROM, else the number the client wrote to, else the policy's."""
        if self.sms_from:
            return self.sms_from
        message = outbound.in_reply_to
        if message is not None and message.channel == "sms" and message.to_addresses:
            return str(message.to_addresses[0])
        return self.practice_number(outbound.practice)

    def practice_number(self, practice: Practice) -> str:
        if self.sms_from:
            return self.sms_from
        version = in_force(practice, timezone.now())
        sms = parsed_policy(version.text).channel("sms") if version is not None else None
        if sms is None or not sms.number:
            raise DeliveryError(
                "no number to send texts from: the policy in force names no text number "
                "and BETWEEN_SMS_FROM is not set",
                permanent=True,
            )
        try:
            return normalize_phone(sms.number, practice.country)
        except ValidationError:
            raise DeliveryError(
                "the policy's text number is not a number", permanent=True
            ) from None


class ConsoleSmsTransport(TwilioSmsTransport):
    """Prints texts instead of sending them: ``make run`` and development without Twilio.

    Like the console email backend, it writes to standard output, not to the log, so a
    text's words never reach a log file, and it masks the client's number.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__("", "", sms_from=settings.BETWEEN_SMS_FROM)
        self.stream = stream or sys.stdout

    def text(self, to: str, from_: str, body: str) -> str:
        sid = f"console-{uuid.uuid4().hex[:12]}"
        self.stream.write(
            f"-- text message {sid} (printed, not sent) --\nFrom: {from_}\n"
            f"To: {mask_phone(to)}\n{body}\n\n"
        )
        self.stream.flush()
        return sid


def sms_transport() -> TwilioSmsTransport:
    """The transport ``BETWEEN_SMS_BACKEND`` names, chosen when a text is sent."""
    if settings.BETWEEN_SMS_BACKEND == "console":
        return ConsoleSmsTransport()
    return TwilioSmsTransport.from_settings()


def register() -> None:
    register_transport("sms", sms_transport)
    register_pager("sms", sms_transport)
