"""Privacy lint: every automatic message is generic, safe and short enough (DESIGN R3, R4)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from between.core.privacy_lint import (
    CODES,
    LintProblem,
    find_client_name,
    lint,
    sms_encoding,
    sms_segments,
)

LIFELINE = "988 Suicide & Crisis Lifeline"
PORTAL = "the Riverside client portal"

CLEAN_EMAIL = (
    "Thank you for your message. I am away until Monday 9 August and will reply after I "
    "return. Email is not a secure channel, so please use the Riverside client portal for "
    "anything private. If you are in crisis, call 911 or the 988 Suicide & Crisis Lifeline "
    "(call or text 988)."
)
CLEAN_SMS = (
    "Got your text. Texts are not secure: please use the Riverside client portal. "
    "In an emergency call 911, or call/text the 988 Suicide & Crisis Lifeline."
)


def codes(text: str, **kw: object) -> list[str]:
    args: dict[str, object] = {
        "crisis_line_names": [LIFELINE],
        "secure_channel_name": PORTAL,
        "emergency_number": "911",
    }
    args.update(kw)
    return [p.code for p in lint(text, **args)]  # type: ignore[arg-type]


def test_clean_messages_pass() -> None:
    assert codes(CLEAN_EMAIL, client_names=["Grace Miller"], client_words="Can we move it?") == []
    assert codes(CLEAN_SMS, channel="sms", client_names=["Grace Miller"]) == []
    assert sms_segments(CLEAN_SMS) <= 2


def test_problems_come_one_per_code_in_order() -> None:
    problems = lint(
        "> Grace Miller wrote about her sertraline",
        client_names=["Grace Miller"],
        crisis_line_names=[LIFELINE],
        secure_channel_name=PORTAL,
        channel="sms",
    )
    assert all(isinstance(p, LintProblem) for p in problems)
    assert [p.code for p in problems] == [
        "client_name",
        "quotes_client",
        "clinical_detail",
        "missing_emergency",
        "missing_crisis_line",
        "missing_insecure_notice",
    ]
    assert [p.code for p in problems] == [c for c in CODES if c in {p.code for p in problems}]


# ---------------------------------------------------------------- client_name


@pytest.mark.parametrize(
    ("text", "names", "found"),
    [
        # Rule 1: a full name in any case, any spacing or punctuation between its words.
        ("Dear grace miller, thanks.", ["Grace Miller"], True),
        ("MESSAGE FOR GRACE MILLER", ["Grace Miller"], True),
        ("Re: Miller, Grace", ["Miller Grace"], True),
        # Rule 2: a single word of the name, written with a capital.
        ("Dear Priya, thanks for writing.", ["Priya Raman"], True),
        ("Priya, thanks for writing.", ["Priya Raman"], True),
        ("Message for Ms Okafor.", ["Adaeze Okafor"], True),
        ("I saw Priya's note.", ["Priya Raman"], True),
        ("Hi ZOË!", ["Zoë Ørsted"], True),
        ("Annabelle will call.", ["Anna Lind"], False),  # not a whole word
        ("priya", ["Priya Raman"], False),  # lower case never matches
        # Names that are also words: "hope", "grace", "will".
        ("We hope you are well.", ["Hope Adams"], False),
        ("Hope to see you soon.", ["Hope Adams"], False),
        ("Hope, your message arrived.", ["Hope Adams"], True),
        ("Hi Hope, your message arrived.", ["Hope Adams"], True),
        ("There is a grace period for cancellations.", ["Grace"], False),
        ("Thanks for writing, Grace.", ["Grace"], True),
        ("Will you be able to join? I will reply soon.", ["Will Turner"], False),
        ("Thanks, Will.", ["Will Turner"], True),
        # Month names: dates write them with capitals anywhere.
        ("I am back on 9 August, and will reply then.", ["August Reyes"], False),
        ("Hi August, I am away.", ["August Reyes"], True),
        ("Back in May.", ["May Chen"], False),
        ("Dear May, I am away.", ["May Chen"], True),
        # Titles, particles and two-letter words are not names on their own.
        ("Dr Lee will answer.", ["Dr Al Smith"], False),
        ("Sent by Dr Smith.", ["Dr Al Smith"], True),
        ("La la la", ["Ana de la Cruz"], False),
        ("No names here.", [], False),
    ],
)
def test_client_name_rule(text: str, names: list[str], found: bool) -> None:
    assert find_client_name(text, names) is found


def test_allowed_phrases_are_not_client_names() -> None:
    text = CLEAN_EMAIL + " Sam Lee, PhD is covering: +1 212 555 0142."
    assert "client_name" in codes(text, client_names=["Sam Jones"])
    assert "client_name" not in codes(
        text, client_names=["Sam Jones"], allowed_phrases=["Sam Lee, PhD"]
    )


def test_name_message_does_not_repeat_the_name() -> None:
    problem = lint("Dear Priya,", client_names=["Priya Raman"])[0]
    assert problem.code == "client_name"
    assert "Priya" not in problem.message


# ---------------------------------------------------------------- quotes_client

CLIENT = (
    "Hi, I can't make it on Thursday because my mother is in hospital again. "
    "Could we move to next week?\n\n"
    "On Mon, 2 Aug 2027 at 09:00, Jane Doe <jane@riverside-counseling.example> wrote:\n"
    "> Thank you for your message. I am away until Monday 9 August and will reply\n"
)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # Six words in a row, whatever the case and punctuation.
        ("We noted: my MOTHER is in hospital, again!", True),
        ("Thursday because my mother is in hospital", True),
        # Five words are not a quote.
        ("Your mother is in hospital? We will reply.", False),
        # The client quoted our previous reply; repeating our own words is fine.
        (CLEAN_EMAIL, False),
        # Quoted blocks always count.
        ("Thanks.\n> Could we move to next week?", True),
        ("Thanks.\n   > anything", True),
        ("Thanks.\n\nOn Tue, 3 Aug 2027, Grace wrote:\nHi", True),
        ("Thanks.\n-----Original Message-----\nFrom: x", True),
        ("Thanks.\nFrom: Grace\nSent: Tuesday", True),
        ("Replies take > 1 day.", False),
    ],
)
def test_quotes_client(text: str, quoted: bool) -> None:
    assert ("quotes_client" in codes(text, client_words=CLIENT)) is quoted


def test_a_short_message_repeated_whole_is_a_quote() -> None:
    assert "quotes_client" in codes("You wrote: I want to die.", client_words="i want to die")
    assert "quotes_client" not in codes("Thanks. See you.", client_words="ok thanks")


def test_quote_message_does_not_repeat_the_words() -> None:
    problem = lint("my mother is in hospital again", client_words=CLIENT)[0]
    assert problem.code == "quotes_client"
    assert "mother" not in problem.message and "hospital" not in problem.message


# ---------------------------------------------------------------- clinical_detail


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ("About your sertraline dose: see you soon.", "a medication"),
        ("Lexapro refills go through the pharmacy.", "a medication"),
        ("Your depression screening is booked.", "a diagnosis"),
        ("Regarding your PTSD group.", "a diagnosis"),
        ("If you have thoughts of suicide, call 911.", "a symptom"),
        ("If you are feeling suicidal, call 911.", "a symptom"),
        ("Self harm urges: use your plan.", "a symptom"),
        ("About self-harm.", "a symptom"),
        ("I will update your treatment plan.", "what happens in therapy"),
        ("I read your session about your father.", "what happens in therapy"),
        ("Your therapy notes are ready.", "what happens in therapy"),
        ("Texts are for DBT skills coaching only.", "what happens in therapy"),
    ],
)
def test_clinical_detail(extra: str, kind: str) -> None:
    problems = lint(CLEAN_EMAIL + " " + extra, emergency_number="911")
    clinical = [p for p in problems if p.code == "clinical_detail"]
    assert clinical, extra
    assert kind in clinical[0].message


@pytest.mark.parametrize(
    "safe",
    [
        "If you are in crisis, call the 988 Suicide & Crisis Lifeline.",
        "Call the Suicide and Crisis Lifeline at 988.",
        "Text HOME to 741741 (Crisis Text Line).",
        "In an emergency, call 911. This is not a therapy session.",
        "I am away; a colleague is covering urgent clinical questions.",
        "A grace period applies; I hope you are well.",
    ],
)
def test_crisis_wording_is_not_clinical_detail(safe: str) -> None:
    assert "clinical_detail" not in codes(safe)


def test_configured_resources_can_be_allowed() -> None:
    text = CLEAN_EMAIL + " Self-help: Anxiety and Depression Association of America."
    assert "clinical_detail" in codes(text)
    allowed = ["Anxiety and Depression Association of America"]
    assert "clinical_detail" not in codes(text, allowed_phrases=allowed)
    # Only the phrase itself is allowed, not the words elsewhere.
    assert "clinical_detail" in codes(text + " About your anxiety.", allowed_phrases=allowed)


# ---------------------------------------------------------------- safety lines


@pytest.mark.parametrize(
    ("text", "number", "missing"),
    [
        ("Call 911.", "911", False),
        ("Call 9-1-1.", "911", False),
        ("Call 999.", "999", False),
        ("Call 911.", "999", True),  # the policy's number, not another
        ("Call 911.", None, False),
        ("Ring 000 now.", None, False),
        ("Ring 112.", None, False),
        ("Fees are $1,000 a year.", None, True),
        ("Call +1 212 555 0112.", None, True),
        ("Call 555-112-3456.", None, True),
        ("Call 9112.", "911", True),
        ("No number at all.", None, True),
    ],
)
def test_missing_emergency(text: str, number: str | None, missing: bool) -> None:
    assert ("missing_emergency" in codes(text, emergency_number=number)) is missing


def test_missing_crisis_line() -> None:
    assert "missing_crisis_line" in codes("Call 911.")
    assert "missing_crisis_line" not in codes("Call 911 or the 988 suicide and crisis lifeline.")
    # None configured: nothing to check (the policy checks require one).
    assert "missing_crisis_line" not in codes("Call 911.", crisis_line_names=[])
    # Any one of several will do.
    lines = ["Samaritans", LIFELINE]
    assert "missing_crisis_line" not in codes(
        "Call Samaritans on 116 123.", crisis_line_names=lines
    )


@pytest.mark.parametrize(
    ("text", "channel", "missing", "says"),
    [
        ("Email is not secure; please use the Riverside client portal.", "email", False, ""),
        ("Email isn’t private. Use the Riverside Client Portal.", "email", False, ""),
        ("Email is unencrypted. Use the Riverside client portal.", "email", False, ""),
        ("We cannot guarantee the privacy of email.", "email", True, "point to"),
        ("Please use the Riverside client portal.", "email", True, "not secure"),
        ("Thanks for your email.", "email", True, "nor point"),
        ("Texts are not secure; use the Riverside client portal.", "sms", False, ""),
        ("Thanks for your text.", "sms", True, "text messages are not secure"),
        ("Thanks for your message.", "portal", False, ""),  # the secure channel itself
        ("Thanks for your message.", "voice", False, ""),
    ],
)
def test_missing_insecure_notice(text: str, channel: str, missing: bool, says: str) -> None:
    problems = lint(text, channel=channel, secure_channel_name=PORTAL)  # type: ignore[arg-type]
    found = [p for p in problems if p.code == "missing_insecure_notice"]
    assert bool(found) is missing
    if found:
        assert says in found[0].message


def test_insecure_notice_skipped_without_a_secure_channel() -> None:
    assert "missing_insecure_notice" not in codes("Thanks.", secure_channel_name=None)


def test_unknown_channel_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="channel"):
        lint("x", channel="fax")  # type: ignore[arg-type]


# ---------------------------------------------------------------- SMS segments


@pytest.mark.parametrize(
    ("text", "segments", "encoding"),
    [
        ("", 0, "GSM-7"),
        ("a", 1, "GSM-7"),
        ("a" * 160, 1, "GSM-7"),
        ("a" * 161, 2, "GSM-7"),
        ("a" * 306, 2, "GSM-7"),
        ("a" * 307, 3, "GSM-7"),
        # Accented letters of the GSM alphabet stay GSM-7.
        ("é" * 160, 1, "GSM-7"),
        ("Ünöcödé? Yes: Ä Ö Ñ Ü ä ö ñ ü à è é ù ì ò Ç Ø ø Å å Æ æ ß É £ ¥ § ¿ ¡ Δ Φ", 1, "GSM-7"),
        # Extension characters take two septets each.
        ("€" * 80, 1, "GSM-7"),
        ("€" * 81, 2, "GSM-7"),
        ("[" * 153, 3, "GSM-7"),  # 306 septets, but 76 pairs fit in a 153-septet part
        # An escape pair is never split: 152 + 2 + 152 septets make 3 parts, not 2.
        ("a" * 152 + "€" + "a" * 152, 3, "GSM-7"),
        # Anything outside the alphabet switches the whole text to UCS-2.
        ("ą" * 70, 1, "UCS-2"),
        ("ą" * 71, 2, "UCS-2"),
        ("ą" * 134, 2, "UCS-2"),
        ("ą" * 135, 3, "UCS-2"),
        ("a" * 69 + "’", 1, "UCS-2"),
        ("a" * 70 + "’", 2, "UCS-2"),
        ("ç", 1, "UCS-2"),  # only the capital Ç is in the GSM alphabet
        ("\x1b", 1, "UCS-2"),  # the escape itself is not a character
        # Emoji are surrogate pairs: two code units, never split.
        ("😀" * 35, 1, "UCS-2"),
        ("😀" * 36, 2, "UCS-2"),
        ("x" * 66 + "😀" + "x" * 66, 3, "UCS-2"),
    ],
)
def test_sms_segments(text: str, segments: int, encoding: str) -> None:
    assert sms_segments(text) == segments
    assert sms_encoding(text) == encoding


def test_sms_too_long() -> None:
    long_text = CLEAN_SMS + " " + "We will answer within one business day. " * 5
    assert sms_segments(long_text) > 2
    problems = [p for p in lint(long_text, channel="sms") if p.code == "sms_too_long"]
    assert problems and "segments" in problems[0].message
    curly = CLEAN_SMS.replace("Got your text.", "We’ve got your text.")
    curly_problem = [p for p in lint(curly, channel="sms") if p.code == "sms_too_long"]
    assert curly_problem and "curly quotes" in curly_problem[0].message
    # Email has no segment limit.
    assert "sms_too_long" not in codes(long_text, channel="email")


# ---------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.text(min_size=1, max_size=1))
def test_adding_a_character_never_saves_a_segment(text: str, more: str) -> None:
    assert sms_segments(text + more) >= sms_segments(text)
    assert sms_segments(text) >= (1 if text else 0)


secret = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=8, max_size=12).map(str.capitalize)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), secret, secret, st.sampled_from(["email", "sms", "portal"]))
def test_messages_never_repeat_client_text(text: str, name: str, word: str, channel: str) -> None:
    """Whatever the text, no problem message carries the client's name or words."""
    client_words = f"{word} {word} {word} {word} {word} {word} {word}"
    problems = lint(
        f"{text} Dear {name}, {client_words}",
        client_names=[f"{name} Smith"],
        client_words=client_words,
        channel=channel,  # type: ignore[arg-type]
        crisis_line_names=[LIFELINE],
        secure_channel_name=PORTAL,
    )
    found = {p.code for p in problems}
    assert {"client_name", "quotes_client"} <= found
    for problem in problems:
        assert name.lower() not in problem.message.lower()
        assert word.lower() not in problem.message.lower()
