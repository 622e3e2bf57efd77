"""Every installed domain's tables, so that metadata (Alembic, tests) sees them all."""

from passage.installed import DOMAINS
from passage.kit.models import Base

TABLE_MODULES = tuple(domain.models for domain in DOMAINS if domain.models is not None)

__all__ = ["TABLE_MODULES", "Base"]
