"""Documents uploaded to a case: the size limited, the type read from the content (PDF, PNG,
JPEG), the name cleaned, the content sealed at rest; every download is audited."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Invalid, NotFound
from passage.kit import audit
from passage.kit.secretbox import seal, unseal
from passage.protection.access import PURPOSE
from passage.protection.cases import repository
from passage.protection.cases.models import Case, CaseDocument
from passage.protection.cases.service import readable

MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
UNSAFE = re.compile(r"[^\w.\- ()]+")


def detected_type(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) read from the first bytes; None for anything else."""
    for signature, content_type, extension in SIGNATURES:
        if content.startswith(signature):
            return content_type, extension
    return None


def clean_filename(name: str, extension: str) -> str:
    """A file name safe to show and to send back: no path, no control characters, the
    extension of the detected type."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem = UNSAFE.sub("_", base.rsplit(".", 1)[0]).strip(" ._")[:150] or "document"
    return stem + extension


def upload(
    *, session: Session, case_id: uuid.UUID, filename: str, content: bytes, actor: Principal
) -> CaseDocument:
    """Store a document of a case; an empty, too large or unsupported file is refused (422)."""
    case = readable(session, case_id, actor, "protection.edit")
    if not content:
        raise Invalid("the file is empty", field="file")
    if len(content) > MAX_BYTES:
        raise Invalid("the file is larger than 5 MB", field="file")
    kind = detected_type(content)
    if kind is None:
        raise Invalid("only PDF, PNG and JPEG documents are accepted", field="file")
    document = CaseDocument(
        case_id=case.id,
        filename=clean_filename(filename, kind[1]),
        content_type=kind[0],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        sealed_content=seal(content),
        uploaded_by=actor.user_id,
    )
    repository.add(session, document)
    session.flush()
    _audit(session, "upload", case, document)
    return document


def _audit(session: Session, action: str, case: Case, document: CaseDocument) -> None:
    audit.record(
        session,
        action=action,
        object_type="protection_case_document",
        object_id=document.id,
        purpose=PURPOSE,
        details={"case": str(case.id), "size": document.size},
    )


def download(
    *, session: Session, document_id: uuid.UUID, actor: Principal
) -> tuple[CaseDocument, bytes]:
    """A document and its content, for someone who may read its case; audited."""
    document = repository.get_document(session, document_id)
    if document is None:
        raise NotFound("no such document")
    case = readable(session, document.case_id, actor, "protection.read")
    content = unseal(document.sealed_content)
    _audit(session, "download", case, document)
    return document, content


def documents_of(*, session: Session, case: Case) -> Sequence[CaseDocument]:
    """A case's documents (the caller read the case, audited)."""
    return repository.documents_of(session, case.id)
