"""The baseline for the submission benchmark: bare FastAPI + asyncpg, one statement a request.

``POST /items``: one INSERT (no validation beyond JSON, no outbox, no auth): the cheapest
durable write FastAPI can do on this machine. ``GET /items/{id}``: one SELECT by primary
key, the cheapest read. Run as ``python bench/baseline_app.py <port> <dsn>``.
"""

import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import uvicorn
from fastapi import FastAPI, HTTPException, Request

DSN = sys.argv[2] if len(sys.argv) > 2 else "postgresql://postgres@127.0.0.1:5433/postgres"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(DSN, min_size=2, max_size=10)
    await app.state.pool.execute(
        "CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, body jsonb NOT NULL)"
    )
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/items", status_code=201)
async def create(request: Request) -> dict[str, Any]:
    body = await request.body()
    item_id = uuid.uuid4()
    await request.app.state.pool.execute(
        "INSERT INTO items (id, body) VALUES ($1, $2::jsonb)", item_id, body.decode()
    )
    return {"id": str(item_id)}


@app.get("/items/{item_id}")
async def read(item_id: uuid.UUID, request: Request) -> dict[str, Any]:
    body = await request.app.state.pool.fetchval("SELECT body FROM items WHERE id = $1", item_id)
    if body is None:
        raise HTTPException(404)
    return {"id": str(item_id), "body": body}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
