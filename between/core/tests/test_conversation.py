"""Previews, reply subjects and the channels a typed reply may take."""

from __future__ import annotations

import pytest

from between.core.conversation import Route, preview, reply_routes, reply_subject


def test_preview_collapses_whitespace_and_cuts_near_100() -> None:
    text = "Hello   there,\n\n  can we\tmove " + "Thursday " * 30
    shown = preview(text)
    assert "\n" not in shown and "  " not in shown and "\t" not in shown
    assert shown.startswith("Hello there, can we move Thursday")
    assert shown.endswith("…") and len(shown) <= 101


def test_short_preview_is_whole() -> None:
    assert preview("  See you  soon ") == "See you soon"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Next week", "Re: Next week"),
        ("Re: Next week", "Re: Next week"),
        ("RE: re: Next week", "Re: Next week"),
        ("Re[2]: Next week", "Re: Next week"),
        ("AW: Termin", "Re: Termin"),
        ("", "Re: your message"),
        ("Re:", "Re: your message"),
        ("Recap of session", "Re: Recap of session"),
    ],
)
def test_reply_subject_quotes_once(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


def test_routes_offer_only_granted_channels_with_an_address_first_the_one_used() -> None:
    routes = reply_routes(
        {"email": "granted", "sms": "granted", "portal": None},
        {"email": "a@example.com", "sms": "+12125550123", "portal": "7"},
        first="sms",
    )
    assert [r.channel for r in routes.offered] == ["sms", "email"]
    assert routes.get("email") == Route("email", "a@example.com")
    assert routes.get("portal") is None


def test_stop_is_named_and_the_other_channels_offered() -> None:
    routes = reply_routes(
        {"email": "granted", "sms": "withdrawn", "portal": "granted"},
        {"email": "a@example.com", "sms": "+12125550123", "portal": "7"},
        first="sms",
    )
    assert [r.channel for r in routes.offered] == ["portal", "email"]
    assert routes.refused == (("sms", "withdrawn"),)


def test_no_address_no_route() -> None:
    routes = reply_routes({"email": "granted"}, {}, first="email")
    assert routes.offered == ()


def test_untitled_in_the_clients_language() -> None:
    assert reply_subject("", "su mensaje") == "Re: su mensaje"
