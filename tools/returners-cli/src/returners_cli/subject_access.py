"""A subject access request answered for the whole platform: each service that holds
personal data exports what it holds about the applicant (``GET /admin/{kind}/{id}/
personal-data``, operations token); this gathers them into one JSON document, by service
(null where a service holds nothing about them)."""

from typing import Any

import httpx

from returners_cli.demo.client import Endpoints

# The services that hold personal data, and what each calls the applicant in its path.
HOLDERS = {
    "applications": "applications",
    "matching": "applicants",
    "selection": "candidates",
    "training": "placements",
}


def gather(endpoints: Endpoints, application_id: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {endpoints.operations_token}"}
    document: dict[str, Any] = {"application_id": application_id}
    with httpx.Client(timeout=10, headers=headers) as client:
        for service, kind in HOLDERS.items():
            base = getattr(endpoints, service)
            response = client.get(f"{base}/admin/{kind}/{application_id}/personal-data")
            if response.status_code == 404:
                document[service] = None
                continue
            response.raise_for_status()
            document[service] = response.json()
    return document
