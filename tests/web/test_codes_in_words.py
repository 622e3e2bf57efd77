"""Codes are shown as words in the user's language: decisions, effects, measure types, POE
scopes, groups allowed to cross (#15.7)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from passage.kit.i18n import set_language
from passage.restrictions import service
from passage.restrictions.labels import measure_type_label, poe_scope_label, who_may_cross_label
from passage.restrictions.schemas import PoeStatusCreate
from passage.web.middleware import LANGUAGE_COOKIE
from tests.factories import csrf_from, demo_poe, make_user, web_login
from tests.journeys.test_api_cli_web import VERIFIED
from tests.restrictions.factories import make_measure


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.nodes.append(data.strip())


def _nodes(html: str) -> list[str]:
    """The page's text nodes (attributes such as data-decision are not shown)."""
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def _visible(html: str) -> str:
    return " ".join(_nodes(html))


def _in(language: str, label, code: str) -> str:
    set_language(language)
    try:
        return label(code)
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_travel_answer_shows_words_not_codes(client, session, language):
    make_measure(session, last_verified_on=VERIFIED)
    session.commit()
    client.cookies.set(LANGUAGE_COOKIE, language)
    page = client.get("/travel")
    form = {
        "csrf_token": csrf_from(page.text),
        "nationality": "FRA",
        "origin": "FRA",
        "destination": "KEN",
        "mode": "air",
        "arrival_date": "2020-04-01",
    }
    html = client.post("/travel", data=form).text
    text = _visible(html)
    assert "ADMIT_WITH_CONDITIONS" not in text and "condition" not in _nodes(html)
    assert _in(language, measure_type_label, "quarantine") in text


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_measure_types_and_poe_scopes_are_words_in_the_editor(client, session, language):
    coordinator = make_user(session, "coordinator")
    session.commit()
    web_login(client, coordinator.email)
    client.cookies.set(LANGUAGE_COOKIE, language)
    text = _visible(client.get("/measures/new").text)
    assert "complete_closure" not in text and "entry_restriction" not in text
    assert _in(language, measure_type_label, "complete_closure") in text
    assert _in(language, poe_scope_label, "named") in text


def test_groups_allowed_to_cross_are_words(client, session):
    coordinator = make_user(session, "coordinator")
    poe = demo_poe(session)
    data = PoeStatusCreate(
        status="partially_operational",
        effective_from="2020-04-01",
        who_may_cross=["idps", "goods_only"],
    )
    service.record_poe_status(session=session, poe_id=poe.id, data=data, actor=None)
    session.commit()
    web_login(client, coordinator.email)
    client.cookies.set(LANGUAGE_COOKIE, "fr")
    text = _visible(client.get(f"/poes/{poe.id}/status").text)
    assert "idps" not in text and "goods_only" not in text and "goods only" not in text
    assert _in("fr", who_may_cross_label, "idps") in text
