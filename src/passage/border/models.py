"""Every table of the border domain, declared in its sub-packages (crossings, alerts,
referrals): the one module `Domain.models` names, so metadata sees them all."""

from passage.border.alerts.models import AlertList, AlertPerson, LostDocument, ScreeningHit
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.border.referrals.models import Referral

__all__ = [
    "AlertList",
    "AlertPerson",
    "Crossing",
    "LostDocument",
    "Referral",
    "ScreeningHit",
    "TravelDocument",
    "Traveller",
]
