"""Command line for health: ``passage certificates verify`` (certificate QR text on stdin) and
``passage health ...`` (trust lists, value sets, criteria, outbox delivery)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from passage.access import ANONYMOUS, Principal
from passage.health.dcc import load_trust_list, verify

EXIT_CODES = {"VALID": 0, "INVALID": 1, "UNKNOWN": 3}

certificates_app = typer.Typer(
    help="EU Digital COVID Certificates: decode and verify QR payloads (HC1:...).",
    no_args_is_help=True,
)
health_app = typer.Typer(
    help="Port health: DCC trust lists and value sets, screening criteria, e-mail delivery.",
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


# ---------------------------------------------------------------- passage health ...


@health_app.callback()
def health() -> None:
    """Port health: DCC trust lists and value sets, screening criteria, e-mail delivery."""


def _system_actor() -> Principal:
    return ANONYMOUS


@health_app.command("trust-list-import")
def trust_list_import(
    name: Annotated[str, typer.Option("--name", help="Trust list name (rotates an existing one).")],
    file: Annotated[Path, typer.Argument(help="PEM, DER, or JSON [{country, rawData}].")],
) -> None:
    """Import signer certificates as the list's next revision (running servers switch to it)."""
    from passage.db import transaction
    from passage.errors import PassageError
    from passage.health.certificates import import_trust_list

    try:
        with transaction() as session:
            done = import_trust_list(
                session=session, name=name, data=file.read_bytes(), actor=_system_actor()
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


@health_app.command("value-sets-import")
def value_sets_import(
    file: Annotated[Path, typer.Argument(help="Official EU DCC value-set JSON.")],
) -> None:
    """Import value sets (one document or a list of them)."""
    from passage.db import transaction
    from passage.errors import PassageError
    from passage.health.certificates import import_value_sets

    try:
        with transaction() as session:
            rows = import_value_sets(session=session, data=file.read_bytes(), actor=_system_actor())
            names = [row.value_set_id for row in rows]
    except (OSError, PassageError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps({"imported": names}))


@health_app.command("criteria")
def criteria_list() -> None:
    """Print the current screening criteria of every disease as JSON."""
    from passage.db import transaction
    from passage.health import criteria
    from passage.health.admin_schemas import CriteriaRead

    with transaction() as session:
        rows = [
            CriteriaRead.model_validate(r).model_dump(mode="json")
            for r in criteria.current(session)
        ]
    typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))


@health_app.command("deliver")
def deliver() -> None:
    """Send the notification e-mails that are due (for a cron job instead of the server)."""
    from passage.db import get_session_factory
    from passage.health.notifications import deliver_due

    typer.echo(json.dumps(deliver_due(get_session_factory())))
