"""HTML pages of the restriction tracker: the measures (search, one measure, its workflow), the
editor's form, comments and discrepancy reports with their moderation queue, and POE status."""

from __future__ import annotations

from fastapi import APIRouter

from passage.restrictions.web import editor, measures, moderation, poe_status

router = APIRouter(include_in_schema=False)
# The editor's /measures/new comes before /measures/{measure_id}, which would claim "new".
for module in (editor, measures, moderation, poe_status):
    router.include_router(module.router)
