"""Importing clients from a CSV file: read, preview, confirm; nothing saved before that."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from between.audit.models import AuditEvent
from between.clients.client_csv import FileProblem, read, template_csv
from between.clients.import_views import SESSION_KEY
from between.clients.models import Client, Consent
from between.conftest import signed_in

HEADER = "name,email,phone,language,preferred_channel,clinician,consent_email,consent_sms\r\n"


def upload(client, text: str | bytes, *, name="clients.csv", source=""):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        reverse("client-import"),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "source": source},
    )


def confirm(client, response, *, lines=None, cancel=False):
    token = response.context["token"]
    if lines is None:
        lines = [p.row.line for p in response.context["creating"]]
    data = {"token": token, "line": [str(n) for n in lines]}
    if cancel:
        data["cancel"] = "1"
    return client.post(reverse("client-import-confirm"), data)


# -- reading (no database) --------------------------------------------------------------


def test_the_template_reads_back_without_errors():
    reading = read(template_csv().encode())
    assert [r.ok for r in reading.rows] == [True, True]
    assert reading.rows[0].phones == ["+12125550142"]
    assert reading.rows[1].phones == ["+12125550199", "+19175550100"]
    assert reading.rows[1].language == "es" and reading.rows[1].preferred_channel == "sms"


def test_excel_files_in_windows_1252_and_utf8_with_a_bom_read_the_same():
    text = "Name;Email;Phone\r\nJosé Núñez;jose@example.com;(212) 555-0142\r\n"
    for data in (text.encode("cp1252"), text.encode("utf-8-sig"), text.encode("utf-8")):
        (row,) = read(data).rows
        assert row.name == "José Núñez" and row.emails == ["jose@example.com"], data[:5]
        assert row.phones == ["+12125550142"]


def test_each_problem_is_named_by_line_and_column_in_plain_words():
    text = (
        HEADER
        + ",a@example.com,,,,,,\r\n"
        + "Ana,not-an-address,555,fr,fax,,maybe,\r\n"
        + "Bo,,,,sms,,,no\r\n"
    )
    first, second, third = read(text.encode()).rows
    assert first.line == 2 and first.errors == {"name": "The name is missing."}
    assert second.line == 3
    assert set(second.errors) == {
        "email",
        "phone",
        "language",
        "preferred_channel",
        "consent_email",
    }
    assert second.errors["phone"].startswith("“555” is not a phone number we can use")
    assert third.errors == {
        "preferred_channel": "The preferred channel is one the client said no to."
    }


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "The file is empty."),
        (b"email,phone\r\na@example.com,\r\n", "with one called “name”"),
        (b"x" * 1_000_001, "larger than 1 MB"),
    ],
)
def test_an_unreadable_file_says_why(data, problem):
    with pytest.raises(FileProblem, match=problem):
        read(data)


# -- upload, preview, confirm -----------------------------------------------------------


@pytest.mark.django_db
def test_preview_then_confirm_creates_the_good_rows_only(client, owner, clinician, client_record):
    signed_in(client, owner)
    text = (
        HEADER
        + "Alex Example,alex@example.com,(212) 555-0142,en,email,clinician,yes,\r\n"
        + "Sam Ejemplo,,212-555-0199,es,sms,Owner,,yes\r\n"
        + "Taken Number,,(212) 555-0123,,,,,\r\n"  # Test Client's number
        + "Twice,,212-555-0199,,,,,\r\n"  # Sam's number, a line above
        + "Nobody,,,,,Dr Who,,\r\n"
        + "test client,,,,,,,\r\n"  # already a client
    )
    response = upload(client, text, source="paper intake forms, 2025")
    assert response.status_code == 200
    assert [p.row.name for p in response.context["creating"]] == ["Alex Example", "Sam Ejemplo"]
    skipped = {p.row.line: p.problems for p in response.context["skipped"]}
    assert skipped == {
        4: [("Phone", "This number already belongs to a client of the practice.")],
        5: [("Phone", "This number is also on line 3.")],
        6: [("Clinician", "“Dr Who” is not a clinician of the practice (username or name).")],
        7: [("Name", "A client with this name already exists; edit them on their page.")],
    }
    page = response.content.decode()
    assert "Line 5: Twice" in page and "Nothing has been added yet." in page
    # Nothing is written before confirmation, and the file is not in the session in clear.
    assert Client.objects.count() == 1
    stored = client.session[SESSION_KEY]
    assert "Alex" not in str(stored) and "555" not in str(stored)
    assert reverse("client-import-confirm") == "/clients/import/confirm/"  # no data in the URL

    done = confirm(client, response)
    assert done.status_code == 302 and done["Location"] == reverse("clients")
    alex = Client.objects.get(name="Alex Example")
    sam = Client.objects.get(name="Sam Ejemplo")
    assert alex.clinician == clinician and sam.clinician == owner and sam.language == "es"
    assert list(sam.contacts.values_list("value", flat=True)) == ["+12125550199"]
    consent = Consent.objects.get(client=alex)
    assert (consent.channel, consent.state, consent.method) == ("email", "granted", "import")
    assert consent.recorded_by == owner.user
    assert "clients.csv" in consent.note and "paper intake forms, 2025" in consent.note
    assert AuditEvent.objects.filter(action="client.imported").count() == 2
    summary = AuditEvent.objects.get(action="client.import_file")
    assert summary.detail == {"created": [alex.pk, sam.pk], "not_created": 4}
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_unticked_rows_are_left_out_and_cancel_creates_nothing(client, owner):
    signed_in(client, owner)
    text = HEADER + "Alex Example,,,,,,,\r\nSam Ejemplo,,,,,,,\r\n"
    confirm(client, upload(client, text), lines=[3])
    assert list(Client.objects.values_list("name", flat=True)) == ["Sam Ejemplo"]
    cancelled = confirm(client, upload(client, HEADER + "Cleo,,,,,,,\r\n"), cancel=True)
    assert cancelled.status_code == 302
    assert not Client.objects.filter(name="Cleo").exists()
    assert AuditEvent.objects.filter(action="client.import_cancelled").count() == 1


@pytest.mark.django_db
def test_a_preview_confirms_once_and_a_second_import_adds_no_duplicates(client, owner):
    signed_in(client, owner)
    text = HEADER + "Alex Example,alex@example.com,,,,,,\r\n"
    first = upload(client, text)
    confirm(client, first)
    again = confirm(client, first)  # the same preview posted twice
    assert again.status_code == 302 and again["Location"] == reverse("client-import")
    second = upload(client, text)
    assert second.context["creating"] == []
    assert Client.objects.count() == 1


@pytest.mark.django_db
def test_a_colleague_adding_the_same_number_meanwhile_is_caught_at_confirmation(
    client, owner, riverside
):
    from between.clients.models import ContactPoint

    signed_in(client, owner)
    preview = upload(client, HEADER + "Alex Example,,(212) 555-0142,,,,,\r\n")
    other = Client.objects.create(practice=riverside, name="Someone Else")
    ContactPoint.objects.create(client=other, kind="phone", value="+12125550142")
    confirm(client, preview, lines=[2])
    assert not Client.objects.filter(name="Alex Example").exists()


@pytest.mark.django_db
def test_a_clinician_imports_only_into_their_own_caseload(client, clinician, owner):
    signed_in(client, clinician)
    text = HEADER + "Mine,,,,,,,\r\nTheirs,,,,,Owner,,\r\n"
    response = upload(client, text)
    assert [p.row.name for p in response.context["creating"]] == ["Mine"]
    confirm(client, response)
    assert Client.objects.get(name="Mine").clinician == clinician


@pytest.mark.django_db
def test_a_bad_file_is_an_error_next_to_the_field(client, owner):
    signed_in(client, owner)
    response = upload(client, b"email\r\na@example.com\r\n")
    assert response.status_code == 400
    assert "with one called “name”" in response.content.decode()
    assert client.post(reverse("client-import"), {}).status_code == 400


@pytest.mark.django_db
def test_the_template_downloads(client, front_desk):
    signed_in(client, front_desk)
    response = client.get(reverse("client-import-template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("name,email,phone,language")


@pytest.mark.django_db
def test_an_import_never_lands_in_another_practice(client, outsider, client_record):
    signed_in(client, outsider)
    # Riverside's client name and number are free in Elsewhere: the checks are per practice.
    response = upload(client, HEADER + "Test Client,,+12125550123,,,,,\r\n")
    assert len(response.context["creating"]) == 1
    confirm(client, response)
    assert Client.objects.get(practice=outsider.practice).name == "Test Client"
    assert Client.objects.filter(practice=client_record.practice).count() == 1
