"""Django's console email backend with the recipients masked (``BETWEEN_EMAIL_BACKEND=
console``, the default with DEBUG on): a developer sees what would have been sent, not
whose address it went to."""

from __future__ import annotations

from typing import Any

from django.core.mail.backends import console

from between.core.masking import mask_address_header

MASKED_HEADERS = ("To", "Cc", "Reply-To")


class EmailBackend(console.EmailBackend):
    def write_message(self, message: Any) -> None:
        msg = message.message()
        for header in MASKED_HEADERS:
            value = msg[header]
            if value is not None:
                del msg[header]
                msg[header] = mask_address_header(str(value))
        charset = msg.get_charset().get_output_charset() if msg.get_charset() else "utf-8"
        self.stream.write(f"{msg.as_bytes().decode(charset)}\n")
        self.stream.write("-" * 79 + "\n")
