"""Readable, translated labels for codes shown in pages (roles, scopes, POE kinds)."""

from __future__ import annotations

from passage.kit.i18n import gettext_ as _


def role_label(role: str) -> str:
    """A role as people say it."""
    labels = {
        "admin": _("Administrator"),
        "coordinator": _("Coordinator"),
        "analyst": _("Analyst"),
        "border_officer": _("Border officer"),
        "port_health_officer": _("Port health officer"),
        "case_worker": _("Case worker"),
        "partner_worker": _("Partner worker"),
        "supervisor": _("Protection supervisor"),
        "designated_case_worker": _("Designated case worker (child protection, trafficking)"),
        "health_authority": _("Public health authority"),
        "complaints_focal_point": _("Complaints focal point"),
        "flow_monitor": _("Flow monitoring data collector"),
        "public": _("Public"),
    }
    return labels.get(role, role)


def poe_kind_label(kind: str) -> str:
    """A point-of-entry type as people say it."""
    labels = {
        "airport": _("Airport"),
        "land_crossing": _("Land border crossing"),
        "sea_port": _("Sea port"),
        "river_port": _("River port"),
        "lake_port": _("Lake port"),
        "internal_transit": _("Internal transit point"),
    }
    return labels.get(kind, kind)


def scope_type_label(scope_type: str) -> str:
    """What a grant is limited to, as people say it."""
    labels = {
        "global": _("Everywhere"),
        "country": _("Country"),
        "poe": _("Point of entry"),
        "organisation": _("Organisation"),
    }
    return labels.get(scope_type, scope_type)
