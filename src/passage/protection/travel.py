"""Which protection cases a field node receives: the cases of its organisation, with their
person (and household), plans and follow-ups, so that case work goes on offline (a new node gets
the open ones; a case closed after that comes down closed)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, select

from passage.kit.travel import Site
from passage.protection.cases.models import Case, CaseService, FollowUp


def site_cases(statement: Select[Any], site: Site) -> Select[Any]:
    """Cases owned by the site's organisation."""
    if not site.organisation:
        return statement.where(false())
    return statement.where(Case.organisation == site.organisation)


def open_cases(statement: Select[Any], _site: Site) -> Select[Any]:
    """Cases not closed."""
    return statement.where(Case.status != "closed")


def _case_ids(site: Site, only_open: bool) -> Select[Any]:
    cases = site_cases(select(Case.id), site)
    return open_cases(cases, site) if only_open else cases


def site_follow_ups(statement: Select[Any], site: Site) -> Select[Any]:
    """Follow-ups of the site's cases."""
    return statement.where(FollowUp.case_id.in_(_case_ids(site, False)))


def open_follow_ups(statement: Select[Any], site: Site) -> Select[Any]:
    """Follow-ups of the site's open cases."""
    return statement.where(FollowUp.case_id.in_(_case_ids(site, True)))


def site_services(statement: Select[Any], site: Site) -> Select[Any]:
    """Planned and provided services of the site's cases."""
    return statement.where(CaseService.case_id.in_(_case_ids(site, False)))


def open_services(statement: Select[Any], site: Site) -> Select[Any]:
    """Services of the site's open cases."""
    return statement.where(CaseService.case_id.in_(_case_ids(site, True)))
