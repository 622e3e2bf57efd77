"""Imports every domain's tables so metadata (Alembic, tests) sees them all."""

from passage.audit.models import AuditEntry, AuditHead
from passage.auth.models import ApiToken, Grant, LoginFailure, User, WebSession
from passage.border.alerts.models import AlertList, AlertPerson, LostDocument, ScreeningHit
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.border.referrals.models import Referral
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
from passage.webhooks.models import WebhookEndpoint, WebhookMessage

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
    "FeedEntry",
    "FeedHead",
    "FollowUpTask",
    "Grant",
    "HealthScreening",
    "ImportConflict",
    "LoginFailure",
    "LostDocument",
    "MailSettings",
    "Measure",
    "MeasureComment",
    "MeasureTarget",
    "MeasureVersion",
    "Notification",
    "OutboxMessage",
    "Partner",
    "PartnerKey",
    "PoeStatus",
    "PointOfEntry",
    "PortHealthCase",
    "Provenance",
    "Referral",
    "Rejection",
    "ScreeningHit",
    "SigningKey",
    "TravelDocument",
    "Traveller",
    "TravellerOfInterest",
    "TrustList",
    "User",
    "WebSession",
    "WebhookEndpoint",
    "WebhookMessage",
]
