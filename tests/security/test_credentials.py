"""Every endpoint that is not public refuses a caller without credentials."""

import uuid
from typing import Any

import httpx
import pytest

from returners_cli.testing.cluster import INSTALLED_SERVICES, ProcessCluster

pytestmark = pytest.mark.integration

# Deliberately public: health, docs, the portal's submission, the programme catalogue.
PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
    ("POST", "/applications"),
    ("GET", "/programmes"),
    ("GET", "/programmes/{programme_id}"),
    ("GET", "/dashboard"),
}


def _operations(cluster: ProcessCluster, service: str) -> list[tuple[str, str]]:
    document = httpx.get(f"{cluster[service].url}/openapi.json", timeout=10).json()
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if (method.upper(), path) not in PUBLIC
    ]


def _concrete(path: str) -> str:
    parts = [str(uuid.uuid4()) if p.startswith("{") else p for p in path.split("/")]
    return "/".join(parts)


@pytest.mark.parametrize("service", INSTALLED_SERVICES)
@pytest.mark.parametrize(
    "authorization", [None, "Bearer not-a-real-token", "Basic YWRtaW46YWRtaW4="]
)
def test_every_non_public_endpoint_refuses_a_caller_without_valid_credentials(
    cluster: ProcessCluster, service: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    answers: dict[str, Any] = {}
    for method, path in _operations(cluster, service):
        response = httpx.request(
            method,
            f"{cluster[service].url}{_concrete(path)}",
            headers=headers,
            json={},
            timeout=10,
        )
        answers[f"{method} {path}"] = response.status_code
    assert answers, f"{service} documents no protected endpoint"
    allowed = {401, 404, 422}  # 422: the empty body is refused before anything is read
    assert {k: v for k, v in answers.items() if v not in allowed} == {}
