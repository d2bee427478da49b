"""STOP, START, HELP: text consent recorded, carrier-required replies, nothing else sent."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest

from between.channels.sms.keywords import Keyword, keyword_of, keyword_reply
from between.channels.sms.tests.support import CLIENT_NUMBER, STRANGER, post, sms_form
from between.clients.models import Consent
from between.core.policy import reference_policy_text
from between.core.privacy_lint import lint, sms_segments
from between.messaging.models import Message, Outbound
from between.policies.store import parsed_policy

HOOK = "/hooks/sms/"
POLICY = parsed_policy(reference_policy_text())


def twiml_message(response) -> str | None:
    found = ElementTree.fromstring(response.content).find("Message")  # noqa: S314 (ours)
    return None if found is None else found.text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("STOP", Keyword.stop),
        ("  stop \n", Keyword.stop),
        ("Stop.", Keyword.stop),
        ("Unsubscribe", Keyword.stop),
        ("cancel", Keyword.stop),
        ("END", Keyword.stop),
        ("quit!", Keyword.stop),
        ("Revoke", Keyword.stop),
        ("opt out", Keyword.stop),
        ("OPT   OUT", Keyword.stop),
        ("stopall", Keyword.stop),
        ("START", Keyword.start),
        ("unstop", Keyword.start),
        ("Help", Keyword.help),
        ("info", Keyword.help),
        ("stop texting me at work", None),
        ("please cancel thursday", None),
        ("yes", None),  # an answer to "can you do Thursday?", not a consent record
        ("help me", None),  # words for the clinician (and the crisis screen)
        ("", None),
    ],
)
def test_a_keyword_is_the_whole_message(body, expected):
    assert keyword_of(body) is expected


@pytest.mark.parametrize("keyword", list(Keyword))
def test_keyword_replies_pass_the_privacy_lint_and_fit_two_segments(keyword):
    text = keyword_reply(keyword, POLICY)
    assert sms_segments(text) <= 2
    problems = lint(
        text,
        channel="sms",
        emergency_number="911",
        crisis_line_names=["988 Suicide & Crisis Lifeline"],
    )
    assert problems == []


def test_help_names_the_practice_how_to_reach_it_the_crisis_lines_and_stop():
    text = keyword_reply(Keyword.help, POLICY)
    for part in ("Riverside Counseling", "+1 212 555 0100", "911", "988", "Reply STOP"):
        assert part in text
    assert "scheduling only" in text  # the policy's purpose limit for texts (R14)


def test_stop_confirms_no_more_texts_and_how_to_resume():
    text = keyword_reply(Keyword.stop, POLICY)
    assert "no more texts" in text and "Reply START" in text


@pytest.mark.django_db
def test_stop_withdraws_text_consent_and_nothing_else_is_sent(
    client, twilio_settings, policy_version, consenting, django_capture_on_commit_callbacks, frozen
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, HOOK, sms_form("Stop"))
    assert response.status_code == 200
    assert "no more texts" in (twiml_message(response) or "")
    assert callbacks == []  # no automatic reply by task on top of the carrier reply

    consent = Consent.objects.filter(client=consenting, channel="sms").first()
    assert consent is not None
    assert (consent.state, consent.method) == ("withdrawn", "sms_keyword")
    assert consent.policy_version == policy_version
    assert consenting.consent_state("sms") == "withdrawn"

    message = Message.objects.get()
    assert message.category == "admin" and "sms_keyword" in message.flags
    assert message.client == consenting and message.body == "Stop"
    recorded = Outbound.objects.get(in_reply_to=message)
    assert recorded.kind == "sms_keyword" and recorded.status == "sent"

    # Later that evening an ordinary text: no automatic message over the withdrawn channel.
    frozen.tick(timedelta(hours=10))
    with django_capture_on_commit_callbacks() as callbacks:
        post(client, HOOK, sms_form("Can we move Thursday to 3pm?", sid="SM" + "3" * 32))
    later = Message.objects.get(dedupe_key="SM" + "3" * 32)
    assert "no_consent" in later.flags
    assert not Outbound.objects.filter(in_reply_to=later).exists() and callbacks == []


@pytest.mark.django_db
def test_start_grants_text_consent_again(
    client, twilio_settings, policy_version, consenting, django_capture_on_commit_callbacks, frozen
):
    post(client, HOOK, sms_form("STOP", sid="SM" + "4" * 32))
    response = post(client, HOOK, sms_form("start", sid="SM" + "5" * 32))
    assert response.status_code == 200
    assert "on again" in (twiml_message(response) or "")
    states = list(
        Consent.objects.filter(client=consenting, channel="sms", method="sms_keyword")
        .order_by("id")
        .values_list("state", flat=True)
    )
    assert states == ["withdrawn", "granted"]
    assert consenting.consent_state("sms") == "granted"

    frozen.tick(timedelta(hours=10))  # evening: the after-hours acknowledgement is back
    with django_capture_on_commit_callbacks() as callbacks:
        post(client, HOOK, sms_form("Can we move Thursday to 3pm?", sid="SM" + "6" * 32))
    later = Message.objects.get(dedupe_key="SM" + "6" * 32)
    assert Outbound.objects.get(in_reply_to=later).kind == "after_hours"
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_help_answers_without_changing_consent(client, twilio_settings, policy_version, consenting):
    response = post(client, HOOK, sms_form("HELP"))
    text = twiml_message(response) or ""
    assert "Riverside Counseling" in text and "988" in text and "Reply STOP" in text
    assert not Consent.objects.filter(method="sms_keyword").exists()
    assert "sms_keyword_help" in Message.objects.get().flags


@pytest.mark.django_db
def test_stop_from_someone_who_is_not_a_client_is_answered_and_recorded(
    client, twilio_settings, policy_version
):
    response = post(client, HOOK, sms_form("STOP", sender=STRANGER))
    assert "no more texts" in (twiml_message(response) or "")
    message = Message.objects.get()
    assert message.client is None and "unknown_sender" in message.flags
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_a_redelivered_stop_records_one_consent(
    client, twilio_settings, policy_version, consenting
):
    form = sms_form("STOP")
    first, again = post(client, HOOK, form), post(client, HOOK, form)
    assert first.status_code == again.status_code == 200
    assert twiml_message(first) == twiml_message(again)
    assert Consent.objects.filter(method="sms_keyword").count() == 1
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_twilio_advanced_opt_out_is_honoured_without_a_second_reply(
    client, twilio_settings, policy_version, consenting
):
    # Advanced Opt-Out matched a custom keyword, replied itself and tells us with OptOutType.
    form = {**sms_form("ARRET"), "OptOutType": "STOP"}
    response = post(client, HOOK, form)
    assert response.status_code == 200 and twiml_message(response) is None
    assert consenting.consent_state("sms") == "withdrawn"


@pytest.mark.django_db
def test_keywords_without_a_policy_in_force_still_get_the_carrier_reply(
    client, twilio_settings, riverside
):
    from between.messaging.models import Endpoint

    Endpoint.objects.create(practice=riverside, kind="phone", address="+12125550100")
    response = post(client, HOOK, sms_form("STOP", sender=CLIENT_NUMBER))
    assert "Reply START" in (twiml_message(response) or "")
