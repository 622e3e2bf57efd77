"""reference countries: a fresh database knows every country, territory or area (the HDX
taxonomy and the places it leaves out, such as Kosovo `XKX`) right after `passage db upgrade`;
an existing database gains the ones it lacks. Airports stay in `passage poe load-reference`.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07 12:55:00
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.orm import Session

from passage.geo import service as geo_service

revision = "0015"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Joins the migration's transaction: committed with the schema, or not at all.
    session = Session(bind=op.get_bind())
    geo_service.load_countries(session=session)
    session.flush()


def downgrade() -> None:
    """Reference rows stay: measures and points of entry refer to them."""
