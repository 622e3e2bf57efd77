"""Tables of flow monitoring: the points, the counted movements, the alerts raised on their
series, and who follows which point.

A count row is one cell of a point's registry: a period (a day, an ISO week or a month) and a
breakdown (movement direction, nationality, sex, age band, origin, intended destination,
transport, vulnerability observed; "" when not broken down). Its key is unique per source, so
importing the same file again, or entering a day again, replaces the cells instead of adding
to them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.flows.vocabulary import BREAKDOWN
from passage.kit.models import Base, RecordMixin

__all__ = ["BREAKDOWN", "FlowAlert", "FlowCount", "FlowFollow", "FlowPoint", "FlowSeries"]


class FlowPoint(RecordMixin, Base):
    """A flow monitoring point (border crossing, transit hub or place) or a series imported
    under a name Passage did not know (`imported`, kind unknown). `label` is the point's code
    or name exactly as the first imported file gave it; alerts name the point by it."""

    __tablename__ = "flow_points"

    code: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    imported: Mapped[bool] = mapped_column(default=False)
    country_iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    hours: Mapped[str | None] = mapped_column(String(100))
    team: Mapped[str | None] = mapped_column(String(200))
    poe_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("points_of_entry.id"))
    # the detector configuration of this point's series (DetectorConfig.to_dict); {} = defaults
    detector: Mapped[dict[str, Any]] = mapped_column(default=dict)


class FlowCount(RecordMixin, Base):
    """One counted cell of a point's registry for a period (see the module docstring)."""

    __tablename__ = "flow_counts"
    __table_args__ = (
        UniqueConstraint(
            "point_id",
            "granularity",
            "period_start",
            "source",
            *BREAKDOWN,
            name="uq_flow_counts_cell",
        ),
    )

    point_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flow_points.id"), index=True)
    granularity: Mapped[str] = mapped_column(String(5))
    period_start: Mapped[date] = mapped_column(index=True)
    source: Mapped[str] = mapped_column(String(10))  # form | import
    direction: Mapped[str] = mapped_column(String(100), default="")
    nationality: Mapped[str] = mapped_column(String(100), default="")
    sex: Mapped[str] = mapped_column(String(100), default="")
    age_band: Mapped[str] = mapped_column(String(100), default="")
    origin: Mapped[str] = mapped_column(String(100), default="")
    destination: Mapped[str] = mapped_column(String(100), default="")
    transport: Mapped[str] = mapped_column(String(100), default="")
    vulnerability: Mapped[str] = mapped_column(String(100), default="")
    count: Mapped[int]
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class FlowSeries(RecordMixin, Base):
    """A coordinator's settings for one sub-series of a point (a nationality or a corridor,
    flows.series): judged with this detector configuration whether or not it is large enough
    to be judged without one, or not judged at all when `enabled` is off. The point's total
    keeps its settings on the point (`FlowPoint.detector`)."""

    __tablename__ = "flow_series"
    __table_args__ = (UniqueConstraint("point_id", "key", name="uq_flow_series_point_key"),)

    point_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flow_points.id"), index=True)
    key: Mapped[str] = mapped_column(String(250))  # SeriesKey.code
    enabled: Mapped[bool] = mapped_column(default=True)
    detector: Mapped[dict[str, Any]] = mapped_column(default=dict)


class FlowAlert(RecordMixin, Base):
    """A signal the detectors raised on one series of a point per period (its total, a
    nationality or a corridor: `series`, "" for the total), kept so that it can be followed,
    acknowledged with a note (audited) and shown on a chart."""

    __tablename__ = "flow_alerts"
    __table_args__ = (
        UniqueConstraint(
            "point_id",
            "series",
            "granularity",
            "period_start",
            "direction",
            name="uq_flow_alerts_signal",
        ),
    )

    point_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flow_points.id"), index=True)
    series: Mapped[str] = mapped_column(String(250), default="", server_default="")
    granularity: Mapped[str] = mapped_column(String(5))
    period_start: Mapped[date] = mapped_column(index=True)
    period: Mapped[str] = mapped_column(String(10))
    observed: Mapped[float]
    expected: Mapped[float]
    threshold: Mapped[float]
    method: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(4))
    explanation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    note: Mapped[str | None] = mapped_column(Text)
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None]


class FlowFollow(RecordMixin, Base):
    """A coordinator following a point: its new alerts appear in their list."""

    __tablename__ = "flow_follows"
    __table_args__ = (UniqueConstraint("user_id", "point_id", name="uq_flow_follows_user_point"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    point_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flow_points.id"), index=True)
