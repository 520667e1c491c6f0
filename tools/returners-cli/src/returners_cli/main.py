"""The ``returners`` command: run the platform locally and operate it."""

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from aiokafka.errors import KafkaConnectionError
from rich.console import Console
from rich.table import Table

from returners_cli import contracts, kafka_ops, subject_access
from returners_cli.demo.run import run_demo
from returners_cli.stack.kafka import MissingToolError
from returners_cli.stack.local import PORTAL, SERVICES, LocalPlatform
from returners_cli.stack.paths import repo_root
from returners_cli.status import platform_status

T = TypeVar("T")

app = typer.Typer(help="Run and operate the Returners platform.", no_args_is_help=True)
contracts_app = typer.Typer(help="Event contracts: JSON Schemas, AsyncAPI, per-service docs.")
dead_letters_app = typer.Typer(help="Events a service could not handle: list and replay.")
app.add_typer(contracts_app, name="contracts")
app.add_typer(dead_letters_app, name="dead-letters")
console = Console()


def _with_kafka(operation: Callable[[str], Coroutine[Any, Any, T]]) -> T:
    """Run an operation against the local broker; an unreachable one is a clear message."""
    bootstrap = LocalPlatform().kafka.bootstrap
    try:
        return asyncio.run(operation(bootstrap))
    except KafkaConnectionError as exc:
        console.print(
            f"[red]Kafka is not answering at {bootstrap}[/red]: is the platform up? (`make up`)"
        )
        raise typer.Exit(2) from exc


@app.command()
def up() -> None:
    """Start Kafka, Postgres, local mail, the six services and the applicant portal (what
    runs is left alone)."""
    console.print(
        f"[bold]Applicant portal: [link={PORTAL.url}]{PORTAL.url}[/link][/bold]"
        " (apply in your browser once the demo has published its programmes: the portal"
        " offers rtsw-open, beside the demo's own cohort)"
    )
    platform = LocalPlatform()
    try:
        with console.status("starting Kafka, Postgres and local mail"):
            platform.start_infrastructure()
        with console.status("starting the services"):
            platform.start_services()
    except MissingToolError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    env_file = platform.write_local_env()
    console.print(f"[green]The platform is up.[/green] Addresses written to {env_file}:")
    console.print(env_file.read_text(), highlight=False)


@app.command()
def demo(
    applicants: Annotated[int, typer.Option(help="How many simulated applicants")] = 300,
    seed: Annotated[int, typer.Option(help="Same seed, same people, same funnel")] = 2020,
    programmes: Annotated[
        Path | None, typer.Option(help="Folder of programme definitions to publish")
    ] = None,
) -> None:
    """Run the demo programme through the public APIs and print its funnel and outcome report
    (once; later runs only print them)."""
    platform = LocalPlatform()
    run_demo(
        platform.endpoints(),
        state_file=platform.root / "demo" / "state.json",
        programme_files=sorted(
            (programmes or repo_root() / "deploy" / "local" / "programmes").glob("*.json")
        ),
        applicants=applicants,
        seed=seed,
        console=console,
        maildir=platform.maildir,
    )


@app.command()
def down() -> None:
    """Stop everything `returners up` started."""
    stopped = LocalPlatform().stop()
    console.print(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable")] = False,
) -> None:
    """Every component of the local platform and its health."""
    rows = platform_status(LocalPlatform())
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in rows], indent=2))
    else:
        table = Table("component", "healthy", "pid", "address", "detail")
        for r in rows:
            table.add_row(
                r.name,
                "yes" if r.healthy else "[red]no[/red]",
                str(r.pid or "-"),
                r.address,
                r.detail,
            )
        console.print(table)
    if not all(r.healthy for r in rows):
        raise typer.Exit(1)


@app.command()
def logs(
    component: Annotated[
        str,
        typer.Argument(
            help=(
                "applications, matching, notifications, reporting, selection, training, portal,"
                " mail, kafka or postgres"
            )
        ),
    ],
    follow: Annotated[bool, typer.Option("--follow", "-f")] = False,
    lines: Annotated[int, typer.Option("--lines", "-n")] = 50,
) -> None:
    """Show a component's log (JSON lines for the services)."""
    platform = LocalPlatform()
    paths = {
        "kafka": platform.kafka.home / "logs" / "server.log",
        "postgres": platform.postgres.log_file,
        **{
            name: platform.log_file(name)
            for name in [s.name for s in SERVICES] + [PORTAL.name, "mail"]
        },
    }
    if component not in paths:
        raise typer.BadParameter(f"choose one of {', '.join(paths)}")
    argv = ["tail", f"-n{lines}", *(["-F"] if follow else []), str(paths[component])]
    raise typer.Exit(subprocess.call(argv))


@app.command("subject-access")
def subject_access_export(
    application_id: Annotated[str, typer.Argument(help="The applicant's application id")],
) -> None:
    """Everything the platform holds about one applicant (UK GDPR subject access), as JSON."""
    document = subject_access.gather(LocalPlatform().endpoints(), application_id)
    typer.echo(json.dumps(document, indent=2, sort_keys=True))


@app.command()
def rebuild() -> None:
    """Rebuild the reporting read models from offset zero of every topic (with progress)."""
    platform = LocalPlatform()
    reporting = next(spec for spec in SERVICES if spec.name == "reporting")
    command = [sys.executable, "-m", "reporting.rebuild"]
    raise typer.Exit(subprocess.call(command, env=platform.service_env(reporting)))


@app.command()
def topics(
    prefix: Annotated[str, typer.Option(help="Topic prefix")] = "",
) -> None:
    """Every topic with its partitions and the records it holds."""
    table = Table("topic", "partitions", "records")
    for t in _with_kafka(lambda bootstrap: kafka_ops.topic_sizes(bootstrap, prefix)):
        table.add_row(t.name, str(t.partitions), str(t.records))
    console.print(table)


@dead_letters_app.command("list")
def dead_letters_list(
    service: Annotated[str | None, typer.Option(help="Only this service's dead letters")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Dead-lettered events with the reason each failed."""
    found = _with_kafka(lambda bootstrap: kafka_ops.dead_letters(bootstrap, service=service))
    if as_json:
        typer.echo(json.dumps([d.__dict__ for d in found], indent=2))
        return
    table = Table("service", "offset", "original topic", "event id", "type", "reason", "replayed")
    for d in found:
        table.add_row(
            d.service,
            f"{d.partition}:{d.offset}",
            d.original_topic,
            d.event_id,
            d.error_type,
            d.reason[:80],
            "yes" if d.replayed else "no",
        )
    console.print(table)


@dead_letters_app.command("replay")
def dead_letters_replay(
    service: Annotated[str, typer.Argument(help="Whose dead letters to replay")],
) -> None:
    """Re-publish a service's not-yet-replayed dead letters to their original topics."""
    count = _with_kafka(lambda bootstrap: kafka_ops.replay_dead_letters(bootstrap, service))
    console.print(f"replayed {count} dead letter(s) of {service}")


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
