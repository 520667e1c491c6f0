"""Everything the README tells a newcomer to type exists as written.

The commands that start and stop the platform are run for real by
tests/local_platform; here every other command line is checked: make targets exist,
`returners` subcommands parse, each curl goes to an endpoint the service documents with
that method, and every relative link points at a file of the repository.
"""

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import typer

from returners_cli import main as cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
SH_BLOCKS = re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)
LINES = [
    line.split("  #")[0].strip()
    for block in SH_BLOCKS
    for line in block.splitlines()
    if line.strip() and not line.strip().startswith("#")
]
URL_VARIABLE = re.compile(r"\$RETURNERS_(\w+)_URL(/[^\"?\s]*)")


def _openapi(service: str) -> dict[str, object]:
    module = __import__(f"{service}.bootstrap", fromlist=["create_app"])
    return dict(module.create_app().openapi())


def test_the_readme_starts_with_the_two_commands() -> None:
    first_block = SH_BLOCKS[0].splitlines()
    assert [line.split()[:2] for line in first_block] == [["make", "up"], ["make", "test"]]


@pytest.mark.parametrize("line", [line for line in LINES if line.startswith("make ")])
def test_every_make_command_is_a_target(line: str) -> None:
    target = line.split()[1]
    result = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("line", [line for line in LINES if "bin/returners " in line])
def test_every_returners_command_parses(line: str) -> None:
    """Parsed as the CLI would parse it, without running it: an unknown command, option or
    extra argument, or a missing one, fails (``--help`` would hide all of these)."""
    words = shlex.split(line)[1:]
    command = typer.main.get_command(cli.app)
    while isinstance(command, typer.core.TyperGroup):
        name = words.pop(0)
        subcommand = command.get_command(typer.Context(command), name)
        assert subcommand is not None, f"no command {name!r} in: {line}"
        command = subcommand
    try:
        command.make_context(command.name or "returners", words)
    except typer.TyperException as exc:  # typer's usage errors
        pytest.fail(f"{line}: {exc}")


@pytest.mark.parametrize("line", [line for line in LINES if line.startswith("curl ")])
def test_every_curl_calls_a_documented_endpoint_with_its_method(line: str) -> None:
    words = shlex.split(line, posix=False)
    method = words[words.index("-X") + 1] if "-X" in words else "GET"
    [(service, path)] = URL_VARIABLE.findall(line)
    template = re.sub(r"<(\w+)>", r"{\1}", path)
    paths = _openapi(service.lower())["paths"]
    assert isinstance(paths, dict)
    assert template in paths, f"{template} is not an endpoint of {service.lower()}"
    assert method.lower() in paths[template]


def test_every_other_command_names_a_file_of_the_repository() -> None:
    others = [
        line
        for line in LINES
        if not line.startswith(("make ", "curl ", "docker")) and "bin/returners " not in line
    ]
    for line in others:
        program = shlex.split(line)[0]
        assert (ROOT / program).exists(), line


def test_every_relative_link_points_at_a_file() -> None:
    links = re.findall(r"\]\(((?!http|#|\.\./)[^)\s]+)\)", README)
    missing = [link for link in links if not (ROOT / link.split("#")[0]).exists()]
    assert links
    assert missing == []
