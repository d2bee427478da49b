"""How staff read a client's contact details: numbers as people write them."""

from __future__ import annotations

import phonenumbers
from django import template

register = template.Library()


@register.filter
def phone(value: str, country: str = "US") -> str:
    """+12125550142 → (212) 555-0142 in the practice's country, +44 20 7946 0958 abroad."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    home = phonenumbers.region_code_for_number(number) == (country or "US").upper()
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
