"""Submission rate limit per client address (a moving window, in this process's memory)."""

from fastapi import Depends, HTTPException, Request, status
from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter


class SubmissionLimiter:
    def __init__(self, per_minute: int) -> None:
        self._item = RateLimitItemPerMinute(per_minute) if per_minute > 0 else None
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    async def allow(self, client: str) -> bool:
        return self._item is None or await self._limiter.hit(self._item, "submissions", client)


async def check_submission_rate(request: Request) -> None:
    limiter: SubmissionLimiter = request.app.state.submission_limiter
    client = request.client.host if request.client else "unknown"
    if not await limiter.allow(client):
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "too many submissions from this address; try again in a minute",
            headers={"Retry-After": "60"},
        )


SubmissionRateLimit = Depends(check_submission_rate)
