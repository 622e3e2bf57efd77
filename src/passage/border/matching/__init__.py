"""Alert-list matching, pure (no session, no I/O): the in-memory name index (`index`), its
scoring (`score`, `query`), name text and blocking keys (`text`, `vocabulary`), and the
look-up of lost and stolen documents (`documents`)."""

from __future__ import annotations

from passage.border.matching.documents import DocumentHit, DocumentIndex, ListedDocument
from passage.border.matching.index import AlertIndex
from passage.border.matching.models import AlertEntry, AlertQuery, Candidate, parse_birth_date
from passage.border.matching.score import BirthDate

__all__ = [
    "AlertEntry",
    "AlertIndex",
    "AlertQuery",
    "BirthDate",
    "Candidate",
    "DocumentHit",
    "DocumentIndex",
    "ListedDocument",
    "parse_birth_date",
]
