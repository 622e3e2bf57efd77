"""Crossings: MRZ and typed registration, traveller linking, exits, overstays, decisions, scope."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from passage.access import Role, ScopeType
from passage.audit.models import AuditEntry
from passage.auth.service import principal_for
from passage.border.alerts.models import ScreeningHit
from passage.border.crossings import service
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.border.crossings.schemas import CrossingCreate, DecisionCreate
from passage.border.mrz import build_td3
from passage.errors import Conflict, Forbidden, Invalid, NotFound
from tests.factories import demo_poe, make_user

NAMANGA = "LND-KEN-NAMANGA"
BUSIA = "LND-KEN-BUSIA"
DAY = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def passport(number: str = "AB1234567", surname: str = "OCHIENG", given: str = "MARY ANN", **kw):
    fields = {
        "issuing_state": "UGA",
        "nationality": "UGA",
        "birth_date": "850412",
        "sex": "F",
        "expiry_date": "300101",
    } | kw
    return build_td3(document_number=number, surname=surname, given_names=given, **fields)


def admin(session):
    return principal_for(make_user(session, Role.ADMIN))


def officer(session, code: str = NAMANGA):
    user = make_user(
        session,
        Role.BORDER_OFFICER,
        scope_type=ScopeType.POE,
        scope_value=str(demo_poe(session, code).id),
    )
    return principal_for(user)


def register(session, actor, code: str = NAMANGA, **fields) -> Crossing:
    body = {"poe_id": demo_poe(session, code).id, "direction": "entry", "occurred_at": DAY}
    body |= fields
    if "mrz" not in body and "surname" not in body.get("traveller", {}):
        body["mrz"] = passport()
    data = CrossingCreate.model_validate(body)
    return service.register_crossing(session=session, data=data, actor=actor)


def audit_entries(session, object_type: str, action: str) -> list[AuditEntry]:
    session.commit()
    query = select(AuditEntry).where(
        AuditEntry.object_type == object_type, AuditEntry.action == action
    )
    return list(session.scalars(query.order_by(AuditEntry.seq)))


# ---------------------------------------------------------------- registration


def test_registering_from_the_mrz_creates_traveller_document_and_crossing(session):
    crossing = register(session, admin(session), origin_iso3="UGA", allowed_stay_days=30)
    traveller = session.get(Traveller, crossing.traveller_id)
    document = session.get(TravelDocument, crossing.document_id)
    assert (traveller.surname, traveller.given_names) == ("OCHIENG", "MARY ANN")
    assert (traveller.birth_date, traveller.sex, traveller.nationality) == (
        date(1985, 4, 12),
        "F",
        "UGA",
    )
    assert traveller.name_key == "OCHIENG<<MARYANN"
    assert (document.issuing_state, document.document_code, document.document_number) == (
        "UGA",
        "P",
        "AB1234567",
    )
    assert document.expiry_date == date(2030, 1, 1) and document.mrz_format == "TD3"
    assert crossing.allowed_stay_days == 30 and crossing.origin_iso3 == "UGA"
    assert crossing.screening_status == "clear" and crossing.decision == "pending"


def test_typed_fields_override_and_complete_the_mrz(session):
    crossing = register(
        session,
        admin(session),
        traveller={"given_names": "Mary", "phone": "+256 700 000000"},
        document={"expiry_date": "2031-05-05"},
    )
    traveller = session.get(Traveller, crossing.traveller_id)
    assert traveller.given_names == "Mary" and traveller.phone == "+256 700 000000"
    assert traveller.surname == "OCHIENG"
    assert session.get(TravelDocument, crossing.document_id).expiry_date == date(2031, 5, 5)


def test_a_typed_registration_without_mrz_needs_no_document(session):
    crossing = register(
        session,
        admin(session),
        traveller={"surname": "Wanjiru", "birth_date": "2015-02-03", "nationality": "KEN"},
    )
    assert crossing.document_id is None
    assert session.get(Traveller, crossing.traveller_id).name_key == "WANJIRU<<"


def test_an_invalid_mrz_is_refused_naming_the_failed_checks(session):
    text = passport()
    broken = text[:-1] + ("3" if text[-1] != "3" else "4")
    with pytest.raises(Invalid) as raised:
        register(session, admin(session), mrz=broken)
    assert raised.value.field == "mrz"
    assert raised.value.context["failed_checks"] == ["composite"]
    assert "composite" in raised.value.message


def test_an_unreadable_mrz_is_refused(session):
    with pytest.raises(Invalid) as raised:
        register(session, admin(session), mrz="NOT AN MRZ")
    assert raised.value.field == "mrz" and "cannot be read" in raised.value.message


def test_neither_mrz_nor_surname_is_a_validation_error():
    with pytest.raises(ValidationError):
        CrossingCreate.model_validate({"poe_id": DAY.isoformat(), "direction": "entry"})


def test_the_same_document_finds_the_same_traveller_and_updates_details(session):
    actor = admin(session)
    first = register(session, actor)
    second = register(
        session,
        actor,
        occurred_at=DAY + timedelta(days=3),
        traveller={"address": "Plot 4, Kampala"},
    )
    assert second.traveller_id == first.traveller_id
    assert second.document_id == first.document_id
    assert session.get(Traveller, first.traveller_id).address == "Plot 4, Kampala"


def test_a_new_passport_links_to_the_traveller_by_name_birth_date_and_nationality(session):
    actor = admin(session)
    first = register(session, actor)
    renewed = register(session, actor, mrz=passport(number="XY7654321"))
    assert renewed.traveller_id == first.traveller_id
    assert renewed.document_id != first.document_id


def test_transliterated_typed_names_match_the_mrz_traveller(session):
    actor = admin(session)
    first = register(session, actor, mrz=passport(surname="MUELLER", given="JOERG"))
    typed = register(
        session,
        actor,
        traveller={
            "surname": "Müller",
            "given_names": "Jörg",
            "birth_date": "1985-04-12",
            "nationality": "UGA",
        },
    )
    assert typed.traveller_id == first.traveller_id


def test_a_different_birth_date_is_a_different_traveller(session):
    actor = admin(session)
    first = register(session, actor)
    other = register(session, actor, mrz=passport(number="ZZ1111111", birth_date="860412"))
    assert other.traveller_id != first.traveller_id


# ---------------------------------------------------------------- exits, overstays


def test_an_exit_links_to_the_open_entry_of_the_same_traveller(session):
    actor = admin(session)
    entry = register(session, actor)
    exit_ = register(session, actor, direction="exit", occurred_at=DAY + timedelta(days=5))
    assert exit_.linked_entry_id == entry.id
    again = register(session, actor, direction="exit", occurred_at=DAY + timedelta(days=6))
    assert again.linked_entry_id is None


def test_an_exit_links_to_the_latest_entry_without_an_exit(session):
    actor = admin(session)
    register(session, actor)
    register(session, actor, direction="exit", occurred_at=DAY + timedelta(days=1))
    second = register(session, actor, occurred_at=DAY + timedelta(days=10))
    exit_ = register(session, actor, direction="exit", occurred_at=DAY + timedelta(days=12))
    assert exit_.linked_entry_id == second.id


def test_departures_without_a_recorded_entry_are_listed(session):
    actor = admin(session)
    lone = register(session, actor, direction="exit", mrz=passport(number="QQ0000001"))
    register(session, actor)
    linked = register(session, actor, direction="exit", occurred_at=DAY + timedelta(hours=2))
    items, total = service.departures_without_entry(session=session, actor=actor)
    ids = {item.id for item in items}
    assert lone.id in ids and linked.id not in ids and total >= 1


def test_overstays_are_entries_past_their_allowance_without_exit(session):
    actor = admin(session)
    stayed = register(session, actor, allowed_stay_days=10)
    left = register(session, actor, mrz=passport(number="LL0000001", surname="KAMAU"))
    register(session, actor, mrz=passport(number="LL0000001", surname="KAMAU"), direction="exit")
    on_time = DAY.date() + timedelta(days=10)
    assert not [o for o in service.overstays(session=session, actor=actor, on=on_time)]
    found = service.overstays(session=session, actor=actor, on=on_time + timedelta(days=3))
    assert [(o.crossing.id, o.stay_ended_on, o.days_over) for o in found] == [
        (stayed.id, on_time, 3)
    ]
    assert left.id not in {o.crossing.id for o in found}


def test_an_exit_ends_the_overstay_from_its_day(session):
    actor = admin(session)
    entry = register(session, actor, allowed_stay_days=5)
    register(session, actor, direction="exit", occurred_at=DAY + timedelta(days=20))
    before_exit = service.overstays(session=session, actor=actor, on=DAY.date() + timedelta(19))
    after_exit = service.overstays(session=session, actor=actor, on=DAY.date() + timedelta(21))
    assert entry.id in {o.crossing.id for o in before_exit}
    assert entry.id not in {o.crossing.id for o in after_exit}


# ---------------------------------------------------------------- journey check


def test_an_entry_stores_the_journey_check_summary(session):
    crossing = register(session, admin(session), origin_iso3="UGA")
    assert crossing.journey_check["decision"] in {
        "ADMIT",
        "ADMIT_WITH_CONDITIONS",
        "REFUSE",
        "UNKNOWN",
    }
    assert "error" not in crossing.journey_check
    assert crossing.journey_check["data_version"]


def test_a_failing_journey_check_never_blocks_registration(session, monkeypatch):
    from passage.journeys import service as journeys

    def broken(**_kwargs):
        raise RuntimeError("rules unavailable")

    monkeypatch.setattr(journeys, "check_journey", broken)
    crossing = register(session, admin(session), origin_iso3="UGA")
    assert crossing.journey_check == {"decision": "UNKNOWN", "error": "rules unavailable"}


def test_exits_and_opted_out_entries_have_no_journey_check(session):
    actor = admin(session)
    assert register(session, actor, run_journey_check=False).journey_check == {}
    assert register(session, actor, direction="exit").journey_check == {}


# ---------------------------------------------------------------- decisions


def decide(session, crossing, actor, decision="admitted", reason=None, version=None):
    data = DecisionCreate(version=version or crossing.version, decision=decision, reason=reason)
    return service.record_decision(session=session, crossing_id=crossing.id, data=data, actor=actor)


def test_recording_a_decision_is_audited(session):
    actor = admin(session)
    crossing = register(session, actor)
    decided = decide(session, crossing, actor, "admitted_with_conditions", "quarantine 7 days")
    assert decided.decision == "admitted_with_conditions"
    assert decided.decision_reason == "quarantine 7 days" and decided.decided_at is not None
    entries = audit_entries(session, "crossing", "decide")
    assert entries[-1].object_id == str(crossing.id)
    assert entries[-1].details["decision"] == "admitted_with_conditions"
    assert "quarantine" not in str(entries[-1].details)


def test_a_refusal_needs_a_reason():
    with pytest.raises(ValidationError):
        DecisionCreate(version=1, decision="refused")
    with pytest.raises(ValidationError):
        DecisionCreate(version=1, decision="referred_secondary", reason="  ")


def test_a_stale_version_is_a_conflict(session):
    actor = admin(session)
    crossing = register(session, actor)
    stale = crossing.version
    decide(session, crossing, actor, "referred_secondary", "document check")
    with pytest.raises(Conflict):
        decide(session, crossing, actor, "admitted", version=stale)


def test_admitting_with_open_hits_is_refused_until_resolved(session):
    actor = admin(session)
    crossing = register(session, actor)
    hit = ScreeningHit(crossing_id=crossing.id, score=0.9, explanation={})
    session.add(hit)
    session.flush()
    with pytest.raises(Conflict, match="resolve the alert hits first"):
        decide(session, crossing, actor, "admitted")
    referred = decide(session, crossing, actor, "referred_secondary", "alert hit")
    assert referred.decision == "referred_secondary"
    hit.status = "false_positive"
    session.flush()
    assert decide(session, crossing, actor, "admitted").decision == "admitted"


# ---------------------------------------------------------------- scope and audit


def test_an_officer_cannot_register_at_another_poe(session):
    with pytest.raises(Forbidden):
        register(session, officer(session, NAMANGA), code=BUSIA)


def test_an_officer_cannot_read_or_decide_crossings_of_another_poe(session):
    crossing = register(session, admin(session), code=BUSIA)
    namanga = officer(session, NAMANGA)
    with pytest.raises(NotFound):
        service.get_crossing(session=session, crossing_id=crossing.id, actor=namanga)
    with pytest.raises(Forbidden):
        decide(session, crossing, namanga, "admitted")
    with pytest.raises(NotFound):
        service.get_traveller(session=session, traveller_id=crossing.traveller_id, actor=namanga)


def test_lists_are_filtered_to_the_officers_poe(session):
    actor = admin(session)
    here = register(session, actor, code=NAMANGA)
    there = register(session, actor, code=BUSIA, mrz=passport(number="BB0000001"))
    items, _ = service.search_crossings(
        session=session, actor=officer(session, NAMANGA), limit=200, offset=0
    )
    ids = {item.id for item in items}
    assert here.id in ids and there.id not in ids


def test_a_country_scoped_reader_sees_every_poe_of_the_country(session):
    actor = admin(session)
    busia = register(session, actor, code=BUSIA)
    reader = principal_for(
        make_user(session, Role.BORDER_OFFICER, scope_type=ScopeType.COUNTRY, scope_value="KEN")
    )
    items, _ = service.search_crossings(session=session, actor=reader, limit=200, offset=0)
    assert busia.id in {item.id for item in items}


def test_reads_of_crossings_and_travellers_are_audited_without_personal_data(session):
    actor = admin(session)
    crossing = register(session, actor)
    service.get_crossing(session=session, crossing_id=crossing.id, actor=actor)
    service.get_traveller(session=session, traveller_id=crossing.traveller_id, actor=actor)
    crossing_reads = audit_entries(session, "crossing", "read")
    traveller_reads = audit_entries(session, "traveller", "read")
    assert crossing_reads[-1].object_id == str(crossing.id)
    assert crossing_reads[-1].purpose == "border control"
    assert traveller_reads[-1].object_id == str(crossing.traveller_id)
    created = audit_entries(session, "crossing", "create")
    assert created[-1].object_id == str(crossing.id)
    for entry in crossing_reads + traveller_reads + created:
        assert "OCHIENG" not in str(entry.details) and "AB1234567" not in str(entry.details)


def test_the_traveller_shows_only_crossings_in_the_readers_scope(session):
    actor = admin(session)
    here = register(session, actor, code=NAMANGA)
    there = register(session, actor, code=BUSIA, occurred_at=DAY + timedelta(days=1))
    _, documents, crossings = service.get_traveller(
        session=session, traveller_id=here.traveller_id, actor=officer(session, NAMANGA)
    )
    assert [c.id for c in crossings] == [here.id]
    assert there.traveller_id == here.traveller_id and len(documents) == 1


def test_name_key_ignores_separators_and_script():
    assert service.name_key("O'Brien-Smith", "Anne Marie") == "OBRIENSMITH<<ANNEMARIE"
    assert service.name_key("Иванов", "Пётр") == service.name_key("IVANOV", "PETR")
