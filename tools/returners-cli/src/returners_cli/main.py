"""The ``returners`` command."""

import typer

from returners_cli import contracts

app = typer.Typer(help="Run and operate the Returners platform.", no_args_is_help=True)
contracts_app = typer.Typer(help="Event contracts: JSON Schemas, AsyncAPI, per-service docs.")
app.add_typer(contracts_app, name="contracts")


@contracts_app.command("export")
def contracts_export() -> None:
    """Regenerate the checked-in schemas, AsyncAPI document and EVENTS.md files."""
    changed = contracts.export()
    for path in changed:
        typer.echo(f"wrote {path}")
    if not changed:
        typer.echo("contracts are up to date")


@contracts_app.command("check")
def contracts_check() -> None:
    """Fail if a checked-in contract file no longer matches the models."""
    if stale := contracts.stale():
        for path in stale:
            typer.echo(f"stale: {path}", err=True)
        raise typer.Exit(1)
    typer.echo("contracts are up to date")
