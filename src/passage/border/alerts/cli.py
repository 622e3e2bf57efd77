"""`passage alerts` (being written)."""

import typer

alerts_app = typer.Typer(help="Alert lists: import and screening.", no_args_is_help=True)


@alerts_app.callback()
def alerts_callback() -> None:
    """Alert lists: import and screening."""
