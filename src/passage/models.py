"""Every installed domain's tables, so that metadata (Alembic, tests) sees them all."""

from passage.installed import DOMAINS
from passage.kit.models import Base

TABLE_MODULES = tuple(module for domain in DOMAINS for module in domain.models)

__all__ = ["TABLE_MODULES", "Base"]
