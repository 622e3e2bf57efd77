"""Photos sent with feedback: at most three, each checked and stripped of its metadata before
anything is stored (passage.kit.photos), kept sealed, shown only to staff who may read the item
(a sensitive item's photos to its focal points only); every read is audited."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Invalid, NotFound
from passage.feedback import access, repository
from passage.feedback.models import FeedbackItem, FeedbackPhoto
from passage.kit import audit
from passage.kit.i18n import N_
from passage.kit.photos import MAX_BYTES, CleanPhoto, PhotoRefused, clean
from passage.kit.secretbox import seal, unseal

MAX_PHOTOS = 3
# 5 MB as base64 (4 characters per 3 bytes), with room for a "data:image/...;base64," prefix
MAX_BASE64_CHARS = (MAX_BYTES + 2) // 3 * 4 + 100
# The bodies that may carry photos: three as base64 in JSON (the API, the offline queue), or
# three files in a form (the page without its script); the rest of a submission is small.
JSON_BODY_BYTES = MAX_PHOTOS * MAX_BASE64_CHARS + 64 * 1024
FORM_BODY_BYTES = MAX_PHOTOS * (MAX_BYTES + 4 * 1024) + 64 * 1024
REFUSED = N_("a photo must be a JPEG, PNG or WebP picture of at most 5 MB")


def decode(photos: Sequence[str]) -> list[bytes]:
    """The bytes of photos sent as base64 (a data: URL prefix is accepted)."""
    contents = []
    for text in photos:
        payload = text.split(",", 1)[1] if text.startswith("data:") else text
        try:
            contents.append(base64.b64decode(payload, validate=True))
        except (binascii.Error, ValueError):
            raise Invalid(REFUSED, field="photos") from None
    return contents


def cleaned(contents: Sequence[bytes]) -> list[CleanPhoto]:
    """Each photo re-encoded without metadata; one bad photo refuses the whole send (422)."""
    if len(contents) > MAX_PHOTOS:
        raise Invalid(N_("send at most three photos"), field="photos")
    try:
        return [clean(content) for content in contents]
    except PhotoRefused:
        raise Invalid(REFUSED, field="photos") from None


def attach(session: Session, item_id: uuid.UUID, photos: Sequence[CleanPhoto]) -> None:
    """Keep an item's cleaned photos, sealed."""
    if not photos:
        return
    for position, photo in enumerate(photos):
        repository.add(
            session,
            FeedbackPhoto(
                item_id=item_id,
                position=position,
                content_type=photo.content_type,
                size=len(photo.content),
                width=photo.width,
                height=photo.height,
                sha256=photo.sha256,
                sealed_content=seal(photo.content),
            ),
        )
    session.flush()


def of_item(*, session: Session, item: FeedbackItem) -> Sequence[FeedbackPhoto]:
    """An item's photos (the caller read the item, audited); without their content."""
    return repository.photos_of(session, item.id)


def read(
    *, session: Session, item_id: uuid.UUID, photo_id: uuid.UUID, actor: Principal
) -> tuple[FeedbackPhoto, bytes]:
    """A photo and its content, for staff who may read its item; audited."""
    item = repository.get(session, item_id)
    photo = repository.photo(session, item_id, photo_id) if item is not None else None
    if item is None or photo is None:
        raise NotFound(N_("no photo has this id within your reach"))
    access.check(actor, "feedback.read", item)
    audit.record(
        session,
        action="read",
        object_type="feedback_photo",
        object_id=photo.id,
        purpose=access.PURPOSE,
        details={"item": str(item.id), "size": photo.size},
    )
    return photo, unseal(photo.sealed_content)
