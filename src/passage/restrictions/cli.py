"""`passage restrictions`: import measures, a country's level on a date."""

from __future__ import annotations

import typer

from passage.maps.cli import level_command
from passage.restrictions.imports.cli import import_command

restrictions_app = typer.Typer(help="Travel restrictions: import, levels.", no_args_is_help=True)
restrictions_app.command("import")(import_command)
restrictions_app.command("level")(level_command)
