"""The officer screen: MRZ -> prefilled form -> crossing -> decision, and the referral pages."""

from __future__ import annotations

import html
import re
import uuid
from datetime import date

import pytest

from passage.access import Role, ScopeType
from passage.border.alerts import service as alerts_service
from passage.border.crossings.models import Crossing
from passage.border.crossings.payloads import crossing_payload, mrz_problems, values_from_mrz
from passage.border.mrz import build_td3
from passage.border.referrals.models import Referral
from passage.web.middleware import LANGUAGE_COOKIE
from tests.factories import csrf_from, demo_poe, make_user, web_login

SURNAME = "MWANGI"


def td3(surname: str = SURNAME, number: str = "AK1234567", nationality: str = "KEN") -> str:
    return build_td3(
        issuing_state=nationality,
        document_number=number,
        surname=surname,
        given_names="JOSEPH KAMAU",
        nationality=nationality,
        birth_date=date(1988, 3, 14),
        sex="M",
        expiry_date=date(2031, 5, 1),
    )


@pytest.fixture
def officer(session, client):
    poe = demo_poe(session)
    user = make_user(
        session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=str(poe.id)
    )
    session.commit()
    web_login(client, user.email)
    return user


def _csrf(client) -> str:
    return csrf_from(client.get("/border").text)


def _check(client, mrz: str, direction: str = "entry"):
    return client.post(
        "/border/check", data={"csrf_token": _csrf(client), "mrz": mrz, "direction": direction}
    )


def _form_fields(page: str) -> dict[str, str]:
    """The hidden and text inputs of the check form, as a browser would submit them."""
    fields = {}
    for match in re.finditer(r"<input ([^>]*)>", page):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        if "name" in attributes and attributes.get("type") not in ("radio", "checkbox"):
            fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    for name in ("sex", "purpose"):
        selected = re.search(rf'id="{name}".*?<option value="([^"]*)" selected', page, re.S)
        fields[name] = selected.group(1) if selected else ""
    fields.pop("language", None)
    return fields


def _register(client, mrz: str) -> str:
    page = _check(client, mrz)
    assert page.status_code == 200, page.text
    fields = _form_fields(page.text) | {"origin_iso3": "TZA", "allowed_stay_days": "30"}
    response = client.post("/border/crossings", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


# ---------------------------------------------------------------- pure helpers


def test_values_from_mrz_leaves_partial_dates_empty():
    fields = {"surname": "A", "birth_date": "1974-08-01", "birth_date_unknown_parts": ["day"]}
    values = values_from_mrz(fields)
    assert values["surname"] == "A"
    assert values["birth_date"] == ""


def test_mrz_problems_are_keyed_by_form_field():
    problems = mrz_problems(
        ["document_number: check digit is 7, expected 6", "composite: check digit is 4"]
    )
    assert problems["document_number"] == "check digit is 7, expected 6"
    assert "composite" in problems["mrz"]


def test_crossing_payload_nests_typed_values_and_splits_transits():
    payload = crossing_payload(
        {
            "poe_id": "x",
            "direction": "entry",
            "mrz": "",
            "surname": " ODHIAMBO ",
            "document_number": "",
            "transits": "uga, RWA",
            "seat": "12A",
        }
    )
    assert payload["traveller"]["surname"] == "ODHIAMBO"
    assert "document" not in payload
    assert payload["transits"] == [{"country": "UGA"}, {"country": "RWA"}]
    assert payload["mrz"] is None and payload["seat"] == "12A"


# ---------------------------------------------------------------- screens


def test_start_screen_has_the_mrz_box_focused_and_the_officers_poe(client, officer, session):
    page = client.get("/border")
    assert page.status_code == 200
    assert re.search(r"<textarea[^>]*id=\"mrz\"[^>]*autofocus", page.text)
    assert demo_poe(session).code in page.text
    assert len(page.content) < 100_000


def test_check_screen_prefills_the_form_from_the_mrz(client, officer):
    page = _check(client, td3())
    assert page.status_code == 200, page.text
    fields = _form_fields(page.text)
    assert fields["surname"] == SURNAME
    assert fields["given_names"] == "JOSEPH KAMAU"
    assert fields["document_number"] == "AK1234567"
    assert fields["birth_date"] == "1988-03-14"
    assert fields["sex"] == "M"
    assert "Entry rules (preview)" in page.text


def test_check_digit_problem_is_shown_next_to_its_field(client, officer):
    line1, line2 = td3().split("\n")
    broken = line1 + "\n" + line2[:9] + str((int(line2[9]) + 1) % 10) + line2[10:]
    page = _check(client, broken)
    assert page.status_code == 200
    assert re.search(r'id="document_number-error"[^>]*>[^<]*check digit', page.text)


def test_unreadable_mrz_stays_on_screen_one_with_the_error(client, officer):
    page = _check(client, "not an mrz")
    assert page.status_code == 422
    assert 'id="mrz-error"' in page.text


def test_why_an_mrz_is_unreadable_reads_in_the_officers_language(client, officer):
    """The MRZ reader's refusal is a catalogue sentence: in Arabic, the officer reads it in
    Arabic, its values (line, position, character) filled in."""
    client.cookies.set(LANGUAGE_COOKIE, "ar")
    page = _check(client, "P<UTO%ERIKSSON\nL898902C36")
    assert page.status_code == 422
    error = re.search(r'id="mrz-error"[^>]*>([^<]*)<', page.text)
    assert error is not None
    shown = html.unescape(error.group(1))
    assert "السطر 1، الموضع 6: حرف غير مسموح '%'" in shown, shown
    assert "illegal character" not in shown


def test_officer_registers_an_entry_and_records_the_decision(client, officer, session):
    location = _register(client, td3())
    crossing_id = uuid.UUID(location.rsplit("/", 1)[1])
    page = client.get(location)
    assert page.status_code == 200
    assert SURNAME in page.text and "Entry rules" in page.text
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    response = client.post(
        f"{location}/decision",
        data={"csrf_token": csrf_from(page.text), "version": version, "decision": "admitted"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/border?decided={crossing_id}")
    assert "Decision recorded" in client.get(response.headers["location"]).text
    session.expire_all()
    crossing = session.get(Crossing, crossing_id)
    assert crossing.decision == "admitted" and crossing.allowed_stay_days == 30


def test_the_decision_status_is_shown_in_the_officers_language(client, officer):
    location = _register(client, td3())
    client.cookies.set(LANGUAGE_COOKIE, "fr")
    page = client.get(location)
    assert '<span class="badge" id="decision-status">en attente</span>' in page.text


def test_refusal_without_reason_shows_the_error_by_the_field(client, officer, session):
    location = _register(client, td3())
    page = client.get(location)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    response = client.post(
        f"{location}/decision",
        data={"csrf_token": csrf_from(page.text), "version": version, "decision": "refused"},
    )
    assert response.status_code == 422
    assert "reason" in response.text
    session.expire_all()
    crossing_id = uuid.UUID(location.rsplit("/", 1)[1])
    assert session.get(Crossing, crossing_id).decision == "pending"


def test_watch_list_hit_must_be_resolved_before_admission(client, officer, session):
    csv = (
        "ref,names,birth_date,nationality,gender,reason\n"
        f"W-1,JOSEPH KAMAU {SURNAME},1988-03-14,KEN,M,Interpol notice\n"
    )
    alerts_service.import_into_named_list(
        session=session, name="Test watch list", kind="person", content=csv.encode()
    )
    session.commit()
    location = _register(client, td3())
    page = client.get(location)
    assert "/hits/" in page.text
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    response = client.post(
        f"{location}/decision",
        data={"csrf_token": csrf_from(page.text), "version": version, "decision": "admitted"},
    )
    assert response.status_code == 409
    assert "resolve" in response.text.lower()


def test_officer_of_another_poe_cannot_open_the_crossing(client, officer, session):
    location = _register(client, td3())
    other = make_user(
        session,
        Role.BORDER_OFFICER,
        scope_type=ScopeType.POE,
        scope_value=str(demo_poe(session, "LND-TZA-NAMANGA").id),
    )
    session.commit()
    client.cookies.clear()
    web_login(client, other.email)
    assert client.get(location).status_code in (403, 404)


# ---------------------------------------------------------------- referrals


def test_flagging_creates_a_referral_the_partner_can_accept(client, officer, session):
    location = _register(client, td3())
    page = client.get(location)
    response = client.post(
        f"{location}/referrals",
        data={
            "csrf_token": csrf_from(page.text),
            "flags": ["suspected_trafficking", "pregnancy"],
            "indicators": ["travel_debt", "documents_held_by_other"],
            "consent_given": "yes",
            "service_provider": "Namanga safe house",
            "organisation": "Kenya Red Cross",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    referral = session.query(Referral).one()
    assert referral.indicators == ["documents_held_by_other", "travel_debt"]
    assert referral.consent_recorded_at is not None
    assert "Namanga safe house" in client.get(location).text

    partner = make_user(
        session,
        Role.PARTNER_WORKER,
        scope_type=ScopeType.ORGANISATION,
        scope_value="Kenya Red Cross",
    )
    session.commit()
    client.cookies.clear()
    web_login(client, partner.email)
    listing = client.get("/referrals")
    assert f"/referrals/{referral.id}" in listing.text
    detail = client.get(f"/referrals/{referral.id}")
    assert SURNAME in detail.text
    moved = client.post(
        f"/referrals/{referral.id}/status",
        data={"csrf_token": csrf_from(detail.text), "version": "1", "status": "accepted"},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    session.expire_all()
    assert session.get(Referral, referral.id).status == "accepted"


def test_adult_referral_without_consent_is_refused_on_the_page(client, officer, session):
    location = _register(client, td3())
    page = client.get(location)
    response = client.post(
        f"{location}/referrals",
        data={
            "csrf_token": csrf_from(page.text),
            "flags": ["disability"],
            "service_provider": "Clinic",
            "organisation": "IOM",
        },
    )
    assert response.status_code == 422
    assert "consent" in response.text
    assert session.query(Referral).count() == 0


def test_other_organisation_does_not_see_the_referral(client, officer, session):
    location = _register(client, td3())
    page = client.get(location)
    client.post(
        f"{location}/referrals",
        data={
            "csrf_token": csrf_from(page.text),
            "flags": ["medical_emergency"],
            "service_provider": "Namanga clinic",
            "organisation": "Kenya Red Cross",
        },
    )
    referral = session.query(Referral).one()
    assert referral.consent_given is False
    worker = make_user(
        session, Role.CASE_WORKER, scope_type=ScopeType.ORGANISATION, scope_value="IOM"
    )
    session.commit()
    client.cookies.clear()
    web_login(client, worker.email)
    assert str(referral.id) not in client.get("/referrals").text
    assert client.get(f"/referrals/{referral.id}").status_code == 404
