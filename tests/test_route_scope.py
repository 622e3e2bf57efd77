"""Every unsafe route, every scoped role, a target inside and outside the scope.

The role walk (test_route_access.py) proves who may call a route; this walk proves where: a
grant limited to a country, a point of entry or an organisation must reach the records there and
no others. Each unsafe route of the route table is either a scenario here (how to make a target
at a place, and what to send) or listed as unscoped with the reason; a new unsafe route fails
the first test until it is one or the other, so the scope of every write stays checked.

Inside the scope the request succeeds; outside it is refused (403, or 404 where a refusal would
reveal that the record exists; an import rejects the row) and the refusal is audited.
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from passage.access import PERMISSIONS, Role
from passage.audit.models import AuditEntry
from passage.auth import service as auth_service
from passage.auth.deps import SESSION_COOKIE
from passage.auth.models import User
from passage.border.alerts.models import ScreeningHit
from passage.border.crossings.models import Crossing, Traveller
from passage.border.referrals.models import Referral
from passage.exchange.models import ImportConflict
from passage.health.cases import repository as case_repository
from passage.health.cases import service as cases
from passage.health.screening import service as screenings
from passage.kit.clock import utcnow
from passage.restrictions import moderation
from passage.restrictions.schemas import DiscrepancyCreate
from passage.web.csrf import CSRF_COOKIE, csrf_token_for
from tests.auth import route_scope as auth_scope
from tests.border.crossings.test_api import passport
from tests.exchange.factories import RemoteDeployment, add_partner
from tests.factories import bearer, demo_poe, make_user, token_for
from tests.feedback import route_scope as feedback_scope
from tests.field import route_scope as field_scope
from tests.flows import route_scope as flows_scope
from tests.health.conftest import screening_data
from tests.linkage import route_scope as linkage_scope
from tests.protection import route_scope as protection_scope
from tests.restrictions.factories import make_measure
from tests.rules.test_rule_sets import make_rule
from tests.scope_walk import Call, Place, Scenario
from tests.test_route_access import ROUTES, declared_permission

UNSAFE = [(m, p, r) for m, p, r in ROUTES if m not in {"GET", "HEAD", "OPTIONS"}]
ALPHA2 = {"KEN": "KE", "UGA": "UG"}
ORGANISATION, OTHER_ORGANISATION = "Kenya Red Cross", "Uganda Red Cross"


# ---------------------------------------------------------------- targets


def _system(session: Session, role: str = "admin"):
    return auth_service.principal_for(make_user(session, role))


def _measure(session: Session, place: Place, **fields: Any):
    values = {"country_iso3": place.country, "status": "published"} | fields
    return make_measure(session, _system(session), **values)


def _traveller(session: Session, place: Place) -> tuple[Traveller, Crossing]:
    traveller = Traveller(surname="ODHIAMBO", given_names="ACHIENG", name_key="odhiambo")
    session.add(traveller)
    session.flush()
    crossing = Crossing(
        poe_id=place.poe.id, direction="entry", occurred_at=utcnow(), traveller_id=traveller.id
    )
    session.add(crossing)
    session.flush()
    return traveller, crossing


def _file(name: str, text: str) -> dict[str, Any]:
    return {"file": (name, io.BytesIO(text.encode()), "text/csv")}


def _rejected_for_scope(response: Any) -> bool:
    return response.status_code == 200 and "outside your scope" in response.text


# -- geo


def poe_create(session: Session, place: Place) -> Call:
    code = f"LND-TST-{uuid.uuid4().hex[:8]}"
    body = {"code": code, "name": "New crossing", "kind": "land_crossing"}
    return Call(json=body | {"country_iso3": place.country})


def poe_patch(session: Session, place: Place) -> Call:
    body = {"version": place.poe.version, "admin_area": "Renamed area"}
    return Call(path={"poe_id": str(place.poe.id)}, json=body)


def poe_import(session: Session, place: Place) -> Call:
    poe = place.poe
    row = f"{poe.code},{poe.name},{poe.kind},{poe.country_iso3},Renamed area,,"
    csv = "code,name,kind,country,admin_area,latitude,longitude\n" + row + "\n"
    return Call(files=_file("crossings.csv", csv), refused=_rejected_for_scope)


# -- restrictions


MEASURE_FORM = {
    "measure_type": "quarantine",
    "title": "Fourteen-day quarantine",
    "poe_scope": "all",
    "quarantine_days": "14",
    "effective_from": "2020-04-01",
    "source_title_0": "Ministry of Health press release",
    "source_url_0": "https://health.example.org/release",
    "status": "draft",
}


def measure_create(session: Session, place: Place) -> Call:
    body = {
        "country_iso3": place.country,
        "measure_type": "quarantine",
        "title": "14-day quarantine for arrivals",
        "effective_from": "2020-03-20",
        "quarantine_days": 14,
        "sources": [{"title": "Notice", "url": "https://health.example.org/n"}],
    }
    return Call(json=body)


def measure_create_form(session: Session, place: Place) -> Call:
    return Call(data=MEASURE_FORM | {"country_iso3": place.country})


def measure_edit(session: Session, place: Place) -> Call:
    written = _measure(session, place, status="draft")
    body = measure_create(session, place).json | {"version": written.measure.version}
    return Call(path={"measure_id": str(written.measure.id)}, json=body)


def measure_edit_form(session: Session, place: Place) -> Call:
    written = _measure(session, place, status="draft")
    form = MEASURE_FORM | {"country_iso3": place.country, "version": written.measure.version}
    return Call(path={"measure_id": str(written.measure.id)}, data=form)


def _workflow(status: str, extra: dict[str, Any] | None = None, form: bool = False):
    def setup(session: Session, place: Place) -> Call:
        written = _measure(session, place, status=status)
        body = {"version": written.measure.version} | (extra or {})
        path = {"measure_id": str(written.measure.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


def comment(form: bool):
    def setup(session: Session, place: Place) -> Call:
        written = _measure(session, place)
        path = {"measure_id": str(written.measure.id)}
        body = {"body": "Checked with the ministry."}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


def resolve_report(form: bool):
    def setup(session: Session, place: Place) -> Call:
        written = _measure(session, place)
        report = moderation.report_discrepancy(
            session=session,
            measure_id=written.measure.id,
            data=DiscrepancyCreate(body="The dates are wrong."),
        )
        body = {"version": report.version, "status": "dismissed"}
        path = {"report_id": str(report.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


def editorial(session: Session, place: Place) -> Call:
    return Call(path={"iso3": place.country}, json={"review_required": False})


def measures_import(session: Session, place: Place) -> Call:
    header = "ref,country,measure_type,title,effective_from,status,source_title,source_url"
    row = (
        f"SCOPE-{uuid.uuid4().hex[:8]},{place.country},quarantine,Quarantine,2020-03-20,"
        "draft,Notice,https://health.example.org/n"
    )
    return Call(files=_file("measures.csv", f"{header}\n{row}\n"), refused=_rejected_for_scope)


def poe_status(form: bool):
    def setup(session: Session, place: Place) -> Call:
        body = {"status": "closed", "effective_from": "2024-01-01"}
        path = {"poe_id": str(place.poe.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


# -- rules


def rules_upload(form: bool):
    def setup(session: Session, place: Place) -> Call:
        identifier = f"VR-{ALPHA2[place.country]}-{uuid.uuid4().int % 9000 + 1000}"
        rule = make_rule(identifier)
        if form:
            return Call(data={"rules_json": json.dumps(rule)})
        return Call(json=rule)

    return setup


# -- border


def crossing_create(session: Session, place: Place) -> Call:
    body = {
        "poe_id": str(place.poe.id),
        "direction": "entry",
        "occurred_at": datetime(2024, 3, 1, 9, 30, tzinfo=UTC).isoformat(),
        "mrz": passport(),
        "origin_iso3": "UGA",
    }
    return Call(json=body)


def decision(form: bool):
    def setup(session: Session, place: Place) -> Call:
        _, crossing = _traveller(session, place)
        body = {"version": crossing.version, "decision": "admitted"}
        path = {"crossing_id": str(crossing.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


def crossing_referral(session: Session, place: Place) -> Call:
    _, crossing = _traveller(session, place)
    form = {
        "flags": ["pregnancy"],
        "consent_given": "yes",
        "service_provider": "Safe house",
        "organisation": ORGANISATION,
    }
    return Call(path={"crossing_id": str(crossing.id)}, data=form)


def referral_create(session: Session, place: Place) -> Call:
    """A referral at the grant's own post, of a traveller who crossed at the place: outside, the
    traveller never crossed at one of the officer's posts (the probe's leak)."""
    traveller, _ = _traveller(session, place)
    body = {
        "traveller_id": str(traveller.id),
        "poe_id": str(demo_poe(session).id),
        "flags": ["pregnancy"],
        "consent_given": True,
        "service_provider": "Safe house",
        "organisation": ORGANISATION,
    }
    return Call(json=body)


def referral_status(form: bool):
    def setup(session: Session, place: Place) -> Call:
        traveller, crossing = _traveller(session, place)
        referral = Referral(
            traveller_id=traveller.id,
            crossing_id=crossing.id,
            poe_id=place.poe.id,
            flags=["pregnancy"],
            indicators=[],
            consent_given=True,
            service_provider="Safe house",
            organisation=place.organisation,
        )
        session.add(referral)
        session.flush()
        body = {"version": referral.version, "status": "accepted"}
        path = {"referral_id": str(referral.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


def hit_resolve(form: bool):
    def setup(session: Session, place: Place) -> Call:
        _, crossing = _traveller(session, place)
        hit = ScreeningHit(crossing_id=crossing.id, score=0.9, explanation={})
        session.add(hit)
        session.flush()
        body = {"version": hit.version, "status": "false_positive", "reason": "other person"}
        path = {"hit_id": str(hit.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


def officer_check(session: Session, place: Place) -> Call:
    return Call(data={"poe_id": str(place.poe.id), "direction": "entry", "mrz": passport()})


# -- port health


def screening_create(form: bool):
    def setup(session: Session, place: Place) -> Call:
        body = {
            "poe_id": str(place.poe.id),
            "surname": "OTIENO",
            "given_names": "GRACE",
            "nationality": "KEN",
            "temperature_c": "36.6",
            "arrival_date": date.today().isoformat(),
        }
        return Call(data=body) if form else Call(json=body)

    return setup


def _screening(session: Session, place: Place):
    officer = _system(session, "port_health_officer")
    data = screening_data(place.poe, temperature_c=38.6, contact_with_case=True)
    return screenings.screen(session=session, data=data, actor=officer)


def case_open(form: bool):
    def setup(session: Session, place: Place) -> Call:
        screening = _screening(session, place)
        if form:
            return Call(path={"screening_id": str(screening.id)}, data={})
        return Call(json={"screening_id": str(screening.id)})

    return setup


def case_action(action: str, form: bool):
    def setup(session: Session, place: Place) -> Call:
        screening = _screening(session, place)
        case = cases.open_case_for(
            session=session, screening_id=screening.id, actor=_system(session, "health_authority")
        )
        session.flush()
        path = {"case_id": str(case.id)}
        body: dict[str, Any] = {"version": case.version}
        if action == "follow-up":
            task = case_repository.follow_ups(session, case.id)[0]
            path["task_id"] = str(task.id)
            body = {"version": task.version, "outcome": "well"}
        elif action == "referral":
            body["facility"] = "Kajiado hospital"
        elif action == "confirmation":
            body |= {"disease": "ebola", "confirmed_on": date.today().isoformat()}
        else:
            body["reason"] = "discarded"
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


# -- exchange


def conflict_resolve(form: bool):
    def setup(session: Session, place: Place) -> Call:
        partner = add_partner(session, RemoteDeployment(f"Remote {uuid.uuid4().hex[:6]}"))
        conflict = ImportConflict(
            partner_id=partner.id,
            record_type="measure",
            local_record_id=uuid.uuid4(),
            country_iso3=place.country,
            title="A measure edited on both sides",
            remote_entry_id=uuid.uuid4(),
            remote_cursor=1,
            remote_version=2,
            remote_published_at=utcnow(),
            entry={},
            local_version=1,
            reason="edited here since",
        )
        session.add(conflict)
        session.flush()
        body = {"version": conflict.version, "choice": "mine"}
        path = {"conflict_id": str(conflict.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


COUNTRY = ("country",)
SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("POST", "/api/v1/poes"): Scenario(poe_create, COUNTRY),
    ("PATCH", "/api/v1/poes/{poe_id}"): Scenario(poe_patch),
    ("POST", "/api/v1/poes/import"): Scenario(poe_import),
    ("POST", "/poes/import"): Scenario(poe_import),
    ("POST", "/api/v1/restrictions/import"): Scenario(measures_import, COUNTRY),
    ("POST", "/restrictions/import"): Scenario(measures_import, COUNTRY),
    ("POST", "/api/v1/measures"): Scenario(measure_create, COUNTRY),
    ("POST", "/measures/new"): Scenario(measure_create_form, COUNTRY),
    ("PUT", "/api/v1/measures/{measure_id}"): Scenario(measure_edit, COUNTRY),
    ("POST", "/measures/{measure_id}/edit"): Scenario(measure_edit_form, COUNTRY),
    ("POST", "/api/v1/measures/{measure_id}/publish"): Scenario(_workflow("draft"), COUNTRY),
    ("POST", "/measures/{measure_id}/publish"): Scenario(_workflow("draft", form=True), COUNTRY),
    ("POST", "/api/v1/measures/{measure_id}/lift"): Scenario(
        _workflow("published", {"on": "2021-01-01"}), COUNTRY
    ),
    ("POST", "/measures/{measure_id}/lift"): Scenario(
        _workflow("published", {"on": "2021-01-01"}, form=True), COUNTRY
    ),
    ("POST", "/api/v1/measures/{measure_id}/verify"): Scenario(_workflow("published"), COUNTRY),
    ("POST", "/measures/{measure_id}/verify"): Scenario(_workflow("published", form=True), COUNTRY),
    ("POST", "/api/v1/measures/{measure_id}/comments"): Scenario(comment(False), COUNTRY),
    ("POST", "/measures/{measure_id}/comments"): Scenario(comment(True), COUNTRY),
    ("POST", "/api/v1/discrepancies/{report_id}/resolve"): Scenario(resolve_report(False), COUNTRY),
    ("POST", "/moderation/{report_id}"): Scenario(resolve_report(True), COUNTRY),
    ("PUT", "/api/v1/countries/{iso3}/editorial"): Scenario(editorial, COUNTRY),
    ("POST", "/api/v1/poes/{poe_id}/statuses"): Scenario(poe_status(False)),
    ("POST", "/poes/{poe_id}/status"): Scenario(poe_status(True)),
    ("POST", "/api/v1/rules"): Scenario(rules_upload(False), COUNTRY),
    ("POST", "/rules/upload"): Scenario(rules_upload(True), COUNTRY),
    ("POST", "/api/v1/crossings"): Scenario(crossing_create),
    ("POST", "/border/check"): Scenario(officer_check),
    ("POST", "/api/v1/crossings/{crossing_id}/decision"): Scenario(decision(False)),
    ("POST", "/border/crossings/{crossing_id}/decision"): Scenario(decision(True)),
    ("POST", "/border/crossings/{crossing_id}/referrals"): Scenario(crossing_referral),
    ("POST", "/api/v1/referrals"): Scenario(referral_create),
    ("POST", "/api/v1/referrals/{referral_id}/status"): Scenario(
        referral_status(False), ("organisation",)
    ),
    ("POST", "/referrals/{referral_id}/status"): Scenario(referral_status(True), ("organisation",)),
    ("POST", "/api/v1/hits/{hit_id}/resolve"): Scenario(hit_resolve(False)),
    ("POST", "/hits/{hit_id}/resolve"): Scenario(hit_resolve(True)),
    ("POST", "/api/v1/health/screenings"): Scenario(screening_create(False)),
    ("POST", "/health/screenings"): Scenario(screening_create(True)),
    ("POST", "/api/v1/health/cases"): Scenario(case_open(False)),
    ("POST", "/health/screenings/{screening_id}/case"): Scenario(case_open(True)),
    **{
        (
            "POST",
            f"{prefix}/health/cases/{{case_id}}/{action}"
            + ("/{task_id}" if action == "follow-ups" else ""),
        ): Scenario(case_action(action.removesuffix("s"), form=not prefix))
        for prefix in ("/api/v1", "")
        for action in ("follow-ups", "referral", "confirmation", "closure")
    },
    ("POST", "/api/v1/exchange/conflicts/{conflict_id}/resolve"): Scenario(
        conflict_resolve(False), COUNTRY
    ),
    ("POST", "/exchange/conflicts/{conflict_id}/resolve"): Scenario(
        conflict_resolve(True), COUNTRY
    ),
    **protection_scope.SCENARIOS,
    **feedback_scope.SCENARIOS,
    **flows_scope.SCENARIOS,
    **linkage_scope.SCENARIOS,
}

DEPLOYMENT_WIDE = "acts on the whole deployment, not on a record that sits somewhere"
OWN = "acts on the signed-in person's own account or records"
UNSCOPED: dict[tuple[str, str], str] = {
    **linkage_scope.UNSCOPED,
    ("POST", "/language"): "a preference of the browser",
    ("POST", "/api/v1/auth/token"): "signing in (throttled: tests/auth/test_signin.py)",
    ("POST", "/login"): "signing in (throttled: tests/auth/test_signin.py)",
    ("POST", "/logout"): "signing out",
    ("POST", "/api/v1/me/password"): OWN,
    ("POST", "/api/v1/me/tokens"): OWN,
    ("DELETE", "/api/v1/me/tokens/{token_id}"): OWN,
    ("POST", "/account/password"): OWN,
    ("POST", "/account/tokens"): OWN,
    ("POST", "/account/tokens/{token_id}/revoke"): OWN,
    ("POST", "/api/v1/notifications/{notification_id}/read"): OWN,
    ("POST", "/notifications/{notification_id}/read"): OWN,
    ("POST", "/api/v1/users"): DEPLOYMENT_WIDE,
    ("PATCH", "/api/v1/users/{user_id}"): DEPLOYMENT_WIDE,
    ("POST", "/admin/users"): DEPLOYMENT_WIDE,
    **auth_scope.UNSCOPED,
    ("POST", "/admin/audit/verify"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/audit/checkpoints"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/measures/{measure_id}/discrepancies"): "anyone may report (public)",
    ("POST", "/measures/{measure_id}/discrepancies"): "anyone may report (public)",
    ("POST", "/api/v1/journeys/check"): "a public computation that stores nothing",
    ("POST", "/travel"): "a public computation that stores nothing",
    ("POST", "/api/v1/journeys/manifest"): "a computation over a manifest; stores nothing",
    ("POST", "/journeys/manifest"): "a computation over a manifest; stores nothing",
    ("POST", "/api/v1/alerts/screen"): "a preview against the lists; stores nothing",
    ("POST", "/border/crossings"): "the officer form of POST /api/v1/crossings: the same "
    "service and scope check (tests/border/crossings/test_web.py)",
    ("POST", "/health/screenings/new"): "fills the form from an MRZ; stores nothing",
    ("POST", "/api/v1/health/certificates/verify"): "checks a certificate; stores no record",
    ("POST", "/api/v1/health/certificates/verify-image"): "checks a certificate; stores none",
    ("POST", "/health/certificates"): "checks a certificate; stores no record",
    ("POST", "/api/v1/alert-lists"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/alert-lists/{list_id}/import"): DEPLOYMENT_WIDE,
    ("POST", "/alert-lists"): DEPLOYMENT_WIDE,
    ("POST", "/alert-lists/{list_id}/import"): DEPLOYMENT_WIDE,
    ("PATCH", "/api/v1/alert-lists/{list_id}/entries/{entry_id}"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/alert-lists/{list_id}/entries/{entry_id}/remove"): DEPLOYMENT_WIDE,
    ("POST", "/alert-lists/{list_id}/entries/{entry_id}"): DEPLOYMENT_WIDE,
    ("POST", "/alert-lists/{list_id}/entries/{entry_id}/remove"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/health/trust-lists"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/health/value-sets"): DEPLOYMENT_WIDE,
    ("POST", "/admin/health/trust-lists"): DEPLOYMENT_WIDE,
    ("POST", "/admin/health/value-sets"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/health/criteria"): DEPLOYMENT_WIDE,
    ("POST", "/admin/health/criteria"): DEPLOYMENT_WIDE,
    ("PUT", "/api/v1/health/mail-settings"): DEPLOYMENT_WIDE,
    ("POST", "/admin/health/mail"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/health/outbox/retry"): DEPLOYMENT_WIDE,
    ("POST", "/admin/health/outbox/retry"): DEPLOYMENT_WIDE,
    ("POST", "/api/v1/exchange/inbox/{partner_id}"): "a partner's signed push (HMAC)",
    **{
        (method, path): DEPLOYMENT_WIDE
        for method, path, _ in UNSAFE
        if path.startswith(("/api/v1/exchange/", "/admin/exchange/", "/api/v1/webhooks/"))
        or path.startswith("/admin/webhooks/")
        if "conflicts" not in path and not path.startswith("/api/v1/exchange/inbox/")
    },
    **protection_scope.UNSCOPED,
    **feedback_scope.UNSCOPED,
    **field_scope.UNSCOPED,
    **flows_scope.UNSCOPED,
}


def test_every_unsafe_route_is_a_scope_scenario_or_says_why_it_has_no_scope():
    routes = {(method, path) for method, path, _ in UNSAFE}
    unclassified = routes - set(SCENARIOS) - set(UNSCOPED)
    assert not unclassified, f"add a scenario (or a reason) for: {sorted(unclassified)}"
    assert not set(SCENARIOS) & set(UNSCOPED)
    assert not (set(SCENARIOS) | set(UNSCOPED)) - routes, "stale entries"


# ---------------------------------------------------------------- the walk


def _grant(session: Session, kind: str) -> dict[str, str]:
    namanga = demo_poe(session)
    value = {"country": "KEN", "poe": str(namanga.id), "organisation": ORGANISATION}[kind]
    return {"scope_type": kind, "scope_value": value}


def _place(session: Session, kind: str, inside: bool) -> Place:
    if inside:
        return Place(demo_poe(session), ORGANISATION)
    if kind == "organisation":
        return Place(demo_poe(session), OTHER_ORGANISATION)
    code = "LND-UGA-BUSIA" if kind == "country" else "LND-KEN-BUSIA"
    return Place(demo_poe(session, code), ORGANISATION)


def _cases() -> list[Any]:
    found = []
    for method, path, route in UNSAFE:
        scenario = SCENARIOS.get((method, path))
        if scenario is None:
            continue
        roles = sorted(PERMISSIONS[declared_permission(route) or ""] - {Role.PUBLIC})
        for role in roles:
            for kind in scenario.scopes:
                for inside in (True, False):
                    where = "inside" if inside else "outside"
                    found.append(
                        pytest.param(
                            method,
                            path,
                            role,
                            kind,
                            inside,
                            id=f"{method} {path} {role.value} {kind} {where}",
                        )
                    )
    return found


def _credentials(session: Session, client: TestClient, user: User, api: bool) -> dict[str, str]:
    anchor = "scope-walk-anchor"
    client.cookies.set(CSRF_COOKIE, anchor)
    headers = {"X-CSRF-Token": csrf_token_for(anchor)}
    if api:
        return headers | bearer(token_for(session, user))
    client.cookies.set(SESSION_COOKIE, auth_service.start_web_session(session=session, user=user))
    return headers


def _denials(session: Session) -> int:
    statement = select(func.count()).where(AuditEntry.action == "access.denied")
    return session.scalar(statement) or 0


def _send(client: TestClient, method: str, path: str, call: Call, headers: dict[str, str]):
    url = path.format(**call.path)
    kwargs: dict[str, Any] = {"headers": headers, "follow_redirects": False}
    if call.files is not None:
        kwargs["files"] = call.files
    elif call.data is not None:
        kwargs["data"] = call.data
    else:
        kwargs["json"] = call.json
    return client.request(method, url, **kwargs)


@pytest.mark.parametrize(("method", "path", "role", "kind", "inside"), _cases())
def test_a_scoped_grant_writes_inside_its_scope_and_is_refused_outside(
    app: FastAPI, session: Session, method, path, role, kind, inside
):
    user = make_user(session, role, **_grant(session, kind))
    call = SCENARIOS[(method, path)].setup(session, _place(session, kind, inside))
    with TestClient(app, raise_server_exceptions=False) as client:
        headers = _credentials(session, client, user, api=path.startswith("/api/"))
        session.commit()
        denied_before = _denials(session)
        response = _send(client, method, path, call, headers)
    outcome = f"{method} {path} as {role.value} ({kind}): {response.status_code}"
    assert response.status_code < 500, outcome + response.text[:300]
    refused = response.status_code in (403, 404) or bool(call.refused and call.refused(response))
    if inside:
        assert not refused and response.status_code < 400, outcome + " " + response.text[:400]
    else:
        assert refused, f"{outcome}: a write outside the scope went through"
        assert _denials(session) > denied_before, f"{outcome}: the refusal was not audited"
