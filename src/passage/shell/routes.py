"""Shell pages: the home page (public landing or role dashboard), language switch, static files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from passage.access import Principal
from passage.auth.deps import Open, Require, verify_csrf
from passage.config import get_settings
from passage.db import SessionDep
from passage.errors import NotFound
from passage.kit.i18n import PUBLIC_LANGUAGES
from passage.shell.dashboard import dashboard_for, grant_badges
from passage.web.middleware import LANGUAGE_COOKIE
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"

# Front-end files installed from the npm registry (package.json), served from node_modules.
VENDOR_FILES = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "countries-50m.json": "world-atlas/countries-50m.json",
    "jsQR.js": "jsqr/dist/jsQR.js",
}


@router.get("/")
def home(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """The public landing page, or the signed-in user's dashboard."""
    if not principal.is_authenticated:
        return render(request, "home.html")
    context = {
        "cards": dashboard_for(session, principal, request.app.state.domains),
        "badges": grant_badges(session, principal),
    }
    return render(request, "dashboard.html", context)


@router.post("/language")
def switch_language(
    principal: Annotated[Principal, Require("public")],
    language: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Remember the chosen language in a cookie and go back."""
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = redirect(target)
    if language in PUBLIC_LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="lax", httponly=True
        )
    return response


@router.get("/static/vendor/{name}")
async def vendor_file(name: str, principal: Annotated[Principal, Open()]) -> Response:
    """A front-end library file installed from the npm registry."""
    relative = VENDOR_FILES.get(name)
    path = get_settings().frontend_dir / relative if relative else None
    if path is None or not path.is_file():
        raise NotFound(
            "front-end file %(name)s is not installed (run make run or npm ci)",
            params={"name": name},
        )
    return FileResponse(path, headers={"cache-control": "public, max-age=86400"})


static_files = StaticFiles(directory=STATIC_DIR)


@router.get("/api/v1/health", include_in_schema=True, tags=["operations"])
async def health(principal: Annotated[Principal, Open()]) -> dict[str, str]:
    """Liveness probe for load balancers: no database, no session."""
    return {"status": "ok"}
