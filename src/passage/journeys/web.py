"""HTML pages of the journey check: the public "Can I travel?" page and the staff manifest page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import Invalid
from passage.geo import service as geo_service
from passage.journeys import manifest, service
from passage.journeys.schemas import JourneyCheck
from passage.kit.clock import today
from passage.kit.i18n import current_language
from passage.kit.readable import describe, explain
from passage.kit.uploads import read_text_upload
from passage.restrictions.taxonomy import EXEMPTIONS
from passage.web import forms
from passage.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
CLAIMABLE = [name for name in EXEMPTIONS if name not in ("nationals", "residents")]
VACCINATION_DOSES = {"partial": (1, 2), "complete": (2, 2)}


def _page(session: Session, form: dict[str, Any], **extra: Any) -> dict[str, Any]:
    language = current_language()
    countries = sorted(
        ((c.iso3, c.name(language)) for c in geo_service.list_countries(session=session)),
        key=lambda pair: pair[1],
    )
    return {"countries": countries, "exemptions": CLAIMABLE, "form": form, **extra}


@router.get("/travel")
def travel_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("journeys.check")],
) -> Response:
    """The "Can I travel?" form."""
    form = {"arrival_date": today().isoformat(), "transits": [], "exemptions": []}
    return render(request, "journeys/travel.html", _page(session, form))


def _question(form: dict[str, Any]) -> JourneyCheck:
    """A journey question from the form fields (ValidationError when they do not fit)."""
    traveller: dict[str, Any] = {
        "nationalities": [code for code in (form["nationality"], form["nationality2"]) if code],
        "residence": form["residence"] or None,
        "exemptions": form["exemptions"],
        "certificate": form["certificate"] or None,
    }
    if form["vaccination"] in VACCINATION_DOSES:
        doses, total = VACCINATION_DOSES[form["vaccination"]]
        traveller["vaccination"] = {
            "doses": doses,
            "total_doses": total,
            "date": form["vaccination_date"] or None,
        }
    if form["test_result"]:
        traveller["test"] = {"taken_at": form["test_taken_at"], "result": form["test_result"]}
    if form["recovery_date"]:
        traveller["recovery"] = {"date": form["recovery_date"]}
    itinerary = {
        "origin": form["origin"],
        "transits": [{"country": code} for code in form["transits"]],
        "destination": form["destination"],
        "poe_code": form["poe_code"] or None,
        "mode": form["mode"] or None,
        "arrival_date": form["arrival_date"],
    }
    return JourneyCheck.model_validate({"traveller": traveller, "itinerary": itinerary})


FIELDS = (
    "nationality",
    "nationality2",
    "residence",
    "origin",
    "destination",
    "poe_code",
    "mode",
    "arrival_date",
    "vaccination",
    "vaccination_date",
    "test_taken_at",
    "test_result",
    "recovery_date",
    "certificate",
)


@router.post("/travel")
async def travel_answer(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("journeys.check")],
) -> Response:
    """The answer: decision, conditions and every measure considered, with sources."""
    values = forms.form_values(await request.form(), lists=("transits", "exemptions"))
    form: dict[str, Any] = {name: str(values.get(name) or "").strip()[:8000] for name in FIELDS}
    form["transits"] = [value for value in values["transits"] if value][:10]
    form["exemptions"] = [value for value in values["exemptions"] if value][:20]
    try:
        answer = service.check_journey(session=session, request=_question(form))
    except ValidationError as error:
        errors = [describe(e) for e in error.errors()]
        return render(request, "journeys/travel.html", _page(session, form, errors=errors), 422)
    except Invalid as error:
        errors = [explain(error)]
        return render(request, "journeys/travel.html", _page(session, form, errors=errors), 422)
    context = _page(session, form, answer=answer)
    return render(request, "journeys/travel.html", context, partial="journeys/_answer.html")


@router.get("/journeys/manifest")
def manifest_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("journeys.batch")],
) -> Response:
    """The manifest form (a CSV of passengers and the shared itinerary)."""
    context = _page(session, {"arrival_date": today().isoformat()}, columns=manifest.COLUMNS)
    return render(request, "journeys/manifest.html", context)


@router.post("/journeys/manifest")
async def manifest_answer(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("journeys.batch")],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Every passenger's decision, with the rows that could not be read and why."""
    values = forms.form_values(await request.form())
    names = ("origin", "destination", "arrival_date", "transits", "poe_code", "mode")
    form = {name: str(values.get(name) or "").strip()[:200] for name in names}
    try:
        itinerary = manifest.itinerary_fields(
            origin=form["origin"],
            destination=form["destination"],
            arrival_date=form["arrival_date"],
            transits=form["transits"],
            poe_code=form["poe_code"],
            mode=form["mode"],
        )
        result = manifest.check_manifest(
            session=session, text=await read_text_upload(file), itinerary=itinerary, language=None
        )
    except Invalid as error:
        errors = [explain(error)]
        context = _page(session, form, columns=manifest.COLUMNS, errors=errors)
        return render(request, "journeys/manifest.html", context, 422)
    context = _page(session, form, columns=manifest.COLUMNS, result=result)
    return render(request, "journeys/manifest.html", context)
