import pytest
from django.urls import reverse

from between.conftest import signed_in


@pytest.mark.django_db
def test_every_page_forbids_inline_script_and_caching(client, owner):
    signed_in(client, owner)
    for url in (reverse("inbox"), reverse("login"), reverse("health")):
        response = client.get(url)
        policy = response.headers["Content-Security-Policy"]
        scripts = next(d for d in policy.split("; ") if d.startswith("script-src"))
        assert scripts == "script-src 'self'"  # no inline script, no eval
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert response.headers["Cache-Control"] == "no-store", url


@pytest.mark.django_db
def test_no_template_holds_inline_script_or_event_handlers():
    """The policy forbids them; a template that used one would break in the browser."""
    import re
    from pathlib import Path

    import between

    root = Path(between.__file__).parent
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []


@pytest.mark.django_db
def test_plain_http_is_redirected_when_https_is_in_force(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response.url.startswith("https://")
    assert client.get(reverse("health")).status_code != 301  # the balancer's probe
    secure = client.get(reverse("login"), secure=True)
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_the_browsers_favicon_request_finds_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("between/icon.svg")
