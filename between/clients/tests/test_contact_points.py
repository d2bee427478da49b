import pytest
from django.core.exceptions import ValidationError

from between.clients.contact import normalize_email, normalize_phone


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(212) 555-0123", "US", "+12125550123"),
        ("+1 212 555 0100", "US", "+12125550100"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),
    ],
)
def test_phone_numbers_become_e164(raw, region, expected):
    assert normalize_phone(raw, region) == expected


def test_bad_phone_numbers_are_refused():
    with pytest.raises(ValidationError):
        normalize_phone("call me", "US")
    with pytest.raises(ValidationError):
        normalize_phone("12", "US")


def test_emails_are_compared_without_case():
    assert normalize_email(" Maya.T@Example.COM ") == "maya.t@example.com"
    with pytest.raises(ValidationError):
        normalize_email("not an address")


@pytest.mark.django_db
def test_contact_points_are_stored_normalised(client_record):
    values = sorted(client_record.contacts.values_list("value", flat=True))
    assert values == ["+12125550123", "test@example.com"]
