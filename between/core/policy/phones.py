"""Phone numbers in a policy, read the way the practice's clients would dial them.

A number clients are told to text or call has to be one they can reach: "call me maybe"
in the texting number would be printed in every automatic reply. Numbers are read with
`phonenumbers` in the practice's region (its holiday country, else the country of its
time zone), so "(212) 555-0142" in a New York practice is +12125550142.

Emergency numbers are short codes ("911", "999", "000", "112") and crisis lines may be
("988", "116 123"): those are checked as the short numbers of the region, never turned
into "+1911".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import phonenumbers
from phonenumbers import shortnumberinfo

# What a person dials for emergency services, for the examples in messages.
_EMERGENCY_EXAMPLE = {
    "US": "911",
    "CA": "911",
    "MX": "911",
    "GB": "999",
    "IE": "112",
    "AU": "000",
    "NZ": "111",
    "ZA": "10111",
}
_COUNTRY_WORDS = {
    "US": "the US",
    "GB": "the UK",
    "CA": "Canada",
    "AU": "Australia",
    "NZ": "New Zealand",
    "IE": "Ireland",
}
_DIALLED = re.compile(r"^[0-9+()./\s-]+$")


@dataclass(frozen=True)
class Reading:
    """A phone number as read: `value` is E.164 for a full number, the digits of a short code."""

    value: str
    short: bool


def _zone_countries() -> dict[str, str]:
    """Time zone name -> ISO country code, from the zone.tab that ships with tzdata."""
    text = ""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        system = Path("/usr/share/zoneinfo/zone.tab")
        if system.exists():
            text = system.read_text("utf-8")
    found = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            found[parts[2]] = parts[0]
    return found


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return _zone_countries()


def region_for(country: str | None, timezone: str) -> str | None:
    """The region numbers are read in: the holiday country, else the time zone's country."""
    regions = phonenumbers.SUPPORTED_REGIONS
    if country and country.upper() in regions:
        return country.upper()
    zoned = _zones().get(timezone)
    return zoned if zoned in regions else None


def read(text: str, region: str | None, *, short_codes: bool = False) -> Reading | None:
    """The number written in `text`, or None when it is not one clients could dial.

    A full number must be valid (right length, a range in use); with `short_codes`, a
    short number valid in the region (an emergency or crisis code) is accepted as well.
    """
    text = text.strip()
    if not text or not _DIALLED.match(text) or not any(ch.isdigit() for ch in text):
        return None
    if short_codes and not text.startswith("+"):
        digits = re.sub(r"\D", "", text)
        if region is not None and len(digits) <= 8:
            number = phonenumbers.parse(digits, region)
            if shortnumberinfo.is_emergency_number(digits, region) or (
                shortnumberinfo.is_valid_short_number_for_region(number, region)
            ):
                return Reading(digits, short=True)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return Reading(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), False)


def emergency_elsewhere(text: str) -> list[str]:
    """Regions where `text` is an emergency number (for a number from another country)."""
    digits = re.sub(r"\D", "", text)
    if not digits or len(digits) > 6 or text.strip().startswith("+"):
        return []
    return sorted(
        r
        for r in phonenumbers.SUPPORTED_SHORT_REGIONS
        if shortnumberinfo.is_emergency_number(digits, r)
    )


def emergency_example(region: str | None) -> str:
    return _EMERGENCY_EXAMPLE.get(region or "", "112")


def example(region: str | None) -> str:
    """How a valid number looks, in words: "+1 201-555-0123, or (201) 555-0123"."""
    sample = phonenumbers.example_number_for_type(
        region or "US", phonenumbers.PhoneNumberType.MOBILE
    )
    if sample is None:  # pragma: no cover - every supported region has an example
        return "+1 201-555-0123"
    full = phonenumbers.format_number(sample, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if region is None:
        return full
    national = phonenumbers.format_number(sample, phonenumbers.PhoneNumberFormat.NATIONAL)
    return f"{full}, or {national} as dialled in {_COUNTRY_WORDS.get(region, region)}"


def e164(text: str, region: str | None) -> str | None:
    """`text` as E.164 when it is a valid full number; None otherwise (short codes too)."""
    found = read(text, region)
    return found.value if found is not None and not found.short else None
