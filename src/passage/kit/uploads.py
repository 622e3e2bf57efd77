"""Reading uploaded files with a size limit: bytes, or UTF-8 text (a BOM is tolerated)."""

from __future__ import annotations

from fastapi import Request, UploadFile

from passage.errors import Invalid

MEGABYTE = 1024 * 1024


async def read_upload(file: UploadFile, *, max_megabytes: int = 20) -> bytes:
    """The bytes of an upload; larger than the limit is a 422 naming the file field."""
    content = await file.read(max_megabytes * MEGABYTE + 1)
    if len(content) > max_megabytes * MEGABYTE:
        raise Invalid(
            "the file is larger than %(max_megabytes)s MB",
            params={"max_megabytes": max_megabytes},
            field="file",
        )
    return content


async def read_chosen_file(
    file: UploadFile | None, *, max_megabytes: int = 20
) -> tuple[str, bytes]:
    """The name and bytes of a form's file field; no file chosen is a 422 naming the field."""
    if file is None or not file.filename:
        raise Invalid("choose a file", field="file")
    return file.filename, await read_upload(file, max_megabytes=max_megabytes)


async def read_text_upload(file: UploadFile, *, max_megabytes: int = 20) -> str:
    """The UTF-8 text of an upload (CSV); anything else is a 422 naming the file field."""
    content = await read_upload(file, max_megabytes=max_megabytes)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("the file is not UTF-8 text", field="file") from None


async def read_body(request: Request, *, max_megabytes: int = 20) -> bytes:
    """A request's raw body, read up to a limit; larger is a 422 (nothing more is read)."""
    limit, chunks, size = max_megabytes * MEGABYTE, [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Invalid(
                "the request body is larger than %(max_megabytes)s MB",
                params={"max_megabytes": max_megabytes},
            )
        chunks.append(chunk)
    return b"".join(chunks)
