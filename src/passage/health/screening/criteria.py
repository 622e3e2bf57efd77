"""Disease criteria: versioned, edited by administrators without code. A change never edits a
revision: it adds the next one and makes it current, so old screenings keep the revision they
were classified with."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Conflict, NotFound
from passage.health.screening import repository
from passage.health.screening.engine import Criteria
from passage.health.screening.models import DiseaseCriteria
from passage.health.screening.schemas import CriteriaInput
from passage.kit import audit

EDITABLE = (
    "name",
    "case_definition",
    "incubation_days",
    "fever_threshold_c",
    "symptoms",
    "decisive_symptoms",
    "min_symptoms",
    "affected_countries",
    "exposure_is_link",
    "evidence_clears",
    "outcome_signs_and_link",
    "outcome_signs_only",
    "outcome_link_only",
    "is_active",
)


def to_engine(row: DiseaseCriteria) -> Criteria:
    """The engine's view of a stored revision."""
    return Criteria(
        disease_code=row.disease_code,
        revision=row.revision,
        incubation_days=row.incubation_days,
        fever_threshold_c=row.fever_threshold_c,
        symptoms=frozenset(row.symptoms),
        decisive_symptoms=frozenset(row.decisive_symptoms),
        min_symptoms=row.min_symptoms,
        affected_countries=frozenset(row.affected_countries),
        exposure_is_link=row.exposure_is_link,
        evidence_clears=row.evidence_clears,
        outcome_signs_and_link=row.outcome_signs_and_link,
        outcome_signs_only=row.outcome_signs_only,
        outcome_link_only=row.outcome_link_only,
    )


def current(session: Session, *, active_only: bool = False) -> Sequence[DiseaseCriteria]:
    """The current revision of every disease."""
    return repository.current_criteria(session, active_only=active_only)


def names(rows: Sequence[DiseaseCriteria]) -> dict[str, str]:
    """Each disease's name by its code."""
    return {row.disease_code: row.name for row in rows}


def revisions(session: Session, disease_code: str) -> Sequence[DiseaseCriteria]:
    """Every revision of a disease, newest first (404 for an unknown disease)."""
    found = repository.criteria_revisions(session, disease_code.lower())
    if not found:
        raise NotFound("no such disease")
    return found


def history(*, session: Session, disease_code: str) -> Sequence[DiseaseCriteria]:
    """Every revision of a disease's criteria, newest first (none for a new disease)."""
    return repository.criteria_revisions(session, disease_code)


def save_revision(*, session: Session, data: CriteriaInput, actor: Principal) -> DiseaseCriteria:
    """Add the next revision of a disease's criteria (the first for a new disease).

    `based_on_revision` is the revision the editor started from: when someone saved another
    one meanwhile, the change is refused (409) rather than silently overwriting theirs.
    """
    existing = repository.criteria_revisions(session, data.disease_code)
    latest = existing[0] if existing else None
    if latest is not None and data.based_on_revision not in (None, latest.revision):
        raise Conflict(
            "revision %(revision)s was saved meanwhile; reload and apply your change",
            params={"revision": latest.revision},
            field="based_on_revision",
        )
    if latest is not None and all(
        getattr(latest, name) == getattr(data, name) for name in EDITABLE
    ):
        raise Conflict("nothing changed: no new revision saved", field="form")
    for row in existing:
        if row.is_current:
            row.is_current = False
    row = DiseaseCriteria(
        disease_code=data.disease_code,
        revision=(latest.revision + 1) if latest else 1,
        is_current=True,
        change_note=data.change_note,
        created_by=actor.user_id,
        **{name: getattr(data, name) for name in EDITABLE},
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        action="health.criteria.revise",
        object_type="disease_criteria",
        object_id=row.id,
        details={"disease": row.disease_code, "revision": row.revision},
    )
    return row


def as_input(row: DiseaseCriteria) -> dict[str, object]:
    """A stored revision as form values (to start the next revision from)."""
    values: dict[str, object] = {name: getattr(row, name) for name in EDITABLE}
    return values | {"disease_code": row.disease_code, "based_on_revision": row.revision}
