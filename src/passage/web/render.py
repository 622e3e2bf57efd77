"""Server-rendered pages: the Jinja2 environment, page/partial rendering and redirects."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from passage.access import ANONYMOUS, can
from passage.border.crossings.labels import decision_label, screening_label
from passage.kit.i18n import LANGUAGES, RTL_LANGUAGES, current_language, gettext_, ngettext_
from passage.restrictions import labels
from passage.web.csrf import csrf_token_for
from passage.web.dashboard import visible_navigation
from passage.web.formatting import ltr, utc_time
from passage.web.labels import poe_kind_label, role_label

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"


@lru_cache
def templates() -> Jinja2Templates:
    """The one template environment, with gettext and the navigation helpers."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    engine = Jinja2Templates(env=env)
    env.install_gettext_callables(gettext_, ngettext_, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(languages=LANGUAGES)
    env.filters.update(
        role_label=role_label, poe_kind_label=poe_kind_label, decision_label=decision_label
    )
    env.filters.update(screening_label=screening_label)
    env.filters.update(utc_time=utc_time, ltr=ltr)
    env.filters.update(
        measure_type_label=labels.measure_type_label,
        class_label=labels.class_label,
        level_label=labels.level_label,
        status_label=labels.status_label,
        exemption_label=labels.exemption_label,
        target_kind_label=labels.target_kind_label,
        poe_scope_label=labels.poe_scope_label,
        poe_status_label=labels.poe_status_label,
        travel_mode_label=labels.travel_mode_label,
    )
    return engine


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
    base = {
        "principal": principal,
        "user": getattr(request.state, "user_view", None),
        "can": lambda permission, target=None: can(principal, permission, target),
        "csrf_token": csrf_token_for(getattr(request.state, "csrf_anchor", "")),
        "language": language,
        "direction": "rtl" if language in RTL_LANGUAGES else "ltr",
        "request_path": request.url.path,
        "navigation": visible_navigation(principal),
    }
    return templates().TemplateResponse(
        request, template, {**base, **(context or {})}, status_code=status_code
    )


def redirect(url: str, status_code: int = 303) -> RedirectResponse:
    """A redirect after a form post (303 See Other)."""
    return RedirectResponse(url, status_code=status_code)
