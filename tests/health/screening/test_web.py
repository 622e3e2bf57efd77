"""Screening pages, used as a browser would without JavaScript (forms, redirects, text)."""

from __future__ import annotations

import re

from sqlalchemy import select

from passage.access import Role
from passage.health.screening.models import HealthScreening
from tests.factories import csrf_from
from tests.health.helpers import post_form, sign_in


def test_screening_form_to_result_to_case(client, session, poe):
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    form = client.get(f"/health/screenings/new?poe_id={poe.id}")
    assert form.status_code == 200 and 'name="symptoms"' in form.text
    done = post_form(
        client,
        "/health/screenings",
        f"/health/screenings/new?poe_id={poe.id}",
        {
            "poe_id": str(poe.id),
            "surname": "WANJIKU",
            "given_names": "ESTHER",
            "arrival_date": "",
            "temperature_c": "38.7",
            "symptoms": ["rash", "headache"],
            "countries_visited": "COD 2026-11-25, UGA",
            "contact_with_case": "yes",
            "evidence_kind": "none",
        },
    )
    assert done.status_code == 303, done.text
    result = client.get(done.headers["location"])
    assert "Isolate and refer" in result.text and "Rash or skin lesions" in result.text
    assert "criteria revision" in result.text
    item = session.scalars(select(HealthScreening)).one()
    assert item.countries_visited[0] == {"country": "COD", "left_on": "2026-11-25"}
    case_link = re.search(r'href="(/health/cases/[0-9a-f-]+)"', result.text)
    assert case_link, "an isolate-and-refer screening opens a case"
    case_page = client.get(case_link.group(1))
    assert "Follow-up" in case_page.text and "Refer to a health facility" in case_page.text


def test_form_errors_are_shown_beside_the_fields(client, session, poe):
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    refused = post_form(
        client,
        "/health/screenings",
        f"/health/screenings/new?poe_id={poe.id}",
        {"poe_id": str(poe.id), "surname": "", "nationality": "Kenya", "temperature_c": "55"},
    )
    assert refused.status_code == 422
    assert 'id="surname-error"' in refused.text or 'id="nationality-error"' in refused.text


def test_mrz_prefills_the_identity(client, session, poe):
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    mrz = (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    )
    filled = post_form(
        client,
        "/health/screenings/new",
        f"/health/screenings/new?poe_id={poe.id}",
        {"poe_id": str(poe.id), "mrz": mrz},
    )
    assert filled.status_code == 200
    assert 'value="ERIKSSON"' in filled.text and 'value="1974-08-12"' in filled.text


def test_border_officers_see_the_clearance_and_no_health_page(client, session, poe):
    sign_in(client, session, Role.BORDER_OFFICER, "poe", str(poe.id))
    page = client.get("/border")
    registered = client.post(
        "/border/crossings",
        data={
            "csrf_token": csrf_from(page.text),
            "poe_id": str(poe.id),
            "direction": "entry",
            "surname": "OTIENO",
            "given_names": "GRACE",
        },
        follow_redirects=False,
    )
    assert registered.status_code == 303, registered.text
    crossing_path = registered.headers["location"]
    crossing_id = crossing_path.rsplit("/", 1)[1]
    assert "Health clearance" in client.get(crossing_path).text
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    prefilled = client.get(f"/health/screenings/new?crossing_id={crossing_id}")
    assert 'value="OTIENO"' in prefilled.text
    post_form(
        client,
        "/health/screenings",
        f"/health/screenings/new?crossing_id={crossing_id}",
        {
            "poe_id": str(poe.id),
            "crossing_id": crossing_id,
            "surname": "OTIENO",
            "temperature_c": "39.1",
            "symptoms": ["cough"],
            "contact_with_case": "yes",
        },
    )
    sign_in(client, session, Role.BORDER_OFFICER, "poe", str(poe.id))
    seen = client.get(crossing_path).text
    clearance = re.search(r'id="health-clearance".*?</div>', seen, re.S).group(0)
    assert "referred" in clearance
    for leak in ("39.1", "Cough", "Isolate", "Ebola", "COVID"):
        assert leak not in seen
    for path in ("/health", "/health/cases", "/health/interest", "/health/certificates"):
        assert client.get(path).status_code == 403, path
    assert not re.findall(r'href="/health', client.get("/").text)


def test_administrators_edit_criteria_but_read_no_health_record(client, session, poe):
    sign_in(client, session, Role.ADMIN)
    form = client.get("/admin/health/criteria/mpox")
    assert form.status_code == 200 and 'name="case_definition"' in form.text
    values = {
        "disease_code": "mpox",
        "based_on_revision": "1",
        "name": "Mpox",
        "case_definition": "Unexplained acute rash or lesions after contact with a case.",
        "incubation_days": "21",
        "fever_threshold_c": "38.5",
        "symptoms": ["rash", "fever"],
        "decisive_symptoms": ["rash"],
        "min_symptoms": "2",
        "affected_countries": "COD BDI",
        "exposure_is_link": "yes",
        "is_active": "yes",
        "outcome_signs_and_link": "isolate_refer",
        "outcome_signs_only": "secondary_assessment",
        "outcome_link_only": "secondary_assessment",
        "change_note": "clade Ib event",
    }
    saved = post_form(client, "/admin/health/criteria", "/admin/health/criteria/mpox", values)
    assert saved.status_code == 303, saved.text
    page = client.get(saved.headers["location"]).text
    assert "clade Ib event" in page and "BDI COD" in page
    for path in ("/health", "/health/cases", "/health/interest"):
        assert client.get(path).status_code == 403
    assert client.get("/admin/health/certificates").status_code == 200
    mail = client.get("/admin/health/mail")
    assert mail.status_code == 200
    assert "the PASSAGE_SMTP_* environment variables" in mail.text  # words, not a code
