"""Heavy work for callers without a token: a rate and a concurrency limit per client (issue 18).

Validating an upload costs a worker process for up to its time limit. One anonymous client must not
be able to keep every worker busy, so each client address gets a moving-window rate (the `limits`
library, kept in memory: one server process, no shared store needed) and a cap on how many of its
heavy requests run at once. A caller with a valid token is trusted with the same work unlimited.
"""

import math
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Request
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from api.auth import caller_role
from api.errors import HttpError
from graaf import Settings


class AnonymousLimiter:
    """Per client address: at most `per_minute` heavy requests a minute and `concurrent` at once."""

    def __init__(self, per_minute: int, concurrent: int) -> None:
        self._rate = RateLimitItemPerMinute(per_minute)
        self._window = MovingWindowRateLimiter(MemoryStorage())
        self._concurrent = concurrent
        self._running: Counter[str] = Counter()
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> "AnonymousLimiter":
        return cls(settings.anonymous_rate_per_minute, settings.anonymous_concurrency)

    @asynccontextmanager
    async def slot(self, request: Request) -> AsyncIterator[None]:
        """Hold one of the client's slots for the duration of the block, or refuse with 429."""
        if caller_role(request) is not None:
            yield
            return
        client = request.client.host if request.client else "onbekend"
        with self._lock:
            if self._running[client] >= self._concurrent:
                raise _too_many(
                    f"U heeft al {self._concurrent} zware verzoeken lopen. Wacht tot die klaar zijn.", retry_after=1
                )
            if not self._window.hit(self._rate, client):
                reset = self._window.get_window_stats(self._rate, client).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                raise _too_many(
                    f"U heeft de afgelopen minuut te veel zware verzoeken gedaan (hoogstens {self._rate.amount} per "
                    f"minuut zonder token). Probeer het over {wait} seconden opnieuw.",
                    retry_after=wait,
                )
            self._running[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[client] -= 1
                if self._running[client] <= 0:
                    del self._running[client]


def _too_many(message: str, retry_after: int) -> HttpError:
    return HttpError(429, "te-veel-verzoeken", message, headers={"Retry-After": str(retry_after)})


def limiter(request: Request) -> AnonymousLimiter:
    """The app's limiter, made on first use from its settings."""
    state = request.app.state
    found: AnonymousLimiter | None = getattr(state, "anonymous_limiter", None)
    if found is None:
        found = state.anonymous_limiter = AnonymousLimiter.from_settings(state.settings)
    return found
