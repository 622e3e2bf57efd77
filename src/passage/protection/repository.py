"""Query pieces every protection sub-domain shares: the WHERE clause of what a reader reaches."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true

from passage.protection.access import Reach


def _within(
    column: ColumnElement[str], organisations: frozenset[str] | None
) -> ColumnElement[bool]:
    if organisations is None:
        return true()
    if not organisations:
        return false()
    return column.in_(sorted(organisations))


def visible(reach: Reach, organisation: Any, restricted: Any) -> ColumnElement[bool]:
    """Records of an organisation within reach, restricted ones only for designated staff."""
    return or_(
        and_(restricted.is_(False), _within(organisation, reach.ordinary)),
        and_(restricted.is_(True), _within(organisation, reach.restricted)),
    )
