"""Reference data operations: load countries and airports, import and edit points of entry."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can, poe_scope
from passage.errors import Conflict, Forbidden, Invalid, NotFound
from passage.geo import repository
from passage.geo.codes import EXTRA_COUNTRIES
from passage.geo.models import Country, PoeKind, PointOfEntry
from passage.geo.schemas import PoeCreate, PoeUpdate
from passage.kit import audit
from passage.kit.i18n import current_language
from passage.kit.imports import Checkpoint, ImportReport, write_in_batches
from passage.kit.imports import Progress as ImportProgress
from passage.kit.repository import check_version

Progress = Callable[[int], None]
POE_COLUMNS = ("code", "name", "kind", "country", "admin_area", "latitude", "longitude")
POE_OPTIONAL_COLUMNS = ("iata", "icao")
MANAGE = "poe.manage"


def _taxonomy_rows() -> list[dict[str, Any]]:
    """Countries and territories from the HDX taxonomy shipped in hdx-python-country, and the
    territories it leaves out that IOM reports on (geo.codes)."""
    from hdx.location.country import Country as HdxCountry

    data = HdxCountry.countriesdata(use_live=False)
    rows = [info for info in data["countries"].values() if info.get("ISO 3166-1 Alpha 3-Codes")]
    return rows + list(EXTRA_COUNTRIES)


@cache
def _country_names() -> dict[str, dict[str, str]]:
    """Every country's short name in each UN language of the catalogues, by ISO3 code."""
    names: dict[str, dict[str, str]] = {}
    for info in _taxonomy_rows():
        fields = _country_fields(info)
        by_language = {lang: fields[f"name_{lang}"] for lang in ("en", "fr", "es", "ar")}
        if code := info.get("ISO 3166-1 Alpha 3-Codes"):
            names[code] = {k: v for k, v in by_language.items() if v}
    return names


def country_words(value: object) -> str | None:
    """A country code as the country's name in the reader's language (None: not a country)."""
    if not isinstance(value, str) or len(value) != 3:
        return None
    names = _country_names().get(value.upper())
    if not names:
        return None
    return names.get(current_language()) or names.get("en")


def _int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _float(value: Any) -> float | None:
    return float(value) if value not in (None, "") else None


def _country_fields(info: dict[str, Any]) -> dict[str, Any]:
    return {
        "iso2": info.get("ISO 3166-1 Alpha 2-Codes") or None,
        "m49": _int(info.get("m49 numerical code")),
        "name_en": info.get("English Short") or info["Preferred Term"],
        "name_fr": info.get("French Short") or info.get("M49 French"),
        "name_es": info.get("Spanish Short") or info.get("M49 Spanish"),
        "name_ar": info.get("Arabic Short") or info.get("M49 Arabic"),
        "region_code": _int(info.get("Region Code")),
        "region_name": info.get("Region Name"),
        "subregion_code": _int(info.get("Sub-region Code")),
        "subregion_name": info.get("Sub-region Name"),
        "intermediate_region_code": _int(info.get("Intermediate Region Code")),
        "intermediate_region_name": info.get("Intermediate Region Name"),
        "latitude": _float(info.get("Latitude")),
        "longitude": _float(info.get("Longitude")),
    }


def _apply(record: Any, fields: dict[str, Any]) -> bool:
    """Set changed fields; True when anything changed."""
    changed = [name for name, value in fields.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, fields[name])
    return bool(changed)


def load_countries(*, session: Session) -> ImportReport:
    """Create or refresh every country and territory; running it again changes nothing."""
    report = ImportReport()
    existing = {c.iso3: c for c in repository.list_countries(session)}
    for info in _taxonomy_rows():
        iso3, fields = info["ISO 3166-1 Alpha 3-Codes"], _country_fields(info)
        country = existing.get(iso3)
        if country is None:
            session.add(Country(iso3=iso3, **fields))
            report.created += 1
        elif _apply(country, fields):
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    return report


def _airport_rows() -> Iterable[Any]:
    """Scheduled-service airports (IATA and four-letter ICAO codes) from airportsdata."""
    import re

    import airportsdata

    excluded = re.compile(r"heliport|seaplane|air base|airstrip|air force|military|naval", re.I)
    for airport in airportsdata.load("IATA").values():
        if re.fullmatch(r"[A-Z]{4}", airport.get("icao") or "") and not excluded.search(
            airport["name"]
        ):
            yield airport


def load_airports(*, session: Session, progress: Progress | None = None) -> ImportReport:
    """Create or refresh the airport points of entry; idempotent."""
    report = ImportReport()
    codes = repository.country_codes(session)
    airports = [a for a in _airport_rows() if a["country"] in codes]
    existing = repository.get_poes_by_code(session, [f"AIR-{a['iata']}" for a in airports])
    for airport in airports:
        fields = {
            "name": airport["name"],
            "kind": PoeKind.AIRPORT.value,
            "country_iso3": codes[airport["country"]],
            "admin_area": airport.get("subd") or None,
            "latitude": float(airport["lat"]),
            "longitude": float(airport["lon"]),
            "iata": airport["iata"],
            "icao": airport["icao"],
        }
        _upsert_poe(session, existing, f"AIR-{airport['iata']}", fields, "airportsdata", report)
        if progress:
            progress(1)
    session.flush()
    return report


def _upsert_poe(
    session: Session,
    existing: dict[str, PointOfEntry],
    code: str,
    fields: dict[str, Any],
    source: str,
    report: ImportReport,
) -> None:
    poe = existing.get(code)
    if poe is None:
        poe = PointOfEntry(code=code, source=source, **fields)
        session.add(poe)
        existing[code] = poe
        report.created += 1
    elif _apply(poe, fields):
        report.updated += 1
    else:
        report.unchanged += 1


def _parse_poe_row(row: dict[str, str], codes: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """Validate one CSV row; raises Invalid naming the field."""
    value = {key: (row.get(key) or "").strip() for key in POE_COLUMNS + POE_OPTIONAL_COLUMNS}
    for required in ("code", "name", "kind", "country"):
        if not value[required]:
            raise Invalid("%(required)s is empty", params={"required": required}, field=required)
    kinds = [kind.value for kind in PoeKind]
    if value["kind"] not in kinds:
        raise Invalid(
            "kind '%(kind)s' is not a type of point of entry (the import page lists the types)",
            params={"kind": value["kind"]},
            field="kind",
        )
    country = codes.get(value["country"].upper())
    if country is None:
        raise Invalid(
            "country '%(country)s' is not an ISO 3166 code",
            params={"country": value["country"]},
            field="country",
        )
    latitude = _coordinate(value["latitude"], "latitude", 90)
    longitude = _coordinate(value["longitude"], "longitude", 180)
    fields = {
        "name": value["name"],
        "kind": value["kind"],
        "country_iso3": country,
        "admin_area": value["admin_area"] or None,
        "latitude": latitude,
        "longitude": longitude,
        "iata": value["iata"].upper() or None,
        "icao": value["icao"].upper() or None,
    }
    return value["code"], fields


def _coordinate(text: str, name: str, bound: float) -> float | None:
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise Invalid(
            "%(name)s '%(text)s' is not a number", params={"name": name, "text": text}, field=name
        ) from None
    if not -bound <= number <= bound:
        raise Invalid(
            "%(name)s %(number)s is outside -%(bound)s..%(bound)s",
            params={"name": name, "number": number, "bound": bound},
            field=name,
        )
    return number


def import_poes_csv(
    *,
    session: Session,
    text: str,
    source: str,
    actor: Principal | None = None,
    checkpoint: Checkpoint | None = None,
    progress: ImportProgress | None = None,
) -> ImportReport:
    """Load land, sea and other crossings from CSV; each bad row is reported with its line.

    A row that would create or change a point of entry outside the actor's scope (or move one
    into another country) is rejected; `actor` None is a trusted caller (CLI, demo). The whole
    file is parsed and validated first; with `checkpoint` (the caller's commit) it is then
    written in batches, each its own transaction (`kit.imports.write_in_batches`); a failure
    keeps the batches written before (importing the same file again completes it)."""
    if checkpoint:
        checkpoint()  # the request's (or job's) reads end: no lock held during the parse
    report = ImportReport()
    rows = _parse_poe_rows(text, repository.country_codes(session), report)
    if progress is not None:
        progress.total = len(rows) + len(report.rejected)
        progress.add(len(report.rejected))
    existing = repository.get_poes_by_code(session, [code for _, code, _ in rows])
    if checkpoint:
        checkpoint()  # the reads' transaction ends: unchanged rows are counted without a lock
    writer = _PoeWriter(session, existing, actor, f"import:{source}", report)
    write_in_batches(rows, writer.write, checkpoint=checkpoint, progress=progress)
    _audit_import(session, report, source, writer.refused)
    return report


def _parse_poe_rows(
    text: str, codes: dict[str, str], report: ImportReport
) -> list[tuple[int, str, dict[str, Any]]]:
    """The valid rows of a crossings CSV as (line, code, fields); rejected rows go in `report`."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("code", "name", "kind", "country") if c not in (reader.fieldnames or [])]
    if missing:  # not a crossings file (the alert-list import refuses it the same way)
        raise Invalid(
            "missing column(s): %(columns)s", field="file", params={"columns": ", ".join(missing)}
        )
    rows: list[tuple[int, str, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        try:
            code, fields = _parse_poe_row(row, codes)
        except Invalid as error:
            report.reject_error(start, error)
            continue
        if code in seen:
            again = Invalid(
                "code '%(code)s' already appears on line %(line)s",
                params={"code": code, "line": seen[code]},
            )
            report.reject_error(start, again, "code")
            continue
        seen[code] = start
        rows.append((start, code, fields))
    return rows


class _PoeWriter:
    """Writes batches of parsed crossings, each row's scope checked."""

    def __init__(
        self,
        session: Session,
        existing: dict[str, PointOfEntry],
        actor: Principal | None,
        source: str,
        report: ImportReport,
    ):
        self.session, self.existing, self.actor = session, existing, actor
        self.source, self.report, self.refused = source, report, 0

    def write(self, rows: Sequence[tuple[int, str, dict[str, Any]]]) -> int:
        """Create or update each row of a batch in scope; returns the rows written."""
        before = self.report.created + self.report.updated
        for line, code, fields in rows:
            if outside := _outside_scope(
                self.actor, self.existing.get(code), fields["country_iso3"]
            ):
                self.report.reject_error(line, outside, "country")
                self.refused += 1
                continue
            _upsert_poe(self.session, self.existing, code, fields, self.source, self.report)
        written = self.report.created + self.report.updated - before
        if written:
            self.session.flush()
        return written


def _outside_scope(
    actor: Principal | None, poe: PointOfEntry | None, country: str
) -> Forbidden | None:
    """Why a write to a POE (existing or new, in `country`) is outside the actor's scope."""
    if actor is None:
        return None
    if poe is not None and not can(actor, MANAGE, poe_target(poe)):
        where = {"code": poe.code, "country": poe.country_iso3}
        return Forbidden("%(code)s is in %(country)s, outside your scope", params=where)
    if (poe is None or poe.country_iso3 != country) and not can(
        actor, MANAGE, ScopeTarget(country=country)
    ):
        return Forbidden("%(country)s is outside your scope", params={"country": country})
    return None


def _require_scope(actor: Principal | None, poe: PointOfEntry | None, country: str) -> None:
    """Refuse (403) a write to a POE outside the actor's scope."""
    if problem := _outside_scope(actor, poe, country):
        problem.field = "country_iso3"
        raise problem


def _audit_import(session: Session, report: ImportReport, source: str, refused: int) -> None:
    if refused:  # the import commits: the refusal is recorded with it
        details = {"reason": "rows outside the importer's scope", "rows": refused}
        audit.record(session, action="access.denied", object_type="point_of_entry", details=details)
    if report.created or report.updated:
        summary = {
            "source": source,
            "created": report.created,
            "updated": report.updated,
            "rejected": len(report.rejected),
        }
        audit.record(session, action="import", object_type="point_of_entry", details=summary)


class PoePlace(Protocol):
    """Anything that says where a point of entry is (a row or a cached view)."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def country_iso3(self) -> str: ...


PlaceT = TypeVar("PlaceT", bound="PointOfEntry | PoePlace")


def list_countries(*, session: Session, region_code: int | None = None) -> Sequence[Country]:
    """Countries ordered by English name, optionally within one UN M49 region."""
    return repository.list_countries(session, region_code=region_code)


def find_country(*, session: Session, iso3: str) -> Country | None:
    """A country by ISO 3166-1 alpha-3 (any case), or None."""
    return repository.get_country(session, iso3)


def get_country(*, session: Session, iso3: str, field: str = "iso3") -> Country:
    """A country by ISO 3166-1 alpha-3 (any case), or NotFound naming the input `field`."""
    country = repository.get_country(session, iso3)
    if country is None:
        raise NotFound("no country with code %(iso3)s", params={"iso3": iso3.upper()}, field=field)
    return country


def search_poes(
    *,
    session: Session,
    country: str | None = None,
    kind: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[PointOfEntry], int]:
    """A filtered page of points of entry, with the total count."""
    return repository.search_poes(
        session, country=country, kind=kind, text=text, limit=limit, offset=offset
    )


def get_poe(*, session: Session, poe_id: uuid.UUID) -> PointOfEntry:
    """A point of entry, or NotFound."""
    poe = repository.get_poe(session, poe_id)
    if poe is None:
        raise NotFound("no such point of entry")
    return poe


def poe_target(poe: PointOfEntry | PoePlace) -> ScopeTarget:
    """Where a point of entry sits, for scope checks."""
    return ScopeTarget(country=poe.country_iso3, poe_id=poe.id)


def require_poe_in_scope(
    session: Session, poe_id: uuid.UUID, actor: Principal, permission: str
) -> PointOfEntry:
    """The POE when the actor's grant reaches it: 404 when unknown, 403 outside the scope."""
    return check_poe_in_scope(repository.get_poe(session, poe_id), actor, permission)


def check_poe_in_scope(poe: PlaceT | None, actor: Principal, permission: str) -> PlaceT:
    """A POE already looked up (a row or a cached view): 404 when there is none, 403 when the
    actor's grant does not reach it."""
    if poe is None:
        raise NotFound("no such point of entry", field="poe_id")
    if not can(actor, permission, poe_target(poe)):
        raise Forbidden("this point of entry is outside your scope", field="poe_id")
    return poe


def operable_poes(*, session: Session, principal: Principal, permission: str) -> list[PointOfEntry]:
    """The POEs where the principal works under a permission: those of POE grants, then every
    POE of their countries; all of them for a global grant (at most 1,000)."""
    scope = poe_scope(principal, permission)
    if scope is None:
        return list(repository.search_poes(session, limit=1000)[0])
    found = [poe for pid in sorted(scope.poe_ids) if (poe := repository.get_poe(session, pid))]
    for country in sorted(scope.countries):
        found += repository.search_poes(session, country=country, limit=1000)[0]
    return list({poe.id: poe for poe in found}.values())


def create_poe(
    *, session: Session, data: PoeCreate, actor: Principal | None = None
) -> PointOfEntry:
    """Add a point of entry with a new code in a known country within the actor's scope
    (`actor` None: a trusted caller, e.g. a partner's verified feed)."""
    _require_scope(actor, None, data.country_iso3)
    if repository.get_country(session, data.country_iso3) is None:
        raise Invalid(
            "unknown country %(country_iso3)s",
            params={"country_iso3": data.country_iso3},
            field="country_iso3",
        )
    if repository.get_poes_by_code(session, [data.code]):
        raise Conflict(
            "a point of entry with code %(code)s exists", params={"code": data.code}, field="code"
        )
    poe = PointOfEntry(**data.model_dump(mode="json"), source="manual")
    session.add(poe)
    session.flush()
    audit.record(session, action="create", object_type="point_of_entry", object_id=poe.id)
    return poe


def update_poe(
    *, session: Session, poe_id: uuid.UUID, data: PoeUpdate, actor: Principal
) -> PointOfEntry:
    """Change a point of entry within the actor's scope if they saw its current version."""
    poe = get_poe(session=session, poe_id=poe_id)
    _require_scope(actor, poe, poe.country_iso3)
    check_version(poe, data.version)
    changes = data.model_dump(mode="json", exclude_unset=True, exclude={"version"})
    _apply(poe, changes)
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="point_of_entry",
        object_id=poe.id,
        details={"fields": sorted(changes)},
    )
    return poe


def poe_code_of(*, session: Session, poe_id: str) -> str | None:
    """The code of a point of entry given by its id as text (None: malformed or unknown)."""
    try:
        poe = repository.get_poe(session, uuid.UUID(poe_id))
    except ValueError:
        return None
    return poe.code if poe else None


def reference_counts(*, session: Session) -> tuple[int, int]:
    """How many countries and territories, and how many points of entry, are known."""
    poes = sum(repository.count_poes_by_kind(session).values())
    return repository.count_countries(session), poes


def known_country_codes(*, session: Session) -> set[str]:
    """The ISO 3166-1 alpha-3 codes of every known country or territory."""
    return set(repository.country_codes(session).values())


def poe_by_code(*, session: Session, code: str) -> PointOfEntry | None:
    """A point of entry by its code (None: unknown)."""
    return repository.get_poes_by_code(session, [code]).get(code)
