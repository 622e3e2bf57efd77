"""The one import pipeline of measures: every parsed row is validated, new references are
created, changed ones get a new version, unchanged ones are counted; one audit entry per import.

Parsers (oxcgrt.py, template.py) are pure: they turn a file into `Candidate`s (parsing.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Literal

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.background.service import Progress
from passage.errors import Invalid
from passage.geo import repository as geo_repository
from passage.kit import audit
from passage.kit.imports import ImportReport
from passage.restrictions import repository, service
from passage.restrictions.imports import oxcgrt, template, visas
from passage.restrictions.imports.parsing import Candidate, FileError, Parsed, decode
from passage.restrictions.imports.writer import Writer

Format = Literal["oxcgrt", "passage", "visa"]
FORMATS: tuple[str, ...] = ("oxcgrt", "passage", "visa")
Checkpoint = Callable[[], None]


@dataclass
class MeasureImportReport(ImportReport):
    """An ImportReport that also counts rows read and rows skipped on purpose (not errors)."""

    rows: int = 0
    skipped: int = 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, rejected rows in line order."""
        return {"rows": self.rows, "skipped": self.skipped, **super().to_dict()}


def parse_file(
    *,
    content: bytes,
    file_name: str,
    format: str,
    known_countries: set[str],
    effective_from: date | None = None,
) -> Parsed:
    """Parse an uploaded file in the given format; raises FileError when it cannot be read.

    `effective_from`: the day a visa-requirement file holds from (format visa)."""
    if not known_countries:
        raise FileError(service.NO_COUNTRIES)
    if format == "visa":
        return visas.parse(
            decode(content),
            file_name=file_name,
            known_countries=known_countries,
            effective_from=effective_from,
        )
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
    *,
    session: Session,
    content: bytes,
    file_name: str,
    format: str,
    actor: Principal,
    effective_from: date | None = None,
    checkpoint: Checkpoint | None = None,
    progress: Progress | None = None,
) -> MeasureImportReport:
    """Parse and import an upload (blocking: routes run it in the thread pool, large ones in a
    background job, which follows `progress`); an unreadable file is refused with 422. With
    `checkpoint` (the route's commit), the file is parsed and validated outside any
    transaction and written in batches, each its own transaction."""
    countries = known_countries(session)
    if checkpoint:
        checkpoint()  # ends the short read (and the sign-in's) transaction before the parse
    try:
        parsed = parse_file(
            content=content,
            file_name=file_name,
            format=format,
            known_countries=countries,
            effective_from=effective_from,
        )
    except FileError as error:
        raise Invalid(str(error), field="file") from None
    if progress is not None:
        progress.total = len(parsed.candidates)
    return import_measures(
        session=session,
        parsed=parsed,
        source=file_name,
        format=format,
        actor=actor,
        checkpoint=checkpoint,
        progress=progress.add if progress is not None else None,
    )


def import_measures(
    *,
    session: Session,
    parsed: Parsed,
    source: str,
    format: str,
    actor: Principal | None = None,
    progress: Callable[[int], None] | None = None,
    checkpoint: Checkpoint | None = None,
) -> MeasureImportReport:
    """Write parsed candidates: create new references, version changed ones, count the rest.

    `checkpoint` (None: one transaction) commits each batch (writer.HOLD_SECONDS of writing at
    most), so that on SQLite the write lock is held one batch at a time, and rows found
    unchanged are counted without holding it; a failed import keeps the batches written before
    (re-importing the same file completes it: references make imports idempotent)."""
    report = MeasureImportReport(rows=parsed.rows, skipped=parsed.skipped)
    candidates = _valid_candidates(parsed.candidates, report)
    if progress and len(candidates) < len(parsed.candidates):
        progress(len(parsed.candidates) - len(candidates))  # rejected before any write
    currents = repository.current_states(
        session, [c.external_ref for c in candidates if c.external_ref]
    )
    named = sorted({code for candidate in candidates for code in _poe_codes(candidate)})
    poes = {c: p.country_iso3 for c, p in geo_repository.get_poes_by_code(session, named).items()}
    writer = Writer(session, report, known_countries(session), poes, actor, source, parsed)
    if checkpoint:
        checkpoint()  # the reads' transaction ends: unchanged rows are counted without a lock
    for candidate in candidates:
        writer.write(candidate, currents.get(candidate.external_ref or ""))
        if writer.due() and checkpoint:
            checkpoint()
            writer.committed()
        if progress:
            progress(1)
    writer.flush()
    report.rejected.sort(key=lambda error: error.line)
    _audit(session, report, source, format, writer.refused)
    return report


def _poe_codes(candidate: Candidate) -> list[str]:
    return candidate.data.poe_codes if candidate.data is not None else []


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
