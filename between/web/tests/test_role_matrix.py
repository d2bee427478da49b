"""Every staff page against every role, the outsider from another practice included.

The table below is the product's answer to "who may open this?". The routes are not
listed by hand: ``discovered_routes`` walks the project's URL resolver, and
``test_every_route_has_a_row`` fails when a page exists that the table does not
declare, so a page added later cannot ship without someone deciding who may reach it.

Refusals answer 404, never 403: an outsider (or a colleague without a need to know)
must not even learn that a message or client number exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from between.clients.models import (
    Accommodation,
    ClientAcknowledgement,
    Consent,
    ContactKind,
    ContactPoint,
    IntakeInvitation,
)
from between.conftest import make_member
from between.messaging.models import Call, Message, Outbound, SavedReply

ROLES = (
    "owner",
    "own_clinician",  # the clinician of the client the objects belong to
    "clinician",  # a Riverside clinician with another caseload
    "supervisor",
    "front_desk",
    "outsider",  # a clinician of another practice
    "anonymous",
)
STAFF = frozenset(ROLES) - {"outsider", "anonymous"}
CLINICAL = STAFF - {"front_desk"}  # may read clinical words
CASELOAD = STAFF - {"clinician"}  # may reach this client: all but a stranger's clinician
CASELOAD_CLINICAL = CASELOAD & CLINICAL
EVERY_MEMBER = frozenset(ROLES) - {"anonymous"}

# Routes the matrix does not cover, each with the reason.
SKIPPED_NAMESPACES = {
    "admin": "Django's admin: its own permission system, tested in test_access.py",
    "sms": "provider webhooks, authenticated by the provider's signature, not by a session",
    "voice": "provider webhooks, authenticated by the provider's signature, not by a session",
}
SKIPPED_ROUTES = {
    "health": "public by design: says which parts work, never what they hold",
    "favicon": "public by design: a redirect to the icon, a static file",
    "login": "the way in: public by design",
    "logout": "the way out: public by design",
    "login-code": "the way in, second step: only after a right password (tested in accounts)",
    "intake": "the client's side: a signed, single-use token, no account",
    "intake-done": "the client's side, after a signed intake link",
    "intake-receipt": "the client's side, after a signed intake link",
    "policy-document": "the client's side: a signed token",
    "portal": "the client's side: a signed, revocable portal token",
    "page": "a crisis page's signed link; it sends the person through sign-in",
    "staff-set-password": "a new colleague's one-time signed link to choose a password",
}
SKIPPED_PREFIXES = {"admin/": "Django's admin (unnamed redirects included)"}


def discovered_routes() -> dict[str, str]:
    """Every named route of the project (namespaced as reverse() spells it) → its pattern."""

    def walk(patterns: Iterable[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>"
                yield name, route

    found = {}
    for name, route in walk(get_resolver().url_patterns, "", ""):
        if route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        if name.split(":")[0] in SKIPPED_NAMESPACES and ":" in name:
            continue
        if name in SKIPPED_ROUTES:
            continue
        found[name] = route
    return found


# -- the world every case starts from -------------------------------------------------------


@pytest.fixture
def world(riverside, owner, clinician, supervisor, front_desk, outsider, policy_version):
    """Riverside with one client of a clinician who is neither the owner nor ``clinician``."""
    from between.clients.models import Client

    own = make_member(riverside, "own-clinician", "clinician")
    # Names no page would show by chance, so a leak to the outsider is unmistakable.
    for member, name in (
        (owner, "Ona Riverbank"),
        (clinician, "Cal Riverbank"),
        (supervisor, "Sue Riverbank"),
        (front_desk, "Dee Riverbank"),
        (own, "Olive Riverbank"),
    ):
        member.display_name = name
        member.save(update_fields=["display_name"])
    client = Client.objects.create(
        practice=riverside, name="Matrix Client", clinician=own, notes="matrix private note"
    )
    ContactPoint.objects.create(client=client, kind=ContactKind.EMAIL, value="matrix@example.com")
    ContactPoint.objects.create(client=client, kind=ContactKind.PHONE, value="+12125550177")
    now = timezone.now()
    for channel in ("email", "sms", "portal", "phone"):
        Consent.objects.create(
            client=client,
            channel=channel,
            state="granted",
            recorded_at=now - timedelta(days=30),
            method="intake",
        )

    def message(key: str, category: str, channel: str, sender: str, **extra: Any) -> Message:
        return Message.objects.create(
            practice=riverside,
            channel=channel,
            from_address=sender,
            body=f"{category} words",
            received_at=now,
            category=category,
            dedupe_key=key,
            due_at=now + timedelta(hours=4),
            **extra,
        )

    accommodation = Accommodation.objects.create(
        client=client, kind="other", detail={"description": "mornings"}, reason="hearing loss"
    )
    acknowledgement = ClientAcknowledgement.objects.create(
        client=client,
        policy_version=policy_version,
        content_hash="0" * 64,
        purpose="intake",
        signed_name="Matrix Client",
        at=now,
        receipt_pdf=b"%PDF-1.4 matrix receipt",
        receipt_sha256="1" * 64,
    )
    from between.policies.models import PolicyVersion
    from between.practices.models import Absence

    approval = policy_version.text.replace("approval_required: false", "approval_required: true")
    assert approval != policy_version.text

    def version(number: int, text: str, status: str = "draft") -> PolicyVersion:
        return PolicyVersion.objects.create(
            practice=riverside, number=number, text=text, status=status, created_by=owner.user
        )

    return SimpleNamespace(
        practice=riverside,
        in_force=policy_version,
        draft=version(2, policy_version.text),  # publishable without approval
        needs_approval=version(3, approval),  # a draft of the owner's, to submit
        submitted=version(4, approval, "submitted"),
        absence=Absence.objects.create(
            practice=riverside,
            clinician=own,
            start=now.date() + timedelta(days=20),
            end=now.date() + timedelta(days=24),
            covering=supervisor,
            note="matrix leave",
        ),
        own_clinician=own,
        members={
            "owner": owner,
            "own_clinician": own,
            "clinician": clinician,
            "supervisor": supervisor,
            "front_desk": front_desk,
            "outsider": outsider,
        },
        client=client,
        clinical=message("m-clinical", "clinical", "portal", str(client.pk), client=client),
        admin=message("m-admin", "admin", "sms", "+12125550177", client=client),
        crisis=message("m-crisis", "crisis", "portal", str(client.pk), client=client, crisis=True),
        unknown=message("m-unknown", "clinical", "email", "stranger@example.com"),
        voicemail=Call.objects.create(
            practice=riverside,
            client=client,
            caller="+12125550177",
            at=now,
            call_id="CA-matrix",
            voicemail=True,
            transcript="matrix transcript",
        ),
        accommodation=accommodation,
        acknowledgement=acknowledgement,
        saved_reply=SavedReply.objects.create(
            practice=riverside, title="Thursday", body="Thursday at 4 works."
        ),
    )


# -- the table -------------------------------------------------------------------------------

Kwargs = Callable[[Any], dict[str, Any]]
Probe = Callable[[Any], object]


def by_role(allowed: Iterable[str], ok: int = 200) -> dict[str, int]:
    """``ok`` for the allowed roles, sign-in for the anonymous, 404 for everyone else."""
    allowed = frozenset(allowed)
    return {role: ok if role in allowed else 302 if role == "anonymous" else 404 for role in ROLES}


def own_practice(allowed: Iterable[str], ok: int = 200) -> dict[str, int]:
    """For pages about no object: the outsider (a clinician elsewhere) gets their own
    practice's page where a clinician would, and nothing of Riverside's is on it."""
    allowed = frozenset(allowed)
    return by_role(allowed | {"outsider"} if "clinician" in allowed else allowed, ok)


@dataclass(frozen=True)
class Row:
    route: str
    variant: str = ""
    kwargs: Kwargs = field(default=lambda w: {})
    get: dict[str, int] | None = None  # expected GET status by role
    post: dict[str, int] | None = None  # expected POST status by role (POST-only routes)
    data: Callable[[Any], dict[str, str]] = field(default=lambda w: {})
    # A snapshot of what a POST changes: refused roles must leave it as it was.
    probe: Probe | None = None
    # Roles for which the client's name must not appear on the page (lists); for the
    # outsider nothing of Riverside's may appear on any page.
    name_hidden_from: frozenset[str] = frozenset()
    # False where even an accepted POST changes nothing here (it asks for a step first).
    changes: bool = True
    # The query string of a GET (a page that needs a choice made on the page before).
    query: Callable[[Any], dict[str, str]] = field(default=lambda w: {})

    @property
    def id(self) -> str:
        return f"{self.route}[{self.variant}]" if self.variant else self.route


def pk(attr: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, attr).pk}


def message_status(attr: str) -> Probe:
    return lambda w: Message.objects.get(pk=getattr(w, attr).pk).status


def replies_to(attr: str) -> Probe:
    return lambda w: Outbound.objects.filter(in_reply_to=getattr(w, attr)).count()


REPLY = {"body": "Thursday at 4 works."}

ROWS = [
    # Front door: members go to the inbox, everyone else to sign in.
    Row("home", get=dict.fromkeys(ROLES, 302)),
    # Lists: every member gets a page, but only with what their role may see.
    Row(
        "inbox",
        get=by_role(EVERY_MEMBER),
        name_hidden_from=frozenset({"clinician"}),
    ),
    Row(
        "callbacks",
        get=by_role(EVERY_MEMBER),
        name_hidden_from=frozenset({"clinician"}),
    ),
    Row(
        "clients",
        get=by_role(EVERY_MEMBER),
        name_hidden_from=frozenset({"clinician"}),
    ),
    # Messages: clinical words for the client's clinical staff; scheduling for the desk too.
    Row("message", "clinical", pk("clinical"), get=by_role(CASELOAD_CLINICAL)),
    Row("message", "crisis", pk("crisis"), get=by_role(CASELOAD_CLINICAL)),
    Row("message", "admin", pk("admin"), get=by_role(CASELOAD)),
    # A sender nobody knows yet belongs to no caseload: every clinician may triage it.
    Row("message", "unknown sender", pk("unknown"), get=by_role(CLINICAL)),
    Row(
        "message-done",
        "clinical",
        pk("clinical"),
        post=by_role(CASELOAD_CLINICAL, 302),
        probe=message_status("clinical"),
    ),
    Row(
        "message-done",
        "admin",
        pk("admin"),
        post=by_role(CASELOAD, 302),
        probe=message_status("admin"),
    ),
    Row(
        "message-reply",
        "clinical",
        pk("clinical"),
        post=by_role(CASELOAD_CLINICAL, 302),
        data=lambda w: REPLY,
        probe=replies_to("clinical"),
    ),
    Row(
        "message-reply",
        "admin",
        pk("admin"),
        post=by_role(CASELOAD, 302),
        data=lambda w: REPLY,
        probe=replies_to("admin"),
    ),
    # Callbacks are scheduling work: the desk returns calls (without reading transcripts).
    Row(
        "call-done",
        kwargs=pk("voicemail"),
        post=by_role(CASELOAD, 302),
        probe=lambda w: Call.objects.get(pk=w.voicemail.pk).status,
    ),
    # The client's page: the desk sees the non-clinical parts (checked in test_access.py).
    Row("client", kwargs=pk("client"), get=by_role(CASELOAD)),
    Row(
        "client-portal-link",
        kwargs=pk("client"),
        post=by_role(CASELOAD, 302),
        probe=lambda w: type(w.client).objects.get(pk=w.client.pk).portal_key,
    ),
    Row(
        "client-intake-link",
        kwargs=pk("client"),
        post=by_role(CASELOAD, 302),
        data=lambda w: {"purpose": "intake"},
        probe=lambda w: IntakeInvitation.objects.filter(client=w.client).count(),
    ),
    Row(
        "client-consent",
        kwargs=pk("client"),
        post=by_role(CASELOAD, 302),
        data=lambda w: {"channel": "email", "state": "withdrawn", "note": "asked in session"},
        probe=lambda w: Consent.objects.filter(client=w.client).count(),
    ),
    # Accommodations carry a clinical reason: clinical staff of the caseload only.
    Row(
        "client-accommodation-add",
        kwargs=pk("client"),
        post=by_role(CASELOAD_CLINICAL, 302),
        data=lambda w: {"kind": "other", "reason": "relay service", "description": "relay"},
        probe=lambda w: Accommodation.objects.filter(client=w.client).count(),
    ),
    Row(
        "client-accommodation-end",
        kwargs=lambda w: {"pk": w.client.pk, "accommodation": w.accommodation.pk},
        post=by_role(CASELOAD_CLINICAL, 302),
        probe=lambda w: Accommodation.objects.get(pk=w.accommodation.pk).active,
    ),
    Row(
        "client-receipt",
        kwargs=lambda w: {"pk": w.client.pk, "acknowledgement": w.acknowledgement.pk},
        get=by_role(CASELOAD),
    ),
    # Adding and importing clients: every member, into their own practice (a clinician
    # adds to their own caseload); editing: whoever may reach the client.
    Row("client-add", get=own_practice(STAFF)),
    Row("client-import", get=own_practice(STAFF)),
    Row("client-import-template", get=own_practice(STAFF)),
    Row(
        "client-import-confirm",
        post=own_practice(STAFF, 302),
        probe=lambda w: type(w.client).objects.filter(practice=w.practice).count(),
        changes=False,  # without an uploaded preview it sends the person back to upload
    ),
    Row("client-edit", kwargs=pk("client"), get=by_role(CASELOAD)),
    Row(
        "client-intake-send",
        kwargs=pk("client"),
        post=by_role(CASELOAD, 302),
        data=lambda w: {"to": str(w.client.contacts.get(kind="email").pk)},
        probe=lambda w: IntakeInvitation.objects.filter(client=w.client).count(),
    ),
    # One conversation per client: the client's caseload (the desk sees no clinical words).
    Row("client-conversation", kwargs=pk("client"), get=by_role(CASELOAD)),
    Row(
        "client-conversation-reply",
        kwargs=pk("client"),
        post=by_role(CASELOAD, 302),
        data=lambda w: {"channel": "portal", "body": "Thursday at 4 works."},
        probe=lambda w: Outbound.objects.filter(client=w.client, kind="typed").count(),
    ),
    Row(
        "message-assign",
        kwargs=pk("clinical"),
        post=by_role(CASELOAD_CLINICAL, 302),
        data=lambda w: {"assigned_to": str(w.members["owner"].pk)},
        probe=lambda w: Message.objects.get(pk=w.clinical.pk).assigned_to_id,
    ),
    Row(
        "message-reopen",
        kwargs=pk("clinical"),
        post=by_role(CASELOAD_CLINICAL, 302),
        probe=message_status("clinical"),
        changes=False,  # the message is open already
    ),
    # Closing a crisis asks for the outcome first.
    Row(
        "message-close",
        kwargs=pk("crisis"),
        get=by_role(CASELOAD_CLINICAL),
        post=by_role(CASELOAD_CLINICAL, 302),
        data=lambda w: {"outcome": "Called the client: safe, safety plan reviewed."},
        probe=message_status("crisis"),
    ),
    # Saved replies: the practice's clinical staff write them.
    Row("saved-replies", get=own_practice(CLINICAL)),
    Row("saved-reply-edit", kwargs=pk("saved_reply"), get=by_role(CLINICAL)),
    Row(
        "saved-reply-delete",
        kwargs=pk("saved_reply"),
        get=by_role(CLINICAL),
        post=by_role(CLINICAL, 302),
        probe=lambda w: SavedReply.objects.filter(practice=w.practice).count(),
    ),
]

# -- the workspace pages (policy editor, absences, staff, reports, audit, data rights) ------

WRITERS = frozenset({"owner", "own_clinician", "clinician"})  # write policy drafts
ABSENCE_MANAGERS = frozenset({"owner", "supervisor"})  # record anyone's absence


def version_status(attr: str) -> Probe:
    def probe(w: Any) -> object:
        from between.policies.models import PolicyVersion

        return PolicyVersion.objects.get(pk=getattr(w, attr).pk).status

    return probe


def policy_versions(w: Any) -> int:
    from between.policies.models import PolicyVersion

    return PolicyVersion.objects.filter(practice=w.practice).count()


def absences(w: Any) -> int:
    from between.practices.models import Absence

    return Absence.objects.filter(practice=w.practice).count()


def audit_events(action: str) -> Probe:
    def probe(w: Any) -> object:
        from between.audit.models import AuditEvent

        return AuditEvent.objects.filter(action=action).count()

    return probe


def confirmed_publication(w: Any) -> dict[str, str]:
    """What the confirmation page posts, 40 days on (after the 30 days' notice the
    reference policy asks for a change)."""
    from between.policies.views import confirmation_data

    return confirmation_data(w.draft, timezone.localdate() + timedelta(days=40))


WORKSPACE_ROWS = [
    # Policy editor: owners and clinicians write, supervisors approve, the owner
    # publishes; the front desk reads the version in force and nothing else.
    Row("policy", get=by_role(EVERY_MEMBER)),
    Row(
        "policy-new",
        post=own_practice(WRITERS, 302),
        probe=policy_versions,
    ),
    Row("policy-version", "in force", pk("in_force"), get=by_role(STAFF)),
    Row("policy-version", "draft", pk("draft"), get=by_role(CLINICAL)),
    # A draft is its author's (here the owner's) to change; colleagues start their own.
    Row("policy-edit", "draft", pk("draft"), get=by_role({"owner"})),
    Row("policy-yaml", "in force", pk("in_force"), get=by_role(STAFF)),
    Row("policy-yaml", "draft", pk("draft"), get=by_role(CLINICAL)),
    Row(
        "policy-validate",
        "draft",
        pk("draft"),
        post=by_role({"owner"}),
        data=lambda w: {"mode": "yaml", "text": w.draft.text},
        probe=lambda w: type(w.draft).objects.get(pk=w.draft.pk).text,
        changes=False,  # checks what is typed, saves nothing
    ),
    Row("policy-preview", "in force", pk("in_force"), get=by_role(STAFF)),
    Row("policy-preview", "draft", pk("draft"), get=by_role(CLINICAL)),
    Row("policy-simulate", "in force", pk("in_force"), get=by_role(CLINICAL)),
    # Submitting is for the author (or the owner); here the owner wrote it.
    Row(
        "policy-submit",
        kwargs=pk("needs_approval"),
        post=by_role({"owner"}, 302),
        probe=version_status("needs_approval"),
    ),
    Row(
        "policy-approve",
        kwargs=pk("submitted"),
        post=by_role({"supervisor"}, 302),
        probe=version_status("submitted"),
    ),
    Row(
        "policy-return",
        kwargs=pk("submitted"),
        post=by_role({"owner", "supervisor"}, 302),
        probe=version_status("submitted"),
    ),
    # Publishing shows what it will send first; only the confirmed form publishes.
    Row(
        "policy-publish-preview",
        kwargs=pk("draft"),
        get=by_role({"owner"}),
        query=lambda w: {"effective": (timezone.localdate() + timedelta(days=40)).isoformat()},
    ),
    Row(
        "policy-publish",
        kwargs=pk("draft"),
        post=by_role({"owner"}, 302),
        data=confirmed_publication,
        probe=version_status("draft"),
    ),
    Row(
        "policy-publish-cancel",
        kwargs=pk("draft"),
        post=by_role({"owner"}, 302),
        probe=audit_events("policy.publish_cancelled"),
    ),
    # Absences: everyone in the practice sees who is away; owners and supervisors
    # record anyone's, a clinician their own, the front desk none.
    Row("absences", get=by_role(EVERY_MEMBER)),
    Row("absence-calendar", get=by_role(EVERY_MEMBER)),
    Row(
        "absence-calendar-month",
        kwargs=lambda w: {"year": w.absence.start.year, "month": w.absence.start.month},
        get=by_role(EVERY_MEMBER),
    ),
    Row("absence", kwargs=pk("absence"), get=by_role(STAFF)),
    Row("absence-add", get=own_practice(CLINICAL)),
    # The covering list as "who is away" changes: names only, of the member's practice.
    Row("absence-covering-options", get=own_practice(EVERY_MEMBER)),
    Row("absence-import", get=own_practice(CLINICAL)),
    Row(
        "absence-import-confirm",
        post=own_practice(CLINICAL, 302),
        probe=absences,
        changes=False,  # without an uploaded preview it sends the person back to upload
    ),
    Row(
        "absence-edit",
        kwargs=pk("absence"),
        get=by_role(ABSENCE_MANAGERS | {"own_clinician"}),
    ),
    Row(
        "absence-delete",
        kwargs=pk("absence"),
        get=by_role(ABSENCE_MANAGERS | {"own_clinician"}),
        post=by_role(ABSENCE_MANAGERS | {"own_clinician"}, 302),
        probe=absences,
    ),
    # Two-factor sign-in: everyone sets up their own, for their own account only.
    Row("two-factor", get=by_role(EVERY_MEMBER)),
    # Staff: owners only.
    Row("staff", get=by_role({"owner"})),
    Row("staff-add", get=by_role({"owner"})),
    Row("staff-member", kwargs=pk("own_clinician"), get=by_role({"owner"})),
    Row(
        "staff-active",
        kwargs=pk("own_clinician"),
        post=by_role({"owner"}, 302),
        data=lambda w: {"active": "no"},
        probe=lambda w: type(w.own_clinician).objects.get(pk=w.own_clinician.pk).is_active,
    ),
    Row(
        "staff-link",
        kwargs=pk("own_clinician"),
        post=by_role({"owner"}, 302),
        probe=audit_events("staff.password_link"),
    ),
    # Reports: every member gets the page, computed over what their role may see
    # (owners all, supervisors their team, clinicians their own, front desk scheduling).
    Row("reports", get=by_role(EVERY_MEMBER)),
    Row("reports-csv", get=by_role(EVERY_MEMBER)),
    # The boundary view is clinical: the client's clinical staff only.
    Row("client-boundaries", kwargs=pk("client"), get=by_role(CASELOAD_CLINICAL)),
    # The audit log: owners and supervisors the practice's, clinicians their own acts.
    Row(
        "audit-log",
        get=own_practice(CLINICAL),
    ),
    Row("audit-log-csv", get=own_practice(CLINICAL)),
    # Data rights: the owner and the client's own clinician.
    Row("client-export-json", kwargs=pk("client"), get=by_role({"owner", "own_clinician"})),
    Row("client-export-pdf", kwargs=pk("client"), get=by_role({"owner", "own_clinician"})),
    Row(
        "client-discharge",
        kwargs=pk("client"),
        post=by_role({"owner", "own_clinician"}, 302),
        # Two days back: "today" must not be tomorrow in the practice's time zone.
        data=lambda w: {"discharged_on": (timezone.localdate() - timedelta(days=2)).isoformat()},
        probe=lambda w: type(w.client).objects.get(pk=w.client.pk).status,
    ),
    Row("client-retention", get=by_role({"owner"})),
]
ROWS += WORKSPACE_ROWS

GET_CASES = [(row, role) for row in ROWS if row.get is not None for role in ROLES]
POST_CASES = [(row, role) for row in ROWS if row.post is not None for role in ROLES]


def riverside_words(world: Any) -> list[str]:
    """What would give Riverside away: its name, its client's, its people's."""
    return [world.practice.name, world.client.name, "matrix", "Riverbank"]


def _sign_in(django_client: Any, world: Any, role: str) -> None:
    if role != "anonymous":
        django_client.force_login(world.members[role].user)


def _assert_sent_to_sign_in(response: Any) -> None:
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")), response.url


# -- the tests --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_route_has_a_row():
    """A page nobody declared fails here: add its row (and decide who may open it)."""
    declared = {row.route for row in ROWS}
    routes = discovered_routes()
    missing = sorted(name for name in routes if name not in declared)
    assert not missing, "routes with no row in the role matrix: " + ", ".join(
        f"{name} ({routes[name]})" for name in missing
    )
    stale = sorted(declared - set(routes))
    assert not stale, f"rows for routes that no longer exist: {stale}"
    overlap = declared & set(SKIPPED_ROUTES)
    assert not overlap, f"declared and skipped at once: {overlap}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "role"), GET_CASES, ids=[f"{row.id}-{role}" for row, role in GET_CASES]
)
def test_get(client, world, row, role):
    _sign_in(client, world, role)
    response = client.get(reverse(row.route, kwargs=row.kwargs(world)), row.query(world))
    expected = row.get[role]
    if role == "anonymous":
        _assert_sent_to_sign_in(response)
        return
    assert response.status_code == expected, f"{row.id} as {role}"
    if response.status_code == 200:
        shown = b"".join(response) if response.streaming else response.content
        text = shown.decode(errors="replace")
        if role in row.name_hidden_from:
            assert world.client.name not in text
        if role == "outsider":
            leaked = [w for w in riverside_words(world) if w.lower() in text.lower()]
            assert not leaked, f"{row.id} shows the outsider {leaked}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "role"), POST_CASES, ids=[f"{row.id}-{role}" for row, role in POST_CASES]
)
def test_post(client, world, row, role):
    _sign_in(client, world, role)
    before = row.probe(world) if row.probe else None
    response = client.post(reverse(row.route, kwargs=row.kwargs(world)), row.data(world))
    after = row.probe(world) if row.probe else None
    expected = row.post[role]
    if role == "anonymous":
        _assert_sent_to_sign_in(response)
        assert after == before
        return
    assert response.status_code == expected, f"{row.id} as {role}"
    if expected == 404 or role == "outsider":  # an outsider's POST acts on their practice
        assert after == before, f"{row.id} as {role} changed something"
    elif row.probe is not None and row.changes:
        assert after != before, f"{row.id} as {role} was accepted but changed nothing"
        assert not response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row", [r for r in ROWS if r.post is not None and r.get is None], ids=lambda r: r.id
)
def test_post_only_routes_refuse_get(client, world, row):
    """A link or a prefetch must never mark done, send, or issue anything."""
    _sign_in(client, world, "owner")
    before = row.probe(world) if row.probe else None
    response = client.get(reverse(row.route, kwargs=row.kwargs(world)))
    assert response.status_code == 405
    assert (row.probe(world) if row.probe else None) == before


@pytest.mark.django_db
def test_clinicians_see_their_own_clients_only(client, world):
    """The rule the matrix encodes, said once in words: another caseload is invisible."""
    _sign_in(client, world, "clinician")
    for url in (
        reverse("client", args=[world.client.pk]),
        reverse("message", args=[world.clinical.pk]),
        reverse("message", args=[world.admin.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (reverse("inbox"), reverse("clients"), reverse("callbacks")):
        page = client.get(url).content.decode()
        assert world.client.name not in page and "matrix" not in page.lower(), url
    client.logout()
    _sign_in(client, world, "own_clinician")
    assert client.get(reverse("client", args=[world.client.pk])).status_code == 200
    inbox = client.get(reverse("inbox")).content.decode()
    assert inbox.count(world.client.name) == 3  # clinical, admin and crisis


@pytest.mark.django_db
def test_inactive_members_reach_nothing(client, world):
    """A colleague who left keeps a user row but loses every page with their membership."""
    member = world.members["owner"]
    member.is_active = False
    member.save(update_fields=["is_active"])
    client.force_login(member.user)
    assert client.get(reverse("inbox")).status_code == 404
    assert client.get(reverse("client", args=[world.client.pk])).status_code == 404


@pytest.mark.django_db
def test_a_user_with_no_practice_reaches_nothing(client, world):
    user = get_user_model().objects.create_user(username="nobody", password="x" * 12)
    client.force_login(user)
    for name in ("inbox", "callbacks", "clients"):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get(reverse("message", args=[world.admin.pk])).status_code == 404
