"""What the HTTP suite does to the shared cluster: programmes of its own, and a peek at a
service's tables. (Faults a database raises at COMMIT: returners_cli.testing.commit_faults.)"""

import uuid
from pathlib import Path

import httpx

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually
from returners_cli.testing.programmes import programme_without_selection
from returners_cli.testing.submissions import submission_body

ROOT = Path(__file__).resolve().parents[2]


def database_url(cluster: ProcessCluster, service: str) -> str:
    return cluster[service].env[f"{cluster[service].spec.env_prefix}DATABASE_URL"]


def ops(cluster: ProcessCluster) -> dict[str, str]:
    return {"Authorization": f"Bearer {cluster.secrets['OPERATIONS_TOKEN']}"}


async def open_programme(http: httpx.AsyncClient, cluster: ProcessCluster) -> str:
    """A fresh open programme (the demo cohort's rules), once applications knows of it."""
    programme = programme_without_selection(f"http-{uuid.uuid4().hex[:10]}")
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
