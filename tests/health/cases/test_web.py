"""Case and travellers-of-interest pages, used as a browser would without JavaScript."""

from __future__ import annotations

import re

from sqlalchemy import select

from passage.access import Role
from passage.health.cases.models import FollowUpTask, PortHealthCase
from passage.health.screening.models import HealthScreening
from passage.kit.clock import today
from passage.protection.referrals import service as referrals
from passage.protection.referrals.schemas import ProviderCreate
from passage.web.middleware import LANGUAGE_COOKIE
from tests.dashboard import dashboard_figure
from tests.health.helpers import post_form, sign_in
from tests.protection.helpers import staff


def test_case_actions_through_the_forms(client, session, poe):
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    created = post_form(
        client,
        "/health/screenings",
        f"/health/screenings/new?poe_id={poe.id}",
        {"poe_id": str(poe.id), "surname": "KAMAU", "contact_with_case": "yes"},
    )
    screening_path = created.headers["location"]
    opened = post_form(client, f"{screening_path}/case", screening_path, {})
    assert opened.status_code == 303
    case_path = opened.headers["location"]
    case = session.scalars(select(PortHealthCase)).one()
    task = client.get(case_path)
    task_id = re.search(r'id="task-([0-9a-f-]+)"', task.text).group(1)
    followed = post_form(
        client,
        f"{case_path}/follow-ups/{task_id}",
        case_path,
        {"version": "1", "outcome": "well", "temperature_c": "36.4", "notes": "called"},
    )
    assert followed.status_code == 303
    stale = post_form(
        client, f"{case_path}/closure", case_path, {"version": "99", "reason": "discarded"}
    )
    assert stale.status_code == 409 and 'id="closure-version-error"' in stale.text
    closed = post_form(
        client,
        f"{case_path}/closure",
        case_path,
        {"version": str(case.version), "reason": "follow_up_completed"},
    )
    assert closed.status_code == 303
    assert "Follow-up completed" in client.get(case_path).text


def test_health_authority_sees_the_list_and_map_but_does_not_screen(client, session, poe):
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    post_form(
        client,
        "/health/screenings",
        f"/health/screenings/new?poe_id={poe.id}",
        {"poe_id": str(poe.id), "surname": "ACHIENG", "contact_with_case": "yes"},
    )
    sign_in(client, session, Role.HEALTH_AUTHORITY, "country", "KEN")
    listing = client.get("/health/interest")
    assert listing.status_code == 200 and "ACHIENG" in listing.text
    assert 'id="interest-map"' in listing.text and poe.name in listing.text
    assert client.get("/health/screenings/new").status_code == 403
    assert client.get("/health/certificates").status_code == 403


def test_home_and_interest_pages_name_diseases_in_the_readers_language(client, session, poe):
    """The officer's home and the travellers-of-interest list say "Ebola" in words, never
    the criteria code, and in French in a French session."""
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    created = post_form(
        client,
        "/health/screenings",
        f"/health/screenings/new?poe_id={poe.id}",
        {"poe_id": str(poe.id), "surname": "KAMAU", "contact_with_case": "yes"},
    )
    post_form(client, f"{created.headers['location']}/case", created.headers["location"], {})
    client.cookies.set(LANGUAGE_COOKIE, "fr")
    for path in ("/health", "/health/interest"):
        text = client.get(path).text
        assert not re.search(r"\b(covid19|ebola|mpox)\b", re.sub(r'value="[^"]*"', "", text)), path
        assert "Maladie à virus Ebola" in text or "COVID-19" in text, path
    interest = client.get("/health/interest").text
    assert ">Maladie à virus Ebola</option>" in interest


def _open_case(client, session, poe, surname: str) -> None:
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    created = post_form(
        client,
        "/health/screenings",
        f"/health/screenings/new?poe_id={poe.id}",
        {"poe_id": str(poe.id), "surname": surname, "contact_with_case": "yes"},
    )
    post_form(client, f"{created.headers['location']}/case", created.headers["location"], {})


def test_dashboard_counts_cases_with_a_follow_up_due_today_at_the_officers_posts(
    client, session, poe, other_poe
):
    """One case at Namanga is due today, one is not yet due, one at Busia is due: the Namanga
    officer's card says 1 and links to the list of exactly that case."""
    for post, surname in ((poe, "DUETODAY"), (poe, "NOTYET"), (other_poe, "BUSIADUE")):
        _open_case(client, session, post, surname)
    for case in session.scalars(select(PortHealthCase)).all():
        screening = session.get(HealthScreening, case.screening_id)
        if screening.surname != "NOTYET":
            task = session.scalars(select(FollowUpTask).where(FollowUpTask.case_id == case.id))
            task.first().due_on = today()
    session.commit()
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    assert dashboard_figure(client.get("/").text, "/health/cases?due=today") == 1
    due = client.get("/health/cases", params={"due": "today"}).text
    assert "DUETODAY" in due and "NOTYET" not in due and "BUSIADUE" not in due
    assert "NOTYET" in client.get("/health/cases").text


def test_referral_picks_a_health_facility_from_the_service_directory(client, session, poe):
    """With a Kenyan health point in the directory, the referral form is a pick-list of it
    (a legal-aid point is not offered) and a typed name it does not list is refused."""
    _, worker = staff(session, Role.CASE_WORKER)
    for name, services in (("Namanga health centre", ["health"]), ("Legal aid desk", ["legal"])):
        data = ProviderCreate(
            name=name, organisation="Kenya Red Cross", services=services, country_iso3="KEN"
        )
        referrals.add_provider(session=session, data=data, actor=worker)
    _open_case(client, session, poe, "REFERRED")
    case = session.scalars(select(PortHealthCase)).one()
    path = f"/health/cases/{case.id}"
    page = client.get(path).text
    assert '<select id="facility" name="facility"' in page
    assert "<option >Namanga health centre</option>" in page and "Legal aid desk" not in page
    refused = post_form(
        client, f"{path}/referral", path, {"version": "1", "facility": "kenya red cross society"}
    )
    assert refused.status_code == 422 and 'id="referral-facility-error"' in refused.text
    referred = post_form(
        client, f"{path}/referral", path, {"version": "1", "facility": "Namanga health centre"}
    )
    assert referred.status_code == 303
    session.refresh(case)
    assert case.facility == "Namanga health centre"


def test_without_a_listed_facility_the_officer_types_its_name(client, session, poe):
    _open_case(client, session, poe, "TYPED")
    case = session.scalars(select(PortHealthCase)).one()
    path = f"/health/cases/{case.id}"
    assert '<input id="facility" name="facility"' in client.get(path).text
    typed = post_form(client, f"{path}/referral", path, {"version": "1", "facility": "Clinic"})
    assert typed.status_code == 303
