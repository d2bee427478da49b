"""How long a text message is, in the units a carrier bills: for the composer's counter.

A text goes as GSM-7 when every character is in the GSM 03.38 alphabet (its extension
table's characters, such as € and [, take two septets), else as UCS-2, counted in UTF-16
code units (an emoji takes two). One segment holds 160 septets or 70 code units; a longer
text is split into parts of 153 or 67, because each part carries a header. The static
composer script (messaging/composer.js) counts the same way, so what the box shows while
typing is what the page shows after sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from between.core.privacy_lint import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    GSM7_PART,
    GSM7_SINGLE,
    UCS2_PART,
    UCS2_SINGLE,
    sms_encoding,
    sms_segments,
)

__all__ = ["GSM7_BASIC", "GSM7_EXTENSION", "SmsLength", "sms_length"]


@dataclass(frozen=True)
class SmsLength:
    encoding: Literal["GSM-7", "UCS-2"]
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    per_segment: int  # what one segment holds at this length: 160/153 or 70/67

    @property
    def summary(self) -> str:
        """In staff words: "42 characters · 1 text message"."""
        parts = "text message" if self.segments == 1 else "text messages"
        text = f"{self.units} characters · {self.segments} {parts}"
        if self.encoding == "UCS-2" and self.units:
            text += " (special characters: 70 per message)"
        return text


def sms_length(text: str) -> SmsLength:
    encoding = sms_encoding(text)
    if encoding == "GSM-7":
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        single, part = GSM7_SINGLE, GSM7_PART
    else:
        units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
        single, part = UCS2_SINGLE, UCS2_PART
    return SmsLength(
        encoding=encoding,
        units=units,
        segments=sms_segments(text),
        per_segment=single if units <= single else part,
    )
