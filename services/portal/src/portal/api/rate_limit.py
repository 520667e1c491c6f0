"""Sign-in link requests per browser address (a moving window in this process's memory)."""

from fastapi import Request
from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self._item = RateLimitItemPerMinute(per_minute) if per_minute > 0 else None
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    async def allow(self, client: str) -> bool:
        return self._item is None or await self._limiter.hit(self._item, "sign-in", client)


async def allowed(request: Request) -> bool:
    limiter: RateLimiter = request.app.state.sign_in_limiter
    return await limiter.allow(request.client.host if request.client else "unknown")
