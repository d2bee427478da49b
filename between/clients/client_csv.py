"""Reading a spreadsheet of clients: plain Python, no Django, so every rule is easy to test.

A practice moving to Between exports its client list from whatever it used before
(Excel on Windows saves Windows-1252, Google Sheets and Numbers save UTF-8, often with a
byte-order mark). This module turns the file's bytes into rows with the values read and,
per column, what is wrong in words a receptionist understands. What already exists in
the practice (duplicates, clinicians) is checked by ``between.clients.importing``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import phonenumbers

MAX_BYTES = 1_000_000
MAX_ROWS = 2000

# Column → the names people give it in their own spreadsheets (compared loosely).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "client", "client name"),
    "email": ("email", "emails", "email address", "e-mail"),
    "phone": ("phone", "phones", "phone number", "mobile", "cell", "telephone"),
    "language": ("language", "lang"),
    "preferred_channel": ("preferred channel", "preferred", "channel", "contact by"),
    "clinician": ("clinician", "therapist", "counselor", "counsellor"),
    "consent_email": ("consent email", "email consent"),
    "consent_sms": ("consent sms", "consent text", "sms consent", "text consent"),
    "consent_phone": ("consent phone", "phone consent"),
    "consent_portal": ("consent portal", "portal consent"),
}
TEMPLATE_HEADER = [
    "name",
    "email",
    "phone",
    "language",
    "preferred_channel",
    "clinician",
    "consent_email",
    "consent_sms",
    "consent_phone",
    "consent_portal",
]
TEMPLATE_ROWS = [
    ["Alex Example", "alex@example.com", "(212) 555-0142", "en", "email", "", "yes", "no", "", ""],
    ["Sam Ejemplo", "", "212-555-0199; 917 555 0100", "es", "sms", "", "", "yes", "yes", ""],
]
LANGUAGES = {
    "": "en",
    "en": "en",
    "english": "en",
    "inglés": "en",
    "ingles": "en",
    "es": "es",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
}
CHANNELS = {
    "": "",
    "email": "email",
    "e-mail": "email",
    "sms": "sms",
    "text": "sms",
    "texts": "sms",
    "text message": "sms",
    "phone": "phone",
    "call": "phone",
    "portal": "portal",
    "secure portal": "portal",
}
YES = {"yes", "y", "true", "1", "granted", "agreed", "sí", "si", "x"}
NO = {"no", "n", "false", "0", "declined", "refused"}
SEPARATORS = re.compile(r"[;\n]")


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the person uploading it."""


@dataclass
class Row:
    line: int  # the line in the file, as a spreadsheet numbers it (the header is 1)
    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    language: str = "en"
    preferred_channel: str = ""
    clinician: str = ""
    consents: dict[str, str] = field(default_factory=dict)  # channel → granted/declined
    errors: dict[str, str] = field(default_factory=dict)  # column → what is wrong

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Reading:
    rows: list[Row]
    columns: list[str]  # the columns recognised, in our names
    ignored: list[str]  # headers we did not recognise


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel writes it."""
    if not data.strip():
        raise FileProblem("The file is empty.")
    if len(data) > MAX_BYTES:
        raise FileProblem("The file is larger than 1 MB; split it into smaller files.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            "The file's characters could not be read. Save it as “CSV UTF-8” and try again."
        ) from None


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", header.strip().lower()).strip()


def _columns(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    known = {_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
    known.update({_key(name): name for name in COLUMNS})
    found: dict[int, str] = {}
    ignored = []
    for index, header in enumerate(headers):
        name = known.get(_key(header))
        if name is None or name in found.values():
            if header.strip():
                ignored.append(header.strip())
            continue
        found[index] = name
    return found, ignored


def _parts(value: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(value) if part.strip()]


def _email_ok(address: str) -> bool:
    # The import view checks again with Django's validator; this keeps the core pure.
    return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address))


def phone_e164(value: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _read_row(line: int, cells: dict[str, str], region: str) -> Row:
    row = Row(line=line)
    row.name = " ".join(cells.get("name", "").split())
    if not row.name:
        row.errors["name"] = "The name is missing."
    elif len(row.name) > 200:
        row.errors["name"] = "The name is longer than 200 characters."
    bad_emails = []
    for address in _parts(cells.get("email", "").replace(",", ";")):
        if _email_ok(address) and len(address) <= 254:
            if address.lower() not in row.emails:
                row.emails.append(address.lower())
        else:
            bad_emails.append(address)
    if bad_emails:
        row.errors["email"] = f"“{bad_emails[0]}” is not an email address."
    bad_phones = []
    for number in _parts(cells.get("phone", "")):
        e164 = phone_e164(number, region)
        if e164 is None:
            bad_phones.append(number)
        elif e164 not in row.phones:
            row.phones.append(e164)
    if bad_phones:
        row.errors["phone"] = (
            f"“{bad_phones[0]}” is not a phone number we can use; give the area code, "
            "or + and the country code."
        )
    language = cells.get("language", "").strip().lower()
    if language in LANGUAGES:
        row.language = LANGUAGES[language]
    else:
        row.errors["language"] = f"“{cells['language'].strip()}”: write en or es."
    channel = cells.get("preferred_channel", "").strip().lower()
    if channel in CHANNELS:
        row.preferred_channel = CHANNELS[channel]
    else:
        row.errors["preferred_channel"] = (
            f"“{cells['preferred_channel'].strip()}”: write email, sms, phone or portal."
        )
    row.clinician = cells.get("clinician", "").strip()
    for channel_name in ("email", "sms", "phone", "portal"):
        column = f"consent_{channel_name}"
        answer = cells.get(column, "").strip().lower()
        if not answer:
            continue
        if answer in YES:
            row.consents[channel_name] = "granted"
        elif answer in NO:
            row.consents[channel_name] = "declined"
        else:
            row.errors[column] = f"“{cells[column].strip()}”: write yes, no, or leave it empty."
    if row.preferred_channel and row.consents.get(row.preferred_channel) == "declined":
        row.errors.setdefault(
            "preferred_channel", "The preferred channel is one the client said no to."
        )
    return row


def read(data: bytes, region: str = "US") -> Reading:
    """Every data row of the file, read and checked on its own."""
    text = decode(data)
    # The header line tells the separator (Excel in many European locales writes ";").
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise FileProblem("The file is empty.") from None
    except csv.Error:
        raise FileProblem("This does not look like a CSV file.") from None
    columns, ignored = _columns(headers)
    if "name" not in columns.values():
        raise FileProblem(
            "The first line must name the columns, with one called “name”. "
            "Download the template to see the columns Between reads."
        )
    rows: list[Row] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileProblem(
                    f"The file has more than {MAX_ROWS} clients; split it into smaller files."
                )
            values = {name: cells[i] if i < len(cells) else "" for i, name in columns.items()}
            rows.append(_read_row(reader.line_num, values, region))
    except csv.Error:
        raise FileProblem(
            f"Line {reader.line_num} could not be read (an unclosed quotation mark?)."
        ) from None
    return Reading(rows, [columns[i] for i in sorted(columns)], ignored)


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()
