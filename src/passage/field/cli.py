"""`passage field`: enrol this deployment as a field node, sync, bundles both ways; on the
central, enrolment tokens, nodes and revocation."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import typer

from passage.errors import PassageError
from passage.field import central, keys, node, service, sync
from passage.kit.cli import cli_transaction, print_json

field_app = typer.Typer(
    help="Field nodes: a site working offline on SQLite, synced with its central.",
    no_args_is_help=True,
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@field_app.command("enrol")
def enrol(
    url: str = typer.Argument(..., help="The central's address, e.g. https://passage.example"),
    token: str = typer.Option(..., "--token", help="The enrolment token from the central"),
    name: str = typer.Option("field node", "--name", help="This node's name at the central"),
) -> None:
    """Enrol this deployment with a central (makes this node's key pair)."""
    try:
        with httpx.Client() as client:
            node_id, secret = sync.enrol(
                factory=None, client=client, central_url=url, token=token, name=name
            )
    except (sync.SyncError, PassageError) as error:
        raise _fail(str(error)) from None
    typer.echo(f"enrolled as node {node_id}")
    typer.echo(
        "enrolment secret (shown once; it opens this node's encrypted data when no officer "
        f"who has signed in here is available; keep it apart from the laptop): {secret}"
    )


SECRET_OPTION = typer.Option(
    None,
    "--secret",
    envvar="PASSAGE_FIELD_SECRET",
    help="The enrolment secret, to open the node's encrypted data",
)
OFFICER_OPTION = typer.Option(
    None, "--officer", help="Or an officer's e-mail: their password opens the data (prompted)"
)


def _unlock(secret: str | None, officer: str | None) -> None:
    """Open this node's data key for this command (an encrypted node with no one signed in)."""
    with cli_transaction("field") as session:
        if not keys.is_sealed(session=session) or keys.is_open(session=session):
            return
        if secret:
            keys.unlock_with_secret(
                session=session, user=None, password=None, secret=secret, holder="cli"
            )
        elif officer:
            password = typer.prompt("password", hide_input=True)
            keys.unlock_with_password(
                session=session, email=officer, password=password, holder="cli"
            )


@field_app.command("sync")
def run_sync(secret: str | None = SECRET_OPTION, officer: str | None = OFFICER_OPTION) -> None:
    """Send the changes made here, then fetch the reference data (HTTPS)."""
    try:
        _unlock(secret, officer)
        with httpx.Client() as client:
            report = sync.run(factory=None, client=client)
    except (sync.SyncError, PassageError) as error:
        raise _fail(str(error)) from None
    print_json(report.__dict__)


@field_app.command("status")
def status() -> None:
    """This node's sync state."""
    with cli_transaction("field") as session:
        print_json(service.status_json(node.status(session=session)))


@field_app.command("export-bundle")
def export_bundle(
    path: Path = typer.Argument(..., help="The bundle file to write"),
    node_id: uuid.UUID | None = typer.Option(None, "--node", help="On the central: for this node"),
    secret: str | None = SECRET_OPTION,
    officer: str | None = OFFICER_OPTION,
) -> None:
    """Write a signed, encrypted bundle: on a node, its changes; on the central (--node), the
    node's acknowledgement and reference data."""
    try:
        _unlock(secret, officer)
        with cli_transaction("field") as session:
            if node_id is None:
                data = node.export_bundle(session=session)
            else:
                data = central.export_bundle(session=session, node_id=node_id)
    except PassageError as error:
        raise _fail(str(error)) from None
    path.write_bytes(data)
    typer.echo(f"wrote {path} ({len(data)} bytes)")


@field_app.command("import-bundle")
def import_bundle(
    path: Path = typer.Argument(..., help="The bundle file to read"),
    secret: str | None = SECRET_OPTION,
    officer: str | None = OFFICER_OPTION,
) -> None:
    """Apply a bundle: on the central, a node's changes; on a node, the central's answer."""
    data = path.read_bytes()
    try:
        _unlock(secret, officer)
        with cli_transaction("field") as session:
            if node.is_node(session=session):
                written, complete = node.import_bundle(session=session, data=data)
                result: dict[str, object] = {"written": written, "complete": complete}
            else:
                result = central.import_bundle(session=session, data=data)
    except PassageError as error:
        raise _fail(str(error)) from None
    print_json(result)


@field_app.command("token")
def issue_token(
    poe: uuid.UUID | None = typer.Option(None, "--poe", help="The site's point of entry (id)"),
    office: str | None = typer.Option(None, "--office", help="Or the site's office"),
    organisation: str | None = typer.Option(None, "--organisation"),
) -> None:
    """On the central: a one-time enrolment token for a site."""
    try:
        with cli_transaction("field") as session:
            token = central.issue_token(
                session=session,
                poe_id=poe,
                office=office,
                organisation=organisation,
                actor_id=None,
            )
    except PassageError as error:
        raise _fail(str(error)) from None
    typer.echo(token)


@field_app.command("nodes")
def list_nodes() -> None:
    """On the central: every node with its sync state."""
    with cli_transaction("field") as session:
        print_json([read.model_dump(mode="json") for read in service.node_reads(session=session)])


@field_app.command("revoke")
def revoke(node_id: uuid.UUID = typer.Argument(...)) -> None:
    """On the central: revoke a node (a lost laptop); its later changes are refused."""
    try:
        with cli_transaction("field") as session:
            central.revoke(session=session, node_id=node_id)
    except PassageError as error:
        raise _fail(str(error)) from None
    typer.echo(f"revoked {node_id}")


@field_app.command("hashes")
def hashes() -> None:
    """Content hashes of the travelling tables (equal on a node and its central when synced)."""
    with cli_transaction("field") as session:
        print_json(service.content_hashes(session=session))
