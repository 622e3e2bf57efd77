"""The linkage domain: duplicates in the protection registry, family tracing, and the
command line that links any list."""

from __future__ import annotations

from passage.kit.domain import Command, Domain
from passage.linkage.cli import linkage_app

domain = Domain(
    name="linkage",
    summary="Record linkage: duplicates in the registry, family tracing, any list linked.",
    commands=(Command("linkage", linkage_app),),
)
