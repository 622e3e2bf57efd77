"""Which port-health cases a field node receives: those of its point of entry, with their
follow-ups, so that case work goes on offline (a new node gets the open ones; a case closed
after that comes down closed)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, select

from passage.health.cases.models import FollowUpTask, PortHealthCase
from passage.kit.travel import Site


def site_cases(statement: Select[Any], site: Site) -> Select[Any]:
    """Cases of the site's point of entry."""
    if site.poe_id is None:
        return statement.where(false())
    return statement.where(PortHealthCase.poe_id == site.poe_id)


def open_cases(statement: Select[Any], _site: Site) -> Select[Any]:
    """Cases not closed."""
    return statement.where(PortHealthCase.status != "closed")


def site_follow_ups(statement: Select[Any], site: Site) -> Select[Any]:
    """Follow-ups of the site's cases."""
    return statement.where(FollowUpTask.case_id.in_(site_cases(select(PortHealthCase.id), site)))


def open_follow_ups(statement: Select[Any], site: Site) -> Select[Any]:
    """Follow-ups of the site's cases that are not closed."""
    cases = open_cases(site_cases(select(PortHealthCase.id), site), site)
    return statement.where(FollowUpTask.case_id.in_(cases))
