"""Command line of the journey check: `passage journeys check FILE.json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from passage.errors import PassageError
from passage.journeys import service
from passage.journeys.schemas import JourneyCheck
from passage.kit.cli import cli_transaction, print_json

journeys_app = typer.Typer(
    help="Journey checks: may this traveller enter, on this itinerary, on this date?",
    no_args_is_help=True,
)


@journeys_app.callback()
def journeys() -> None:
    """Journey checks: may this traveller enter, on this itinerary, on this date?"""


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


@journeys_app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help="A JSON question: {traveller, itinerary, ...}.")],
) -> None:
    """Answer a journey question (JSON in, JSON out). Exit 0; 2 when the input is bad."""
    try:
        request = JourneyCheck.model_validate(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(f"cannot read {file}: {error}") from None
    except json.JSONDecodeError as error:
        raise _fail(f"{file} is not JSON: {error}") from None
    except ValidationError as error:
        raise _fail(f"invalid question: {error}") from None
    try:
        with cli_transaction("journeys check") as session:
            answer = service.check_journey(session=session, request=request)
    except PassageError as error:
        raise _fail(f"invalid question ({error.field or 'input'}): {error.message}") from None
    print_json(answer)
