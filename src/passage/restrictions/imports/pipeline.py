"""The one import pipeline of measures: every parsed row is validated, new references are
created, changed ones get a new version, unchanged ones are counted; one audit entry per import.

Parsers (oxcgrt.py, template.py) are pure: they turn a file into `Candidate`s (parsing.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.errors import Forbidden, Invalid, PassageError
from passage.geo import repository as geo_repository
from passage.kit import audit
from passage.kit.imports import ImportReport
from passage.restrictions import repository, service
from passage.restrictions.imports import oxcgrt, template
from passage.restrictions.imports.parsing import Candidate, FileError, Parsed, decode
from passage.restrictions.models import Measure, MeasureVersion
from passage.restrictions.schemas import MeasureContent, MeasureCreate, MeasureEdit

Format = Literal["oxcgrt", "passage"]
FORMATS: tuple[str, ...] = ("oxcgrt", "passage")
IMPORT = "measures.import"
BATCH_SIZE = 1000
# Model field -> the column a user sees in the template (errors name the column).
FIELD_COLUMNS = {"country_iso3": "country"}


@dataclass
class MeasureImportReport(ImportReport):
    """An ImportReport that also counts rows read and rows skipped on purpose (not errors)."""

    rows: int = 0
    skipped: int = 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, rejected rows in line order."""
        return {"rows": self.rows, "skipped": self.skipped, **super().to_dict()}


def parse_file(*, content: bytes, file_name: str, format: str, known_countries: set[str]) -> Parsed:
    """Parse an uploaded file in the given format; raises FileError when it cannot be read."""
    if not known_countries:
        raise FileError(service.NO_COUNTRIES)
    if format == "oxcgrt":
        return oxcgrt.parse(decode(content), file_name=file_name, known_countries=known_countries)
    if format == "passage":
        if PurePath(file_name).suffix.lower() == ".xlsx":
            return template.parse_xlsx(content)
        return template.parse_csv(decode(content))
    raise FileError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")


def known_countries(session: Session) -> set[str]:
    """ISO3 codes of every loaded country."""
    return set(geo_repository.country_codes(session).values())


def import_upload(
    *, session: Session, content: bytes, file_name: str, format: str, actor: Principal
) -> MeasureImportReport:
    """Parse and import an upload (blocking: routes run it in the thread pool); an unreadable
    file is refused with 422."""
    try:
        parsed = parse_file(
            content=content,
            file_name=file_name,
            format=format,
            known_countries=known_countries(session),
        )
    except FileError as error:
        raise Invalid(str(error), field="file") from None
    return import_measures(
        session=session, parsed=parsed, source=file_name, format=format, actor=actor
    )


def import_measures(
    *,
    session: Session,
    parsed: Parsed,
    source: str,
    format: str,
    actor: Principal | None = None,
    progress: Callable[[int], None] | None = None,
) -> MeasureImportReport:
    """Write parsed candidates: create new references, version changed ones, count the rest."""
    report = MeasureImportReport(rows=parsed.rows, skipped=parsed.skipped)
    candidates = _valid_candidates(parsed.candidates, report)
    refs = [c.external_ref for c in candidates if c.external_ref]
    existing = repository.get_measures_by_ref(session, refs)
    currents = repository.current_versions(session, [m.id for m in existing.values()])
    writer = _Writer(session, report, known_countries(session), actor, source, parsed)
    for number, candidate in enumerate(candidates, start=1):
        measure = existing.get(candidate.external_ref or "")
        current = currents.get(measure.id) if measure else None
        writer.write(candidate, measure, current)
        if number % BATCH_SIZE == 0:
            session.flush()
        if progress:
            progress(1)
    session.flush()
    report.rejected.sort(key=lambda error: error.line)
    _audit(session, report, source, format, writer.refused)
    return report


def _valid_candidates(candidates: Iterable[Candidate], report: ImportReport) -> list[Candidate]:
    """Candidates with data, rejecting parser errors and repeated references."""
    valid: list[Candidate] = []
    seen: dict[str, int] = {}
    for candidate in candidates:
        ref = candidate.external_ref
        if candidate.error is not None:
            report.rejected.append(candidate.error)
        elif candidate.data is not None and ref is not None and ref in seen:
            report.reject(candidate.line, f"reference repeats line {seen[ref]}", "ref")
        elif candidate.data is not None:
            if ref is not None:
                seen[ref] = candidate.line
            valid.append(candidate)
    return valid


class _Writer:
    """Creates, versions or counts one candidate at a time, collecting row errors."""

    def __init__(
        self,
        session: Session,
        report: MeasureImportReport,
        countries: set[str],
        actor: Principal | None,
        source: str,
        parsed: Parsed,
    ):
        self.session, self.report, self.countries = session, report, countries
        self.actor, self.note, self.refused = actor, f"import {source}"[:500], 0
        self.compared = set(service.CONTENT_FIELDS) - parsed.ignore_fields

    def write(
        self, candidate: Candidate, measure: Measure | None, current: MeasureVersion | None
    ) -> None:
        """Create, version or count one candidate."""
        assert candidate.data is not None
        try:
            self._require_scope(candidate.data.country_iso3)
            if measure is None or current is None:
                self._create(candidate.data, candidate.external_ref)
            elif self._same(candidate.data, current) or _covered(candidate, current):
                self.report.unchanged += 1
            else:
                self._edit(candidate.data, measure, current)
        except PassageError as error:
            column = FIELD_COLUMNS.get(error.field, error.field) if error.field else None
            self.report.reject(candidate.line, error.message, column)

    def _require_scope(self, country: str) -> None:
        """A row of a country outside the importer's scope is rejected (None: trusted CLI)."""
        if self.actor is not None and not can(self.actor, IMPORT, ScopeTarget(country=country)):
            self.refused += 1
            raise Forbidden(f"{country} is outside your scope", field="country_iso3")

    def _create(self, data: MeasureCreate, external_ref: str | None) -> None:
        service.create_measure(
            session=self.session,
            data=data,
            actor=self.actor,
            external_ref=external_ref,
            known_countries=self.countries,
            audit_each=False,
        )
        self.report.created += 1

    def _same(self, data: MeasureCreate, current: MeasureVersion) -> bool:
        return _comparable(data, self.compared) == _stored(current, self.compared)

    def _edit(self, data: MeasureCreate, measure: Measure, current: MeasureVersion) -> None:
        if data.country_iso3 != current.country_iso3:
            message = "an import cannot move a measure to another country"
            raise Invalid(message, field="country_iso3")
        content = data.model_dump(include=set(service.CONTENT_FIELDS))
        edit = MeasureEdit(version=measure.version, change_note=self.note, **content)
        service.edit_measure(
            session=self.session,
            measure_id=measure.id,
            data=edit,
            actor=self.actor,
            known_countries=self.countries,
            audit_each=False,
        )
        self.report.updated += 1


def _covered(candidate: Candidate, current: MeasureVersion) -> bool:
    """A run cut short only by the end of the file, of the same kind and level as a stored run
    that goes on further: the file says nothing new, and must not shorten the stored run."""
    data = candidate.data
    if not candidate.open_end or data is None or data.effective_until is None:
        return False
    stored_until = current.effective_until
    return (
        (data.measure_type, data.explicit_level, data.effective_from)
        == (current.measure_type, current.explicit_level, current.effective_from)
        and (stored_until is None or stored_until > data.effective_until)
    )


def _comparable(content: MeasureContent, fields: set[str]) -> dict[str, Any]:
    return content.model_dump(mode="json", include=fields)


def _stored(version: MeasureVersion, fields: set[str]) -> dict[str, Any] | None:
    values = {name: getattr(version, name) for name in service.CONTENT_FIELDS}
    try:
        return _comparable(MeasureContent.model_validate(values), fields)
    except ValidationError:
        return None  # a stored state the schema no longer accepts always differs


def _audit(
    session: Session, report: MeasureImportReport, source: str, format: str, refused: int
) -> None:
    if refused:  # the import commits: the refusal is recorded with it
        details_refused = {"reason": "rows outside the importer's scope", "rows": refused}
        audit.record(
            session, action="access.denied", object_type="measure", details=details_refused
        )
    details = {
        "source": source,
        "format": format,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "rejected": len(report.rejected),
    }
    audit.record(session, action="import", object_type="measure", details=details)
