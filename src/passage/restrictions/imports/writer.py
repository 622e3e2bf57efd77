"""Writes the candidates of one import: new references are inserted in bulk (rows in the shape
the service writes, `restrictions.bulk`), changed ones get a new version through the service,
unchanged ones are counted; each rejected row is kept with its line and column.

Inserting new measures as rows (not one ORM object per target code) is what makes a template of
100,000 measures with ~100 targeted nationalities each import in about a minute."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.errors import Forbidden, Invalid, PassageError
from passage.exchange import feed as exchange_feed
from passage.kit.clock import utcnow
from passage.kit.imports import ImportReport
from passage.restrictions import bulk, service
from passage.restrictions.imports.parsing import Candidate, Parsed
from passage.restrictions.models import Measure, MeasureTarget, MeasureVersion
from passage.restrictions.schemas import MeasureContent, MeasureCreate, MeasureEdit
from passage.restrictions.sharing.changes import measure_change

IMPORT = "measures.import"
# Model field -> the column a user sees in the template (errors name the column).
FIELD_COLUMNS = {"country_iso3": "country"}
DATE_FIELDS = ("announced_on", "effective_from", "effective_until", "last_verified_on")
# Rows (measures, versions, target codes) written per batch at most: a batch of measures with
# long target lists must not hold SQLite's write lock much longer than one of short ones.
BATCH_ROWS = 8_000
BATCH_CANDIDATES = 500


class Writer:
    """Creates (in bulk, at each flush), versions or counts one candidate at a time."""

    def __init__(
        self,
        session: Session,
        report: ImportReport,
        countries: set[str],
        poes: dict[str, str],
        actor: Principal | None,
        source: str,
        parsed: Parsed,
    ):
        self.session, self.report, self.countries, self.poes = session, report, countries, poes
        self.actor, self.note, self.refused = actor, f"import {source}"[:500], 0
        self.compared = set(service.CONTENT_FIELDS) - parsed.ignore_fields
        self.recorded_by = str(actor.user_id) if actor and actor.user_id else None
        self.pending: list[tuple[MeasureCreate, str | None]] = []
        self.written, self.rows = 0, 0  # candidates and rows since the last flush

    def due(self) -> bool:
        """True when the batch is full (by candidates or by rows): time to flush and commit."""
        return self.written >= BATCH_CANDIDATES or self.rows >= BATCH_ROWS

    def write(
        self, candidate: Candidate, measure: Measure | None, current: MeasureVersion | None
    ) -> None:
        """Create, version or count one candidate."""
        assert candidate.data is not None
        self.written += 1
        try:
            self._require_scope(candidate.data.country_iso3)
            if measure is None or current is None:
                self._create(candidate.data, candidate.external_ref)
            elif _same(candidate.data, current, self.compared) or _covered(candidate, current):
                self.report.unchanged += 1
            else:
                self._edit(candidate.data, measure, current)
        except PassageError as error:
            column = FIELD_COLUMNS.get(error.field, error.field) if error.field else None
            self.report.reject(candidate.line, error.message, column)

    def flush(self) -> None:
        """Insert the measures created since the last flush, then flush the session."""
        now, measures, versions, targets = utcnow(), [], [], []
        for data, external_ref in self.pending:
            measure, version = self._rows(data, external_ref, now)
            measures.append(measure)
            versions.append(version)
            targets += bulk.target_rows(version)
            change = measure_change(SimpleNamespace(**version), None, external_ref)
            exchange_feed.record_change(self.session, change)
        self.pending, self.written, self.rows = [], 0, 0
        self.session.flush()
        for model, rows in ((Measure, measures), (MeasureVersion, versions)):
            bulk.insert_rows(self.session, model, rows)
        bulk.insert_rows(self.session, MeasureTarget, targets)

    def _rows(
        self, data: MeasureCreate, external_ref: str | None, now: Any
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        measure = bulk.record_fields(now) | {
            "country_iso3": data.country_iso3,
            "external_ref": external_ref,
            "current_version_no": 1,
            "status": data.status,
        }
        content = data.model_dump(mode="json", include=set(service.CONTENT_FIELDS))
        content |= {name: getattr(data, name) for name in DATE_FIELDS}
        version = bulk.version_row(
            measure["id"], 1, content, status=data.status, recorded_at=now,
            superseded_at=None, recorded_by=self.recorded_by, change_note="created",
        )  # fmt: skip
        return measure, version

    def _require_scope(self, country: str) -> None:
        """A row of a country outside the importer's scope is rejected (None: trusted CLI)."""
        if self.actor is not None and not can(self.actor, IMPORT, ScopeTarget(country=country)):
            self.refused += 1
            raise Forbidden(f"{country} is outside your scope", field="country_iso3")

    def _create(self, data: MeasureCreate, external_ref: str | None) -> None:
        service.check_new_content(
            data=data, known_countries=self.countries, poe_countries=self.poes
        )
        self.pending.append((data, external_ref))
        self.rows += 2 + sum(len(getattr(data, name)) for name in bulk.TARGET_FIELDS.values())
        self.report.created += 1

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
        self.rows += 2 + sum(len(getattr(data, name)) for name in bulk.TARGET_FIELDS.values())
        self.report.updated += 1


def _covered(candidate: Candidate, current: MeasureVersion) -> bool:
    """A run cut short only by the end of the file, of the same kind and level as a stored run
    that goes on further: the file says nothing new, and must not shorten the stored run."""
    data = candidate.data
    if not candidate.open_end or data is None or data.effective_until is None:
        return False
    stored_until = current.effective_until
    return (data.measure_type, data.explicit_level, data.effective_from) == (
        current.measure_type,
        current.explicit_level,
        current.effective_from,
    ) and (stored_until is None or stored_until > data.effective_until)


def _same(data: MeasureCreate, current: MeasureVersion, fields: set[str]) -> bool:
    return _comparable(data, fields) == _stored(current, fields)


def _comparable(content: MeasureContent, fields: set[str]) -> dict[str, Any]:
    return content.model_dump(mode="json", include=fields)


def _stored(version: MeasureVersion, fields: set[str]) -> dict[str, Any] | None:
    values = {name: getattr(version, name) for name in service.CONTENT_FIELDS}
    try:
        return _comparable(MeasureContent.model_validate(values), fields)
    except ValidationError:
        return None  # a stored state the schema no longer accepts always differs
