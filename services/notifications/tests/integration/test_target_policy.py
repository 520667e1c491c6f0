"""SSRF: webhook targets on loopback, private or link-local addresses (and plain HTTP) are
refused unless local configuration allows them — when subscribing and again when sending."""

import ipaddress
import uuid

import pytest

from notifications.domain.address_policy import IPAddress

from .conftest import council_headers, make_settings, started
from .events import vacancy
from .receiver import receiving

pytestmark = pytest.mark.integration

NAMES = {
    "hooks.council.example": [ipaddress.ip_address("93.184.216.34")],
    "sneaky.council.example": [ipaddress.ip_address("10.20.30.40")],
}


async def fake_dns(host: str, port: int) -> list[IPAddress]:
    """Fixed answers for made-up names; IP literals resolve to themselves."""
    host.encode("idna")  # as the real resolver: a name IDNA cannot encode raises UnicodeError
    if host in NAMES:
        return NAMES[host]
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        raise OSError(f"unknown host {host}") from None


@pytest.mark.parametrize(
    ("url", "category"),
    [
        ("https://127.0.0.1/hooks", "loopback"),
        ("https://[::1]:8443/hooks", "loopback"),
        ("https://10.0.0.5/hooks", "private"),
        ("https://192.168.1.20/hooks", "private"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://sneaky.council.example/hooks", "private"),
    ],
)
async def test_a_subscription_to_a_non_public_address_is_refused_unless_allowed(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    url: str,
    category: str,
) -> None:
    council_id = uuid.uuid4()
    body = {"url": url, "event_types": ["placement.offered"]}
    path = f"/councils/{council_id}/subscriptions"
    strict = make_settings(database, kafka_bootstrap, topic_prefix, allow_private_targets=False)
    async with started(strict, resolver=fake_dns) as service:
        refused = await service.client.post(path, json=body, headers=council_headers(council_id))
        assert refused.status_code == 422
        [error] = refused.json()["errors"]
        assert error["field"] == "url"
        assert f"resolves to a {category} address" in error["message"]
        assert await service.rows("SELECT 1 FROM subscriptions") == []
    allowed = make_settings(database, kafka_bootstrap, topic_prefix, allow_private_targets=True)
    async with started(allowed, resolver=fake_dns) as service:
        accepted = await service.client.post(path, json=body, headers=council_headers(council_id))
        assert accepted.status_code == 201


async def test_public_https_targets_are_accepted_and_unresolvable_ones_refused(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    council_id = uuid.uuid4()
    path = f"/councils/{council_id}/subscriptions"
    settings = make_settings(
        database,
        kafka_bootstrap,
        topic_prefix,
        allow_private_targets=False,
        allow_http_targets=False,
    )
    async with started(settings, resolver=fake_dns) as service:
        headers = council_headers(council_id)
        ok = await service.client.post(
            path,
            headers=headers,
            json={
                "url": "https://hooks.council.example/returners",
                "event_types": ["vacancy.closed"],
            },
        )
        assert ok.status_code == 201, ok.text
        for url, problem in [
            ("http://hooks.council.example/returners", "must use https"),
            ("https://nowhere.council.example/", "does not resolve"),
            ("https://a..b/", "does not resolve"),
        ]:
            answer = await service.client.post(
                path, headers=headers, json={"url": url, "event_types": ["vacancy.closed"]}
            )
            assert answer.status_code == 422
            assert problem in answer.json()["errors"][0]["message"]


async def test_a_target_that_became_private_is_refused_at_send_time_and_never_called(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    """Subscribed while local configuration allowed it; sending happens under a stricter one
    (the same check protects against a name re-pointed at an internal address)."""
    council_id = uuid.uuid4()
    with receiving() as receiver:
        lenient = make_settings(database, kafka_bootstrap, topic_prefix)
        async with started(lenient) as service:
            await service.subscribe(council_id, receiver.url, ["vacancy.published"])
        strict = make_settings(
            database,
            kafka_bootstrap,
            topic_prefix,
            allow_private_targets=False,
            delivery_max_attempts=2,
        )
        async with started(strict) as service:
            await service.deliver(vacancy(council_id))
            [dead] = await service.wait_for_deliveries(council_id, 1, status="dead_letter")
        assert dead["last_error"] == (
            "target refused: the URL resolves to a loopback address (127.0.0.1)"
        )
        assert receiver.snapshot() == []
