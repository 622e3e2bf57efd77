"""Screening crossings against alert lists, the index cache, and resolving hits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from passage.access import Role, ScopeType
from passage.audit.models import AuditEntry
from passage.auth import service as auth_service
from passage.border.alerts import screening, service
from passage.border.alerts.cache import CACHE
from passage.border.alerts.models import AlertPerson
from passage.border.alerts.schemas import AlertListCreate, HitResolve
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.errors import Conflict, Forbidden
from tests.factories import demo_poe, make_user

HEADER = (
    "ref,names,birth_date,nationality,gender,document_numbers,reason,"
    "issuing_authority,valid_from,valid_until\n"
)
WATCH_LIST = HEADER + (
    "W1,Aleksandr Ivanov|Саша Иванов,1980-05-12,RUS,M,,Secret reason alpha,Interpol,,\n"
    "W2,Дмитрий Петров,1975-02-03,RUS,M,,Secret reason beta,,,\n"
    "W3,Expired Person,1960,KEN,F,,old,,,2001-01-01\n"
)
DOCUMENT_LIST = (
    "ref,document_number,issuing_state,document_code,reason,reported_on,valid_until\n"
    "D1,P0123456,KEN,P,stolen blank,2024-01-02,\n"
)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    """Each test starts with no cached index and the default settings."""
    monkeypatch.delenv("PASSAGE_SCREENING_REFRESH_SECONDS", raising=False)
    CACHE.reset()
    yield
    CACHE.reset()


def load_lists(session, persons: str = WATCH_LIST, documents: str | None = DOCUMENT_LIST):
    """A person list (and a document list) imported from CSV text."""
    people = service.create_list(session=session, data=AlertListCreate(name="Watch", kind="person"))
    service.import_csv(session=session, alert_list=people, content=persons.encode())
    if documents:
        lost = service.create_list(
            session=session, data=AlertListCreate(name="SLTD", kind="document")
        )
        service.import_csv(session=session, alert_list=lost, content=documents.encode())
    return people


def make_crossing(
    session,
    surname: str,
    given_names: str,
    *,
    birth: date | None = None,
    nationality: str | None = None,
    sex: str | None = None,
    document_number: str | None = None,
    poe_code: str = "LND-KEN-NAMANGA",
) -> tuple[Crossing, Traveller, TravelDocument | None]:
    """A traveller, maybe a passport, and an entry crossing at a demo POE."""
    traveller = Traveller(
        surname=surname,
        given_names=given_names,
        birth_date=birth,
        nationality=nationality,
        sex=sex,
        name_key=f"{surname} {given_names}".lower(),
    )
    session.add(traveller)
    session.flush()
    document = None
    if document_number:
        document = TravelDocument(
            traveller_id=traveller.id,
            document_code="P",
            document_number=document_number,
            issuing_state=nationality or "KEN",
        )
        session.add(document)
        session.flush()
    crossing = Crossing(
        poe_id=demo_poe(session, poe_code).id,
        direction="entry",
        occurred_at=datetime.now(UTC),
        traveller_id=traveller.id,
        document_id=document.id if document else None,
    )
    session.add(crossing)
    session.flush()
    return crossing, traveller, document


def screen(session, *args, **kwargs):
    """Register a crossing and screen it; return the hits."""
    crossing, traveller, document = make_crossing(session, *args, **kwargs)
    return screening.screen_crossing(
        session=session, crossing=crossing, traveller=traveller, document=document
    )


def refs(hits) -> set[str]:
    return {hit.explanation["external_ref"] for hit in hits}


def test_a_cyrillic_traveller_matches_the_latin_listed_name(session):
    load_lists(session)
    hits = screen(
        session, "Иванов", "Александр", birth=date(1980, 5, 12), nationality="RUS", sex="M"
    )
    assert refs(hits) == {"W1"}
    assert hits[0].score >= 0.7 and hits[0].status == "open"
    assert hits[0].explanation["matched_name"]


def test_a_latin_traveller_matches_a_name_listed_in_cyrillic(session):
    load_lists(session)
    hits = screen(session, "PETROV", "DMITRII", birth=date(1975, 2, 3), nationality="RUS")
    assert refs(hits) == {"W2"}


def test_a_typo_still_matches_and_a_homonym_born_in_another_decade_does_not(session):
    load_lists(session)
    typo = screen(session, "IVANOVV", "ALEKSANDER", birth=date(1980, 5, 12), nationality="RUS")
    assert refs(typo) == {"W1"}
    assert typo[0].explanation["evidence"]["same_birth_date"] > 0
    assert screen(session, "IVANOV", "ALEKSANDR", birth=date(1991, 1, 1), nationality="RUS") == []


def test_a_transliterated_name_with_day_and_month_swapped_is_a_hit(session):
    load_lists(session)
    hits = screen(session, "IVANOV", "ALEKSANDR", birth=date(1980, 12, 5), nationality="RUS")
    assert refs(hits) == {"W1"}
    assert "birth_day_month_swapped" in hits[0].explanation["evidence"]


def test_an_unrelated_traveller_and_expired_entries_give_no_hit(session):
    load_lists(session)
    crossing, traveller, document = make_crossing(session, "OTIENO", "GRACE", nationality="KEN")
    assert (
        screening.screen_crossing(
            session=session, crossing=crossing, traveller=traveller, document=document
        )
        == []
    )
    assert crossing.screening_status == "clear"
    assert screen(session, "PERSON", "EXPIRED", birth=date(1960, 1, 1), nationality="KEN") == []


def test_an_inactive_list_is_not_screened(session):
    watch = load_lists(session)
    watch.is_active = False
    session.flush()
    from passage.border.alerts.cache import mark_changed

    mark_changed(session)
    assert screen(session, "IVANOV", "ALEKSANDR", birth=date(1980, 5, 12)) == []


def test_a_lost_document_matches_despite_ocr_confusion(session):
    load_lists(session)
    hits = screen(session, "OTIENO", "GRACE", nationality="KEN", document_number="PO123456")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.lost_document_id is not None and hit.alert_person_id is None
    assert hit.explanation["match"] == "ocr_confusion" and hit.score == pytest.approx(0.9)
    exact = screen(session, "OTIENO", "GRACE", nationality="KEN", document_number="P0123456")
    assert exact[0].explanation["match"] == "exact" and exact[0].score == 1.0


def test_screening_twice_adds_no_duplicate_hit(session):
    load_lists(session)
    crossing, traveller, document = make_crossing(
        session, "IVANOV", "ALEKSANDR", birth=date(1980, 5, 12)
    )
    first = screening.screen_crossing(
        session=session, crossing=crossing, traveller=traveller, document=document
    )
    second = screening.screen_crossing(
        session=session, crossing=crossing, traveller=traveller, document=document
    )
    assert len(first) == 1 and second == []
    assert len(screening.hits_for_crossing(session=session, crossing_id=crossing.id)) == 1
    assert crossing.screening_status == "open_hits"


def test_a_second_screening_sees_an_entry_imported_after_the_first(session):
    watch = load_lists(session, documents=None)
    session.commit()
    assert screen(session, "OKONKWO", "CHIDI", birth=date(1990, 1, 1)) == []
    new = HEADER + "W9,Chidi Okonkwo,1990-01-01,NGA,M,,reason,,,\n"
    service.import_csv(session=session, alert_list=watch, content=new.encode())
    assert refs(screen(session, "OKONKWO", "CHIDI", birth=date(1990, 1, 1))) == {"W9"}
    session.commit()  # committed: the shared index is rebuilt at the next screening
    assert refs(screen(session, "OKONKWO", "CHIDI", birth=date(1990, 1, 1))) == {"W9"}


def test_another_workers_change_is_seen_once_the_refresh_interval_passed(session, monkeypatch):
    watch = load_lists(session, documents=None)
    session.commit()
    assert screen(session, "KAMAU", "WANJIKU") == []
    # Another worker inserts a row: this process is not told, only the marker changes.
    session.add(
        AlertPerson(list_id=watch.id, external_ref="X", names=["Wanjiku Kamau"], reason="r")
    )
    session.flush()
    assert screen(session, "KAMAU", "WANJIKU") == []  # within the refresh interval
    monkeypatch.setenv("PASSAGE_SCREENING_REFRESH_SECONDS", "0")
    CACHE.settings = type(CACHE.settings)()
    assert refs(screen(session, "KAMAU", "WANJIKU")) == {"X"}


def principal(session, role=Role.BORDER_OFFICER, poe_code="LND-KEN-NAMANGA"):
    """The principal of a border officer scoped to one POE."""
    user = make_user(
        session, role, scope_type=ScopeType.POE, scope_value=str(demo_poe(session, poe_code).id)
    )
    return auth_service.principal_for(user)


def one_hit(session):
    load_lists(session)
    hits = screen(session, "IVANOV", "ALEKSANDR", birth=date(1980, 5, 12), nationality="RUS")
    assert len(hits) == 1
    return hits[0]


def test_an_officer_of_the_crossings_poe_resolves_a_hit_with_a_reason(session):
    hit = one_hit(session)
    officer = principal(session)
    data = HitResolve(
        version=hit.version, status="false_positive", reason="different father's name"
    )
    resolved = screening.resolve_hit(session=session, hit_id=hit.id, data=data, actor=officer)
    assert resolved.status == "false_positive" and resolved.resolved_by == officer.user_id
    assert resolved.resolved_at is not None
    crossing = session.get(Crossing, hit.crossing_id)
    assert crossing.screening_status == "resolved"
    assert crossing.decision == "pending"  # a hit never decides anything


def test_a_resolution_needs_a_reason_and_a_status(session):
    with pytest.raises(ValueError):
        HitResolve(version=1, status="confirmed", reason="   ")
    with pytest.raises(ValueError):
        HitResolve(version=1, status="refused", reason="x")


def test_a_stale_version_or_a_second_resolution_is_refused(session):
    hit = one_hit(session)
    officer = principal(session)
    stale = HitResolve(version=hit.version + 1, status="confirmed", reason="seen")
    with pytest.raises(Conflict):
        screening.resolve_hit(session=session, hit_id=hit.id, data=stale, actor=officer)
    good = HitResolve(version=hit.version, status="confirmed", reason="seen")
    screening.resolve_hit(session=session, hit_id=hit.id, data=good, actor=officer)
    again = HitResolve(version=hit.version, status="false_positive", reason="oops")
    with pytest.raises(Conflict, match="already resolved"):
        screening.resolve_hit(session=session, hit_id=hit.id, data=again, actor=officer)


def test_an_officer_of_another_poe_or_country_may_not_resolve_or_read(session):
    hit = one_hit(session)
    another_post = demo_poe(session, "LND-KEN-BUSIA")  # the hit was at Namanga
    elsewhere = make_user(
        session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=str(another_post.id)
    )
    other_country = make_user(
        session, Role.BORDER_OFFICER, scope_type=ScopeType.COUNTRY, scope_value="TZA"
    )
    data = HitResolve(version=hit.version, status="confirmed", reason="x")
    for user in (elsewhere, other_country):
        outsider = auth_service.principal_for(user)
        with pytest.raises(Forbidden):
            screening.resolve_hit(session=session, hit_id=hit.id, data=data, actor=outsider)
        with pytest.raises(Forbidden):
            screening.crossing_hits(session=session, crossing_id=hit.crossing_id, actor=outsider)
    kenya = make_user(session, Role.BORDER_OFFICER, scope_type=ScopeType.COUNTRY, scope_value="KEN")
    hits = screening.crossing_hits(
        session=session, crossing_id=hit.crossing_id, actor=auth_service.principal_for(kenya)
    )
    assert [h.id for h in hits] == [hit.id]


def test_audit_entries_hold_no_names_numbers_or_listed_reasons(session):
    hit = one_hit(session)
    document_hits = screen(
        session, "OTIENO", "GRACE", nationality="KEN", document_number="P0123456"
    )
    officer = principal(session)
    data = HitResolve(version=hit.version, status="confirmed", reason="Confirmed by fingerprint")
    screening.resolve_hit(session=session, hit_id=hit.id, data=data, actor=officer)
    screening.crossing_hits(session=session, crossing_id=hit.crossing_id, actor=officer)
    session.commit()
    objects = {str(hit.id), str(hit.crossing_id), str(document_hits[0].crossing_id)}
    entries = session.scalars(select(AuditEntry).where(AuditEntry.object_id.in_(objects))).all()
    assert {e.action for e in entries} >= {"screen", "resolve", "read"}
    text = " ".join(str(e.details) for e in entries).lower()
    for secret in (
        "ivanov",
        "aleksandr",
        "secret reason",
        "p0123456",
        "stolen",
        "fingerprint",
        "otieno",
    ):
        assert secret not in text
    assert all(e.purpose == "border control" for e in entries)


def exit_of(session, hit) -> Crossing:
    """An exit crossing of the traveller of a hit's crossing."""
    entry = session.get(Crossing, hit.crossing_id)
    crossing = Crossing(
        poe_id=entry.poe_id,
        direction="exit",
        occurred_at=datetime.now(UTC),
        traveller_id=entry.traveller_id,
    )
    session.add(crossing)
    session.flush()
    return crossing


def resolve_as_false_positive(session, hit) -> None:
    data = HitResolve(version=hit.version, status="false_positive", reason="other father")
    screening.resolve_hit(session=session, hit_id=hit.id, data=data, actor=principal(session))


def test_a_false_positive_resolved_on_entry_is_not_raised_again_on_exit(session):
    hit = one_hit(session)
    resolve_as_false_positive(session, hit)
    crossing = exit_of(session, hit)
    traveller = session.get(Traveller, crossing.traveller_id)
    again = screening.screen_crossing(
        session=session, crossing=crossing, traveller=traveller, document=None
    )
    assert [h.status for h in again] == ["false_positive"]
    assert again[0].explanation["carried_over"]["hit_id"] == str(hit.id)
    assert again[0].resolved_by == hit.resolved_by
    assert crossing.screening_status == "resolved"


def test_a_registration_carries_the_earlier_false_positive_too(session):
    hit = one_hit(session)
    resolve_as_false_positive(session, hit)
    entry = session.get(Crossing, hit.crossing_id)
    traveller = session.get(Traveller, entry.traveller_id)
    crossing = Crossing(
        poe_id=entry.poe_id,
        direction="exit",
        occurred_at=datetime.now(UTC),
        traveller_id=traveller.id,
    )
    matches = screening.screen_new_crossing(
        session=session, crossing=crossing, traveller=traveller, document=None
    )
    assert crossing.screening_status == "resolved"
    session.add(crossing)
    session.flush()
    screening.store_new_hits(session=session, crossing=crossing, matches=matches)
    stored = screening.hits_for_crossing(session=session, crossing_id=crossing.id)
    assert [h.status for h in stored] == ["false_positive"]


def test_a_changed_listed_entry_or_another_traveller_is_raised_again(session):
    hit = one_hit(session)
    resolve_as_false_positive(session, hit)
    other = screen(session, "IVANOV", "ALEKSANDR", birth=date(1980, 5, 12), nationality="RUS")
    assert [h.status for h in other] == ["open"]  # another traveller of the same name
    person = session.get(AlertPerson, hit.alert_person_id)
    person.reason = "new information"
    person.updated_at = datetime.now(UTC)
    session.flush()
    crossing = exit_of(session, hit)
    traveller = session.get(Traveller, crossing.traveller_id)
    again = screening.screen_crossing(
        session=session, crossing=crossing, traveller=traveller, document=None
    )
    assert [h.status for h in again] == ["open"]
    assert crossing.screening_status == "open_hits"


def test_each_list_may_set_its_own_threshold(session):
    strict = service.create_list(
        session=session, data=AlertListCreate(name="Strict", kind="person", threshold=0.9999)
    )
    service.import_csv(
        session=session,
        alert_list=strict,
        content=(HEADER + "S1,Aleksandr Ivanov,1980,RUS,M,,strict reason,,,\n").encode(),
    )
    load_lists(session)
    hits = screen(session, "IVANOV", "ALEKSANDR", birth=date(1980, 5, 12), nationality="RUS")
    assert refs(hits) == {"W1"}  # the same name and year on the strict list is below its bar
    assert min(hit.score for hit in hits) >= 0.5
