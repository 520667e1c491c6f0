"""The HTTP suite's own programme on the shared cluster (``cluster``: tests/conftest.py)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from returners_cli.testing.cluster import ProcessCluster

from .helpers import open_programme


@pytest.fixture(scope="module")
async def programme(cluster: ProcessCluster) -> AsyncIterator[str]:
    async with httpx.AsyncClient(timeout=30) as http:
        yield await open_programme(http, cluster)
