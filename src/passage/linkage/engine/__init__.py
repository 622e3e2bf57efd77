"""The linkage engine, pure (no session, no web): records prepared from the column vocabulary
(`records`), the Splink model and its runs (`model`), the incremental check (`incremental`).

Importing this package does not load Splink (about a second): `model` and `incremental` do,
and are imported where a run starts."""

from __future__ import annotations

from passage.linkage.engine.records import VOCABULARY, BadInput, prepare
from passage.linkage.engine.results import LinkageResult, Pair

__all__ = ["VOCABULARY", "BadInput", "LinkageResult", "Pair", "prepare"]
