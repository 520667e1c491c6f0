"""The contact lookup against a real HTTP server on a free port: what each answer of the
applications service's internal endpoint becomes, and each failure described in words
without the server's own."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from pydantic import SecretStr

from notifications.delivery.contacts import (
    Contact,
    ContactDirectory,
    ContactLookupError,
    contacts_session,
)

TOKEN = "internal-token-for-tests"
APPLICATION = uuid.uuid4()
ADA = {"given_name": "Ada", "family_name": "Lovelace", "email": "ada@example.org"}


@asynccontextmanager
async def applications_answering(
    handler: Callable[[web.Request], Awaitable[web.Response]], *, prefix: str = ""
) -> AsyncIterator[str]:
    """A server whose every request is answered by ``handler``; yields its base URL."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}{prefix}"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def directory(base_url: str, timeout: float = 5.0) -> AsyncIterator[ContactDirectory]:
    async with contacts_session(timeout) as session:
        yield ContactDirectory(session, base_url, SecretStr(TOKEN))


async def test_the_contact_is_asked_for_with_the_internal_token_under_the_base_urls_path() -> None:
    asked: list[tuple[str, str, str | None]] = []

    async def answer(request: web.Request) -> web.Response:
        asked.append((request.method, request.path, request.headers.get("Authorization")))
        return web.json_response(ADA)

    async with applications_answering(answer, prefix="/apps/") as base, directory(base) as d:
        contact = await d.lookup(APPLICATION)
        again = await d.lookup(APPLICATION)

    assert contact == again == Contact("Ada", "Lovelace", "ada@example.org")
    assert asked == 2 * [
        ("GET", f"/apps/internal/applications/{APPLICATION}/contact", f"Bearer {TOKEN}")
    ]


async def test_a_404_means_the_personal_data_was_erased() -> None:
    async def answer(request: web.Request) -> web.Response:
        return web.json_response({"title": "Not Found"}, status=404)

    async with applications_answering(answer) as base, directory(base) as d:
        assert await d.lookup(APPLICATION) is None


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (503, b'{"title": "Service Unavailable"}', "contact lookup answered HTTP 503"),
        (401, b'{"title": "Unauthorized"}', "contact lookup answered HTTP 401"),
        (200, b"<html>ada@example.org</html>", "a body not JSON"),
        (200, b"null", "a body that is not an object"),
        (200, b"{}", "without the fields it needs"),
        (200, b'{"given_name": "Ada"}', "without the fields it needs"),
        (302, b"", "contact lookup answered HTTP 302"),
    ],
)
async def test_any_other_answer_is_a_lookup_error_worth_retrying(
    status: int, body: bytes, error: str
) -> None:
    async def answer(request: web.Request) -> web.Response:
        if request.path.endswith("/elsewhere"):  # where the redirect points: not followed
            return web.json_response(ADA)
        headers = {"Location": "/elsewhere"} if status == 302 else {}
        return web.Response(
            status=status, body=body, content_type="application/json", headers=headers
        )

    async with applications_answering(answer) as base, directory(base) as d:
        with pytest.raises(ContactLookupError) as raised:
            await d.lookup(APPLICATION)
    assert error in str(raised.value)
    assert "@" not in str(raised.value)


async def test_a_service_that_does_not_answer_in_time_is_a_lookup_error() -> None:
    released = asyncio.Event()

    async def answer(request: web.Request) -> web.Response:
        await released.wait()  # until the test has its answer: the server then stops at once
        return web.json_response(ADA)

    async with applications_answering(answer) as base:
        try:
            async with directory(base, timeout=0.2) as d:
                with pytest.raises(ContactLookupError) as raised:
                    await d.lookup(APPLICATION)
        finally:
            released.set()
    assert str(raised.value) == (
        "contact lookup failed: the applications service did not answer in time"
    )


async def test_a_service_that_is_not_there_is_a_lookup_error() -> None:
    async def answer(request: web.Request) -> web.Response:
        return web.json_response(ADA)

    async with applications_answering(answer) as base:
        pass  # the server is gone: nothing listens at its address any more
    async with directory(base) as d:
        with pytest.raises(ContactLookupError) as raised:
            await d.lookup(APPLICATION)
    assert str(raised.value) == (
        "contact lookup failed: cannot connect to the applications service"
    )
