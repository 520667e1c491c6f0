"""Sends one webhook: checks the target again, signs, POSTs the CloudEvent, reads the status.

The host is resolved here and the connection made to the address that was
checked (the Host header and TLS server name stay the URL's), so a DNS answer
that changes between check and connect cannot point us at an internal address.
Redirects are not followed, proxies from the environment are not used, and the
response body is never read.
"""

import httpx

from notifications.delivery.model import Delivered, Delivery, Failed, Outcome
from notifications.delivery.resolver import Resolver, resolve
from notifications.domain.address_policy import parse_target, refusal
from notifications.store import subscriptions
from notifications.webhooks.secret_box import SecretBox
from notifications.webhooks.signing import signature_headers
from returners_platform.clock import system_clock
from returners_platform.errors import Refused
from returners_platform.messaging.unit_of_work import Db

CONTENT_TYPE = "application/cloudevents+json"
USER_AGENT = "Returners-Webhooks/1.0"


def webhook_client(timeout_seconds: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout_seconds),
        follow_redirects=False,
        trust_env=False,
        # A connection is never reused: each send goes to the address checked for it.
        limits=httpx.Limits(max_keepalive_connections=0),
    )


class WebhookSender:
    def __init__(
        self,
        client: httpx.AsyncClient,
        box: SecretBox,
        *,
        allow_http: bool,
        allow_private: bool,
        resolver: Resolver = resolve,
    ) -> None:
        self._client = client
        self._box = box
        self._allow_http = allow_http
        self._allow_private = allow_private
        self._resolve = resolver

    async def send(self, db: Db, delivery: Delivery) -> Outcome:
        assert delivery.subscription_id is not None
        assert delivery.body is not None
        signing = await subscriptions.signing_target(db, delivery.subscription_id)
        url = httpx.URL(signing.url)
        try:
            target = parse_target(str(url), allow_http=self._allow_http)
        except Refused as exc:
            return Failed(f"target refused: {exc.message}")
        try:
            addresses = await self._resolve(target.host, target.port)
        except (OSError, ValueError) as exc:
            return Failed(f"cannot resolve {target.host}: {getattr(exc, 'strerror', None) or exc}")
        reason = refusal(addresses, allow_private=self._allow_private)
        if reason is not None:
            return Failed(f"target refused: the URL {reason}")
        secret = self._box.open(signing.secret_ciphertext)
        headers = {
            "content-type": CONTENT_TYPE,
            "user-agent": USER_AGENT,
            "host": url.netloc.decode("ascii"),
            **signature_headers(secret, delivery.webhook_id, delivery.body, system_clock()),
        }
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        try:
            async with self._client.stream(
                "POST",
                url.copy_with(host=str(addresses[0])),
                content=delivery.body.encode(),
                headers=headers,
                extensions=extensions,
            ) as response:
                status_code = response.status_code
        except httpx.TimeoutException:
            return Failed("no answer within the timeout")
        except httpx.HTTPError as exc:
            return Failed(f"{type(exc).__name__}: {exc}"[:300])
        if 200 <= status_code < 300:
            return Delivered(status_code)
        return Failed(f"HTTP {status_code} from the receiver", status_code)
