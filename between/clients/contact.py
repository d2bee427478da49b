"""Normalising contact points so the same person is recognised however they write.

Phone numbers become E.164 (``+12125550100``) through ``phonenumbers``; email addresses
are compared without regard to case, which is what every mail system in practice does.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email


def normalize_phone(value: str, region: str = "US") -> str:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValidationError("That is not a phone number.") from None
    if not phonenumbers.is_possible_number(number):
        raise ValidationError("That phone number has the wrong number of digits.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(value: str) -> str:
    address = value.strip()
    validate_email(address)
    return address.lower()


def region_of(country: str | None) -> str:
    """The region a number written without + is read in: the practice's country (a
    two-letter code, kept on Practice.country), else the United States."""
    code = (country or "").strip().upper()
    return code if len(code) == 2 and code.isalpha() else "US"
