"""Carrier keywords (STOP, START, HELP and their synonyms) and the replies they require.

Pure: no Django, no network. Which words count, following the CTIA Messaging Principles
and Best Practices and Twilio's default keyword lists, with the revocation words the
FCC's 2024 TCPA order says must be honoured ("revoke", "opt out"):

- opt-out: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPT OUT (OPTOUT,
  OPT-OUT). The client's text consent is recorded as withdrawn and a single
  confirmation is sent: no more texts, how to resume.
- opt-in: START, UNSTOP. The client's text consent is recorded as granted and the
  confirmation says how to get help and how to stop. YES, which carriers also accept,
  is deliberately not a keyword here: clients answer "can you do Thursday?" with "yes",
  and that must stay an ordinary message rather than a consent record.
- help: HELP, INFO. The reply names the practice, how to reach it, the emergency number
  and a crisis line, and how to opt out.

A keyword is the whole message, any case, surrounding spaces and a trailing "." or "!"
ignored ("Stop." counts; "stop texting me at work" is a message for the clinician).

Replies are built from the policy only, never from the client's record, like every
automatic message (see ``between.core.pipeline.texts``), and fit in two SMS segments.
"""

from __future__ import annotations

from enum import StrEnum

from between.core.pipeline.texts import (
    Translate,
    channel_how,
    crisis_lines,
    emergency_line,
    insecure_notice,
    secure_channel,
)
from between.core.policy.schema import Policy
from between.core.privacy_lint import sms_segments

SMS_MAX_SEGMENTS = 2


def _identity(text: str) -> str:
    return text


class Keyword(StrEnum):
    stop = "stop"
    start = "start"
    help = "help"


WORDS: dict[str, Keyword] = {
    **dict.fromkeys(
        (
            "STOP",
            "STOPALL",
            "UNSUBSCRIBE",
            "CANCEL",
            "END",
            "QUIT",
            "REVOKE",
            "OPT OUT",
            "OPTOUT",
            "OPT-OUT",
        ),
        Keyword.stop,
    ),
    **dict.fromkeys(("START", "UNSTOP"), Keyword.start),
    **dict.fromkeys(("HELP", "INFO"), Keyword.help),
}

# Twilio's Advanced Opt-Out names the family it matched in the OptOutType field.
OPT_OUT_TYPES = {"STOP": Keyword.stop, "START": Keyword.start, "HELP": Keyword.help}


def keyword_of(body: str) -> Keyword | None:
    """The keyword the whole message is, or None for an ordinary message."""
    word = " ".join(body.split()).rstrip(".!").strip().upper()
    return WORDS.get(word)


def _fit(variants: list[str]) -> str:
    for text in variants:
        if sms_segments(text) <= SMS_MAX_SEGMENTS:
            return text
    return variants[-1]


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _safety(policy: Policy, _: Translate) -> str:
    return _join(emergency_line(policy, _), crisis_lines(policy, _, first_only=True))


def _purpose(policy: Policy, _: Translate) -> str:
    sms = policy.channel("sms")
    needs = {n.value for n in sms.needs} if sms is not None else set()
    if needs == {"admin"}:
        return _("Texts to this number are for scheduling only.")
    if needs == {"clinical"}:
        return _("Texts to this number are for check-ins between sessions.")
    return ""


def _reach(policy: Policy, _: Translate) -> str:
    ways: list[str] = []
    phone = policy.channel("phone")
    if phone is not None and phone.enabled and phone.number:
        ways.append(channel_how(policy, "phone", _))
    secure = secure_channel(policy)
    if secure is not None:
        ways.append(_("use {secure}").format(secure=secure[1]))
    if not ways:
        return ""
    return _("To reach the practice: {ways}.").format(ways=_(" or ").join(ways))


def stop_reply(policy: Policy, _: Translate = _identity) -> str:
    """CTIA: one confirmation, no further messages, how to opt back in."""
    name = policy.practice.name
    done = _("{practice}: you will get no more texts from this number. Reply START to resume.")
    short = _("{practice}: no more texts will be sent. Reply START to resume.")
    return _fit(
        [
            _join(done.format(practice=name), _safety(policy, _)),
            _join(short.format(practice=name), emergency_line(policy, _)),
            short.format(practice=name),
        ]
    )


def start_reply(policy: Policy, _: Translate = _identity) -> str:
    name = policy.practice.name
    lead = _("{practice}: texts from this number are on again.").format(practice=name)
    rates = _("Msg&data rates may apply.")
    how = _("Reply HELP for help, STOP to opt out.")
    return _fit(
        [
            _join(lead, insecure_notice(policy, "sms", _), _safety(policy, _), rates, how),
            _join(lead, _short_insecure(policy, _), _safety(policy, _), how),
            _join(lead, _safety(policy, _), how),
        ]
    )


def _short_insecure(policy: Policy, _: Translate) -> str:
    secure = secure_channel(policy)
    if secure is None:
        return _("Texts are not secure.")
    return _("Texts are not secure; for private matters use {secure}.").format(secure=secure[1])


def help_reply(policy: Policy, _: Translate = _identity) -> str:
    """CTIA HELP: who is texting, how to reach them, how to opt out; plus 911/988 (R4)."""
    name = policy.practice.name
    rates = _("Msg&data rates may apply.")
    stop = _("Reply STOP to opt out.")
    return _fit(
        [
            _join(
                f"{name}:", _purpose(policy, _), _reach(policy, _), _safety(policy, _), rates, stop
            ),
            _join(f"{name}:", _reach(policy, _), _safety(policy, _), stop),
            _join(f"{name}:", _safety(policy, _), stop),
        ]
    )


REPLIES = {Keyword.stop: stop_reply, Keyword.start: start_reply, Keyword.help: help_reply}


def keyword_reply(keyword: Keyword, policy: Policy, _: Translate = _identity) -> str:
    return REPLIES[keyword](policy, _)
