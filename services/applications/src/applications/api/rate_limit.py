"""Rate limits per client address (a moving window, in this process's memory): submissions
and new drafts, and sign-in link requests."""

from collections.abc import Awaitable, Callable

from fastapi import Depends, HTTPException, Request, status
from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter


class RateLimiter:
    def __init__(self, what: str, per_minute: int) -> None:
        self.what = what
        self._item = RateLimitItemPerMinute(per_minute) if per_minute > 0 else None
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    async def allow(self, client: str) -> bool:
        return self._item is None or await self._limiter.hit(self._item, self.what, client)


def _check(limiter_name: str) -> Callable[[Request], Awaitable[None]]:
    async def check_rate(request: Request) -> None:
        limiter: RateLimiter = getattr(request.app.state, limiter_name)
        client = request.client.host if request.client else "unknown"
        if not await limiter.allow(client):
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"too many {limiter.what} from this address; try again in a minute",
                headers={"Retry-After": "60"},
            )

    return check_rate


SubmissionRateLimit = Depends(_check("submission_limiter"))
SignInRateLimit = Depends(_check("sign_in_limiter"))
