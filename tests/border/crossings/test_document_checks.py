"""Document checks on the officer screen: specimen and expired documents, impossible dates,
typed fields that differ from the MRZ, minors (with the way to the vulnerability flags);
manual entry without an MRZ; no decision pre-selected; each decision's history."""

from __future__ import annotations

import re
from datetime import date

from passage.border.crossings.checks import document_checks
from passage.border.mrz import build_td3
from tests.border.crossings.test_web import _check, _csrf, _form_fields, _register, officer, td3
from tests.factories import csrf_from

__all__ = ["officer"]  # the fixture, shared with the officer-screen tests

SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
TODAY = date(2026, 12, 7)


def _codes(checks) -> set[str]:
    return {check["code"] for check in checks}


def _shown(page: str) -> set[str]:
    return set(re.findall(r'data-check="([a-z_]+)"', page))


def test_the_icao_specimen_is_a_specimen_and_expired():
    typed = {"issuing_state": "UTO", "document_number": "L898902C3", "expiry_date": "2012-04-15"}
    assert _codes(document_checks(typed=typed, mrz=None, on=TODAY)) == {"specimen", "expired"}


def test_impossible_dates_are_named():
    typed = {"birth_date": "2090-01-01", "expiry_date": "1900-01-01"}
    codes = _codes(document_checks(typed=typed, mrz=None, on=TODAY))
    assert codes == {"born_in_future", "expiry_before_birth", "expired"}
    far = document_checks(typed={"expiry_date": "2045-01-01"}, mrz=None, on=TODAY)
    assert _codes(far) == {"validity_too_long"}


def test_a_typed_field_differing_from_the_mrz_is_named_but_spelling_is_tolerated():
    mrz = {"surname": "MWANGI", "given_names": "JOSEPH KAMAU", "birth_date": "1988-03-14"}
    same = {"surname": "Mwangi", "given_names": "Joseph  Kamau", "birth_date": "1988-03-14"}
    assert document_checks(typed=same, mrz=mrz, on=TODAY) == []
    changed = same | {"birth_date": "1988-04-14"}
    (check,) = document_checks(typed=changed, mrz=mrz, on=TODAY)
    assert check["code"] == "differs_from_mrz" and check["field"] == "birth_date"


def test_a_seventeen_year_old_is_a_minor_an_eighteen_year_old_is_not():
    minor = document_checks(typed={"birth_date": "2008-12-08"}, mrz=None, on=TODAY)
    assert minor == [{"code": "minor", "field": "birth_date", "age": 17}]
    assert document_checks(typed={"birth_date": "2008-12-07"}, mrz=None, on=TODAY) == []


def test_the_check_screen_warns_of_the_specimen_passport(client, officer):
    page = _check(client, SPECIMEN)
    assert page.status_code == 200
    assert _shown(page.text) >= {"specimen", "expired"}
    assert "specimen document" in page.text and "expired on 2012-04-15" in page.text


def test_typed_impossible_dates_and_mrz_differences_are_shown_and_kept(client, officer, session):
    fields = _form_fields(_check(client, td3()).text)
    edited = fields | {"birth_date": "2090-01-01", "expiry_date": "1900-01-01", "stage": "edit"}
    page = client.post("/border/check", data=edited)
    assert _shown(page.text) >= {"born_in_future", "expiry_before_birth", "differs_from_mrz"}
    assert "the MRZ reads “1988-03-14”" in page.text
    registered = client.post("/border/crossings", data=edited, follow_redirects=False)
    crossing = client.get(registered.headers["location"])
    assert _shown(crossing.text) >= {"born_in_future", "differs_from_mrz"}


def test_a_minor_is_prompted_with_the_way_to_the_vulnerability_flags(client, officer):
    today = date.today()
    birth = date(today.year - 17, 1, 1)
    mrz = build_td3(
        issuing_state="KEN",
        document_number="AK7777777",
        surname="WANJIKU",
        given_names="AMANI",
        nationality="KEN",
        birth_date=birth,
        sex="F",
        expiry_date=date(today.year + 4, 1, 1),
    )
    check = _check(client, mrz)
    assert _shown(check.text) == {"minor"}
    crossing = client.get(_register(client, mrz))
    assert 'data-check="minor"' in crossing.text
    assert 'href="?refer=1#flag-and-refer"' in crossing.text
    assert 'id="flag-and-refer"' in crossing.text


def test_no_decision_is_pre_selected(client, officer):
    page = client.get(_register(client, td3()))
    radios = re.findall(r'<input type="radio" name="decision"[^>]*>', page.text)
    assert len(radios) == 4 and not [radio for radio in radios if "checked" in radio]


def test_manual_entry_without_an_mrz(client, officer):
    start = client.get("/border")
    assert 'name="stage" value="edit"' in start.text
    page = client.post("/border/check", data={"csrf_token": _csrf(client), "stage": "edit"})
    assert page.status_code == 200 and "Entered by hand" in page.text
    fields = _form_fields(page.text) | {"surname": "ODHIAMBO", "given_names": "PAUL"}
    fields |= {"birth_date": "1980-02-02", "nationality": "KEN"}
    registered = client.post("/border/crossings", data=fields, follow_redirects=False)
    assert registered.status_code == 303
    assert "ODHIAMBO" in client.get(registered.headers["location"]).text


def test_each_decision_shows_who_when_and_why(client, officer):
    location = _register(client, td3())
    for decision, reason in (
        ("referred_secondary", "Visa page torn"),
        ("refused", "Forged entry stamp found in secondary"),
    ):
        page = client.get(location)
        version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
        form = {"csrf_token": csrf_from(page.text), "version": version}
        done = client.post(
            f"{location}/decision", data=form | {"decision": decision, "reason": reason}
        )
        assert done.status_code == 200, done.text
    history = client.get(location).text
    section = history[history.index('id="decision-history"') :]
    assert "Visa page torn" in section and "Forged entry stamp" in section
    assert section.index("Visa page torn") < section.index("Forged entry stamp")
    assert officer.full_name in section
    assert "referred to secondary inspection" in section and "refused" in section
