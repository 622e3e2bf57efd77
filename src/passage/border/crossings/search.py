"""Finding travellers by name (transliteration-tolerant, with the alert-list matching engine)
or by document number, within the reader's scope: only travellers who crossed at their POEs
are searched. The name typed is never logged or audited; the count found is."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import Principal, poe_scope
from passage.border.crossings import repository
from passage.border.crossings.models import Traveller
from passage.border.matching import AlertEntry, AlertIndex, AlertQuery, Candidate
from passage.border.matching.documents import normalise_document_number
from passage.names.transliteration import word_variants

# The engine's name-likeness scores (measure="name"): an exact or transliterated full name
# scores 1.0, one name of several about 0.75, a close spelling of one name (HASAN for HASSAN)
# about 0.65.
NAME_THRESHOLD = 0.6
# Blocking before scoring: travellers whose normalised name holds the first letters of a Latin
# rendering of a word sought (KAM for Камау, MOH and MUH for محمد); the most recently seen of
# them are scored by the engine.
FRAGMENT_LETTERS = 3
MOST_CANDIDATES = 500  # scoring 500 names of distinct words takes about 0.4 s
MOST_MATCHES = 200


def _entry(traveller: Traveller) -> AlertEntry:
    name = f"{traveller.given_names} {traveller.surname}".strip()
    return AlertEntry(
        id=str(traveller.id),
        names=[name],
        birth_date=traveller.birth_date or traveller.birth_date_text,
        nationality=traveller.nationality,
        gender=traveller.sex,
    )


def name_fragments(name: str) -> list[str]:
    """The blocking fragments of a name: the first letters of each Latin rendering of each
    word (any script), upper-case A-Z only."""
    found: dict[str, None] = {}
    for word in name.split():
        for form in word_variants(word):
            letters = "".join(char for char in form if "A" <= char <= "Z")
            if len(letters) >= 2:
                found[letters[:FRAGMENT_LETTERS]] = None
    return list(found)


def travellers_named(
    *, session: Session, actor: Principal, name: str
) -> dict[uuid.UUID, Candidate]:
    """Travellers in the actor's scope whose name matches, each with the engine's evidence."""
    fragments = name_fragments(name)
    if not fragments:
        return {}
    travellers: Sequence[Traveller] = repository.travellers_in_scope(
        session,
        scope=poe_scope(actor, "border.read"),
        name_fragments=fragments,
        limit=MOST_CANDIDATES,
    )
    index = AlertIndex.from_entries(_entry(traveller) for traveller in travellers)
    query = AlertQuery(names=[name])
    found = index.search(query, threshold=NAME_THRESHOLD, limit=MOST_MATCHES, measure="name")
    return {uuid.UUID(candidate.entry_id): candidate for candidate in found}


def travellers_with_document(
    *, session: Session, actor: Principal, document_number: str
) -> set[uuid.UUID]:
    """Travellers in the actor's scope holding a document of that number."""
    number = normalise_document_number(document_number)
    return repository.travellers_by_document(
        session, scope=poe_scope(actor, "border.read"), document_number=number
    )
