"""The one-broker fault suite's platform (``platform.running_platform``) and the figures of
every fault suite, printed at the end of the run."""

from collections.abc import Iterator

import pytest

from returners_cli.stack.scratch import scratch_broker, scratch_home, scratch_postgres

from .platform import Platform, running_platform
from .report import DEFINITIONS, ROWS, artifact_path, table


@pytest.fixture(scope="module")
def platform() -> Iterator[Platform]:
    home = scratch_home("returners-reliability-")
    with running_platform(home, scratch_broker(home), scratch_postgres(home)) as running:
        yield running


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures, in a normal ``make test`` run too (where test output is captured)."""
    if not ROWS:
        return
    terminalreporter.section("fault injection: per fault")
    for line in table(ROWS):
        terminalreporter.write_line(line)
    terminalreporter.write_line("")
    for name, meaning in DEFINITIONS.items():
        terminalreporter.write_line(f"{name}: {meaning}")
    terminalreporter.write_line(f"(also in {artifact_path()})")
