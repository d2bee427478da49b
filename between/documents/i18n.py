"""A gettext for one language, for the core's ``translate`` parameters.

The core (documents, automatic messages, voicemail greeting) never imports Django; it
takes a plain ``str -> str`` function. This makes one from Django's catalogues
(``between/locale/<lang>/LC_MESSAGES/django.mo``), so a client's language can be chosen
per call without touching the active language of the thread.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext, override

LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def translator(language: str) -> Callable[[str], str]:
    """``translator("es")("I do not text.")`` -> "No uso mensajes de texto."

    Raises ValueError for a language the project does not offer (settings.LANGUAGES).
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")

    def translate(message: str) -> str:
        if not message:
            return message  # gettext("") is the catalogue's header, never a text
        with override(language):
            return gettext(message)

    return translate
