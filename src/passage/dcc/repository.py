"""Every query of the DCC trust: trust lists and their signers by revision, value sets."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from passage.dcc.models import DccSigner, DccValueSet, TrustList


def trust_lists(session: Session) -> Sequence[TrustList]:
    """Every trust list by name."""
    return session.scalars(select(TrustList).order_by(TrustList.name)).all()


def trust_list_by_name(session: Session, name: str) -> TrustList | None:
    """A trust list by its name."""
    return session.scalars(select(TrustList).where(TrustList.name == name)).one_or_none()


def trust_state(session: Session) -> tuple[tuple[str, int], ...]:
    """(trust list id, current revision) of every list: changes when any list rotates."""
    rows = session.execute(
        select(TrustList.id, TrustList.current_revision).order_by(TrustList.id)
    ).all()
    return tuple((str(row[0]), int(row[1])) for row in rows)


def current_signers(session: Session) -> Sequence[DccSigner]:
    """The signer certificates of every trust list's current revision."""
    statement = select(DccSigner).join(
        TrustList,
        (TrustList.id == DccSigner.trust_list_id)
        & (TrustList.current_revision == DccSigner.revision),
    )
    return session.scalars(statement.order_by(DccSigner.kid)).all()


def signers_of(session: Session, trust_list_id: uuid.UUID, revision: int) -> Sequence[DccSigner]:
    """The signers of one revision of a trust list."""
    statement = select(DccSigner).where(
        DccSigner.trust_list_id == trust_list_id, DccSigner.revision == revision
    )
    return session.scalars(statement.order_by(DccSigner.country, DccSigner.kid)).all()


def delete_old_signers(session: Session, trust_list_id: uuid.UUID, keep_from: int) -> None:
    """Drop signers of revisions older than keep_from (the previous one is kept for rollback)."""
    statement = delete(DccSigner).where(
        DccSigner.trust_list_id == trust_list_id, DccSigner.revision < keep_from
    )
    session.execute(statement.execution_options(synchronize_session="fetch"))


def value_sets(session: Session) -> Sequence[DccValueSet]:
    """Every imported value set by id."""
    return session.scalars(select(DccValueSet).order_by(DccValueSet.value_set_id)).all()


def value_set(session: Session, value_set_id: str) -> DccValueSet | None:
    """One imported value set."""
    statement = select(DccValueSet).where(DccValueSet.value_set_id == value_set_id)
    return session.scalars(statement).one_or_none()


def value_sets_state(session: Session) -> tuple[str, ...]:
    """Ids and lock versions of the value sets: changes with every import."""
    rows = session.execute(select(DccValueSet.value_set_id, DccValueSet.version)).all()
    return tuple(sorted(f"{row[0]}:{row[1]}" for row in rows))
