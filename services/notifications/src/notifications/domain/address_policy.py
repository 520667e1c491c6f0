"""Which webhook targets we may call: the SSRF policy, applied when subscribing and sending.

A council chooses the URL, so without this policy it could make the platform
call its own internal network (databases, cloud metadata at 169.254.169.254,
admin ports on localhost). Only HTTPS URLs whose host resolves exclusively to
public addresses are allowed; local configuration can allow plain HTTP and
non-public addresses for development and tests.
"""

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from returners_platform.errors import Refused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL_LENGTH = 2000


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int


def parse_target(url: str, *, allow_http: bool) -> Target:
    """The scheme, host and port of a webhook URL, or a refusal naming the problem."""
    if len(url) > MAX_URL_LENGTH:
        raise _refused(f"is longer than {MAX_URL_LENGTH} characters")
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise _refused("must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _refused(f"is not a valid URL ({exc})") from exc
    allowed = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in allowed:
        raise _refused("must use https" if not allow_http else "must use https or http")
    if not parts.hostname:
        raise _refused("has no host")
    if parts.username is not None or parts.password is not None:
        raise _refused("must not carry credentials; use the signing secret to authenticate")
    if parts.fragment:
        raise _refused("must not have a fragment")
    if port == 0:
        raise _refused("has an invalid port (0)")
    default_port = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, parts.hostname, default_port if port is None else port)


def address_category(address: IPAddress) -> str | None:
    """Why ``address`` is not a public internet address (None if it is one)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_category(address.ipv4_mapped)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("non-public", not address.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def refusal(addresses: list[IPAddress], *, allow_private: bool) -> str | None:
    """Why these resolved addresses may not be called (None when every one may)."""
    if not addresses:
        return "the host has no addresses"
    if allow_private:
        return None
    for address in addresses:
        category = address_category(address)
        if category is not None:
            return f"resolves to a {category} address ({address})"
    return None


def check_addresses(addresses: list[IPAddress], *, allow_private: bool) -> None:
    """Refuse (as a problem with the ``url`` field) targets on non-public addresses."""
    reason = refusal(addresses, allow_private=allow_private)
    if reason is not None:
        raise _refused(reason)


def _refused(reason: str) -> Refused:
    return Refused("target_refused", f"the URL {reason}", "url")
