"""From a read client list to clients: what would be created, what is skipped and why.

The plan is made for the preview and made again at confirmation (a colleague may have
added one of these clients meanwhile), so what is created is exactly what the preview
would show now. Nothing is written before confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from between.audit.log import record
from between.clients.client_csv import Reading, Row
from between.clients.client_forms import clinicians_of
from between.clients.models import Client, ConsentMethod, ContactKind, ContactPoint
from between.clients.staff_views import record_staff_consent
from between.practices.models import Membership, Role

COLUMN_LABELS = {
    "name": "Name",
    "email": "Email",
    "phone": "Phone",
    "language": "Language",
    "preferred_channel": "Preferred channel",
    "clinician": "Clinician",
    "consent_email": "Email consent",
    "consent_sms": "Text consent",
    "consent_phone": "Phone consent",
    "consent_portal": "Portal consent",
}


@dataclass
class Planned:
    row: Row
    clinician: Membership | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column label, why)

    @property
    def creates(self) -> bool:
        return not self.problems


def _clinician(member: Membership, written: str) -> tuple[Membership | None, str]:
    """The clinician a cell names, by username or display name; or why none is found."""
    choices = list(clinicians_of(member).select_related("user"))
    if member.role == Role.CLINICIAN:
        me = choices[0] if choices else None
        if not written or (
            me and written.lower() in (me.display_name.lower(), me.user.username.lower())
        ):
            return me, ""
        return None, "You can import only your own clients; leave this empty."
    if not written:
        return None, ""
    wanted = written.lower()
    for found in choices:
        if wanted in (found.user.username.lower(), found.display_name.lower()):
            return found, ""
    return None, f"“{written}” is not a clinician of the practice (username or name)."


def plan(member: Membership, reading: Reading) -> list[Planned]:
    practice = member.practice
    taken: dict[tuple[str, str], bool] = dict.fromkeys(
        ContactPoint.objects.filter(practice=practice).values_list("kind", "value"), True
    )
    names = {
        n.lower() for n in Client.objects.filter(practice=practice).values_list("name", flat=True)
    }
    in_file: dict[tuple[str, str], int] = {}
    names_in_file: dict[str, int] = {}
    planned: list[Planned] = []
    for row in reading.rows:
        item = Planned(row)
        for column, why in row.errors.items():
            item.problems.append((COLUMN_LABELS[column], why))
        for address in row.emails:
            try:
                validate_email(address)
            except ValidationError:
                item.problems.append(("Email", f"“{address}” is not an email address."))
        item.clinician, why = _clinician(member, row.clinician)
        if why:
            item.problems.append(("Clinician", why))
        if row.name and row.name.lower() in names:
            item.problems.append(
                ("Name", "A client with this name already exists; edit them on their page.")
            )
        elif row.name and row.name.lower() in names_in_file:
            item.problems.append(
                ("Name", f"The same name is on line {names_in_file[row.name.lower()]}.")
            )
        for kind, values, label in (
            (ContactKind.EMAIL, row.emails, "Email"),
            (ContactKind.PHONE, row.phones, "Phone"),
        ):
            what = "address" if kind == ContactKind.EMAIL else "number"
            for value in values:
                if (kind, value) in taken:
                    item.problems.append(
                        (label, f"This {what} already belongs to a client of the practice.")
                    )
                elif (kind, value) in in_file:
                    item.problems.append(
                        (label, f"This {what} is also on line {in_file[(kind, value)]}.")
                    )
        if item.creates:
            for value in row.emails:
                in_file[(ContactKind.EMAIL, value)] = row.line
            for value in row.phones:
                in_file[(ContactKind.PHONE, value)] = row.line
            names_in_file[row.name.lower()] = row.line
        planned.append(item)
    return planned


class ImportConflict(Exception):
    """A colleague added one of these clients, numbers or addresses meanwhile."""


def apply(
    planned: list[Planned],
    *,
    member: Membership,
    chosen: set[int],
    note: str,
    request: HttpRequest,
) -> list[Client]:
    """Create the chosen rows the plan would create, all or none; each one audited."""
    created: list[Client] = []
    try:
        with transaction.atomic():
            for item in planned:
                row = item.row
                if not item.creates or row.line not in chosen:
                    continue
                client = Client.objects.create(
                    practice=member.practice,
                    name=row.name,
                    clinician=item.clinician,
                    language=row.language,
                    preferred_channel=row.preferred_channel,
                )
                for value in row.emails:
                    ContactPoint.objects.create(client=client, kind=ContactKind.EMAIL, value=value)
                for value in row.phones:
                    ContactPoint.objects.create(client=client, kind=ContactKind.PHONE, value=value)
                record(
                    "client.imported",
                    request=request,
                    obj=client,
                    detail={
                        "line": row.line,
                        "clinician": client.clinician_id,
                        "emails": len(row.emails),
                        "phones": len(row.phones),
                    },
                )
                for channel, state in row.consents.items():
                    record_staff_consent(
                        request,
                        client,
                        channel=channel,
                        state=state,
                        note=note,
                        method=ConsentMethod.IMPORT,
                    )
                created.append(client)
    except IntegrityError as exc:
        raise ImportConflict from exc
    return created
