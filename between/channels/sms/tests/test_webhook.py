"""The inbound-text webhook: signed posts in, committed messages, the pipeline's answer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging

import pytest
from django.db import OperationalError, connection

from between.channels.sms.tests.support import (
    AUTH_TOKEN,
    BASE_URL,
    CLIENT_NUMBER,
    CRISIS,
    STRANGER,
    post,
    sign,
    sms_form,
)
from between.messaging.models import Message, Outbound, Page

pytestmark = pytest.mark.django_db

HOOK = "/hooks/sms/"


def test_a_signed_text_from_a_client_is_stored_and_answered_200(
    client, twilio_settings, policy_version, consenting
):
    response = post(client, HOOK, sms_form("Can we move Thursday's appointment?"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert b"<Message>" not in response.content  # replies go by task, not in the answer
    message = Message.objects.get()
    assert message.client == consenting and message.channel == "sms"
    assert message.body == "Can we move Thursday's appointment?"
    assert message.dedupe_key == "SM" + "1" * 32
    assert message.to_addresses == ["+12125550100"]
    assert message.category == "admin" and message.policy_version == policy_version


def test_the_signature_algorithm_is_twilios(client, twilio_settings, policy_version):
    """HMAC-SHA1 over the URL followed by each field name and value sorted by name, base64."""
    form = sms_form("hello")
    data = BASE_URL + HOOK + "".join(k + form[k] for k in sorted(form))
    by_hand = base64.b64encode(
        hmac.new(AUTH_TOKEN.encode(), data.encode(), hashlib.sha1).digest()
    ).decode()
    assert by_hand == sign(BASE_URL + HOOK, form)
    assert post(client, HOOK, form, signature=by_hand).status_code == 200


@pytest.mark.parametrize(
    "how",
    ["unsigned", "wrong token", "other url", "http not https", "body changed"],
)
def test_forged_or_unsigned_posts_get_403_and_store_nothing(
    client, twilio_settings, policy_version, how
):
    form = sms_form("Can we move Thursday?")
    signature = {
        "unsigned": "",
        "wrong token": sign(BASE_URL + HOOK, form, token="0" * 32),
        "other url": sign(BASE_URL + "/hooks/voice/", form),
        "http not https": sign("http://between.example.org" + HOOK, form),
        "body changed": sign(BASE_URL + HOOK, {**form, "Body": "something else"}),
    }[how]
    response = post(client, HOOK, form, signature=signature)
    assert response.status_code == 403
    assert Message.objects.count() == 0 and Outbound.objects.count() == 0


def test_no_auth_token_configured_refuses_everything(client, twilio_settings, policy_version):
    form = sms_form("hello")
    signature = sign(BASE_URL + HOOK, form)
    twilio_settings.TWILIO_AUTH_TOKEN = ""
    assert post(client, HOOK, form, signature=signature).status_code == 403
    assert Message.objects.count() == 0


def test_the_exact_signed_url_is_honoured_query_string_included(
    client, twilio_settings, policy_version
):
    form = sms_form("hello")
    path = HOOK + "?source=twilio&x=1"
    assert post(client, path, form).status_code == 200
    # Signed without the query string Twilio requested: refused.
    refused = post(client, path, sms_form("hello", sid="SM" + "2" * 32), signed_url=BASE_URL + HOOK)
    assert refused.status_code == 403
    assert Message.objects.count() == 1


def test_a_base_url_with_a_path_prefix_is_signed_as_configured(
    client, twilio_settings, policy_version
):
    twilio_settings.BETWEEN_BASE_URL = "https://clinic.example.org/between"
    form = sms_form("hello")
    signed = post(client, HOOK, form, signed_url="https://clinic.example.org/between" + HOOK)
    assert signed.status_code == 200


def test_only_post(client, twilio_settings):
    assert client.get(HOOK).status_code == 405


def test_a_number_we_do_not_own_is_404_and_logged_without_the_text(
    client, twilio_settings, policy_version, caplog
):
    caplog.set_level(logging.DEBUG)
    form = sms_form("my secret words", to="+13125550199")
    response = post(client, HOOK, form)
    assert response.status_code == 404
    assert Message.objects.count() == 0
    logged = caplog.text
    assert "no practice owns" in logged
    assert "my secret words" not in logged and CLIENT_NUMBER not in logged


def test_an_unknown_sender_is_normal_and_gets_the_generic_reply(
    client, twilio_settings, policy_version, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, HOOK, sms_form("Do you take new clients?", sender=STRANGER))
    assert response.status_code == 200
    message = Message.objects.get()
    assert message.client is None
    reply = Outbound.objects.get(in_reply_to=message)
    assert reply.kind == "unknown_sender" and reply.to == STRANGER and reply.status == "queued"
    assert len(callbacks) == 1  # its delivery is enqueued only once committed


def test_redelivery_of_the_same_message_sid_changes_nothing(
    client, twilio_settings, policy_version, consenting
):
    form = sms_form("Can we move Thursday?", sender=STRANGER)
    assert post(client, HOOK, form).status_code == 200
    assert post(client, HOOK, form).status_code == 200
    assert Message.objects.count() == 1 and Outbound.objects.count() == 1


def test_a_crisis_text_queues_the_crisis_reply_and_pages(
    client, twilio_settings, policy_version, consenting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(client, HOOK, sms_form(CRISIS))
    assert response.status_code == 200
    message = Message.objects.get()
    assert message.crisis and message.category == "crisis"
    reply = Outbound.objects.get(in_reply_to=message)
    assert reply.kind == "crisis" and reply.channel == "sms" and reply.to == CLIENT_NUMBER
    assert "911" in reply.body and "988" in reply.body
    page = Page.objects.get(message=message)
    assert page.audience == "clinician"  # office hours: the clinician is told
    assert len(callbacks) == 3  # the reply, the page and its escalation check, after the commit


def test_pictures_are_flagged_not_fetched(client, twilio_settings, policy_version, consenting):
    assert post(client, HOOK, sms_form("", media=2)).status_code == 200
    assert "media_not_stored" in Message.objects.get().flags


def test_a_signed_post_without_the_fields_twilio_always_sends_is_400(
    client, twilio_settings, policy_version
):
    form = {k: v for k, v in sms_form("hi").items() if k != "MessageSid"}
    assert post(client, HOOK, form).status_code == 400
    assert Message.objects.count() == 0


def test_database_unavailable_is_503_and_nothing_is_stored(
    client, twilio_settings, policy_version, consenting
):
    def refuse_writes(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_writes):
        response = post(client, HOOK, sms_form("Can we move Thursday?"))
    assert response.status_code == 503
    assert Message.objects.count() == 0 and Outbound.objects.count() == 0
    # Twilio (or the operator) delivers it again later: then it is stored once.
    assert post(client, HOOK, sms_form("Can we move Thursday?")).status_code == 200
    assert Message.objects.count() == 1
