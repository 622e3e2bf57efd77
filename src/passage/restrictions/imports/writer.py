"""Writes the candidates of one import: new references are inserted in bulk (rows in the shape
the service writes, `restrictions.bulk`), changed ones get a new version through the service,
unchanged ones are counted (without a write); each rejected row is kept with its line and
column.

Inserting new measures as rows (not one ORM object per target code) is what makes a template of
100,000 measures with ~100 targeted nationalities each import in about a minute."""

from __future__ import annotations

import time
from datetime import date
from types import SimpleNamespace
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Row
from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.errors import Forbidden, Invalid, PassageError
from passage.exchange import feed as exchange_feed
from passage.kit.clock import utcnow
from passage.kit.i18n import N_
from passage.kit.imports import ImportReport
from passage.restrictions import bulk, service
from passage.restrictions.imports.parsing import Candidate, Parsed
from passage.restrictions.models import Measure, MeasureVersion
from passage.restrictions.schemas import MeasureContent, MeasureCreate, MeasureEdit
from passage.restrictions.sharing.changes import measure_change

IMPORT = "measures.import"
# Model field -> the column a user sees in the template (errors name the column).
FIELD_COLUMNS = {"country_iso3": "country"}
DATE_FIELDS = ("announced_on", "effective_from", "effective_until", "last_verified_on")
# New rows (measures, versions, target codes) are inserted in chunks of this many...
CHUNK_ROWS = 20_000
# ... and a batch commits once it has held the write lock (SQLite) this long: waiting requests
# get in between batches whatever the machine's speed, and a busy machine makes more, shorter
# batches instead of longer waits. A batch also commits after BATCH_ROWS rows at most.
HOLD_SECONDS = 1.0
BATCH_ROWS = 400_000


class Writer:
    """Creates (in bulk, a chunk at a time), versions or counts one candidate at a time."""

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
        self.measures: list[dict[str, Any]] = []
        self.versions: list[dict[str, Any]] = []
        self.refs: list[str | None] = []
        self.pending = 0  # rows not yet inserted
        self.batch_rows, self.batch_started = 0, 0.0  # rows written in this transaction, when

    def due(self) -> bool:
        """True when the transaction has held the write lock long enough: time to commit."""
        if self.pending >= CHUNK_ROWS:
            self.flush()
        if not self.batch_rows:
            return False
        held = time.monotonic() - self.batch_started
        return held >= HOLD_SECONDS or self.batch_rows >= BATCH_ROWS

    def committed(self) -> None:
        """The batch was committed: the next write starts a new one."""
        self.batch_rows = 0

    def write(self, candidate: Candidate, current: Row[Any] | None) -> None:
        """Create, version or count one candidate (`current`: the stored state of its ref)."""
        assert candidate.data is not None
        try:
            self._require_scope(candidate.data.country_iso3)
            if current is None:
                self._create(candidate.data, candidate.external_ref)
            elif _same(candidate.data, current, self.compared) or _covered(candidate, current):
                self.report.unchanged += 1
            else:
                self._edit(candidate.data, current)
        except PassageError as error:
            column = FIELD_COLUMNS.get(error.field, error.field) if error.field else None
            self.report.reject(candidate.line, error.message, column)

    def flush(self) -> None:
        """Insert the measures created since the last flush (their feed changes are queued)."""
        if not self.measures:
            return
        self._started(self.pending)
        for version, external_ref in zip(self.versions, self.refs, strict=True):
            change = measure_change(SimpleNamespace(**version), None, external_ref)
            exchange_feed.record_change(self.session, change)
        self.session.flush()
        bulk.insert_rows(self.session, Measure, self.measures)
        bulk.insert_rows(self.session, MeasureVersion, list(self.versions))
        bulk.index_targets(self.session, self.versions)
        self.versions.clear()
        self.refs, self.pending = [], 0

    def _started(self, rows: int) -> None:
        if not self.batch_rows:
            self.batch_started = time.monotonic()
        self.batch_rows += rows

    def _require_scope(self, country: str) -> None:
        """A row of a country outside the importer's scope is rejected (None: trusted CLI)."""
        if self.actor is not None and not can(self.actor, IMPORT, ScopeTarget(country=country)):
            self.refused += 1
            raise Forbidden(
                "%(country)s is outside your scope",
                params={"country": country},
                field="country_iso3",
            )

    def _create(self, data: MeasureCreate, external_ref: str | None) -> None:
        service.check_new_content(
            data=data, known_countries=self.countries, poe_countries=self.poes
        )
        now = utcnow()
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
        targets = sum(len(content[field]) for field in bulk.TARGET_FIELDS.values())
        self.measures.append(measure)
        self.versions.append(version)
        self.refs.append(external_ref)
        self.pending += 2 + targets
        self.report.created += 1

    def _edit(self, data: MeasureCreate, current: Row[Any]) -> None:
        if data.country_iso3 != current.country_iso3:
            message = N_("an import cannot move a measure to another country")
            raise Invalid(message, field="country_iso3")
        self.flush()  # measures created earlier in the file are written first
        content = data.model_dump(include=set(service.CONTENT_FIELDS))
        edit = MeasureEdit(version=current.measure_version, change_note=self.note, **content)
        service.edit_measure(
            session=self.session,
            measure_id=current.measure_id,
            data=edit,
            actor=self.actor,
            known_countries=self.countries,
            audit_each=False,
        )
        self._started(2 + sum(len(getattr(data, name)) for name in bulk.TARGET_FIELDS.values()))
        self.report.updated += 1


def _covered(candidate: Candidate, current: Row[Any]) -> bool:
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


def _same(data: MeasureCreate, current: Row[Any], fields: set[str]) -> bool:
    """The candidate's content equals the stored one: compared as stored first (most rows of
    an unchanged file), then through the schema, which normalises an older stored state."""
    wanted = _comparable(data, fields)
    stored = {name: _json(getattr(current, name)) for name in fields}
    return wanted == stored or wanted == _stored(current, fields)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _comparable(content: MeasureContent, fields: set[str]) -> dict[str, Any]:
    return content.model_dump(mode="json", include=fields)


def _stored(version: Row[Any], fields: set[str]) -> dict[str, Any] | None:
    values = {name: getattr(version, name) for name in service.CONTENT_FIELDS}
    try:
        return _comparable(MeasureContent.model_validate(values), fields)
    except ValidationError:
        return None  # a stored state the schema no longer accepts always differs
