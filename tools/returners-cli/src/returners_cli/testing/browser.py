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
