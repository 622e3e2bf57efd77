"""Translations: catalogues in step with the sources, placeholders intact, pages per language."""

from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy.orm import Session

from passage.kit.i18n import LOCALE_DIR
from passage.web.middleware import LANGUAGE_COOKIE
from tests.factories import csrf_from, make_user, web_login

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = ROOT / "src" / "passage"
TEMPLATE_PATH = LOCALE_DIR / "messages.pot"
TRANSLATED = ["fr", "es", "ar"]
# The error family's messages are catalogue entries too (passage/errors.py, scripts/i18n.sh).
ERROR_CLASSES = ("PassageError", "Invalid", "NotAuthenticated", "Forbidden", "NotFound")
ERROR_CLASSES += ("OutOfScope", "Conflict", "TooManyRequests", "Busy", "Locked")
# Pure engines refuse their input the same way (errors.Refusal).
ERROR_CLASSES += ("Refusal", "MRZUnreadable", "QRUnreadable")
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_": None,
    "ngettext_": (1, 2),
    **dict.fromkeys(ERROR_CLASSES, None),
}
# Every printf-style directive: with newstyle gettext each msgstr goes through `%` formatting.
DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]?")
HINT = "run scripts/i18n.sh (make i18n) and translate the new entries in every messages.po"


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalog
        if message.id
    }


def _texts(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@lru_cache
def _catalogue(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=language, abort_invalid=True)


def _translated(language: str, msgid: str) -> str:
    message = _catalogue(language).get(msgid)
    assert message is not None and isinstance(message.string, str) and message.string
    return message.string


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The message template regenerated from the sources, round-tripped through a temp file."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config, "babel.cfg")
    catalog = Catalog(project="Passage")
    for filename, lineno, message, comments, context in extract_from_dir(
        SOURCE_DIR, method_map, options_map, keywords=KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    path = tmp_path_factory.mktemp("i18n") / "messages.pot"
    with path.open("wb") as pot_file:
        write_po(pot_file, catalog)
    with path.open("rb") as pot_file:
        return read_po(pot_file)


def test_extraction_finds_template_and_python_strings(extracted: Catalog) -> None:
    ids = _ids(extracted)
    assert "Page %(page)s of %(pages)s" in ids  # a template string with placeholders
    assert "Create users and grant roles" in ids  # a Python string from web/dashboard.py


def test_committed_template_matches_the_sources(extracted: Catalog) -> None:
    with TEMPLATE_PATH.open("rb") as pot_file:
        committed = _ids(read_po(pot_file))
    fresh = _ids(extracted)
    assert not fresh - committed, (
        f"strings missing from messages.pot: {sorted(map(str, fresh - committed))}; {HINT}"
    )
    assert not committed - fresh, (
        f"stale strings in messages.pot: {sorted(map(str, committed - fresh))}; {HINT}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_translates_every_string_of_the_sources(
    language: str, extracted: Catalog
) -> None:
    catalogue = _catalogue(language)
    untranslated = [
        str(msgid)
        for msgid in _ids(extracted)
        if (message := catalogue.get(msgid)) is None or not all(_texts(message.string))
    ]
    assert not untranslated, f"{language}: untranslated {sorted(untranslated)}; {HINT}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_no_fuzzy_or_empty_entries(language: str) -> None:
    catalogue = _catalogue(language)
    assert not catalogue.fuzzy, f"{language}: the catalogue header is marked fuzzy"
    fuzzy = [str(message.id) for message in catalogue if message.id and message.fuzzy]
    empty = [
        str(message.id) for message in catalogue if message.id and not all(_texts(message.string))
    ]
    assert not fuzzy, f"{language}: fuzzy entries {fuzzy}"
    assert not empty, f"{language}: empty msgstr {empty}"
    assert len(catalogue) > 0


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_passes_babel_checks(language: str) -> None:
    problems = [
        (str(message.id), [str(error) for error in errors])
        for message, errors in _catalogue(language).check()
    ]
    assert not problems, f"{language}: {problems}"


def _placeholder_problems(message: Message) -> list[str]:
    wanted = Counter(DIRECTIVE.findall(_texts(message.id)[-1]))
    problems = []
    for text in _texts(message.string):
        found = Counter(DIRECTIVE.findall(text))
        if found != wanted:
            problems.append(
                f"{text!r} has {sorted(found.elements())}, expected {sorted(wanted.elements())}"
            )
    return problems


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_match_the_source_strings(language: str) -> None:
    problems = [
        f"{message.id!r}: {problem}"
        for message in _catalogue(language)
        if message.id
        for problem in _placeholder_problems(message)
    ]
    assert not problems, f"{language}: " + "; ".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_formats_like_its_source(language: str) -> None:
    for message in _catalogue(language):
        if not message.id:
            continue
        names = set(re.findall(r"%\(([^)]*)\)", " ".join(_texts(message.id))))
        values = {name: "7" for name in names}
        for text in _texts(message.string):
            assert isinstance(text % values, str), message.id  # raises on a broken directive


def test_placeholder_check_catches_a_renamed_or_dropped_placeholder() -> None:
    renamed = Message("Page %(page)s of %(pages)s", "Page %(page)s sur %(total)s")
    dropped = Message("Signed in as %(name)s", "Connecté")
    stray = Message("Welcome", "Bienvenue à 100%")
    kept = Message("Page %(page)s of %(pages)s", "%(pages)s : page %(page)s")
    assert _placeholder_problems(renamed)
    assert _placeholder_problems(dropped)
    assert _placeholder_problems(stray)
    assert not _placeholder_problems(kept)


def test_arabic_plural_forms_follow_cldr() -> None:
    catalogue = _catalogue("ar")
    assert catalogue.num_plurals == 6
    plural = gettext.c2py(catalogue.plural_expr)
    # zero, one, two, few (3-10), many (11-99), other (100-102) — modulo 100 beyond that.
    expected = {
        0: 0,
        1: 1,
        2: 2,
        3: 3,
        10: 3,
        11: 4,
        99: 4,
        100: 5,
        101: 5,
        102: 5,
        103: 3,
        111: 4,
        1000: 5,
    }
    assert {n: plural(n) for n in expected} == expected


@pytest.mark.parametrize(("language", "plural_count"), [("fr", 2), ("es", 2)])
def test_french_and_spanish_have_two_plural_forms(language: str, plural_count: int) -> None:
    catalogue = _catalogue(language)
    plural = gettext.c2py(catalogue.plural_expr)
    assert catalogue.num_plurals == plural_count
    assert plural(1) == 0 and plural(2) == 1
    assert plural(0) == (0 if language == "fr" else 1)  # French: "0 point d'entrée"


# Pages: (path, a string shown on it). The anonymous home page is the public landing page.
PAGES = [
    ("/", "Staff sign-in"),
    ("/", "Points of entry"),
    ("/login", "Sign in"),
    ("/login", "Password"),
]


def _html_tag(body: str) -> str:
    match = re.search(r"<html[^>]*>", body)
    assert match, "no <html> element"
    return match.group(0)


def _assert_page_in(body: str, language: str, msgid: str) -> None:
    assert str(escape(_translated(language, msgid))) in body
    assert msgid not in body, f"untranslated {msgid!r} on a {language} page"
    tag = _html_tag(body)
    assert f'lang="{language}"' in tag
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in tag


@pytest.mark.parametrize(("path", "msgid"), PAGES)
@pytest.mark.parametrize("language", TRANSLATED)
def test_page_renders_in_the_language_of_the_cookie(
    client: TestClient, language: str, path: str, msgid: str
) -> None:
    client.cookies.set(LANGUAGE_COOKIE, language)
    response = client.get(path)
    assert response.status_code == 200
    _assert_page_in(response.text, language, msgid)


@pytest.mark.parametrize(("path", "msgid"), PAGES)
@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("fr", "fr-CH, fr;q=0.9, en;q=0.8"),
        ("es", "es-419,es;q=0.9"),
        ("ar", "ar-EG,ar;q=0.9,en;q=0.5"),
    ],
)
def test_page_renders_in_the_language_of_the_browser(
    client: TestClient, language: str, header: str, path: str, msgid: str
) -> None:
    response = client.get(path, headers={"Accept-Language": header})
    assert response.status_code == 200
    _assert_page_in(response.text, language, msgid)


def test_english_pages_show_the_source_strings_left_to_right(client: TestClient) -> None:
    body = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert "Sign in" in body and "Password" in body
    tag = _html_tag(body)
    assert 'lang="en"' in tag and 'dir="ltr"' in tag


def test_cookie_wins_over_the_browser_language(client: TestClient) -> None:
    client.cookies.set(LANGUAGE_COOKIE, "ar")
    body = client.get("/login", headers={"Accept-Language": "es"}).text
    _assert_page_in(body, "ar", "Sign in")


def test_unknown_cookie_falls_back_to_the_browser_language(client: TestClient) -> None:
    client.cookies.set(LANGUAGE_COOKIE, "xx")
    body = client.get("/login", headers={"Accept-Language": "fr"}).text
    _assert_page_in(body, "fr", "Sign in")


@pytest.mark.parametrize("language", TRANSLATED)
def test_dashboard_translates_python_strings(
    client: TestClient, session: Session, language: str
) -> None:
    user = make_user(session, "admin")
    web_login(client, user.email)
    client.cookies.set(LANGUAGE_COOKIE, language)
    body = client.get("/").text
    for msgid in ("Dashboard", "Create users and grant roles", "Review and verify the log"):
        assert str(escape(_translated(language, msgid))) in body, msgid
        assert msgid not in body, msgid
    assert f'lang="{language}"' in _html_tag(body)


@pytest.mark.parametrize("language", TRANSLATED)
def test_language_switch_sets_the_cookie_and_goes_back(client: TestClient, language: str) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/language",
        data={"language": language, "next": "/login", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert response.cookies.get(LANGUAGE_COOKIE) == language
    followed = client.get(response.headers["location"])
    _assert_page_in(followed.text, language, "Sign in")


def test_language_switch_ignores_an_unknown_language(client: TestClient) -> None:
    token = csrf_from(client.get("/").text)
    response = client.post(
        "/language",
        data={"language": "xx", "next": "/", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert LANGUAGE_COOKIE not in response.cookies


def test_language_switch_does_not_redirect_off_site(client: TestClient) -> None:
    token = csrf_from(client.get("/").text)
    response = client.post(
        "/language",
        data={"language": "fr", "next": "//evil.example/", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_language_switch_requires_the_csrf_token(client: TestClient) -> None:
    client.get("/")
    response = client.post(
        "/language", data={"language": "fr", "next": "/"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert LANGUAGE_COOKIE not in response.cookies
