"""The feed changes of measures and POE statuses, and the content a partner's entries carry.
Pure: no I/O."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from passage.exchange.entries import Change, json_value
from passage.geo.schemas import PoeCreate
from passage.restrictions.schemas import MeasureContent, PoeStatusCreate

PUBLIC_MEASURE_STATUSES = ("published", "lifted", "superseded")
POE_FIELDS = ("code", "name", "kind", "country_iso3", "admin_area", "latitude", "longitude")


def measure_change(
    version: Any, previous_status: str | None, external_ref: str | None = None
) -> Change | None:
    """The feed change of a measure version; None for a draft (drafts stay local). The
    measure's external reference (e.g. `oxcgrt:GBR:2020-03-17`) travels with it, so that a
    deployment pulling the same imported measure from two partners keeps one measure."""
    if version.status not in PUBLIC_MEASURE_STATUSES:
        return None
    if previous_status in (None, "draft"):
        action = "published"
    elif version.status == "lifted" and previous_status != "lifted":
        action = "lifted"
    else:
        action = "updated"
    content = {name: json_value(getattr(version, name)) for name in MeasureContent.model_fields}
    content |= {
        "status": version.status,
        "measure_class": version.measure_class,
        "level": version.level,
    }
    if external_ref:
        content["external_ref"] = external_ref
    return Change(
        kind="measure",
        action=action,
        record_id=str(version.measure_id),
        record_version=version.version_no,
        effective_from=version.effective_from,
        content=content,
        is_new=previous_status is None,
    )


def poe_status_change(status: Any, poe: Any) -> Change:
    """The feed change of a point-of-entry status report (with the POE, to match or create it)."""
    content = {
        "poe": {name: getattr(poe, name) for name in (*POE_FIELDS, "iata", "icao")},
        "status": {
            name: json_value(getattr(status, name)) for name in PoeStatusCreate.model_fields
        },
    }
    return Change(
        kind="poe_status",
        action="reported",
        record_id=str(status.id),
        record_version=1,
        effective_from=status.effective_from,
        content=content,
        is_new=True,
    )


class MeasureEntryContent(MeasureContent):
    """A measure as a partner published it."""

    model_config = ConfigDict(extra="ignore")

    status: Literal["published", "lifted", "superseded"]
    external_ref: str | None = Field(default=None, max_length=200)


class PoeStatusEntryContent(BaseModel):
    """A POE status report as a partner published it."""

    model_config = ConfigDict(extra="ignore")

    poe: PoeCreate
    status: PoeStatusCreate
