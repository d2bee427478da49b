"""The decision table, case by case, on the reference solo policy (America/New_York).

Office hours: Mon 9-12 & 13-17, Tue-Thu 9-17, Fri 9-15. Texts are for scheduling only;
the portal is the secure channel; Jan 4-8 2027 is an absence covered by Sam Lee.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from between.core.calendar import BusinessCalendar
from between.core.needs import Need
from between.core.pipeline.decide import decide, text_digest
from between.core.pipeline.texts import ReplyKind
from between.core.pipeline.values import (
    Audience,
    ClientView,
    History,
    Inbound,
    InChannel,
    ReceivedRecord,
    SentRecord,
)
from between.core.policy import load_policy, reference_policy_text
from between.core.privacy_lint import sms_segments

NY = ZoneInfo("America/New_York")
POLICY = load_policy(reference_policy_text(), "reference.yaml").policy
CALENDAR = BusinessCalendar(POLICY)
ALL_GRANTED = {"email": "granted", "sms": "granted", "portal": "granted", "phone": "granted"}
MAYA = ClientView("1", names=("Maya Thornton",), consents=ALL_GRANTED, preferred="portal")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=NY)
MONDAY_21 = datetime(2026, 11, 23, 21, 0, tzinfo=NY)
ABSENT = datetime(2027, 1, 5, 10, 0, tzinfo=NY)


def sms(body, at, sender="+12125550301"):
    return Inbound(
        InChannel.sms,
        at,
        sender,
        f"sms:{at.isoformat()}:{body[:5]}",
        recipients=("+12125550100",),
        body=body,
    )


def email(body, at, *, sender="maya.thornton@example.com", extra="", to=None):
    to = to or "alex@riverside-counseling.example"
    raw = (
        f"From: Maya <{sender}>\r\nTo: {to}\r\nSubject: hello\r\n"
        f"Message-ID: <m{at.timestamp():.0f}@example.com>\r\n{extra}\r\n{body}\r\n"
    ).encode()
    return Inbound(
        InChannel.email,
        at,
        sender,
        f"email:{at.timestamp()}",
        recipients=(to,),
        subject="hello",
        body=body,
        envelope_sender=sender,
        raw=raw,
    )


NO_HISTORY = History()


def run(inbound, client=MAYA, history=NO_HISTORY):
    return decide(inbound, POLICY, CALENDAR, client, history)


def assert_safe_reply(reply, client_words):
    assert "911" in reply.body and "988" in reply.body
    assert "Maya" not in reply.body
    assert client_words[:20] not in reply.body
    if reply.channel in ("sms", "email"):
        assert "not secure" in reply.body
        # A stranger may have no portal account: only clients are pointed to it.
        assert ("portal" in reply.body) is (reply.kind is not ReplyKind.unknown_sender)
    if reply.channel == "sms":
        assert sms_segments(reply.body) <= 2


def test_office_hours_text_for_scheduling_gets_no_ack_under_after_hours_policy():
    decision = run(sms("Can we move Thursday's appointment?", MONDAY_10))
    assert decision.need is Need.admin and decision.reply is None
    assert decision.due_at == datetime(2026, 11, 24, 17, 0, tzinfo=NY)
    assert decision.reasons[0] == "office hours: no acknowledgement, due Tue 24 Nov 17:00"


def test_after_hours_text_is_acknowledged_once_a_day():
    first = run(sms("Can we move Thursday's appointment?", MONDAY_21))
    assert first.reply is not None and first.reply.kind is ReplyKind.after_hours
    assert first.reasons[0] == "after hours: acknowledged, due Tue 24 Nov 17:00"
    assert "after_hours" in first.flags
    assert_safe_reply(first.reply, "Can we move Thursday")
    sent = History(sent=(SentRecord(ReplyKind.after_hours, "sms", MONDAY_21),))
    second = run(sms("Also, is 4pm ok?", MONDAY_21 + timedelta(minutes=30)), history=sent)
    assert second.reply is None
    assert "already answered automatically today" in second.reasons[0]


def test_clinical_text_is_redirected_to_the_portal_without_quoting():
    words = "My panic attacks came back after the homework"
    decision = run(sms(words, MONDAY_10))
    assert decision.need is Need.clinical
    assert "channel_not_for_need" in decision.flags
    assert decision.reply.kind is ReplyKind.redirect
    assert "secure client portal" in decision.reply.body
    assert_safe_reply(decision.reply, words)


def test_no_consent_means_no_automatic_message_but_a_queued_flagged_one():
    declined = ClientView("2", names=("Priya Raman",), consents={**ALL_GRANTED, "sms": "declined"})
    decision = run(sms("Can we move Thursday?", MONDAY_21), client=declined)
    assert decision.reply is None and "no_consent" in decision.flags
    assert decision.due_at is not None


@pytest.mark.parametrize(
    ("at", "audience", "name"),
    [
        (MONDAY_10, Audience.clinician, "Alex Rivera, LMFT"),
        (MONDAY_21, Audience.after_hours, "Riverside on-call clinician"),
        (ABSENT, Audience.covering, "Sam Lee, PhD"),
    ],
)
def test_crisis_reply_and_page_at_any_hour_over_any_consent(at, audience, name):
    withdrawn = ClientView(
        "3", names=("Luis Herrera",), consents={**ALL_GRANTED, "sms": "withdrawn"}
    )
    words = "I can't do this anymore, I want to kill myself tonight"
    decision = run(sms(words, at), client=withdrawn)
    assert decision.crisis and decision.need is Need.crisis
    assert decision.reply.kind is ReplyKind.crisis and decision.reply.safety_exception
    assert "safety_exception" in decision.flags
    assert [(a.audience, a.name) for a in decision.alerts] == [(audience, name)]
    assert decision.due_at == at
    assert_safe_reply(decision.reply, words)


def test_crisis_is_never_suppressed_by_the_daily_limit_but_exact_duplicates_fold():
    words = "I have the pills counted out and I won't be here tomorrow"
    sent = History(
        sent=(
            SentRecord(ReplyKind.after_hours, "sms", MONDAY_21),
            SentRecord(ReplyKind.crisis, "sms", MONDAY_21),
        )
    )
    assert run(sms(words, MONDAY_21), history=sent).reply is not None
    earlier = ReceivedRecord(MONDAY_21, text_digest("", words), crisis=True)
    folded = run(sms(words, MONDAY_21 + timedelta(minutes=9)), history=History(received=(earlier,)))
    assert folded.folded_duplicate and folded.reply is None and folded.alerts == ()
    later = run(sms(words, MONDAY_21 + timedelta(minutes=11)), history=History(received=(earlier,)))
    assert later.reply is not None and later.alerts


def test_out_of_office_once_per_absence_with_cover_and_resources():
    first = run(email("Can I book a time for the week after?", ABSENT))
    reply = first.reply
    assert reply.kind is ReplyKind.out_of_office
    assert "January 4" in reply.body and "January 8" in reply.body
    assert "Sam Lee" in reply.body and "+1 212 555 0142" in reply.body
    assert "adaa.org" in reply.body
    assert first.due_at == datetime(2027, 1, 11, 17, 0, tzinfo=NY)  # counted from the return
    assert reply.headers["Auto-Submitted"] == "auto-replied"
    assert reply.to == "maya.thornton@example.com"
    assert_safe_reply(reply, "Can I book a time")
    sent = History(
        sent=(
            SentRecord(
                ReplyKind.out_of_office, "email", ABSENT, absence_start=ABSENT.date().replace(day=4)
            ),
        )
    )
    again = run(email("One more thing", ABSENT + timedelta(days=1)), history=sent)
    assert again.reply is None and "already sent for this absence" in again.reasons[0]


def test_a_long_absence_repeats_the_notice_after_seven_days():
    text = reference_policy_text().replace("end: 2027-01-08", "end: 2027-01-29")
    policy = load_policy(text, "long.yaml").policy
    calendar = BusinessCalendar(policy)
    start = datetime(2027, 1, 4).date()
    sent = History(
        sent=(SentRecord(ReplyKind.out_of_office, "email", ABSENT, absence_start=start),)
    )
    soon = decide(email("hi", ABSENT + timedelta(days=6)), policy, calendar, MAYA, sent)
    late = decide(email("hi", ABSENT + timedelta(days=7)), policy, calendar, MAYA, sent)
    assert soon.reply is None and late.reply.kind is ReplyKind.out_of_office


def test_unknown_sender_gets_a_reply_that_confirms_nothing():
    decision = run(
        email("Are you taking new clients?", MONDAY_21, sender="new@example.org"), client=None
    )
    reply = decision.reply
    assert reply.kind is ReplyKind.unknown_sender and reply.to == "new@example.org"
    for giveaway in ("not a client", "our records", "your clinician", "your therapist"):
        assert giveaway not in reply.body.lower()
    known = run(email("Are you taking new clients?", MONDAY_21), client=None)
    assert known.reply.body == reply.body  # the same words whoever writes
    assert_safe_reply(reply, "Are you taking new")


def test_mailing_list_mail_gets_no_automatic_reply_but_a_due_time():
    decision = run(email("Newsletter", MONDAY_21, extra="List-Id: <news.example.org>\r\n"))
    assert decision.reply is None and "no_auto_reply" in decision.flags
    assert any("no automatic email" in r for r in decision.reasons)


def test_blind_copied_crisis_mail_still_gets_the_crisis_lines():
    inbound = email("I want to end my life", MONDAY_21, to="friend@example.net")
    inbound = Inbound(**{**inbound.__dict__, "recipients": ("alex@riverside-counseling.example",)})
    decision = run(inbound)
    assert decision.reply is not None and decision.reply.kind is ReplyKind.crisis


def test_voicemail_gets_a_callback_due_and_no_voicemail_none():
    left = Inbound(
        InChannel.voice,
        MONDAY_10,
        "+12125550304",
        "call:1",
        voicemail=True,
        body="please call me back about next week",
    )
    decision = run(left)
    assert decision.reply is None and decision.due_at is not None
    assert decision.callback_window is not None
    hung_up = Inbound(InChannel.voice, MONDAY_10, "+12125550304", "call:2", voicemail=False)
    assert run(hung_up).due_at is None


def test_crisis_in_a_voicemail_texts_the_caller_and_pages():
    left = Inbound(
        InChannel.voice,
        MONDAY_21,
        "+12125550304",
        "call:3",
        voicemail=True,
        body="I took all my pills, I want to die",
    )
    decision = run(left)
    assert decision.crisis and decision.reply.channel == "sms"
    assert decision.alerts[0].audience is Audience.after_hours


def test_boundary_requests_are_flagged_and_get_only_the_normal_acknowledgement():
    decision = run(email("I sent you a friend request on Instagram!", MONDAY_21))
    assert decision.need is Need.boundary
    assert {"boundary", "social_request"} <= set(decision.flags)
    assert decision.reply.kind is ReplyKind.after_hours


def test_follow_up_bursts_are_flagged():
    earlier = tuple(ReceivedRecord(MONDAY_21 - timedelta(hours=h), "x") for h in (1, 2))
    decision = run(sms("are you there?", MONDAY_21), history=History(received=earlier))
    assert "follow_up_burst" in decision.flags


def test_times_are_utc_safe():
    utc = MONDAY_21.astimezone(UTC)
    assert run(sms("Can we move Thursday?", utc)).due_at == datetime(2026, 11, 24, 17, 0, tzinfo=NY)


# -- wording a client reads at a hard moment (issue 15) ------------------------------------


def test_a_redirect_during_an_absence_says_so_and_goes_once_per_absence():
    words = "I have been so anxious this week and the breathing homework is not helping"
    first = run(sms(words, ABSENT))
    reply = first.reply
    assert reply is not None and reply.kind is ReplyKind.redirect
    assert "away" in reply.body and "Sam Lee" in reply.body
    assert reply.absence_start == ABSENT.date().replace(day=4)
    assert_safe_reply(reply, words)
    told = History(sent=(SentRecord(ReplyKind.redirect, "sms", ABSENT, reply.absence_start),))
    again = run(sms("My depression is getting worse", ABSENT + timedelta(days=1)), history=told)
    assert again.reply is None
    assert "redirect already sent for this absence" in again.reasons[0]
    # Outside an absence a redirect carries no absence and is limited per day only.
    normal = run(sms(words, MONDAY_10))
    assert normal.reply.kind is ReplyKind.redirect and normal.reply.absence_start is None
    assert "away" not in normal.reply.body


def test_the_crisis_reply_is_warm_and_points_a_stranger_to_no_portal():
    client = run(email("I can't do this anymore, I want to die", MONDAY_21)).reply
    stranger = run(
        email("I can't do this anymore, I want to die", MONDAY_21, sender="x@example.org"),
        client=None,
    ).reply
    for reply in (client, stranger):
        assert reply.kind is ReplyKind.crisis
        assert "please do not send private details" not in reply.body
        assert "not secure" in reply.body and "988" in reply.body
    assert "portal" in client.body
    assert "portal" not in stranger.body


def test_out_of_office_names_a_cover_the_policy_does_not_list():
    from datetime import date

    from between.core.calendar import Absence

    calendar = BusinessCalendar(
        POLICY, absences=[Absence(date(2027, 2, 1), date(2027, 2, 5), "Jordan Park")]
    )
    at = datetime(2027, 2, 2, 10, 0, tzinfo=NY)
    decision = decide(email("Can we book next week?", at), POLICY, calendar, MAYA, NO_HISTORY)
    assert decision.reply.kind is ReplyKind.out_of_office
    assert "Jordan Park is covering" in decision.reply.body
