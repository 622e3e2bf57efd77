"""How a domain declares itself, once: its routers, menu entries, dashboard cards, background
jobs, demo loader, CLI commands, template filters and permissions.

Each domain package has a `domain.py` holding one `Domain`; `passage.installed` lists the
installed ones, and the app, the shell, the job loop, the demo and the CLI read that list.
Adding a domain therefore touches its own package and that list only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from passage.access import Principal, Role, declare_permissions
from passage.kit import travel
from passage.kit.jobs import Job

if TYPE_CHECKING:
    from passage.config import Settings


@dataclass(frozen=True)
class MenuEntry:
    """A link of the main menu, shown to whoever holds its permission.

    `label` is the English message (marked with `N_`), translated when the menu is shown;
    `position` orders the whole menu across domains (lower first)."""

    label: str
    url: str
    permission: str
    position: int


@dataclass(frozen=True)
class Card:
    """A dashboard tile: a figure or a task, linking to where the work is done."""

    title: str
    body: str
    url: str
    is_figure: bool = False


@dataclass(frozen=True)
class TaskCard:
    """A dashboard task for whoever holds `permission` (title and body marked with `N_`)."""

    permission: str
    title: str
    body: str
    url: str
    position: int


@dataclass(frozen=True)
class FigureCards:
    """Dashboard cards computed per request (counts, work queues), placed at `position`."""

    cards: Callable[[Session, Principal], list[Card]]
    position: int


@dataclass(frozen=True)
class Command:
    """A `passage` CLI entry: a Typer sub-app (`passage NAME ...`) or a single command."""

    name: str
    target: Any  # typer.Typer, or a function registered with `app.command(name)`


@dataclass(frozen=True)
class Domain:
    """One installed domain, as the rest of the application sees it."""

    name: str
    summary: str
    models: Sequence[ModuleType] = ()  # the modules that declare its tables
    routers: Sequence[APIRouter] = ()
    permissions: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    menu: Sequence[MenuEntry] = ()
    tasks: Sequence[TaskCard] = ()
    figures: Sequence[FigureCards] = ()
    jobs: Callable[[Settings], Sequence[Job]] | None = None
    demo: Callable[[Session], object] | None = None
    commands: Sequence[Command] = ()
    template_filters: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    # Plugs the domain into the extension points of the domains below it (exchange kinds,
    # webhook bodies ...); run once when the domain is installed.
    on_install: Callable[[], None] | None = None
    # Records that travel between a field node and its central (`kit.travel`): tables made
    # or changed at a site go up (parents first); reference data a site needs comes down.
    travel_up: Sequence[type[Any]] = ()
    travel_down: Sequence[travel.DownKind] = ()


def install(domains: Sequence[Domain]) -> None:
    """Declare the domains' permissions and travelling records, then let each plug into the
    domains below it."""
    for domain in domains:
        declare_permissions(domain.permissions, owner=domain.name)
    for domain in domains:
        travel.register_up(*domain.travel_up)
        for kind in domain.travel_down:
            travel.register_down(kind)
    for domain in domains:
        if domain.on_install is not None:
            domain.on_install()
