"""Response headers every page gets that Django 5.2 does not set itself.

- ``Content-Security-Policy``: scripts, styles, fonts and images only from Between's own
  origin (images also as ``data:``, for the empty favicon), no inline script, no
  plug-ins, no framing, forms posting only to Between. A page that was tricked into
  holding a script (a client's words are shown on many pages) still cannot run it.
  Inline *styles* stay allowed: the policy document a client signs is shown in a
  sandboxed ``srcdoc`` frame, which inherits this policy, and its own stylesheet is
  inline; a style cannot run code.
- ``Cache-Control: no-store``: pages show client content to signed-in staff and to
  clients on the portal; a shared computer's browser cache, or a proxy, must keep none
  of it. Static files are served before this middleware runs and stay cacheable.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["Cache-Control"] = "no-store"
        return response
