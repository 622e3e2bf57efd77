"""`passage exchange`: pull partners' feeds, manage partners, subscribers and signing keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import typer
from pydantic import ValidationError

from passage.errors import PassageError
from passage.exchange import conflicts, partners, pull, service
from passage.exchange.schemas import PartnerCreate
from passage.kit.cli import cli_transaction, print_json

exchange_app = typer.Typer(
    help="Exchange border-rule changes with other deployments (signed feed, pulls, webhooks).",
    no_args_is_help=True,
)
partners_app = typer.Typer(help="Deployments this one follows.", no_args_is_help=True)
subscriptions_app = typer.Typer(help="Subscribers the feed is pushed to.", no_args_is_help=True)
keys_app = typer.Typer(help="This deployment's signing keys.", no_args_is_help=True)
exchange_app.add_typer(partners_app, name="partners")
exchange_app.add_typer(subscriptions_app, name="subscriptions")
exchange_app.add_typer(keys_app, name="keys")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _read_keys(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _fail(f"cannot read the keys file {path}: {error}", 2) from None


def _partner_for(url: str, trust: Path | None, name: str | None, interval: int | None) -> Any:
    """The partner following `url`, registered now when --trust is given."""
    feed_url = pull.feed_url_of(url)
    with cli_transaction("exchange") as session:
        partner = partners.find_partner(session=session, feed_url=feed_url)
        if partner is not None:
            if trust is not None:
                partners.trust_keys(
                    session=session, partner_id=partner.id, document=_read_keys(trust)
                )
            return partner.id
        if trust is None:
            raise _fail(
                f"{feed_url} is not a partner yet: give --trust KEYFILE (its keys document)"
            )
        document = _read_keys(trust)
        label = name or partners.keys_from(document).name or urlsplit(feed_url).netloc
        data = PartnerCreate(
            name=label, feed_url=feed_url, keys=document, pull_interval_minutes=interval
        )
        partner, _ = partners.create_partner(session=session, data=data)
        typer.echo(f"registered partner {partner.name} ({feed_url})")
        return partner.id


@exchange_app.command("pull")
def pull_command(
    url: str = typer.Argument(None, help="The partner's address (base URL or feed URL)."),
    trust: Path = typer.Option(
        None,
        "--trust",
        exists=True,
        dir_okay=False,
        help="The partner's keys document (/.well-known/passage-keys.json) or one JWK, obtained "
        "over a channel you trust; registers the partner on first use.",
    ),
    partner_name: str = typer.Option(None, "--partner", help="Pull a registered partner by name."),
    name: str = typer.Option(None, "--name", help="Name to register the partner under."),
    interval: int = typer.Option(
        None, "--every", min=1, help="Also pull it every N minutes in the background jobs."
    ),
    page_size: int = typer.Option(pull.PAGE_SIZE, min=1, max=pull.MAX_PAGE_SIZE),
    max_pages: int = typer.Option(None, min=1, help="Stop after this many pages."),
) -> None:
    """Import a partner's feed from where the last pull stopped; exit 1 on errors or rejections."""
    try:
        if partner_name:
            with cli_transaction() as session:
                found = partners.find_partner(session=session, name=partner_name)
                if found is None:
                    raise _fail(f"no partner named {partner_name!r}")
                partner_id = found.id
        elif url:
            partner_id = _partner_for(url, trust, name, interval)
        else:
            raise _fail("give the partner's URL or --partner NAME", 2)
    except (PassageError, ValidationError) as error:
        raise _fail(getattr(error, "message", str(error))) from None
    report = pull.pull(partner_id, page_size=page_size, max_pages=max_pages)
    print_json(report.to_dict())
    if report.error or report.imports.rejected:
        raise typer.Exit(1)


@partners_app.command("list")
def partners_list() -> None:
    """Every partner with its cursor, lag, last sync and error."""
    with cli_transaction() as session:
        views = partners.partner_views(session)
    print_json([view.model_dump(mode="json", exclude={"keys"}) for view in views])


@partners_app.command("add")
def partners_add(
    name: str = typer.Argument(..., help="A name for the partner."),
    url: str = typer.Argument(..., help="Its base URL or feed URL."),
    trust: Path = typer.Option(..., "--trust", exists=True, dir_okay=False, help="Its keys file."),
    interval: int = typer.Option(None, "--every", min=1, help="Pull every N minutes."),
    webhooks: bool = typer.Option(False, help="Accept its webhooks (prints the shared secret)."),
) -> None:
    """Follow a deployment; with --webhooks, print the secret its subscription must use."""
    data = PartnerCreate(
        name=name,
        feed_url=url,
        keys=_read_keys(trust),
        pull_interval_minutes=interval,
        receive_webhooks=webhooks,
    )
    try:
        with cli_transaction("exchange") as session:
            partner, secret = partners.create_partner(session=session, data=data)
            typer.echo(f"partner {partner.name}: {partner.feed_url}")
            if secret:
                typer.echo(f"webhook URL path: {partners.inbox_path(partner.id)}")
                typer.echo(f"webhook secret (shown once): {secret}")
    except PassageError as error:
        raise _fail(error.message) from None


@subscriptions_app.command("list")
def subscriptions_list() -> None:
    """Every subscriber with pending and dead deliveries."""
    with cli_transaction() as session:
        print_json([view.model_dump(mode="json") for view in service.subscription_views(session)])


@subscriptions_app.command("add")
def subscriptions_add(
    name: str = typer.Argument(..., help="A name for the subscriber."),
    url: str = typer.Argument(..., help="Its webhook URL (a Passage inbox URL, or any receiver)."),
    secret: str = typer.Option(None, help="The shared secret (generated when not given)."),
    after: int = typer.Option(None, min=0, help="Also send the entries after this cursor."),
) -> None:
    """Push the feed to a subscriber; prints the shared secret once."""
    try:
        with cli_transaction("exchange") as session:
            view, secret = service.create_subscription(
                session=session, name=name, url=url, secret=secret, after=after
            )
    except PassageError as error:
        raise _fail(error.message) from None
    typer.echo(f"subscription {view.name} -> {view.url}")
    typer.echo(f"secret (shown once): {secret}")


@subscriptions_app.command("replay")
def subscriptions_replay(
    name: str = typer.Argument(..., help="The subscriber's name."),
    after: int = typer.Option(..., "--from", min=0, help="Send the entries after this cursor."),
) -> None:
    """Send a subscriber the entries after a cursor again."""
    with cli_transaction("exchange") as session:
        endpoint = service.subscription_named(session=session, name=name)
        if endpoint is None:
            raise _fail(f"no subscription named {name!r}")
        queued = service.replay(session=session, subscription_id=endpoint.id, after=after)
    typer.echo(f"queued {queued} deliveries for {name}")


@keys_app.command("show")
def keys_show() -> None:
    """Print the public keys document (what partners pass to --trust)."""
    with cli_transaction("exchange") as session:
        print_json(service.keys_document(session))


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Sign with a new key from now on; the old key announces it in the feed and stays published."""
    with cli_transaction("exchange") as session:
        key = service.rotate_key(session=session)
        typer.echo(f"new signing key {key.kid}")


@exchange_app.command("conflicts")
def conflicts_list() -> None:
    """Open conflicts: partners' changes to records edited here, waiting for review."""
    from passage.access import GrantView, Principal, Role

    operator = Principal(user_id=None, grants=(GrantView(Role.ADMIN),), label="cli")
    with cli_transaction() as session:
        rows = conflicts.list_conflicts(session=session, principal=operator)
    print_json([row.model_dump(mode="json", exclude={"content"}) for row in rows])
