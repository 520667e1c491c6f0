"""Headless Chromium (Debian's ``chromium``) for browser tests, and reading the dashboard."""

import asyncio
import os
import signal
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--virtual-time-budget=15000",
]


class Figures(HTMLParser):
    """The value of every ``data-figure`` box of a rendered dashboard, plus all its text."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.text: list[str] = []
        self._figure: str | None = None
        self._in_value = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("data-figure"):
            self._figure = attributes["data-figure"]
        self._in_value = self._figure is not None and attributes.get("class") == "value"

    def handle_endtag(self, tag: str) -> None:
        self._in_value = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_value and self._figure is not None:
            self.figures[self._figure] = data.strip()
            self._figure = None


def dashboard_figures(dom: str) -> Figures:
    parsed = Figures()
    parsed.feed(dom)
    return parsed


class TableRows(HTMLParser):
    """The cell texts of every row (the header row first) of what the element with id
    ``container`` holds, e.g. one of the dashboard's platform health tables."""

    def __init__(self, container: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._container = container
        self._depth = 0  # elements open inside the container (0: outside it)
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0:
            if dict(attrs).get("id") == self._container:
                self._depth = 1
            return
        self._depth += 1
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(dom: str, container: str) -> list[list[str]]:
    parsed = TableRows(container)
    parsed.feed(dom)
    return parsed.rows


async def chromium(*args: str, profile: Path) -> str:
    """Run headless Chromium to completion (its own process group, killed on timeout)."""
    if not os.access(CHROMIUM, os.X_OK):
        raise AssertionError(
            "headless Chromium is missing: apt-get install -y chromium (make test installs it)"
        )
    process = await asyncio.create_subprocess_exec(
        str(CHROMIUM),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(), 120)
    except TimeoutError:
        os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
        raise
    assert process.returncode == 0, f"chromium exited with {process.returncode}"
    return out.decode()
