"""Who sees which protection records: the one place the API and the pages both ask.

A case worker, supervisor or designated case worker works within the organisations of their
grants (a global grant reaches every organisation; country and POE grants reach none here).
Child-protection and trafficking records (`restricted`) are seen only by designated case
workers of the owning organisation. Partner workers see the referrals addressed to their
organisation, and only the fields the person consented to share. Border and health staff hold
no protection permission: they see the referrals they made, in the border domain, and nothing
of the cases those referrals became.
"""

from __future__ import annotations

from dataclasses import dataclass

from passage.access import Principal, ScopeTarget, ScopeType, can, scope_values
from passage.errors import Forbidden, Invalid

PURPOSE = "protection"


@dataclass(frozen=True)
class Reach:
    """The organisations a principal reaches for ordinary and for restricted records (None: all
    organisations)."""

    ordinary: frozenset[str] | None
    restricted: frozenset[str] | None

    def sees(self, organisation: str, restricted: bool) -> bool:
        """Whether a record of this organisation (restricted or not) is within reach."""
        reach = self.restricted if restricted else self.ordinary
        return reach is None or organisation in reach


def organisations(principal: Principal, permission: str) -> frozenset[str] | None:
    """The organisations a principal's grants of a permission reach; None for all of them."""
    return scope_values(principal, permission, ScopeType.ORGANISATION)


def reach(principal: Principal, permission: str = "protection.read") -> Reach:
    """What a principal reaches under a permission; restricted records also need
    `protection.sensitive` for the same organisation."""
    ordinary = organisations(principal, permission)
    sensitive = organisations(principal, "protection.sensitive")
    if ordinary is None:
        restricted = sensitive
    elif sensitive is None:
        restricted = ordinary
    else:
        restricted = ordinary & sensitive
    return Reach(ordinary, restricted)


def may(principal: Principal, permission: str, organisation: str, restricted: bool) -> bool:
    """The record-level decision: the permission within the record's organisation, and the
    designation for a restricted record."""
    target = ScopeTarget(organisation=organisation)
    if not can(principal, permission, target):
        return False
    return not restricted or can(principal, "protection.sensitive", target)


def acting_organisation(principal: Principal, permission: str, requested: str | None) -> str:
    """The organisation a new record belongs to: the one asked for if within reach, else the
    actor's only organisation."""
    reached = organisations(principal, permission)
    wanted = (requested or "").strip() or None
    if wanted is not None:
        if reached is not None and wanted not in reached:
            raise Forbidden("you do not work for this organisation", field="organisation")
        return wanted
    if reached is not None and len(reached) == 1:
        return next(iter(reached))
    raise Invalid("say which organisation this record belongs to", field="organisation")
