"""Schemathesis against every service's OpenAPI document: no 5xx, answers as documented.

Runs the schemathesis command line against each service running as a real process, with
credentials that get past authentication, so the fuzzing reaches the handlers.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from returners_cli.testing.cluster import INSTALLED_SERVICES, ProcessCluster

# The first test also starts the cluster, and goes out first, beside `returners up`'s test and
# the portal's (testing.order): 63-70 s of set-up and 145-153 s of fuzzing on two cores, too
# near pytest's default 300 s; the limit is the fuzzing run's own (600 s, in `fuzz`).
pytestmark = [pytest.mark.integration, pytest.mark.long(minutes=6), pytest.mark.timeout(600)]

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
# Examples per operation: with a fixed seed, enough to reach every handler's validation and
# its refusals; more costs minutes of `make test` on two CPUs for little new ground.
MAX_EXAMPLES = "20"
REPORTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "schemathesis"


def fuzz(cluster: ProcessCluster, service: str, token: str, *extra: str) -> None:
    if service not in INSTALLED_SERVICES:
        pytest.fail(f"{service} is not installed")
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            f"{cluster[service].url}/openapi.json",
            "--checks",
            CHECKS,
            "--header",
            f"Authorization: Bearer {token}",
            "--max-examples",
            MAX_EXAMPLES,
            "--seed",
            "20200331",
            "--workers",
            "1",  # hypothesis's lambda-source cache is not thread-safe
            "--suppress-health-check",
            "all",
            "--report",
            "junit",
            "--report-junit-path",
            str(REPORTS / f"{service}{'-'.join(('', *extra)).replace('/', '_')}.xml"),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    log = REPORTS / f"{service}{'-'.join(('', *extra)).replace('/', '_')}.log"
    log.write_text(result.stdout + result.stderr)
    assert result.returncode == 0, f"schemathesis found problems; the full output is in {log}"


def test_the_applications_api_never_fails_and_answers_as_documented(
    cluster: ProcessCluster,
) -> None:
    fuzz(
        cluster,
        "applications",
        cluster.secrets["OPERATIONS_TOKEN"],
        "--exclude-path-regex",
        "^/internal",
    )
    fuzz(
        cluster,
        "applications",
        cluster.secrets["INTERNAL_TOKEN"],
        "--include-path-regex",
        "^/internal",
    )


def test_the_matching_api_never_fails_and_answers_as_documented(cluster: ProcessCluster) -> None:
    fuzz(cluster, "matching", cluster.secrets["OPERATIONS_TOKEN"])


def test_the_notifications_api_never_fails_and_answers_as_documented(
    cluster: ProcessCluster,
) -> None:
    fuzz(cluster, "notifications", cluster.secrets["OPERATIONS_TOKEN"])


def test_the_reporting_api_never_fails_and_answers_as_documented(cluster: ProcessCluster) -> None:
    fuzz(cluster, "reporting", cluster.secrets["OPERATIONS_TOKEN"])


def test_the_training_api_never_fails_and_answers_as_documented(cluster: ProcessCluster) -> None:
    fuzz(
        cluster,
        "training",
        cluster.secrets["OPERATIONS_TOKEN"],
        "--exclude-path-regex",
        "^/internal",
    )
    fuzz(
        cluster,
        "training",
        cluster.secrets["INTERNAL_TOKEN"],
        "--include-path-regex",
        "^/internal",
    )
