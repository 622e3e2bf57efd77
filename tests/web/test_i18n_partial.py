"""Partial catalogues (Somali): the public feedback pages are wholly translated, every other
string falls back to English; Somali is offered on those pages only.

Two checks of "wholly": every string whose source is one of the public pages' files
(PARTIAL_SCOPE, the list scripts/i18n.sh reports on) has a Somali translation, and rendering
each public page and answer in Somali (the form, its errors, a refused photo, the sent page, a
repeat send, following by code with and without an answer, throttling, the manifest, the API's
public errors) looks up no string that the catalogue lacks."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from passage.config import get_settings
from passage.kit import i18n
from passage.web.middleware import LANGUAGE_COOKIE
from tests.factories import bearer, csrf_from, token_for
from tests.feedback.helpers import handler, payload

PARTIAL = ["so"]
SCOPE_LINE = re.compile(r'^PARTIAL_SCOPE="([^"]+)"', re.MULTILINE)
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "i18n.sh"
PARTIAL_SCOPE = tuple(
    "src/passage/" + path for path in SCOPE_LINE.search(SCRIPT.read_text()).group(1).split()
)


def _catalogue(language: str):
    with (i18n.LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=language, abort_invalid=True)


def _texts(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value or ())


def test_the_scope_names_the_public_pages_files_that_exist():
    root = SCRIPT.parents[1]
    assert "src/passage/templates/feedback/submit.html" in PARTIAL_SCOPE
    assert all((root / path).is_file() for path in PARTIAL_SCOPE), PARTIAL_SCOPE


@pytest.mark.parametrize("language", PARTIAL)
def test_every_string_of_the_public_pages_files_is_translated(language):
    catalogue = _catalogue(language)
    scoped = [
        m for m in catalogue if m.id and any(f.endswith(PARTIAL_SCOPE) for f, _ in m.locations)
    ]
    missing = [str(m.id) for m in scoped if m.fuzzy or not all(_texts(m.string))]
    assert len(scoped) > 50
    assert not missing, f"{language}: untranslated public strings {missing}"


@pytest.mark.parametrize("language", PARTIAL)
def test_the_partial_catalogue_passes_babel_and_placeholder_checks(language):
    catalogue = _catalogue(language)
    assert not catalogue.fuzzy
    assert not [m.id for m, errors in catalogue.check() if errors]
    for message in catalogue:
        if not message.id or not all(_texts(message.string)):
            continue
        names = set(re.findall(r"%\(([^)]*)\)", " ".join(_texts(message.id))))
        for text in _texts(message.string):
            assert set(re.findall(r"%\(([^)]*)\)", text)) == names, message.id


class _Recording(gettext.NullTranslations):
    """The real catalogue, noting each looked-up string it has no translation for."""

    def __init__(self, real: gettext.NullTranslations, missed: set[str]):
        super().__init__()
        self.real, self.missed = real, missed

    def gettext(self, message: str) -> str:
        if message not in getattr(self.real, "_catalog", {}):
            self.missed.add(message)
        return self.real.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if (singular, 0) not in getattr(self.real, "_catalog", {}):
            self.missed.add(singular)
        return self.real.ngettext(singular, plural, n)


@pytest.fixture
def missed(monkeypatch) -> set[str]:
    found: set[str] = set()
    real = i18n.translations
    monkeypatch.setattr(
        i18n,
        "translations",
        lambda language: (
            _Recording(real(language), found) if language in PARTIAL else real(language)
        ),
    )
    return found


def _form_post(client: TestClient, path: str, data: dict, **kwargs):
    token = csrf_from(client.get(path).text)
    return client.post(path, data={"csrf_token": token} | data, **kwargs)


def _walk_public_pages(client: TestClient, session: Session) -> list[str]:
    """Every public feedback page and answer a person can meet; their bodies."""
    bodies = [client.get("/feedback").text, client.get("/feedback/follow").text]
    bodies.append(_form_post(client, "/feedback", {"message": "x"}).text)  # two errors
    bodies.append(
        _form_post(
            client,
            "/feedback",
            {"category": "question", "message": "Goorma ayaa qaybintu bilaabanaysaa?"},
            files={"photos": ("a.txt", b"not a photo", "text/plain")},
        ).text
    )
    sent = _form_post(
        client,
        "/feedback",
        {
            "category": "trafficking",
            "message": "Baabuur dad ka buuxaan",
            "client_id": "so-test-0001",
        },
    )
    bodies.append(sent.text)
    bodies.append(
        _form_post(
            client,
            "/feedback",
            {"category": "trafficking", "message": "Baabuur", "client_id": "so-test-0001"},
        ).text
    )
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", sent.text).group(0)
    bodies.append(_form_post(client, "/feedback/follow", {"code": code}).text)
    bodies.append(_form_post(client, "/feedback/follow", {"code": "WRONG"}).text)
    bodies.append(client.get("/feedback/manifest.webmanifest").text)
    bodies.append(client.post("/api/v1/feedback", json=payload(category="nothing")).text)
    bodies.append(client.post("/api/v1/feedback/status", json={"code": "WRONG"}).text)
    bodies.append(_answered(client, session))
    return bodies


def _answered(client: TestClient, session: Session) -> str:
    code = client.post("/api/v1/feedback", json=payload()).json()["code"]
    token = token_for(session, handler(session))
    session.commit()
    items = client.get("/api/v1/feedback", headers=bearer(token)).json()["items"]
    item = next(
        i for i in items if i["status"] == "received" and i["category"] == "service_complaint"
    )
    answer = {
        "version": item["version"],
        "answer": "Biyaha waa la keenay.",
        "answer_language": "so",
    }
    client.post(f"/api/v1/feedback/{item['id']}/actions/answer", json=answer, headers=bearer(token))
    return _form_post(client, "/feedback/follow", {"code": code}).text


@pytest.mark.parametrize("language", PARTIAL)
def test_every_public_page_renders_wholly_translated(client, session, missed, language):
    client.cookies.set(LANGUAGE_COOKIE, language)
    bodies = _walk_public_pages(client, session)
    assert f'<html lang="{language}" dir="ltr">' in bodies[0]
    assert "Noo sheeg" in bodies[0]  # "Tell us"
    assert "Biyaha waa la keenay." in bodies[-1]  # the answer is read with the code
    assert not missed, f"{language}: strings without a translation on public pages {sorted(missed)}"


@pytest.mark.parametrize("language", PARTIAL)
def test_throttling_messages_are_translated(client, missed, monkeypatch, language):
    monkeypatch.setattr(get_settings(), "feedback_submissions_per_hour", 1)
    monkeypatch.setattr(get_settings(), "feedback_code_failures_per_hour", 1)
    client.cookies.set(LANGUAGE_COOKIE, language)
    for _ in range(3):
        client.post("/api/v1/feedback", json=payload())
        client.post("/api/v1/feedback/status", json={"code": "WRONG"})
    limited = client.post("/api/v1/feedback", json=payload())
    assert limited.status_code == 429
    assert not missed, sorted(missed)


def test_a_staff_page_in_somali_falls_back_to_english(client):
    client.cookies.set(LANGUAGE_COOKIE, "so")
    body = client.get("/login").text
    assert "Sign in" in body  # not in the Somali catalogue: English


def test_somali_is_offered_on_the_public_feedback_pages_only(client):
    public = client.get("/feedback").text
    assert '<option value="so" lang="so"' in public
    staff = client.get("/login").text
    assert 'value="so"' not in staff


def test_a_somali_browser_gets_the_page_in_somali_and_the_switch_accepts_it(client):
    page = client.get("/feedback", headers={"Accept-Language": "so-SO,so;q=0.9,en;q=0.5"})
    assert 'lang="so"' in page.text and "Noo sheeg" in page.text
    token = csrf_from(client.get("/feedback").text)
    switched = client.post(
        "/language",
        data={"language": "so", "next": "/feedback", "csrf_token": token},
        follow_redirects=False,
    )
    assert switched.cookies.get(LANGUAGE_COOKIE) == "so"
