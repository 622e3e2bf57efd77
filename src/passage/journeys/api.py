"""JSON routes of the journey check: one question, or a passenger manifest (CSV)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.journeys import manifest, service
from passage.journeys.schemas import JourneyAnswer, JourneyCheck, ManifestAnswer
from passage.kit.uploads import read_text_upload

router = APIRouter(prefix="/api/v1", tags=["journeys"])


SHARED_LISTS = ("explanation", "conditions")
_encoded: OrderedDict[int, tuple[object, str]] = OrderedDict()
_encoded_lock = threading.Lock()


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _shared_json(value: object) -> str:
    """The JSON of a list shared between answers, encoded once (kept with the list itself,
    so its id cannot be reused while cached)."""
    with _encoded_lock:
        found = _encoded.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
    text = _dumps(value)
    with _encoded_lock:
        _encoded[id(value)] = (value, text)
        if len(_encoded) > 2048:
            _encoded.popitem(last=False)
    return text


def answer_json(answer: dict[str, object]) -> str:
    """An answer as JSON; its explanation and conditions lists are shared between answers."""
    head = _dumps({key: value for key, value in answer.items() if key not in SHARED_LISTS})
    shared = "".join(f',"{key}":{_shared_json(answer[key])}' for key in SHARED_LISTS)
    return head[:-1] + shared + "}"


def json_response(content: object) -> Response:
    """A JSON response from a JSON-ready value (the answer is built without re-validation)."""
    return Response(_dumps(content), media_type="application/json")


@router.post("/journeys/check", response_model=JourneyAnswer)
def check_journey(
    data: JourneyCheck,
    session: SessionDep,
    principal: Annotated[Principal, Require("journeys.check")],
) -> Response:
    """Whether this traveller may enter on this itinerary, with conditions and explanation."""
    answer = service.check_journey(session=session, request=data)
    return Response(answer_json(answer), media_type="application/json")


@router.post("/journeys/manifest", response_model=ManifestAnswer)
async def check_manifest(
    session: SessionDep,
    principal: Annotated[Principal, Require("journeys.batch")],
    file: Annotated[UploadFile, File(description="CSV, one passenger per row")],
    origin: Annotated[str, Form(min_length=3, max_length=3)],
    destination: Annotated[str, Form(min_length=3, max_length=3)],
    arrival_date: Annotated[date, Form()],
    transits: Annotated[str, Form(max_length=200)] = "",
    poe_code: Annotated[str, Form(max_length=40)] = "",
    mode: Annotated[str, Form(max_length=10)] = "",
    language: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Check every passenger of a flight or crossing; bad rows are reported with their line."""
    text = await read_text_upload(file)
    itinerary = manifest.itinerary_fields(
        origin=origin,
        destination=destination,
        arrival_date=arrival_date,
        transits=transits,
        poe_code=poe_code,
        mode=mode,
    )
    answer = manifest.check_manifest(
        session=session, text=text, itinerary=itinerary, language=language or None
    )
    return json_response(answer)
