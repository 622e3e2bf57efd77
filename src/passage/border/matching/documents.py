"""Lost and stolen travel documents: exact and OCR-confusion tolerant number look-up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from passage.border.matching.countries import country_key

# Letters an MRZ reader (or a typing officer) confuses with digits; both sides fold to the digit.
OCR_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "B": "8", "S": "5"})


def normalise_document_number(number: str) -> str:
    """Upper-case a document number and keep only letters and digits (drops '<', spaces)."""
    return "".join(c for c in number.upper() if c.isascii() and c.isalnum())


def ocr_key(number: str) -> str:
    """Fold a normalised number so that O/0, I/1, B/8 and S/5 compare equal."""
    return normalise_document_number(number).translate(OCR_CONFUSIONS)


@dataclass(frozen=True, slots=True)
class ListedDocument:
    """A document reported lost, stolen or invalidated."""

    record_id: str
    number: str
    issuing_state: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentHit:
    """A listed document found for a presented one; `match` is 'exact' or 'ocr_confusion'."""

    record_id: str
    number: str
    issuing_state: str | None
    match: str


class DocumentIndex:
    """In-memory index of lost and stolen document numbers."""

    def __init__(self) -> None:
        self._records: dict[str, ListedDocument] = {}
        self._by_ocr_key: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def from_documents(cls, documents: Iterable[ListedDocument]) -> DocumentIndex:
        """Build an index from listed documents."""
        index = cls()
        for document in documents:
            index.add(document)
        return index

    def __len__(self) -> int:
        return len(self._records)

    def add(self, document: ListedDocument) -> None:
        """Add or replace one listed document (keyed by its record id)."""
        self.remove(document.record_id)
        stored = ListedDocument(
            document.record_id,
            normalise_document_number(document.number),
            (document.issuing_state or "").upper() or None,
        )
        self._records[stored.record_id] = stored
        self._by_ocr_key[ocr_key(stored.number)].add(stored.record_id)

    def remove(self, record_id: str) -> bool:
        """Remove a listed document; return whether it was there."""
        stored = self._records.pop(record_id, None)
        if stored is None:
            return False
        key = ocr_key(stored.number)
        self._by_ocr_key[key].discard(record_id)
        if not self._by_ocr_key[key]:
            del self._by_ocr_key[key]
        return True

    def search(self, number: str, issuing_state: str | None = None) -> list[DocumentHit]:
        """Listed documents matching a number (and state when both sides know it), exact first."""
        wanted = normalise_document_number(number)
        state = country_key(issuing_state)
        hits = []
        for record_id in self._by_ocr_key.get(ocr_key(wanted), ()):
            stored = self._records[record_id]
            listed_state = country_key(stored.issuing_state)
            if state and listed_state and listed_state != state:
                continue
            match = "exact" if stored.number == wanted else "ocr_confusion"
            hits.append(DocumentHit(record_id, stored.number, stored.issuing_state, match))
        return sorted(hits, key=lambda hit: (hit.match != "exact", hit.record_id))
