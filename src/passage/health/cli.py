"""Command line for health certificates: ``passage certificates verify``."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from passage.health.dcc import load_trust_list, verify

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

    Exit status: 0 VALID, 1 INVALID, 3 UNKNOWN (no trust list, or no signer with its key id).
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
