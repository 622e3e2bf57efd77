"""The pages of flow monitoring."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from passage.auth.deps import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
