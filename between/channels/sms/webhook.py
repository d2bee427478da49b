"""Twilio webhook plumbing shared by the SMS and voice channels.

Every webhook is authenticated with the ``X-Twilio-Signature`` header, checked by the
``twilio`` library's RequestValidator against the public URL Twilio requested: our
``BETWEEN_BASE_URL`` plus the exact path and query string (Twilio signs the URL as it was
configured, and behind a proxy the request's own host and scheme are not that URL). A
missing or wrong signature, or no auth token configured, is a 403 and nothing is read
further or stored.

"Received" is said only after the commit: the view returns 200 once ``ingest`` has
returned, and a database that cannot be reached is a 503 so Twilio (or the operator's
fallback URL) takes over. Logs name the path and the outcome, never a number or a body.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import (  # type: ignore[import-untyped]
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

log = logging.getLogger(__name__)

TWIML_TYPE = "text/xml; charset=utf-8"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'

View = Callable[[HttpRequest], HttpResponse]


def public_url(request: HttpRequest) -> str:
    """The URL Twilio requested, as configured in Twilio: base URL, path, query string."""
    return absolute(request.get_full_path())


def absolute(path: str) -> str:
    """A path of ours as Twilio calls it (and signs it): ``BETWEEN_BASE_URL`` + path.

    When the base URL carries a path (``https://host/between``) and Django already sees
    that prefix (SCRIPT_NAME set by the proxy), the prefix is not doubled.
    """
    base = settings.BETWEEN_BASE_URL.rstrip("/")
    parts = urlsplit(base)
    prefix = parts.path.rstrip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        return f"{parts.scheme}://{parts.netloc}{path}"
    return base + path


def signature_ok(request: HttpRequest) -> bool:
    token = settings.TWILIO_AUTH_TOKEN
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not token or not signature:
        return False
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    validator = RequestValidator(token)
    return bool(validator.validate(public_url(request), request.POST, signature, algorithm))


def twiml(body: str = EMPTY_TWIML, status: int = 200) -> HttpResponse:
    return HttpResponse(body, content_type=TWIML_TYPE, status=status)


def twilio_webhook(view: View) -> View:
    """POST only, CSRF-exempt (the signature is the authentication), 403 when unsigned
    or forged, 503 when the database is unavailable."""

    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        if not settings.TWILIO_AUTH_TOKEN:
            log.error("refused a webhook to %s: TWILIO_AUTH_TOKEN is not set", request.path)
            return HttpResponse("webhooks are not configured", status=403)
        if not signature_ok(request):
            log.warning("refused a webhook to %s: missing or wrong signature", request.path)
            return HttpResponse("invalid signature", status=403)
        request.POST = without_nul(request.POST)  # type: ignore[assignment]
        try:
            return view(request)
        except BadWebhook as exc:
            log.warning("refused a webhook to %s: %s", request.path, exc)
            return HttpResponse(str(exc), status=400, content_type="text/plain")
        except DatabaseError as exc:
            # Nothing was committed; Twilio gets a 5xx, not a "received".
            log.error(
                "webhook to %s not stored: database unavailable (%s)",
                request.path,
                type(exc).__name__,
            )
            return HttpResponse(
                "temporarily unavailable", status=503, headers={"Retry-After": "30"}
            )

    return csrf_exempt(require_POST(wrapped))


def not_ours(request: HttpRequest, kind: str) -> HttpResponse:
    """A number no practice owns: a misconfigured Twilio number, not a client's mistake."""
    log.warning(
        "%s webhook to %s for a number no practice owns; check the Twilio number "
        "configuration and the policy's numbers",
        kind,
        request.path,
    )
    return HttpResponse("not a number of ours", status=404, content_type="text/plain")


class BadWebhook(ValueError):
    """A signed request without the fields Twilio always sends."""


def without_nul(form: QueryDict) -> QueryDict:
    """The signed form without NUL characters: no field of Twilio's holds one, and
    PostgreSQL's text refuses it (the insert would fail as if the database were down)."""
    cleaned = form.copy()
    for name, values in form.lists():
        cleaned.setlist(name, [value.replace("\x00", "") for value in values])
    return cleaned


def field(form: object, name: str, *, required: bool = True) -> str:
    getter = getattr(form, "get", None)
    value = getter(name, "") if getter is not None else ""
    value = str(value or "").strip()
    if required and not value:
        raise BadWebhook(f"missing {name}")
    return value
