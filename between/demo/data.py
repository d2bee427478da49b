"""The demo practice, Riverside Counseling. Every person and message here is fictional.

The names and words below double as a privacy probe: the test suite fails if any of them
turns up in a log line (see ``between.testing.pytest_plugin``).
"""

from __future__ import annotations

from dataclasses import dataclass

PRACTICE_NAME = "Riverside Counseling"
PRACTICE_SLUG = "riverside"
DEMO_USERNAME = "alex"
DEMO_PASSWORD = "between-demo"  # noqa: S105 - published demo credential, demo data only


@dataclass(frozen=True)
class Staff:
    username: str
    display_name: str
    role: str
    email: str
    phone: str


STAFF = [
    # Alex's mobile is his own: the practice's texting number (+12125550100) is never a
    # person's page phone, or a page in office hours goes to the practice itself.
    Staff(
        "alex", "Alex Rivera, LMFT", "owner", "alex@riverside-counseling.example", "+12125550173"
    ),
    Staff("sam", "Sam Lee, PhD", "clinician", "sam@riverside-counseling.example", "+12125550142"),
    Staff(
        "jordan",
        "Jordan Park",
        "front_desk",
        "frontdesk@riverside-counseling.example",
        "+12125550111",
    ),
]


@dataclass(frozen=True)
class DemoClient:
    name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    preferred: str
    consents: dict[str, str]
    clinician: str = "alex"
    language: str = "en"
    accommodation: str = ""


def _c(name: str, address: str, number: str, preferred: str, /, **consents: str) -> DemoClient:
    return DemoClient(name, (address,), (number,), preferred, dict(consents))


CLIENTS = [
    _c(
        "Maya Thornton",
        "maya.thornton@example.com",
        "+12125550301",
        "portal",
        portal="granted",
        email="granted",
        sms="granted",
        phone="granted",
    ),
    _c(
        "Daniel Okafor",
        "d.okafor@example.net",
        "+12125550302",
        "sms",
        portal="granted",
        email="declined",
        sms="granted",
        phone="granted",
    ),
    _c(
        "Priya Raman",
        "priya.raman@example.org",
        "+12125550303",
        "email",
        portal="granted",
        email="granted",
        sms="declined",
        phone="granted",
    ),
    _c(
        "Luis Herrera",
        "luis.h@example.com",
        "+12125550304",
        "phone",
        portal="granted",
        email="granted",
        sms="withdrawn",
        phone="granted",
    ),
    _c(
        "Hannah Weiss",
        "hannah.weiss@example.com",
        "+12125550305",
        "portal",
        portal="granted",
        email="granted",
        sms="granted",
        phone="granted",
    ),
    _c(
        "Kwame Mensah",
        "kwame.mensah@example.net",
        "+12125550306",
        "sms",
        portal="granted",
        email="granted",
        sms="granted",
        phone="granted",
    ),
    _c(
        "Sofia Castillo",
        "sofia.castillo@example.com",
        "+12125550307",
        "email",
        portal="granted",
        email="granted",
        sms="declined",
        phone="granted",
    ),
    _c(
        "Ethan Brooks",
        "ethan.brooks@example.org",
        "+12125550308",
        "portal",
        portal="granted",
        email="declined",
        sms="declined",
        phone="granted",
    ),
    _c(
        "Aiko Tanaka",
        "aiko.tanaka@example.com",
        "+12125550309",
        "email",
        portal="granted",
        email="granted",
        sms="granted",
        phone="granted",
    ),
    _c(
        "Grace Whitfield",
        "grace.w@example.net",
        "+12125550310",
        "phone",
        portal="granted",
        email="granted",
        sms="granted",
        phone="granted",
    ),
    _c(
        "Omar Haddad",
        "omar.haddad@example.com",
        "+12125550311",
        "sms",
        portal="granted",
        email="granted",
        sms="granted",
        phone="granted",
    ),
    _c(
        "Rosa Delgado",
        "rosa.delgado@example.org",
        "+12125550312",
        "portal",
        portal="granted",
        email="granted",
        sms="granted",
        phone="granted",
    ),
]
# Two clients see Sam; one has an accommodation (R16); one reads Spanish.
CLIENTS[6] = DemoClient(**{**CLIENTS[6].__dict__, "clinician": "sam"})
CLIENTS[11] = DemoClient(**{**CLIENTS[11].__dict__, "clinician": "sam", "language": "es"})
CLIENTS[9] = DemoClient(
    **{
        **CLIENTS[9].__dict__,
        "accommodation": "Hearing loss: callbacks arranged by text first, any weekday window.",
    }
)


@dataclass(frozen=True)
class DemoMessage:
    key: str
    channel: str  # email | sms | portal
    client: str | None  # a client's name, or None for an unknown sender
    sender: str
    hours_ago: float
    category: str  # what the pipeline is expected to make of it (checked by a test)
    body: str
    subject: str = ""


MESSAGES = [
    DemoMessage(
        "demo-1",
        "sms",
        "Daniel Okafor",
        "+12125550302",
        20,
        "admin",
        "Hi, could we move Thursday's appointment to 4pm? Something came up at work.",
    ),
    DemoMessage(
        "demo-2",
        "portal",
        "Maya Thornton",
        "portal",
        30,
        "clinical",
        "I did the thought record homework three times this week. The Sunday one "
        "was hard, can we go over it?",
    ),
    DemoMessage(
        "demo-3",
        "sms",
        "Kwame Mensah",
        "+12125550306",
        9,
        "admin",
        "Running about ten minutes late for my session tomorrow, sorry!",
    ),
    DemoMessage(
        "demo-4",
        "email",
        "Priya Raman",
        "priya.raman@example.org",
        50,
        "admin",
        "Could you send me a superbill for October? My insurer needs it.",
        subject="Superbill for October",
    ),
    DemoMessage(
        "demo-5",
        "email",
        "Aiko Tanaka",
        "aiko.tanaka@example.com",
        26,
        "boundary",
        "I sent you a friend request on Instagram, hope that's okay! Your dog is adorable.",
        subject="Instagram",
    ),
    DemoMessage(
        "demo-6",
        "sms",
        "Omar Haddad",
        "+12125550311",
        # Arriving as the demo loads: its crisis reply goes out when `make run` starts the
        # worker seconds later, so Reports shows the response time Between really gives
        # (backdated, it read as an hour's wait).
        0.0,
        "crisis",
        "I can't keep doing this. I have the pills counted out and I don't think "
        "I'll be here tomorrow.",
    ),
    DemoMessage(
        "demo-7",
        "portal",
        "Hannah Weiss",
        "portal",
        4,
        "clinical",
        "Journal entry for this week: Monday was calm, Thursday the worry came back before "
        "work. The grounding exercise helped.",
    ),
    DemoMessage(
        "demo-8",
        "email",
        None,
        "j.doe.newclient@example.com",
        3,
        "admin",
        "Hello, are you taking new clients? I'm looking for a couples therapist.",
        subject="New client inquiry",
    ),
    DemoMessage(
        "demo-9",
        "sms",
        "Grace Whitfield",
        "+12125550310",
        70,
        "clinical",
        "Had a rough night, the breathing exercise helped a little. Talk Tuesday.",
    ),
]


@dataclass(frozen=True)
class DemoCall:
    key: str
    client: str | None
    caller: str
    hours_ago: float
    voicemail: bool
    transcript: str = ""


CALLS = [
    DemoCall(
        "demo-call-1",
        "Luis Herrera",
        "+12125550304",
        5,
        True,
        "Hi, it's about my session next week. Please call me back when you can.",
    ),
    DemoCall("demo-call-2", "Rosa Delgado", "+12125550312", 28, False),
    DemoCall(
        "demo-call-3",
        None,
        "+13475550188",
        2,
        True,
        "Hello, I got your number from my doctor and wanted to ask about openings.",
    ),
]


def private_strings() -> list[str]:
    """Every demo client name and every client-written text: none may reach a log."""
    items: list[str] = [client.name for client in CLIENTS]
    items += [m.body for m in MESSAGES] + [m.subject for m in MESSAGES if m.subject]
    items += [c.transcript for c in CALLS if c.transcript]
    items += [client.accommodation for client in CLIENTS if client.accommodation]
    return items
