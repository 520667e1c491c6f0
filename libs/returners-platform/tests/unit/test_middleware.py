import httpx
from fastapi import FastAPI, Request

from returners_platform.service import correlation
from returners_platform.service.middleware import BodySizeLimitMiddleware, CorrelationMiddleware


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=100)
    app.add_middleware(CorrelationMiddleware)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, object]:
        body = await request.body()
        return {"size": len(body), "correlation": correlation.correlation_id()}

    return app


async def _post(content: bytes | None = None, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.post("/echo", content=content, **kwargs)  # type: ignore[arg-type]


async def test_a_body_over_the_limit_is_refused_with_413() -> None:
    response = await _post(b"x" * 101)
    assert response.status_code == 413


async def test_a_streamed_body_over_the_limit_is_refused_without_content_length() -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(5):
            yield b"x" * 30

    response = await _post(content=chunks())  # type: ignore[arg-type]
    assert response.status_code == 413


async def test_a_body_within_the_limit_passes() -> None:
    response = await _post(b"x" * 100)
    assert response.json()["size"] == 100


async def test_the_callers_correlation_id_is_kept_and_echoed() -> None:
    response = await _post(b"{}", headers={"X-Correlation-ID": "abc-123"})
    assert response.json()["correlation"] == "abc-123"
    assert response.headers["X-Correlation-ID"] == "abc-123"
    assert response.headers["X-Request-ID"]


async def test_a_request_without_correlation_id_starts_one() -> None:
    response = await _post(b"{}")
    assert response.headers["X-Correlation-ID"] == response.json()["correlation"]
