"""Every 4xx of every service has one documented shape: RFC 9457 problem details.

For each service: its OpenAPI documents every 4xx as ``application/problem+json`` with the
``Problem`` schema, and errors provoked on purpose (no credentials, unknown objects and
routes, wrong methods, bodies too large, invalid and contradictory bodies, conflicts) all
answer in that shape, validated against the service's own schema, naming the fields.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import jsonschema
import pytest

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.submissions import submission_body
from returners_platform.service.problems import PROBLEM_JSON, PROBLEM_TYPES

from .helpers import ops

pytestmark = pytest.mark.integration

SERVICES = ("applications", "matching", "notifications", "reporting", "training")
TOO_LARGE = {"padding": "x" * 70_000}
NOBODY = str(uuid.uuid4())


@dataclass(frozen=True)
class Provoked:
    service: str
    method: str
    path: str
    status: int
    fields: tuple[str, ...] = ()  # the fields the answer must name (422)
    body: Any = None
    operations: bool = False  # sent with the operations token
    headers: dict[str, str] = field(default_factory=dict)


def _contradictory(programme: str) -> dict[str, Any]:
    return submission_body(
        programme,
        registration={
            "first_registered": "2015-01-01",
            "last_practised": "2020-01-01",
            "statutory_practice_years": 30,
        },
    )


def provoked(programme: str) -> list[Provoked]:
    council = f"/councils/{NOBODY}"
    return [
        # applications
        Provoked("applications", "GET", f"/applications/{NOBODY}", 401),
        Provoked(
            "applications",
            "GET",
            f"/applications/{NOBODY}",
            404,
            headers={"Authorization": "Bearer rta_not-a-token"},
        ),
        Provoked("applications", "GET", "/no-such-thing", 404),
        Provoked("applications", "PUT", "/applications", 405),
        Provoked("applications", "POST", "/applications", 413, body=TOO_LARGE),
        Provoked("applications", "POST", "/applications", 422, ("contact",), body={}),
        Provoked(
            "applications",
            "POST",
            "/applications",
            422,
            ("registration.statutory_practice_years",),
            body=_contradictory(programme),
        ),
        Provoked(
            "applications",
            "POST",
            "/applications",
            422,
            ("preferences.regions",),
            body=submission_body(programme, preferences={"regions": ["London", "London"]}),
        ),
        Provoked(
            "applications",
            "POST",
            "/applications",
            409,
            body=submission_body("no-such-programme"),
        ),
        # matching
        Provoked("matching", "POST", "/admin/councils", 401, body={"name": "x"}),
        Provoked("matching", "GET", "/programmes/no-such-programme", 404),
        Provoked("matching", "GET", f"{council}/vacancies", 401),
        Provoked("matching", "POST", "/admin/councils", 422, ("name",), {}, operations=True),
        Provoked("matching", "POST", "/admin/programmes", 413, body=TOO_LARGE, operations=True),
        Provoked("matching", "DELETE", "/programmes", 405),
        Provoked("matching", "POST", f"/admin/councils/{NOBODY}/keys", 404, operations=True),
        # notifications
        Provoked("notifications", "GET", f"{council}/subscriptions", 401),
        Provoked("notifications", "GET", "/admin/deliveries", 401),
        Provoked(
            "notifications",
            "POST",
            f"/admin/deliveries/{NOBODY}/replay",
            404,
            operations=True,
        ),
        Provoked(
            "notifications",
            "GET",
            "/admin/deliveries?limit=0",
            422,
            ("limit",),
            operations=True,
        ),
        # reporting
        Provoked("reporting", "GET", "/reports/programmes", 401),
        Provoked(
            "reporting",
            "GET",
            "/reports/programmes/no-such-programme/funnel",
            404,
            operations=True,
        ),
        Provoked("reporting", "POST", "/reports/programmes", 405, operations=True),
    ]


@pytest.fixture(scope="module")
def documents(cluster: ProcessCluster) -> dict[str, dict[str, Any]]:
    return {s: httpx.get(f"{cluster[s].url}/openapi.json").json() for s in SERVICES}


@pytest.mark.parametrize("service", SERVICES)
def test_every_documented_4xx_is_problem_details(
    documents: dict[str, dict[str, Any]], service: str
) -> None:
    document = documents[service]
    undocumented = [
        f"{method.upper()} {path} {status}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for status, response in operation["responses"].items()
        if status.startswith("4")
        and response.get("content")
        != {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    ]
    assert undocumented == []
    assert set(document["components"]["schemas"]["Problem"]["required"]) >= {
        "type",
        "title",
        "status",
        "detail",
        "code",
    }


async def test_every_error_provoked_answers_problem_details(
    cluster: ProcessCluster, programme: str, documents: dict[str, dict[str, Any]]
) -> None:
    wrong = []
    async with httpx.AsyncClient(timeout=30) as http:
        for case in provoked(programme):
            headers = {**case.headers, **(ops(cluster) if case.operations else {})}
            answer = await http.request(
                case.method,
                f"{cluster[case.service].url}{case.path}",
                json=case.body,
                headers=headers,
            )
            problems = _problems(case, answer, documents[case.service])
            wrong += [f"{case.service} {case.method} {case.path}: {p}" for p in problems]
    assert wrong == []


def _problems(case: Provoked, answer: httpx.Response, document: dict[str, Any]) -> list[str]:
    if answer.status_code != case.status:
        return [f"status {answer.status_code}, not {case.status}: {answer.text[:200]}"]
    if answer.headers.get("content-type") != PROBLEM_JSON:
        return [f"content-type {answer.headers.get('content-type')}"]
    body = answer.json()
    schema = {**document["components"]["schemas"]["Problem"], "components": document["components"]}
    try:
        jsonschema.validate(body, _resolvable(schema))
    except jsonschema.ValidationError as exc:
        return [f"not a Problem: {exc.message}"]
    found = []
    if body["status"] != case.status:
        found.append(f"status member {body['status']}")
    if body["type"] != f"{PROBLEM_TYPES}{body['code']}":
        found.append(f"type {body['type']}")
    named = {e["field"] for e in body["errors"]}
    if missing := [f for f in case.fields if not any(n.startswith(f) for n in named)]:
        found.append(f"fields {missing} not named in {sorted(named)}")
    return found


def _resolvable(schema: dict[str, Any]) -> dict[str, Any]:
    """The Problem schema with its ``#/components/...`` references resolvable in place."""
    return {**schema, "$defs": schema["components"]["schemas"]}
