"""Translations from gettext catalogues (.po, compiled in memory) and the request's language."""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
# Languages whose catalogue covers every string: offered on every page.
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
# Languages whose catalogue covers the public feedback pages only (see docs/i18n.md): offered
# on those pages; any other string falls back to English.
PARTIAL_LANGUAGES: dict[str, str] = {"so": "Soomaali"}
PUBLIC_LANGUAGES: dict[str, str] = LANGUAGES | PARTIAL_LANGUAGES
RTL_LANGUAGES = frozenset({"ar"})
DEFAULT_LANGUAGE = "en"

_current: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


@lru_cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of a language, compiled from its .po file once per process."""
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(language: str) -> None:
    """Make a language current for this request or task."""
    _current.set(language if language in PUBLIC_LANGUAGES else DEFAULT_LANGUAGE)


def current_language() -> str:
    """The language of the current request or task."""
    return _current.get()


def gettext_(message: str) -> str:
    """Translate a message into the current language."""
    return translations(current_language()).gettext(message)


def N_(message: str) -> str:
    """Mark a message for the catalogues; it is translated later, where it is shown."""
    return message


def ngettext_(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count into the current language."""
    return translations(current_language()).ngettext(singular, plural, n)


def negotiate(accept_language: str | None) -> str:
    """The best supported language from an Accept-Language header."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in PUBLIC_LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def language_name(code: str | None) -> str:
    """A language (an ISO 639 code such as "sw") by its name in the reader's language."""
    if not code:
        return ""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(current_language())
    except (ValueError, UnknownLocaleError):
        return code
    return name or code
