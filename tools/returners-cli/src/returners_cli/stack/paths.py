"""Where the repository is and where local state (git-ignored ``.returners/``) lives."""

import os
from pathlib import Path


def repo_root() -> Path:
    """The repository root: ``RETURNERS_ROOT`` or the nearest parent with ``deploy/local``."""
    if env := os.environ.get("RETURNERS_ROOT"):
        return Path(env).resolve()
    for candidate in [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]:
        if (candidate / "deploy" / "local" / "kafka" / "pom.xml").is_file():
            return candidate
    raise RuntimeError("cannot find the Returners repository (set RETURNERS_ROOT)")


def cache_dir() -> Path:
    """Downloads kept between runs (Kafka's jars, tools): ``<repo>/.returners``."""
    path = repo_root() / ".returners"
    path.mkdir(parents=True, exist_ok=True)
    return path


def state_dir() -> Path:
    """The local platform's data, logs, pids and secrets: ``RETURNERS_STATE_DIR`` or the cache
    directory (a second platform, e.g. a test's, runs beside the first with its own)."""
    path = (
        Path(os.environ["RETURNERS_STATE_DIR"])
        if "RETURNERS_STATE_DIR" in os.environ
        else (repo_root() / ".returners")
    )
    path.mkdir(parents=True, exist_ok=True)
    return path
