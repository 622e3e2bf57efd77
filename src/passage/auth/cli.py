"""`passage users`: create and list accounts."""

from __future__ import annotations

import getpass

import typer
from pydantic import ValidationError

from passage.access import Role, ScopeType
from passage.auth import service
from passage.auth.schemas import GrantSpec, UserCreate
from passage.errors import PassageError
from passage.kit.cli import cli_transaction

users_app = typer.Typer(help="Create and list user accounts.", no_args_is_help=True)


@users_app.command("create")
def create(
    email: str = typer.Option(..., "--email", help="Sign-in e-mail of the new user."),
    role: Role = typer.Option(..., "--role", help="Role to grant."),
    scope: str = typer.Option(
        "global",
        "--scope",
        help="Scope of the grant: 'global', 'country:KEN', 'poe:<id>' or 'organisation:<name>'.",
    ),
    name: str = typer.Option("", "--name", help="Full name (defaults to the e-mail)."),
    organisation: str = typer.Option("", "--organisation", help="Organisation of the user."),
    password: str = typer.Option(
        "",
        "--password",
        envvar="PASSAGE_NEW_USER_PASSWORD",
        help="Initial password (12+ characters); asked for when omitted.",
    ),
) -> None:
    """Create a user with one role in one scope."""
    scope_type, _, scope_value = scope.partition(":")
    if not password:
        password = getpass.getpass("Password (12+ characters): ")
    try:
        grant = GrantSpec(
            role=role, scope_type=ScopeType(scope_type), scope_value=scope_value or None
        )
        data = UserCreate(
            email=email,
            full_name=name or email,
            password=password,
            organisation=organisation or None,
            grants=[grant],
        )
        with cli_transaction("account administration") as session:
            user = service.create_user(session=session, data=data)
            typer.echo(f"created {user.email} ({role.value}, {scope}) id={user.id}")
    except (ValidationError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    except PassageError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from None


@users_app.command("list")
def list_users() -> None:
    """List accounts with their roles."""
    with cli_transaction() as session:
        for user in service.list_users(session=session, limit=10_000):
            grants = ", ".join(
                f"{g.role}:{g.scope_type}{':' + g.scope_value if g.scope_value else ''}"
                for g in user.grants
            )
            status = "active" if user.is_active else "inactive"
            typer.echo(f"{user.email}\t{user.full_name}\t{grants}\t{status}")
