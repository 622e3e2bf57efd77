"""Which alert lists a field node receives: those shared with its point of entry (a list
shared with no post in particular goes to every post), with their entries not removed. An entry
removed, or a list no longer shared with the post, is wiped at the node at its next sync."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, cast, or_, select

from passage.border.alerts.models import AlertList, AlertPerson, LostDocument
from passage.kit.clock import utcnow
from passage.kit.travel import Site


def _shared(site: Site) -> Any:
    """Lists shared with the site's post (or with every post)."""
    as_text = cast(AlertList.shared_poe_ids, String)
    every_post = or_(AlertList.shared_poe_ids.is_(None), as_text == "null")
    if site.poe_id is None:
        return every_post
    # JSON arrays differ between the databases: match the id as text inside the array
    return or_(every_post, as_text.contains(str(site.poe_id)))


def shared_lists(statement: Select[Any], site: Site) -> Select[Any]:
    """Lists shared with the site's post, and active."""
    return statement.where(_shared(site), AlertList.is_active.is_(True))


def _list_ids(site: Site) -> Select[Any]:
    return shared_lists(select(AlertList.id), site)


def kept_persons(statement: Select[Any], site: Site) -> Select[Any]:
    """Listed persons of the lists shared with the site, not removed."""
    return statement.where(
        AlertPerson.list_id.in_(_list_ids(site)), AlertPerson.removed_at.is_(None)
    )


def kept_documents(statement: Select[Any], site: Site) -> Select[Any]:
    """Lost documents of the lists shared with the site, not removed."""
    return statement.where(
        LostDocument.list_id.in_(_list_ids(site)), LostDocument.removed_at.is_(None)
    )


def wipe_list(alert_list: AlertList) -> None:
    """A list no longer shared with the post: inactive at the node (its entries leave too)."""
    alert_list.is_active = False


def wipe_person(person: AlertPerson) -> None:
    """An entry the post may no longer hold: its personal data gone, never screened again."""
    person.names, person.document_numbers = [], []
    person.birth_date_text = person.nationality = person.gender = None
    person.reason, person.issuing_authority = "", None
    person.removed_at = person.removed_at or utcnow()


def wipe_document(document: LostDocument) -> None:
    """A lost-document entry the post may no longer hold: its number gone, never matched."""
    document.document_number, document.reason = "", ""
    document.removed_at = document.removed_at or utcnow()
