"""The SSRF policy: which webhook URLs and resolved addresses may be called."""

import ipaddress

import pytest

from notifications.domain.address_policy import (
    Target,
    address_category,
    check_addresses,
    parse_target,
    refusal,
)
from returners_platform.errors import Refused


@pytest.mark.parametrize(
    ("address", "category"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "private"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address to judge, not to bind
        ("100.64.0.1", "non-public"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_every_non_public_address_has_a_category(address: str, category: str | None) -> None:
    assert address_category(ipaddress.ip_address(address)) == category


def test_one_private_address_among_public_ones_refuses_the_target() -> None:
    addresses = [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.1")]
    assert refusal(addresses, allow_private=False) == "resolves to a private address (10.0.0.1)"


def test_local_configuration_can_allow_non_public_addresses() -> None:
    assert refusal([ipaddress.ip_address("127.0.0.1")], allow_private=True) is None


def test_a_host_with_no_address_is_refused_even_when_private_targets_are_allowed() -> None:
    assert refusal([], allow_private=True) == "the host has no addresses"


def test_a_refused_address_is_a_problem_with_the_url_field() -> None:
    with pytest.raises(Refused) as refused:
        check_addresses([ipaddress.ip_address("169.254.169.254")], allow_private=False)
    assert refused.value.field == "url"
    assert "link-local" in refused.value.message


def test_an_https_url_gives_its_host_and_port() -> None:
    assert parse_target("https://hooks.example.org/x?y=1", allow_http=False) == Target(
        "https", "hooks.example.org", 443
    )
    assert parse_target("https://[2001:db8::1]:8443/", allow_http=False) == Target(
        "https", "2001:db8::1", 8443
    )


def test_plain_http_needs_local_configuration() -> None:
    with pytest.raises(Refused, match="must use https"):
        parse_target("http://hooks.example.org/", allow_http=False)
    assert parse_target("http://hooks.example.org/", allow_http=True).port == 80


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.org/", "must use https"),
        ("hooks.example.org/path", "must use https"),
        ("https:///path", "has no host"),
        ("https://user:pw@example.org/", "must not carry credentials"),
        ("https://example.org/#frag", "must not have a fragment"),
        ("https://example.org:99999/", "is not a valid URL"),
        ("https://example.org/" + "a" * 2000, "is longer than"),
        ("https://example.org/a b", "must not contain spaces or control characters"),
        ("https://example.org/\x00", "must not contain spaces or control characters"),
        ("https://example.org:0/", "has an invalid port"),
    ],
)
def test_malformed_urls_are_refused_naming_the_problem(url: str, problem: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_target(url, allow_http=False)
    assert problem in refused.value.message
    assert refused.value.field == "url"
