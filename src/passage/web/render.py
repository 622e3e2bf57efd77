"""Server-rendered pages: the Jinja2 environment, page/partial rendering and redirects.

The application (`passage.main.create_app`) builds one template environment with the filters
its installed domains declare, and keeps it with the main menu in `app.state`; `render` reads
both from the request's application."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from passage.access import ANONYMOUS, Principal, can
from passage.kit.domain import MenuEntry
from passage.kit.i18n import (
    LANGUAGES,
    PUBLIC_LANGUAGES,
    RTL_LANGUAGES,
    current_language,
    gettext_,
    language_name,
    ngettext_,
)
from passage.web.csrf import csrf_token_for
from passage.web.formatting import ltr, row_reason, utc_time
from passage.web.inline import public_css

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"


@dataclass(frozen=True)
class NavItem:
    """A menu link as shown: its label in the reader's language."""

    label: str
    url: str


def build_templates(filters: Mapping[str, Callable[..., Any]]) -> Jinja2Templates:
    """The template environment, with gettext, the shell's filters and the domains' ones."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    engine = Jinja2Templates(env=env)
    env.install_gettext_callables(gettext_, ngettext_, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(languages=LANGUAGES, public_languages=PUBLIC_LANGUAGES)
    env.filters.update(utc_time=utc_time, ltr=ltr, row_reason=row_reason)
    env.filters.update(language_label=language_name)
    env.globals.update(public_css=public_css)
    env.filters.update(filters)
    return engine


def visible_navigation(principal: Principal, menu: Sequence[MenuEntry]) -> list[NavItem]:
    """Menu entries the principal may open (the public sees public ones only), translated."""
    return [
        NavItem(gettext_(entry.label), entry.url)
        for entry in menu
        if can(principal, entry.permission)
        and (principal.is_authenticated or entry.permission != "dashboard")
    ]


def is_htmx(request: Request) -> bool:
    """True when HTMX asked for a partial."""
    return (
        request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true"
    )


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    partial: str | None = None,
) -> HTMLResponse:
    """Render a full page, or `partial` instead when HTMX asked for a fragment."""
    if partial and is_htmx(request):
        template = partial
    principal = getattr(request.state, "principal", ANONYMOUS)
    language = current_language()
    state = request.app.state
    base = {
        "principal": principal,
        "user": getattr(request.state, "user_view", None),
        "can": lambda permission, target=None: can(principal, permission, target),
        "csrf_token": csrf_token_for(getattr(request.state, "csrf_anchor", "")),
        "language": language,
        "direction": "rtl" if language in RTL_LANGUAGES else "ltr",
        "request_path": request.url.path,
        "navigation": visible_navigation(principal, state.menu),
        "header_badges": _header_badges(request, status_code),
    }
    templates: Jinja2Templates = state.templates
    return templates.TemplateResponse(
        request, template, {**base, **(context or {})}, status_code=status_code
    )


def _header_badges(request: Request, status_code: int) -> Callable[[], list[Any]]:
    """The header's counts, computed when the page's header is drawn (not for an error page,
    whose transaction is gone)."""
    source = getattr(request.state, "header_badges", None)
    if source is None or status_code >= 400:
        return list
    return source


def redirect(url: str, status_code: int = 303) -> RedirectResponse:
    """A redirect after a form post (303 See Other)."""
    return RedirectResponse(url, status_code=status_code)
