"""Port health's tables, one module per sub-domain; the domain declaration names this module so
that metadata (Alembic, tests) sees them all."""

from passage.health.cases import models as cases
from passage.health.certificates import models as certificates
from passage.health.notifications import models as notifications
from passage.health.screening import models as screening

__all__ = ["cases", "certificates", "notifications", "screening"]
