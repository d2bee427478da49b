"""HTML to PDF with WeasyPrint, offline.

The client document is self-contained (``between.core.documents.html``), so nothing
needs fetching; the fetcher refuses every URL all the same, so a link or stylesheet
planted in a policy field can never make the server reach out to the network or read
a local file while rendering. Only inline ``data:`` URLs are allowed.
"""

from __future__ import annotations

import logging
from typing import Any

# WeasyPrint reports every step at INFO, some of them while it is imported; refusals
# by the fetcher below still log as errors.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # type: ignore[import-untyped]  # noqa: E402
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]  # noqa: E402


class OfflineFetcher(URLFetcher):
    """Refuses everything but ``data:`` URLs, and keeps a list of what it refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"external resources are not fetched: {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document, laid out for print, without network or file access."""
    pdf = HTML(string=html, base_url=None, url_fetcher=OfflineFetcher()).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
