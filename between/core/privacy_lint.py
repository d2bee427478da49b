"""Privacy lint for every automatic message (DESIGN R3, R4; issue 4).

An automatic reply goes out without a person reading it, over channels that are not
private: a partner may read the client's inbox, a lock screen shows the first line of a
text. So every automatic message must be generic (no client name, none of the client's
words, nothing that reveals treatment), must name the emergency number and a crisis line
(anyone writing may be in crisis), and over email and text must say that the channel is
not secure and where the secure one is. Texts must also fit in two SMS segments.

`lint()` returns problems, never raises on odd text, and its messages name the problem
in plain words without repeating the client's name or words: they are shown in the
policy editor and may be logged.

Pure: no Django, database or network.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Channel = Literal["email", "sms", "portal", "voice"]
CHANNELS: tuple[Channel, ...] = ("email", "sms", "portal", "voice")
INSECURE_CHANNELS = ("email", "sms")

CLIENT_NAME = "client_name"
QUOTES_CLIENT = "quotes_client"
CLINICAL_DETAIL = "clinical_detail"
MISSING_EMERGENCY = "missing_emergency"
MISSING_CRISIS_LINE = "missing_crisis_line"
MISSING_INSECURE_NOTICE = "missing_insecure_notice"
SMS_TOO_LONG = "sms_too_long"
CODES = (
    CLIENT_NAME,
    QUOTES_CLIENT,
    CLINICAL_DETAIL,
    MISSING_EMERGENCY,
    MISSING_CRISIS_LINE,
    MISSING_INSECURE_NOTICE,
    SMS_TOO_LONG,
)

# Emergency numbers recognised when the policy sets none: North America, UK (and much
# of the Commonwealth), EU/GSM, Australia.
DEFAULT_EMERGENCY_NUMBERS = ("911", "999", "112", "000")
# A run of this many words of the client's message in ours is a quote.
QUOTE_WORDS = 6
# A short message (3-5 words) repeated whole is a quote too ("I want to die").
MIN_WHOLE_QUOTE_WORDS = 3
MAX_SMS_SEGMENTS = 2


@dataclass(frozen=True)
class LintProblem:
    """One problem: a stable code and a sentence for the therapist."""

    code: str
    message: str


def lint(
    text: str,
    *,
    client_names: Iterable[str] = (),
    client_words: str | None = None,
    channel: Channel = "email",
    emergency_number: str | None = None,
    crisis_line_names: Iterable[str] = (),
    secure_channel_name: str | None = None,
    allowed_phrases: Iterable[str] = (),
) -> list[LintProblem]:
    """Every privacy and safety problem of an automatic message, one per code, in the
    order of `CODES`.

    - `client_names`: names of the client(s) the message may concern (see
      `find_client_name` for the matching rule).
    - `client_words`: the client's message being answered, for `quotes_client`.
    - `emergency_number`: the policy's; None accepts any of 911, 999, 112, 000.
    - `crisis_line_names`: the policy's crisis lines; the text must name one. With none
      configured the check is skipped (the policy checks require one).
    - `secure_channel_name`: the secure channel to point to ("the client portal"); for
      email and sms the text must say the channel is not secure and name it. None skips.
    - `allowed_phrases`: policy wording that may appear although it looks like a name or
      a clinical term (practice, clinician, colleague and resource names, such as
      "Anxiety and Depression Association of America"). Crisis line names are always
      allowed.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {', '.join(CHANNELS)}")
    crisis_lines = [n for n in crisis_line_names if n and n.strip()]
    masked = _mask(text, [*crisis_lines, *allowed_phrases, *SAFETY_PHRASES])
    problems: list[LintProblem] = []

    if find_client_name(masked, client_names):
        problems.append(LintProblem(CLIENT_NAME, "It contains the client's name."))
    quote = find_quote(text, client_words)
    if quote:
        problems.append(LintProblem(QUOTES_CLIENT, quote))
    kinds = find_clinical_detail(masked)
    if kinds:
        problems.append(
            LintProblem(
                CLINICAL_DETAIL,
                f"It mentions {_join(kinds)}; an automatic message must not reveal treatment.",
            )
        )
    if not names_emergency_number(text, emergency_number):
        wanted = (
            f"the emergency number {emergency_number}"
            if emergency_number
            else "an emergency number (such as 911)"
        )
        problems.append(LintProblem(MISSING_EMERGENCY, f"It does not give {wanted}."))
    if crisis_lines and not any(_contains_phrase(text, n) for n in crisis_lines):
        problems.append(LintProblem(MISSING_CRISIS_LINE, "It does not name a crisis line."))
    if channel in INSECURE_CHANNELS and secure_channel_name:
        missing = _insecure_notice_gaps(text, channel, secure_channel_name)
        if missing:
            problems.append(LintProblem(MISSING_INSECURE_NOTICE, missing))
    if channel == "sms":
        segments = sms_segments(text)
        if segments > MAX_SMS_SEGMENTS:
            problems.append(LintProblem(SMS_TOO_LONG, _sms_message(text, segments)))
    return problems


# ---------------------------------------------------------------- client names


# Titles and name particles are not names on their own.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NOT_NAMES = _word_set(
    "mr mrs ms mx miss dr prof sir rev van von der den del della de la le di da du dos bin"
    " ibn al el st jr sr ii iii phd md lcsw lpc lmft psyd"
)
# First names that are also everyday English words: at the start of a sentence they are
# probably the word ("Hope to see you soon", "Will you...").
COMMON_WORD_NAMES = _word_set(
    "hope grace joy faith will mark rose summer dawn amber ruby pearl page bill frank art"
    " sky star autumn winter honor honour patience prudence charity mercy chance hunter"
    " rich sunny heather iris ivy holly lily daisy jade crystal rain river brook"
    " miles chase cash jack pat sue don guy ray max gene rob nick drew wade reed"
    " lane dale glen grant king hall young white black brown green gray grey long"
    " may june april august"
)
# Month names: dates ("back on 9 August") write them capitalised anywhere.
CALENDAR_NAMES = frozenset({"january", "april", "may", "june", "july", "august"})
_GREETING = re.compile(r"(?:\b(?:hi|hello|hey|dear|thanks|thank you)[ ,]+)$", re.IGNORECASE)
_LETTERS = r"[^\W\d_]+"
_SENTENCE_END = ".!?\n"
_OPENERS = "\"'“‘([«"


def find_client_name(text: str, client_names: Iterable[str]) -> bool:
    """Whether `text` contains one of the names. The rule, chosen to catch a name put in
    by a template while leaving words such as "hope" and "grace" alone:

    1. A full name (two or more words) matches in any case: "grace miller",
       "GRACE MILLER", "Grace, Miller".
    2. One word of a name (3+ letters, not a title or particle such as "Dr" or "van")
       matches only when written with a capital letter; lower case never matches
       ("I hope", "a grace period"):
       - an ordinary name ("Priya", "Okafor") matches anywhere, sentence starts included;
       - a name that is also a common word ("Hope", "Grace", "Will") does not match at
         the start of a sentence ("Hope to see you soon") unless a comma follows it, as
         in an address ("Grace, your message arrived");
       - a month name ("April", "May", "June", "August") matches only after a greeting
         ("Hi June") or at a sentence start before a comma, since dates spell months
         with capitals.
    A single-word name is matched by rule 2 only, so a client called "Hope" does not
    flag "we hope".
    """
    for raw_name in client_names:
        if not isinstance(raw_name, str):
            continue
        tokens = re.findall(_LETTERS, unicodedata.normalize("NFKC", raw_name))
        if len(tokens) >= 2 and _full_name(text, tokens):
            return True
        for token in tokens:
            if len(token) >= 3 and token.lower() not in _NOT_NAMES and _single(text, token):
                return True
    return False


def _full_name(text: str, tokens: list[str]) -> bool:
    pattern = r"[\W_]+".join(re.escape(t) for t in tokens)
    return re.search(rf"(?<![^\W\d_]){pattern}(?![^\W\d_])", text, re.IGNORECASE) is not None


def _single(text: str, token: str) -> bool:
    key = token.lower()
    pattern = re.compile(rf"(?<![^\W\d_]){re.escape(token)}(?![^\W\d_])", re.IGNORECASE)
    for match in pattern.finditer(text):
        written = match.group(0)
        if not written[0].isupper():
            continue
        start = _sentence_start(text, match.start())
        comma = text[match.end() : match.end() + 1] == ","
        if key in CALENDAR_NAMES:
            if _GREETING.search(text[: match.start()]) or (start and comma):
                return True
        elif key in COMMON_WORD_NAMES:
            if not start or comma:
                return True
        else:
            return True
    return False


def _sentence_start(text: str, index: int) -> bool:
    i = index - 1
    while i >= 0 and (text[i] in " \t" or text[i] in _OPENERS):
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


# ---------------------------------------------------------------- quotes

_QUOTED_LINE = re.compile(r"^[ \t]*>", re.MULTILINE)
# Where a mail client starts the quoted original: "On Tue, ... Grace wrote:",
# Outlook's "-----Original Message-----" or its "From: ... Sent: ..." block.
_ATTRIBUTION = re.compile(
    r"^[ \t]*(?:On\b.{0,200}\bwrote:[ \t]*$|-{2,}[ \t]*Original Message[ \t]*-{2,}"
    r"|From:[^\n]*\n[ \t]*Sent:)",
    re.MULTILINE | re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")


def find_quote(text: str, client_words: str | None) -> str:
    """Why `text` quotes the client, or "" if it does not.

    A quoted block (lines starting with ">", or an "On ... wrote:" / "Original Message"
    header) always counts. Otherwise the client's own words are compared after folding
    case and punctuation: any run of 6 consecutive words, or the whole message when it is
    only 3 to 5 words, is a quote. Text the client quoted from earlier mail (for example
    our own previous reply) is not the client's words and is left out first, so that a
    client who replies to our out-of-office notice does not make the next one fail.
    """
    if _QUOTED_LINE.search(text) or _ATTRIBUTION.search(text):
        return "It contains a quoted block of an earlier message."
    if not client_words:
        return ""
    theirs = _words(own_words(client_words))
    if len(theirs) < MIN_WHOLE_QUOTE_WORDS:
        return ""
    size = min(QUOTE_WORDS, len(theirs))
    runs = {tuple(theirs[i : i + size]) for i in range(len(theirs) - size + 1)}
    ours = _words(text)
    for i in range(len(ours) - size + 1):
        if tuple(ours[i : i + size]) in runs:
            return "It repeats words from the client's message."
    return ""


def own_words(message: str) -> str:
    """The client's message without what it quotes."""
    attribution = _ATTRIBUTION.search(message)
    if attribution:
        message = message[: attribution.start()]
    return "\n".join(line for line in message.splitlines() if not _QUOTED_LINE.match(line))


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


# ---------------------------------------------------------------- clinical detail

# Words that would reveal treatment if someone other than the client read the message.
# Curated, not exhaustive: the aim is to stop a template from carrying them. "Crisis",
# "emergency", "therapy" and "counseling" are not here: every reply names the crisis
# lines and the practice already. "Suicide" is here, except inside a crisis line's name:
# "if you are having thoughts of suicide" in a reply sent only to crisis messages tells
# whoever reads it what the client wrote; "if you are in crisis" does not.
CLINICAL_TERMS: dict[str, tuple[str, ...]] = {
    "a diagnosis": (
        "diagnosis", "diagnosed", "depression", "depressive", "depressed", "anxiety",
        "panic disorder", "panic attack", "panic attacks", "ptsd", "c-ptsd",
        "post-traumatic", "posttraumatic", "ocd", "obsessive-compulsive", "adhd",
        "bipolar", "mania", "manic", "schizophrenia", "schizoaffective", "psychosis",
        "psychotic", "borderline", "bpd", "personality disorder", "eating disorder",
        "anorexia", "anorexic", "bulimia", "bulimic", "binge eating", "autism",
        "autistic", "dissociative", "agoraphobia", "phobia", "insomnia", "addiction",
        "addicted", "alcoholism", "alcoholic", "substance use", "opioid", "dementia",
    ),
    "a medication": (
        "medication", "medications", "prescription", "dosage", "antidepressant",
        "antidepressants", "antipsychotic", "antipsychotics", "ssri", "ssris", "snri",
        "benzodiazepine", "benzodiazepines", "benzos", "mood stabilizer",
        "mood stabiliser", "sertraline", "zoloft", "fluoxetine", "prozac", "citalopram",
        "celexa", "escitalopram", "lexapro", "paroxetine", "paxil", "venlafaxine",
        "effexor", "duloxetine", "cymbalta", "bupropion", "wellbutrin", "mirtazapine",
        "trazodone", "lithium", "lamotrigine", "lamictal", "quetiapine", "seroquel",
        "aripiprazole", "abilify", "olanzapine", "zyprexa", "risperidone", "risperdal",
        "clozapine", "clonazepam", "klonopin", "lorazepam", "ativan", "alprazolam",
        "xanax", "diazepam", "valium", "methylphenidate", "ritalin", "concerta",
        "adderall", "vyvanse", "buprenorphine", "suboxone", "methadone", "naltrexone",
    ),
    "a symptom": (
        "suicide", "suicidal", "self-harm", "self harm", "self-harming", "self-injury",
        "overdose", "overdosed", "hallucination", "hallucinations", "hallucinating",
        "hearing voices", "flashback", "flashbacks", "nightmares", "intrusive thoughts",
        "relapse", "relapsed", "purging", "bingeing", "binging", "dissociation",
        "dissociating", "hopeless", "hopelessness", "symptom", "symptoms",
    ),
    "what happens in therapy": (
        "therapy notes", "session notes", "progress notes", "clinical notes",
        "case notes", "treatment plan", "your treatment", "your session about",
        "our session about", "last session", "in session we", "we discussed",
        "you told me", "you shared", "you mentioned", "your homework", "psychiatric",
        "psychiatrist", "inpatient", "hospitalization", "hospitalisation",
        "hospitalized", "hospitalised", "rehab", "detox", "sobriety", "emdr", "dbt",
        "cbt", "exposure therapy",
    ),
}  # fmt: skip

# Safety wording every reply may carry although it contains a listed term.
SAFETY_PHRASES = (
    "988 Suicide & Crisis Lifeline",
    "Suicide and Crisis Lifeline",
    "National Suicide Prevention Lifeline",
    "Suicide Prevention Lifeline",
    "Crisis Text Line",
    "if you are in crisis",
)

_CLINICAL = {
    kind: re.compile(
        r"(?<![^\W_])(?:"
        + "|".join(re.escape(t).replace(r"\-", r"[-\s]?").replace(r"\ ", r"\s+") for t in terms)
        + r")(?![^\W_])",
        re.IGNORECASE,
    )
    for kind, terms in CLINICAL_TERMS.items()
}


def find_clinical_detail(text: str) -> list[str]:
    """The kinds of clinical detail in `text` ("a medication", ...), in a fixed order."""
    return [kind for kind, pattern in _CLINICAL.items() if pattern.search(text)]


# ---------------------------------------------------------------- safety lines


def names_emergency_number(text: str, emergency_number: str | None) -> bool:
    """Whether the text gives the emergency number (spaced or dashed digits allowed, as
    in "9-1-1", but not as part of a longer number such as a phone number)."""
    numbers = [emergency_number] if emergency_number else list(DEFAULT_EMERGENCY_NUMBERS)
    for number in numbers:
        digits = re.sub(r"\D", "", number)
        if not digits:
            if number.strip() and number.strip().casefold() in text.casefold():
                return True
            continue
        body = r"[ .\-]?".join(digits)
        if re.search(rf"(?<!\d)(?<!\d[ .,\-]){body}(?![ .\-]?\d)", text):
            return True
    return False


_NOT_SECURE = re.compile(
    r"\b(?:not|isn't|isnt|aren't|arent|never|cannot be|can't be)\s+"
    r"(?:a\s+|an\s+|fully\s+|completely\s+|always\s+|entirely\s+|100%\s+)?"
    r"(?:secure|private|confidential|encrypted|safe for private)\b"
    r"|\b(?:insecure|unsecure|unsecured|unencrypted|non-secure|nonsecure)\b"
    r"|\b(?:cannot|can't|can not)\s+(?:guarantee|promise|ensure)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:privacy|security|confidentiality)\b"
    # Spanish, for the translated messages: "no son seguros", "no es un medio seguro",
    # "no es privado", "inseguro".
    r"|\bno\s+(?:es|son|está|están|esta|estan)\s+"
    r"(?:un\s+medio\s+|del\s+todo\s+|totalmente\s+|siempre\s+)?"
    r"(?:segur[oa]s?|privad[oa]s?|confidencial(?:es)?|cifrad[oa]s?)\b"
    r"|\binsegur[oa]s?\b",
    re.IGNORECASE,
)


def _insecure_notice_gaps(text: str, channel: str, secure_channel_name: str) -> str:
    plain = text.replace("’", "'")
    says = _NOT_SECURE.search(plain) is not None
    names = _contains_phrase(text, secure_channel_name)
    what = "email is" if channel == "email" else "text messages are"
    if not says and not names:
        return f"It does not say that {what} not secure, nor point to {secure_channel_name}."
    if not says:
        return f"It does not say that {what} not secure."
    if not names:
        return f"It does not point to the secure channel, {secure_channel_name}."
    return ""


# ---------------------------------------------------------------- SMS segments

# GSM 03.38 default alphabet (one septet each; ESC excluded) and its extension table
# (escape + character: two septets each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
# Septets (GSM-7) or UTF-16 code units (UCS-2) per segment: alone, and when the message
# is split (the user data header takes 7 septets / 3 code units).
GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def sms_encoding(text: str) -> Literal["GSM-7", "UCS-2"]:
    """GSM-7 when every character is in the default alphabet or its extension, else
    UCS-2 (one curly quote or emoji switches the whole text)."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        return "GSM-7"
    return "UCS-2"


def sms_segments(text: str) -> int:
    """How many SMS segments `text` is sent as (0 for the empty text).

    GSM-7: 160 septets in one segment, else 153 per segment, an extension character
    taking two septets that are never split across segments. UCS-2: 70 UTF-16 code
    units, else 67 per segment, a surrogate pair (emoji) never split.
    """
    if not text:
        return 0
    if sms_encoding(text) == "GSM-7":
        sizes = [2 if c in GSM7_EXTENSION else 1 for c in text]
        single, part = GSM7_SINGLE, GSM7_PART
    else:
        sizes = [2 if ord(c) > 0xFFFF else 1 for c in text]
        single, part = UCS2_SINGLE, UCS2_PART
    if sum(sizes) <= single:
        return 1
    segments, used = 1, 0
    for size in sizes:
        if used + size > part:
            segments, used = segments + 1, 0
        used += size
    return segments


def _sms_message(text: str, segments: int) -> str:
    if sms_encoding(text) == "UCS-2":
        return (
            f"It is {segments} text segments long; texts must fit in {MAX_SMS_SEGMENTS}. "
            "It uses characters outside the basic SMS alphabet (such as emoji or curly "
            "quotes), so each segment holds only 67 characters."
        )
    return f"It is {segments} text segments long; texts must fit in {MAX_SMS_SEGMENTS}."


# ---------------------------------------------------------------- helpers


def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    words = re.findall(r"[^\W_]+|&", unicodedata.normalize("NFKC", phrase))
    if not words:
        return None
    parts = [r"(?:&|and)" if w in ("&", "and") else re.escape(w) for w in words]
    return re.compile(
        r"(?<![^\W_])" + r"[\W_]*".join(parts) + r"(?![^\W_])", re.IGNORECASE | re.UNICODE
    )


def _contains_phrase(text: str, phrase: str) -> bool:
    """Case-, spacing- and punctuation-insensitive; "&" and "and" are the same."""
    pattern = _phrase_pattern(phrase)
    return pattern is not None and pattern.search(text) is not None


def _mask(text: str, phrases: Iterable[str]) -> str:
    """The text with allowed phrases blanked out (same length, so sentence starts and
    positions stay where they were)."""
    for phrase in phrases:
        if not isinstance(phrase, str):
            continue
        pattern = _phrase_pattern(phrase)
        if pattern is not None:
            text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
