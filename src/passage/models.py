"""Imports every domain's tables so metadata (Alembic, tests) sees them all."""

from passage.audit.models import AuditEntry, AuditHead
from passage.auth.models import ApiToken, Grant, LoginFailure, User, WebSession
from passage.border.models import (
    AlertList,
    AlertPerson,
    Crossing,
    LostDocument,
    Referral,
    ScreeningHit,
    TravelDocument,
    Traveller,
)
from passage.geo.models import Country, PointOfEntry
from passage.health.models import (
    CertificateCheck,
    DccSigner,
    DccValueSet,
    DiseaseCriteria,
    FollowUpTask,
    HealthScreening,
    MailSettings,
    Notification,
    OutboxMessage,
    PortHealthCase,
    TravellerOfInterest,
    TrustList,
)
from passage.kit.models import Base
from passage.restrictions.models import (
    CountryEditorialSetting,
    DiscrepancyReport,
    Measure,
    MeasureComment,
    MeasureTarget,
    MeasureVersion,
    PoeStatus,
)
from passage.rules.models import BusinessRule

__all__ = [
    "AlertList",
    "AlertPerson",
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Base",
    "BusinessRule",
    "CertificateCheck",
    "Country",
    "CountryEditorialSetting",
    "Crossing",
    "DccSigner",
    "DccValueSet",
    "DiscrepancyReport",
    "DiseaseCriteria",
    "FollowUpTask",
    "Grant",
    "HealthScreening",
    "LoginFailure",
    "LostDocument",
    "MailSettings",
    "Measure",
    "MeasureComment",
    "MeasureTarget",
    "MeasureVersion",
    "Notification",
    "OutboxMessage",
    "PoeStatus",
    "PointOfEntry",
    "PortHealthCase",
    "Referral",
    "ScreeningHit",
    "TravelDocument",
    "Traveller",
    "TravellerOfInterest",
    "TrustList",
    "User",
    "WebSession",
]
