"""The service's errors in the reader's language (#15.7): each message is a catalogue entry
with named values, shown translated on pages (naming the field) and in the API's `detail`."""

from __future__ import annotations

import ast
import html
import uuid
from pathlib import Path

from babel.messages.pofile import read_po

from passage.errors import Forbidden, Invalid, NotFound
from passage.kit.i18n import LOCALE_DIR, set_language
from passage.kit.readable import explain
from passage.web.middleware import LANGUAGE_COOKIE
from tests.factories import csrf_from, make_user, web_login

SOURCE_DIR = Path(__file__).resolve().parents[2] / "src" / "passage"
ERROR_CLASSES = {
    "PassageError",
    "Invalid",
    "NotAuthenticated",
    "Forbidden",
    "NotFound",
    "OutOfScope",
    "Conflict",
    "TooManyRequests",
    "Busy",
    "Refusal",
    "MRZUnreadable",
    "QRUnreadable",
    "Locked",
}


def test_a_form_error_reads_in_french(client, session):
    """A second account with the same e-mail: the refusal is the French sentence."""
    admin = make_user(session, "admin")
    taken = make_user(session, "analyst")
    session.commit()
    web_login(client, admin.email)
    client.cookies.set(LANGUAGE_COOKIE, "fr")
    page = client.get("/admin/users")
    form = {
        "csrf_token": csrf_from(page.text),
        "email": taken.email,
        "full_name": "Amina Diallo",
        "password": "a long enough password 42",
        "role": "analyst",
    }
    response = client.post("/admin/users", data=form)
    assert response.status_code == 409
    text = html.unescape(response.text)
    assert f"un compte avec l'adresse {taken.email} existe déjà" in text
    assert "already exists" not in text


def test_an_error_page_reads_in_arabic(client, session):
    """An unknown measure opened in Arabic: the page says so in Arabic."""
    analyst = make_user(session, "analyst")
    session.commit()
    web_login(client, analyst.email)
    client.cookies.set(LANGUAGE_COOKIE, "ar")
    response = client.get(f"/measures/{uuid.uuid4()}")
    assert response.status_code == 404
    assert "لا يوجد هذا التدبير" in response.text
    assert "no such measure" not in response.text


def test_the_api_detail_follows_accept_language_in_the_same_shape(client):
    """The API answers in the caller's language, keeping its one error shape; English by
    default."""
    path = f"/api/v1/measures/{uuid.uuid4()}"
    spanish = client.get(path, headers={"Accept-Language": "es"})
    assert spanish.status_code == 404
    assert spanish.json() == {"error": "not_found", "detail": "no existe esa medida", "field": None}
    assert client.get(path).json()["detail"] == "no such measure"


def test_a_message_with_values_is_translated_then_filled_and_names_its_field():
    """The template is the catalogue entry; the values are filled in after translating, and
    the field is named as people would name it, in their language."""
    error = Invalid(
        "unknown country %(country_iso3)s", params={"country_iso3": "XKX"}, field="country_iso3"
    )
    assert error.message == "unknown country XKX"  # logs, audit trail and CLI stay English
    set_language("fr")
    try:
        assert explain(error) == "Pays: pays inconnu XKX"
        assert explain(error, name_field=False) == "pays inconnu XKX"
        assert explain(NotFound("no such measure")) == "mesure introuvable"
    finally:
        set_language("en")


def _error_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in ERROR_CLASSES:
                yield node, node.args[0]


def _literal(message: ast.expr) -> str | None:
    """The message text when it is written at the call (directly or marked with N_)."""
    if isinstance(message, ast.Call) and getattr(message.func, "id", None) == "N_":
        message = message.args[0]
    if isinstance(message, ast.Constant) and isinstance(message.value, str):
        return message.value
    return None


def test_every_error_message_is_a_catalogue_entry():
    """No f-string or formatted message reaches an error (its values go in `params`), and
    every message written at a raise site is in the catalogue template, so it is translated."""
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        catalogued = {message.id for message in read_po(pot) if message.id}
    formatted, missing = [], []
    for path in sorted(SOURCE_DIR.rglob("*.py")):
        where = path.relative_to(SOURCE_DIR)
        for call, message in _error_calls(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(message, ast.JoinedStr | ast.BinOp) or (
                isinstance(message, ast.Call) and getattr(message.func, "attr", None) == "format"
            ):
                formatted.append(f"{where}:{call.lineno}")
            elif (text := _literal(message)) is not None and text not in catalogued:
                missing.append(f"{where}:{call.lineno} {text!r}")
    assert not formatted, f"messages built by formatting (use params=...): {formatted}"
    assert not missing, f"messages missing from messages.pot (run scripts/i18n.sh): {missing}"


def test_a_new_alert_list_of_an_unknown_kind_is_refused_with_a_sentence(client, session):
    """The alert-list form names the field in a sentence, never pydantic's text (#15.6)."""
    admin = make_user(session, "admin")
    session.commit()
    web_login(client, admin.email)
    page = client.get("/alert-lists")
    form = {"csrf_token": csrf_from(page.text), "name": "Watch", "kind": "people"}
    response = client.post("/alert-lists", data=form)
    assert response.status_code == 422
    assert "Kind must be one of: person or document." in html.unescape(response.text)
    assert "Input should" not in response.text


def test_a_country_in_a_message_reads_as_its_name_in_the_readers_language(app):
    """A country code given as a message's `country` is the country's name on the page (the
    log keeps the code); a value that is no country's code stays as it was typed."""
    error = Forbidden("%(country)s is outside your scope", params={"country": "KEN"})
    assert error.message == "KEN is outside your scope"
    set_language("ar")
    try:
        assert "كينيا" in explain(error) and "KEN" not in explain(error)
        typed = Invalid("country '%(country)s' is not an ISO 3166 code", params={"country": "ZZQ"})
        assert "ZZQ" in explain(typed)
    finally:
        set_language("en")
    assert explain(error) == "Kenya is outside your scope"
