"""What the HTTP suite does to the shared cluster: programmes of its own, and faults that a
database raises only when a transaction commits."""

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body

ROOT = Path(__file__).resolve().parents[2]


def database_url(cluster: ProcessCluster, service: str) -> str:
    return cluster[service].env[f"{cluster[service].spec.env_prefix}DATABASE_URL"]


def ops(cluster: ProcessCluster) -> dict[str, str]:
    return {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}


async def open_programme(http: httpx.AsyncClient, cluster: ProcessCluster) -> str:
    """A fresh open programme (the demo cohort's rules), once applications knows of it."""
    programme = json.loads((ROOT / "deploy/local/programmes/rtsw-demo.json").read_text())
    programme["programme_id"] = f"http-{uuid.uuid4().hex[:10]}"
    published = await http.post(
        f"{cluster['matching'].url}/admin/programmes", json=programme, headers=ops(cluster)
    )
    assert published.status_code == 201, published.text
    await eventually(
        lambda: http.post(
            f"{cluster['applications'].url}/applications",
            json=submission_body(programme["programme_id"]),
        ),
        until=lambda r: r.status_code == 201,
        timeout=60,
        what=f"applications to accept submissions to {programme['programme_id']}",
    )
    return str(programme["programme_id"])


def refused_at_commit(dsn: str, table: str, when: str) -> AbstractAsyncContextManager[None]:
    """Every transaction inserting a row of ``table`` that matches ``when`` runs all its
    statements, then fails at COMMIT."""
    return at_commit(dsn, table, when, "RAISE EXCEPTION 'refused at commit (test fault)'")


def slow_commit(
    dsn: str, table: str, when: str, seconds: float
) -> AbstractAsyncContextManager[None]:
    """Every transaction inserting a matching row of ``table`` takes ``seconds`` to commit."""
    return at_commit(dsn, table, when, f"PERFORM pg_sleep({seconds})")


@asynccontextmanager
async def at_commit(dsn: str, table: str, when: str, action: str) -> AsyncIterator[None]:
    """A deferred constraint trigger running ``action`` (PL/pgSQL) at COMMIT, for every
    inserted row of ``table`` matching ``when``."""
    name = f"at_commit_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS"
            f" $$ BEGIN {action}; RETURN NULL; END $$;"
            f" CREATE CONSTRAINT TRIGGER {name} AFTER INSERT ON {table}"
            f" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ({when})"
            f" EXECUTE FUNCTION {name}()"
        )
        yield
    finally:
        await conn.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION {name}()")
        await conn.close()


async def fetch(dsn: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn)
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()
