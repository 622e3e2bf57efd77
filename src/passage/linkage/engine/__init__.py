"""The linkage engine, pure (no session, no web): records prepared from the column vocabulary
(`records`), the Splink model and its runs (`model`), explanations in words (`explain`)."""

from __future__ import annotations

from passage.linkage.engine.model import LinkageResult, Pair, dedupe, link
from passage.linkage.engine.records import VOCABULARY, BadInput, prepare

__all__ = ["VOCABULARY", "BadInput", "LinkageResult", "Pair", "dedupe", "link", "prepare"]
