"""docs/conventions.md, held against the code: every service has the skeleton's files, SQL
and rows stay in ``store/``, time comes from the clock, and nothing reaches into ``api/``
from the use cases or the domain."""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "src").is_dir())
PLATFORM = ROOT / "libs" / "returners-platform" / "src" / "returners_platform"

# What every service has (docs/conventions.md, the layout block).
EVERY_SERVICE = (
    "README.md",
    "EVENTS.md",
    "pyproject.toml",
    "src/{s}/__main__.py",
    "src/{s}/config.py",
    "src/{s}/bootstrap.py",
    "src/{s}/metrics.py",
    "src/{s}/domain/__init__.py",
    "src/{s}/use_cases/__init__.py",
    "src/{s}/store/__init__.py",
    "src/{s}/loops/__init__.py",
    "src/{s}/api/deps.py",
    "src/{s}/api/routes/__init__.py",
    "src/{s}/api/schemas",  # a module (schemas.py) or a package
    "src/{s}/migrations/env.py",
    "tests/unit",
    "tests/integration",
)
# The registry of what a service does with the events it consumes.
REGISTRY = {"reporting": "src/reporting/projections.py"}
# A service that owns no database and consumes no event (the applicant portal: web pages
# over the applications service's API) has none of what holds or moves state.
STATELESS = {"portal"}
STATE_FILES = (
    "EVENTS.md",
    "src/{s}/store/__init__.py",
    "src/{s}/loops/__init__.py",
    "src/{s}/migrations/env.py",
    "src/{s}/handlers.py",
)
SQL_CALLS = {"fetch", "fetchrow", "fetchval", "execute", "executemany", "copy_records_to_table"}


def _modules(service: str) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted((ROOT / "services" / service / "src" / service).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), str(path))


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _in(path: Path, service: str, package: str) -> bool:
    return (ROOT / "services" / service / "src" / service / package) in path.parents


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_skeletons_files(service: str) -> None:
    base = ROOT / "services" / service
    wanted = [p.format(s=service) for p in EVERY_SERVICE]
    wanted.append(REGISTRY.get(service, f"src/{service}/handlers.py"))
    if service in STATELESS:
        wanted = [p for p in wanted if p not in {f.format(s=service) for f in STATE_FILES}]
    missing = [p for p in wanted if not (base / p).exists() and not (base / f"{p}.py").exists()]
    assert missing == []


@pytest.mark.parametrize("service", SERVICES)
def test_sql_runs_only_in_the_store(service: str) -> None:
    """No module outside ``store/`` runs a query or reaches the connection behind a unit of
    work: rows (and column names) stay in the store."""
    found = []
    for path, tree in _modules(service):
        if _in(path, service, "store"):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS
                and _looks_like_a_connection(node.func.value)
            ):
                found.append(f"{_relative(path)}:{node.lineno} .{node.func.attr}()")
            if isinstance(node, ast.Name) and node.id == "connection_of":
                found.append(f"{_relative(path)}:{node.lineno} connection_of")
            if isinstance(node, ast.Attribute) and node.attr in ("conn", "_conn"):
                found.append(f"{_relative(path)}:{node.lineno} .{node.attr}")
    assert found == []


def _looks_like_a_connection(node: ast.expr) -> bool:
    """``conn.fetch``, ``pool.execute``, ``connection_of(db).fetchrow`` and the like (an
    ``execute`` on anything else, say a thread pool, is not SQL)."""
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    if isinstance(node, ast.Call):
        return True
    return any(word in name.lower() for word in ("conn", "pool", "db", "uow"))


# SQL that leaves state on a session: a pooled connection is handed on without asyncpg's
# reset query (``service.runtime.open_pool``), so no service's SQL may do this.
SESSION_STATE = re.compile(
    r"\bLISTEN\b|pg_(try_)?advisory_lock(_shared)?\(|\bWITH\s+HOLD\b|\bSET\s+SESSION\b"
    r"|(\A|;)\s*SET\s+(?!LOCAL\b|TRANSACTION\b|CONSTRAINTS\b)[a-z_.]+\s*(=|TO\b)"
    r"|set_config\([^)]*\bfalse\s*\)",
    re.IGNORECASE,
)


@pytest.mark.parametrize("service", SERVICES)
def test_no_sql_leaves_state_on_a_pooled_connection(service: str) -> None:
    """No session ``SET``, ``LISTEN``, session advisory lock or held cursor: the next user of
    the connection would inherit it (the pool runs no reset query)."""
    found = [
        f"{_relative(path)}:{node.lineno}"
        for path, tree in _modules(service)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and SESSION_STATE.search(node.value)
    ]
    assert found == []


@pytest.mark.parametrize("service", SERVICES)
def test_stores_hand_back_no_rows(service: str) -> None:
    """A store function's declared result is a dataclass or a plain value, never a row."""
    found = []
    for path, tree in _modules(service):
        if not _in(path, service, "store"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef) and node.returns:
                returns = ast.unparse(node.returns)
                if not node.name.startswith("_") and re.search(r"\bRecord\b|^Any$", returns):
                    found.append(f"{_relative(path)}:{node.lineno} {node.name} -> {returns}")
    assert found == []


@pytest.mark.parametrize("service", SERVICES)
def test_nothing_outside_the_store_names_a_row_type(service: str) -> None:
    found = [
        f"{_relative(path)}:{node.lineno}"
        for path, tree in _modules(service)
        if not _in(path, service, "store")
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "Record"
    ]
    assert found == []


def _reads_the_time(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    target = ast.unparse(node.func.value)
    return (node.func.attr in ("now", "utcnow", "today") and target in ("datetime", "date")) or (
        node.func.attr == "time" and target == "time"
    )


def _all_sources() -> Iterator[Path]:
    for base in (ROOT / "services", ROOT / "libs", ROOT / "tools"):
        for path in base.rglob("*.py"):
            if "/src/" in str(path) and "migrations" not in path.parts:
                yield path


def test_no_code_reads_the_time_but_the_clock() -> None:
    found = [
        f"{_relative(path)}:{node.lineno}"
        for path in _all_sources()
        if path != PLATFORM / "clock.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if _reads_the_time(node)
    ]
    assert found == []


@pytest.mark.parametrize("service", SERVICES)
def test_use_cases_and_the_domain_import_nothing_from_the_api(service: str) -> None:
    found = []
    for path, tree in _modules(service):
        layer = "domain" if _in(path, service, "domain") else "use_cases"
        if not (_in(path, service, "domain") or _in(path, service, "use_cases")):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                f"{service}.api"
            ):
                found.append(f"{_relative(path)}:{node.lineno} ({layer}) imports {node.module}")
    assert found == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_does_no_io(service: str) -> None:
    """Domain modules import no database, broker, web framework, store or use case."""
    io = ("asyncpg", "aiokafka", "fastapi", "httpx", "faust", f"{service}.store")
    io += (f"{service}.use_cases", f"{service}.loops")
    found = []
    for path, tree in _modules(service):
        if not _in(path, service, "domain"):
            continue
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [f"{_relative(path)}: {n}" for n in names if n.startswith(io)]
    assert found == []


def test_the_conventions_name_every_file_the_skeleton_checks() -> None:
    conventions = (ROOT / "docs" / "conventions.md").read_text()
    for entry in EVERY_SERVICE:
        name = entry.replace("src/{s}/", "").rstrip("/")
        assert name.split("/")[-1].replace("__init__.py", "") in conventions, entry


def _calls_create_pool(tree: ast.Module) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", getattr(node.func, "id", "")) == "create_pool"
    ]


def test_every_pool_is_opened_by_the_platform_s_open_pool() -> None:
    """A pool opened elsewhere would keep the connections a burst opened (no
    ``db_pool_idle_seconds``) and run asyncpg's reset query after every use."""
    sources = [
        path
        for root in (ROOT / "services", ROOT / "libs", ROOT / "tools")
        for path in root.glob("*/src/**/*.py")
    ]
    found = [
        _relative(path)
        for path in sources
        for _ in _calls_create_pool(ast.parse(path.read_text(), str(path)))
    ]
    assert found == [_relative(PLATFORM / "service" / "pools.py")]
