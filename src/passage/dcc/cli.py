"""Command line of the DCC: ``passage certificates verify`` (certificate QR text on stdin,
trust from files) and the trust imports ``passage health trust-list-import`` and
``passage health value-sets-import`` (registered in the `health` group by port health)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from passage.access import ANONYMOUS
from passage.db import transaction
from passage.dcc import service
from passage.dcc.verifier import load_trust_list, verify
from passage.errors import PassageError

EXIT_CODES = {"VALID": 0, "INVALID": 1, "UNKNOWN": 3}

certificates_app = typer.Typer(
    help="EU Digital COVID Certificates: decode and verify QR payloads (HC1:...).",
    no_args_is_help=True,
)


@certificates_app.callback()
def certificates() -> None:
    """EU Digital COVID Certificates: decode and verify QR payloads (HC1:...)."""


@certificates_app.command("verify")
def verify_command(
    trust_list: Annotated[
        list[Path] | None,
        typer.Option(
            "--trust-list",
            help="Signer certificate(s): a PEM or DER file, or a directory of them. Repeatable.",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Check validity at this ISO 8601 date-time (default: now)."),
    ] = None,
) -> None:
    """Verify the QR text read on stdin and print the JSON report.

    Exit status: 0 VALID, 1 INVALID, 3 UNKNOWN (no trust list, no signer with its key id, or
    another step that could not run, such as the structure check).
    """
    moment = _parse_moment(at)
    trust = _read_trust_list(trust_list or [])
    report = verify(sys.stdin.read().strip("\r\n"), trust, at=moment)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    raise typer.Exit(EXIT_CODES[report["result"]])


def _parse_moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(
            f"not an ISO 8601 date-time: {text!r}", param_hint="--at"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _read_trust_list(paths: list[Path]) -> list[bytes]:
    try:
        return load_trust_list(paths)
    except (OSError, ValueError) as error:
        raise typer.BadParameter(str(error), param_hint="--trust-list") from None


# ---------------------------------------------------------------- passage health trust imports


def trust_list_import(
    name: Annotated[str, typer.Option("--name", help="Trust list name (rotates an existing one).")],
    file: Annotated[Path, typer.Argument(help="PEM, DER, or JSON [{country, rawData}].")],
) -> None:
    """Import signer certificates as the list's next revision (running servers switch to it)."""
    try:
        with transaction() as session:
            done = service.import_trust_list(
                session=session, name=name, data=file.read_bytes(), actor=ANONYMOUS
            )
            summary = {
                "trust_list": done.trust_list.name,
                "revision": done.trust_list.current_revision,
                "imported": done.imported,
                "rejected": done.rejected,
            }
    except (OSError, PassageError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(summary, indent=2))


def value_sets_import(
    file: Annotated[Path, typer.Argument(help="Official EU DCC value-set JSON.")],
) -> None:
    """Import value sets (one document or a list of them)."""
    try:
        with transaction() as session:
            rows = service.import_value_sets(
                session=session, data=file.read_bytes(), actor=ANONYMOUS
            )
            names = [row.value_set_id for row in rows]
    except (OSError, PassageError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps({"imported": names}))


# (name, command) of the trust imports, which live in the `passage health` group.
HEALTH_COMMANDS = (
    ("trust-list-import", trust_list_import),
    ("value-sets-import", value_sets_import),
)
