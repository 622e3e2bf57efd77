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
from passage.exchange.models import (
    FeedEntry,
    FeedHead,
    ImportConflict,
    Partner,
    PartnerKey,
    Provenance,
    Rejection,
    SigningKey,
)
from passage.geo.models import Country, PointOfEntry
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
from passage.webhooks.models import WebhookEndpoint, WebhookMessage

__all__ = [
    "AlertList",
    "AlertPerson",
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Base",
    "BusinessRule",
    "Country",
    "CountryEditorialSetting",
    "Crossing",
    "DiscrepancyReport",
    "FeedEntry",
    "FeedHead",
    "Grant",
    "ImportConflict",
    "LoginFailure",
    "LostDocument",
    "Measure",
    "MeasureComment",
    "MeasureTarget",
    "MeasureVersion",
    "Partner",
    "PartnerKey",
    "PoeStatus",
    "PointOfEntry",
    "Provenance",
    "Referral",
    "Rejection",
    "ScreeningHit",
    "SigningKey",
    "TravelDocument",
    "Traveller",
    "User",
    "WebSession",
    "WebhookEndpoint",
    "WebhookMessage",
]
