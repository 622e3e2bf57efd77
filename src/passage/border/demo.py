"""Border part of the demo world: a watch list, a list of lost and stolen documents, a month of
entries and exits at Namanga (and a few at Busia) with the officers' decisions, and what an
officer should find there: an open watch-list hit, a stolen passport, overstays, a departure
with no recorded entry and an unaccompanied child referred for protection.

Everything goes through the border services as the demo officers would (screening, journey
checks and audit entries are real). People, days and hours come from a fixed seed, relative to
the clock; every person and document is fictitious. Idempotent: nothing is added once the demo
watch list or any crossing exists.
"""

from __future__ import annotations

import csv
import io
import random
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth import repository as auth_repository
from passage.auth.service import principal_for
from passage.border.alerts import repository as alerts_repository
from passage.border.alerts import screening
from passage.border.alerts import service as alerts
from passage.border.alerts.schemas import AlertListCreate, HitResolve
from passage.border.crossings import repository, service
from passage.border.crossings.models import Crossing
from passage.border.crossings.schemas import CrossingCreate, DecisionCreate
from passage.border.mrz import build_td3
from passage.border.referrals.schemas import ReferralCreate
from passage.border.referrals.service import create_referral
from passage.geo import repository as geo_repository
from passage.kit.clock import utcnow
from passage.synthetic.people import latin_form, make_person, strip_diacritics

WATCH_LIST = "Demo watch list"
DOCUMENT_LIST = "Demo lost and stolen documents"
AUTHORITY = "Demo National Central Bureau"
NAMANGA, BUSIA = "LND-KEN-NAMANGA", "LND-KEN-BUSIA"
OFFICER_EMAIL, ADMIN_EMAIL = "border@demo.passage.int", "admin@demo.passage.int"
SEED = "passage demo border"
TRAVELLERS = {NAMANGA: 120, BUSIA: 8}
EARLIEST_ENTRY_DAYS = 40  # entries before the month shown make its first exits
EXIT_SHARE = 0.85  # of the entries whose traveller has had time to leave
STAY_DAYS = (1, 2, 3, 4, 6, 8, 12, 20)  # how long visitors stay
CONDITIONS_SHARE = 0.06
UNDECIDED_HOURS = 3  # crossings of the last hours still wait for the officer's decision
# Nationalities at Namanga (Kenya-Tanzania): mostly East African, some from further away.
NATIONALITIES = {
    NAMANGA: ("KEN",) * 9
    + ("TZA",) * 8
    + ("UGA",) * 3
    + ("RWA", "RWA", "BDI", "SSD", "ETH", "ETH", "SOM", "SOM", "COD", "COD")
    + ("IND", "CHN", "GBR", "USA", "FRA", "SDN", "RUS"),
    BUSIA: ("UGA", "UGA", "UGA", "KEN", "KEN", "RWA", "SSD"),
}
CULTURES = {"ETH": "et", "SOM": "et", "IND": "sa", "CHN": "zh", "GBR": "en", "USA": "en"}
CULTURES |= {"FRA": "fr", "SDN": "ar", "RUS": "ru"}
ORIGINS = {NAMANGA: "TZA", BUSIA: "UGA"}
PURPOSES = ("tourism", "business", "family", "work", "transit", "tourism", "business", "return")
STAYS = (30, 30, 30, 60, 90)  # allowed days: never shorter than the month shown
CONDITIONS = (
    "Admitted for the transit only: to leave through Nairobi airport",
    "Visitor's pass: report to the immigration office in Nairobi within 7 days",
)
NOT_LETTERS = re.compile(r"[^A-Z ]+")
# Passports DEM + six digits: three letters, never a benchmark's two letters + seven digits.
WATCHED = ("DEM000100", "RUS")
STOLEN = ("DEM000313", "KEN")
CHILD = ("DEM000150", "TZA")
NO_ENTRY = ("DEM000160", "UGA")
OVERSTAYERS = (("DEM000171", "ETH"), ("DEM000172", "SOM"), ("DEM000173", "COD"))
# Travellers port health screens (passage.health.demo): fever and symptoms after a stay in
# Uganda; from the DRC without symptoms; and six who are cleared.
ISOLATE = ("DEM000501", "UGA")
SECONDARY = ("DEM000502", "COD")
CLEARED = tuple((f"DEM00051{n}", "TZA" if n % 2 else "KEN") for n in range(6))


# ---------------------------------------------------------------- alert lists


def _csv(rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def watch_list_csv(day: date) -> bytes:
    """Six fictitious listed people (some in Cyrillic and Arabic script); one listing ended."""
    since, until = str(day - timedelta(days=400)), str(day + timedelta(days=700))
    ended = str(day - timedelta(days=20))
    header = ("ref", "names", "birth_date", "nationality", "gender", "reason")
    rows = [
        ("DW-001", "Дмитрий Сергеевич Волков|Dmitri Volkov", "1978-04-12", "RUS", "M",
         "Arrest warrant: large-scale fraud", until),
        ("DW-002", "محمد عبد الله الأمين|Mohamed Abdalla Elamin", "1985-01", "SDN", "M",
         "Wanted for questioning: smuggling of migrants", until),
        ("DW-003", "Amina Yusuf Warsame|Aamina Yuusuf Warsame", "1991-07-03", "SOM", "F",
         "Missing person: family tracing request", until),
        ("DW-004", "Jean-Pierre Mukendi Kabasele|Mukendi Kabasele", "1969", "COD", "M",
         "Travel ban (sanctions list)", until),
        ("DW-005", "Ольга Николаевна Петренко|Olha Petrenko", "1983-10-27", "UKR", "F",
         "Forged visas", until),
        ("DW-006", "خالد حسن إبراهيم|Khalid Hassan Ibrahim", "1975-09-15", "EGY", "M",
         "Trafficking in persons investigation", ended),
    ]  # fmt: skip
    return _csv(
        [(*header, "issuing_authority", "valid_from", "valid_until")]
        + [(*row[:6], AUTHORITY, since, row[6]) for row in rows]
    )


def document_list_csv(day: date) -> bytes:
    """Three fictitious passports reported stolen, lost or revoked."""
    header = ("ref", "document_number", "issuing_state", "document_code", "reason", "reported_on")
    return _csv(
        [
            header,
            ("LS-001", *STOLEN, "P", "stolen", str(day - timedelta(days=75))),
            ("LS-002", "DEM000920", "UGA", "P", "lost", str(day - timedelta(days=30))),
            ("LS-003", "DEM000930", "TZA", "P", "revoked", str(day - timedelta(days=200))),
        ]
    )


def load_alert_lists(session: Session, day: date) -> None:
    """The demo watch list and the demo list of lost and stolen documents."""
    for name, kind, content in (
        (WATCH_LIST, "person", watch_list_csv(day)),
        (DOCUMENT_LIST, "document", document_list_csv(day)),
    ):
        data = AlertListCreate(
            name=name,
            kind=kind,
            issuing_authority=AUTHORITY,
            description="Fictitious, for the demo",
        )
        alert_list = alerts.create_list(session=session, data=data)
        alerts.import_csv(session=session, alert_list=alert_list, content=content)


# ---------------------------------------------------------------- travellers


@dataclass(frozen=True)
class Person:
    """A fictitious traveller and their passport."""

    surname: str
    given_names: str
    nationality: str
    sex: str
    birth_date: date
    document_number: str
    expiry_date: date

    def mrz(self) -> str:
        """The passport's machine readable zone (TD3)."""
        return build_td3(
            issuing_state=self.nationality,
            document_number=self.document_number,
            surname=self.surname,
            given_names=self.given_names,
            nationality=self.nationality,
            birth_date=self.birth_date,
            sex=self.sex,
            expiry_date=self.expiry_date,
        )


def _latin(name: str) -> str:
    """A name as the MRZ writes it: ICAO Latin letters and spaces."""
    return NOT_LETTERS.sub("", strip_diacritics(latin_form(name)).upper().replace("-", " "))


def _age(rng: random.Random) -> int:
    """Mostly adults, some children and older people."""
    share = rng.random()
    if share < 0.08:
        return rng.randint(3, 17)
    return rng.randint(18, 59) if share < 0.88 else rng.randint(60, 84)


def traveller(
    number: int, nationality: str, today: date, *, document: str = "", age: int | None = None
) -> Person:
    """The demo traveller with this number: a name of their nationality's naming tradition."""
    rng = random.Random(f"{SEED} {number}")
    synthetic = make_person(rng, number, CULTURES.get(nationality, "ea"))
    years = _age(rng) if age is None else age
    return Person(
        surname=_latin(synthetic.surname) or "DOE",
        given_names=_latin(" ".join(synthetic.given)) or "ALEX",
        nationality=nationality,
        sex=synthetic.gender,
        birth_date=today - timedelta(days=round(years * 365.25) + rng.randrange(365)),
        document_number=document or f"DEM{number:06d}",
        expiry_date=today + timedelta(days=rng.randint(200, 3000)),
    )


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Planned:
    """One crossing to register, and the officer's decision on it."""

    person: Person
    poe: str
    direction: str
    at: datetime
    origin: str | None = None
    allowed_stay_days: int | None = None
    purpose: str | None = None
    decision: str | None = "admitted"
    reason: str | None = None
    story: str | None = None


def _moment(rng: random.Random, now: datetime, days_ago: int) -> datetime:
    """A time in the busy hours of a day some days ago (never in the future)."""
    midnight = datetime.combine(now.date(), time(0), tzinfo=UTC)
    hour = timedelta(hours=rng.randint(6, 21), minutes=rng.randint(0, 59))
    at = midnight - timedelta(days=days_ago) + hour
    return at if at < now else now - timedelta(minutes=rng.randint(5, 300))


def _visit(rng: random.Random, person: Person, poe: str, now: datetime) -> list[Planned]:
    """An entry within the last weeks and, for most who have had time, their exit (always for
    those who came before the month shown, so no one overstays by chance)."""
    days_ago = rng.randint(0, EARLIEST_ENTRY_DAYS)
    entered = _moment(rng, now, days_ago)
    decision, reason = "admitted", None
    if rng.random() < CONDITIONS_SHARE:
        decision, reason = "admitted_with_conditions", rng.choice(CONDITIONS)
    entry = Planned(
        person,
        poe,
        "entry",
        entered,
        origin=ORIGINS[poe],
        allowed_stay_days=rng.choice(STAYS),
        purpose=rng.choice(PURPOSES),
        decision=decision,
        reason=reason,
    )
    left = entered + timedelta(days=rng.choice(STAY_DAYS), hours=rng.randint(-5, 5))
    stays_on = days_ago < min(STAYS) and rng.random() > EXIT_SHARE
    if left > now - timedelta(hours=1) or stays_on:
        return [entry]
    return [entry, Planned(person, poe, "exit", left, purpose="return")]


def routine_crossings(now: datetime) -> list[Planned]:
    """The ordinary traffic at each demo crossing."""
    rng = random.Random(SEED)
    plans: list[Planned] = []
    number = 0
    for poe, count in TRAVELLERS.items():
        for _ in range(count):
            number += 1
            person = traveller(number, rng.choice(NATIONALITIES[poe]), now.date())
            plans += _visit(rng, person, poe, now)
    return plans


def _entry(person: Person, at: datetime, origin: str = "TZA", **details: str | None) -> Planned:
    """An entry at Namanga with 30 days' stay allowed."""
    return Planned(person, NAMANGA, "entry", at, origin, 30, **details)


def story_crossings(now: datetime) -> list[Planned]:
    """The crossings an officer should find: a listed person, a stolen passport, a child,
    overstays, a departure without entry, and the travellers port health screens."""
    rng = random.Random(f"{SEED} story")

    def at(days_ago: int) -> datetime:
        return _moment(rng, now, days_ago)

    def holder(number: int, passport: tuple[str, str]) -> Person:
        return traveller(number, passport[1], now.date(), document=passport[0])

    watched = replace(
        holder(900, WATCHED),
        surname="VOLKOV",
        given_names="DMITRII",
        sex="M",
        birth_date=date(1978, 4, 12),
    )
    child = traveller(902, CHILD[1], now.date(), document=CHILD[0], age=15)
    plans = [
        _entry(watched, now - timedelta(minutes=50), purpose="business", decision=None,
               story="watched"),
        _entry(holder(901, STOLEN), at(2), purpose="tourism", decision="referred_secondary",
               reason="The passport is listed as stolen: identity to be established",
               story="stolen"),
        _entry(child, at(4), purpose="family", decision="admitted_with_conditions",
               reason="Unaccompanied child: handed to the child protection desk", story="child"),
        _entry(holder(910, ISOLATE), at(3), "UGA", purpose="business",
               decision="admitted_with_conditions", reason="Referred to port health"),
        _entry(holder(911, SECONDARY), now - timedelta(minutes=35), "COD", purpose="family",
               decision=None),
        Planned(holder(903, NO_ENTRY), NAMANGA, "exit", at(8), purpose="return"),
    ]  # fmt: skip
    plans += [
        _entry(holder(920 + n, passport), at(41 + 5 * n), purpose="work")
        for n, passport in enumerate(OVERSTAYERS)
    ]
    plans += [
        _entry(holder(930 + n, passport), at(n % 2), purpose="tourism")
        for n, passport in enumerate(CLEARED)
    ]
    return plans


# ---------------------------------------------------------------- registration


def _register(session: Session, plan: Planned, actor: Principal, poe_id: uuid.UUID) -> Crossing:
    """Register the crossing from the passport's MRZ, as the officer's screen does."""
    data = CrossingCreate.model_validate(
        {
            "poe_id": poe_id,
            "direction": plan.direction,
            "mrz": plan.person.mrz(),
            "occurred_at": plan.at,
            "origin_iso3": plan.origin,
            "purpose": plan.purpose,
            "allowed_stay_days": plan.allowed_stay_days,
        }
    )
    return service.register_crossing(session=session, data=data, actor=actor)


def _resolve_document_hits(session: Session, crossing: Crossing, actor: Principal) -> None:
    """The officer confirms that the presented passport is the stolen one."""
    for hit in screening.hits_for_crossing(session=session, crossing_id=crossing.id):
        if hit.lost_document_id is None or hit.status != "open":
            continue
        data = HitResolve(
            version=hit.version,
            status="confirmed",
            reason="Same passport number; the holder is not the person it was issued to",
        )
        screening.resolve_hit(session=session, hit_id=hit.id, data=data, actor=actor)


def _refer_child(session: Session, crossing: Crossing, actor: Principal) -> None:
    """The officer refers the unaccompanied child to the child protection desk."""
    data = ReferralCreate(
        traveller_id=crossing.traveller_id,
        crossing_id=crossing.id,
        flags=["unaccompanied_or_separated_child"],
        consent_given=True,
        service_provider="IOM child protection desk, Namanga",
        organisation="IOM",
        notes="Travelling alone to join a relative in Nairobi; the relative was called",
    )
    create_referral(session=session, data=data, actor=actor)


STORIES: dict[str, Callable[[Session, Crossing, Principal], None]] = {
    "stolen": _resolve_document_hits,
    "child": _refer_child,
}


def _decide(session: Session, plan: Planned, crossing: Crossing, actor: Principal) -> None:
    """Record the decision, unless an alert hit is open (the officer resolves it first)."""
    if plan.decision is None or crossing.screening_status == "open_hits":
        return
    session.flush()  # the version the officer sees includes a hit resolved just before
    data = DecisionCreate(version=crossing.version, decision=plan.decision, reason=plan.reason)
    service.record_decision(session=session, crossing_id=crossing.id, data=data, actor=actor)


def _actors(session: Session) -> dict[str, tuple[Principal, uuid.UUID]] | None:
    """The demo officer at Namanga, the administrator at Busia (the officer's scope is one POE)."""
    poes = geo_repository.get_poes_by_code(session, [NAMANGA, BUSIA])
    officer = auth_repository.get_user_by_email(session, OFFICER_EMAIL)
    admin = auth_repository.get_user_by_email(session, ADMIN_EMAIL)
    if officer is None or admin is None or len(poes) < 2:
        return None
    return {
        NAMANGA: (principal_for(officer), poes[NAMANGA].id),
        BUSIA: (principal_for(admin), poes[BUSIA].id),
    }


def already_loaded(session: Session) -> bool:
    """The demo watch list or any crossing exists: the border activity is not added again."""
    if alerts_repository.get_list_by_name(session, WATCH_LIST) is not None:
        return True
    crossings, _ = repository.search_crossings(session, scope=None, limit=1)
    return bool(crossings)


def load_demo_border(session: Session) -> None:
    """Alert lists and a month of crossings at the demo POEs (nothing if already there)."""
    actors = _actors(session)
    if actors is None or already_loaded(session):
        return
    now = utcnow()
    load_alert_lists(session, now.date())
    recent = now - timedelta(hours=UNDECIDED_HOURS)
    for plan in sorted(routine_crossings(now) + story_crossings(now), key=lambda p: p.at):
        actor, poe_id = actors[plan.poe]
        crossing = _register(session, plan, actor, poe_id)
        if plan.story in STORIES:
            STORIES[plan.story](session, crossing, actor)
        if plan.at < recent:
            _decide(session, plan, crossing, actor)


def demo_entry(session: Session, passport: tuple[str, str]) -> Crossing | None:
    """The latest crossing of the demo traveller holding a passport (number, issuing state)."""
    found = repository.document_with_traveller(
        session, issuing_state=passport[1], document_code="P", document_number=passport[0]
    )
    if found is None:
        return None
    crossings = repository.traveller_crossings(session, found[1].id, None, limit=1)
    return crossings[0] if crossings else None
