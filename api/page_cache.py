"""Whole HTML pages kept per store version, so a page that many people open is rendered once.

Rendering is Python and holds the interpreter lock: under 8 clients on 2 cores each page waits for
the others (README, Metingen). A page depends only on the graph (its version), the address, the
format and language asked for, and the date (the reflection page's year), so it can be kept until
the next write. A request with a token or a session cookie is never served from the cache nor put in it: an
editor may see more than a reader. Every kept page has an ETag, so a browser that asks again gets a 304.
"""

import hashlib
from collections.abc import Callable
from datetime import date

from anyio import to_thread
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graaf.storage.cache import VersionedCache

# Live state, files and machine answers: not pages, or with caches of their own (/sparql). The list of
# versions changes when a snapshot is made, which is no write to the graph.
SKIPPED = (
    "/gezondheid",
    "/sparql",
    "/api",
    "/static",
    "/export",
    "/versies",
    "/.well-known",
    "/docs",
    "/openapi.json",
    "/inloggen",
    "/uitnodiging",
    "/bijdragen",
)
MAX_PAGE_BYTES = 2_000_000

Key = tuple[str, bytes, str, str, str]


class Page:
    """A rendered page: what is sent again on a hit."""

    __slots__ = ("body", "etag", "headers")

    def __init__(self, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.body = body
        self.etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        kept = [(k, v) for k, v in headers if k.lower() not in (b"etag", b"cache-control")]
        self.headers = [*kept, (b"etag", self.etag), (b"cache-control", b"no-cache")]


class PageCache:
    """ASGI middleware: answers a GET for a page from the cache, or renders it and keeps it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.pages: VersionedCache[Key, Page] = VersionedCache(max_bytes, _size, MAX_PAGE_BYTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._may_keep(scope):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        try:
            version = await _version(scope)
        except Exception:  # a remote store that does not answer: the view says so, with the usual error page
            await self.app(scope, receive, send)
            return
        key: Key = (
            scope["path"],
            scope["query_string"],
            headers.get("accept", ""),
            headers.get("accept-language", ""),
            date.today().isoformat(),
        )
        page = self.pages.get(version, key)
        if page is not None:
            await _send(page, headers, send, b"hit")
            return
        await self.app(scope, receive, _Recorder(send, headers, lambda page: self.pages.put(version, key, page)))

    def _may_keep(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET" or self.pages.max_bytes <= 0:
            return False
        if scope["path"].startswith(SKIPPED):
            return False
        # Someone signed in in the browser (session cookie) may see their own name and buttons.
        return not any(
            name == b"authorization" or (name == b"cookie" and b"kg_sessie=" in value)
            for name, value in scope["headers"]
        )


def _size(key: Key, page: Page) -> int:
    """Bytes held for a page: its body and headers, and its key (an address and headers of up to some KB)."""
    return len(page.body) + sum(len(k) + len(v) for k, v in page.headers) + sum(map(len, key))


async def _version(scope: Scope) -> int:
    store = scope["app"].state.store
    if getattr(store, "is_remote", False):  # reads the engine's write counter now and then: not on the loop
        return int(await to_thread.run_sync(lambda: store.version))
    return int(store.version)


async def _send(page: Page, request: Headers, send: Send, outcome: bytes) -> None:
    headers = [*page.headers, (b"x-kennisgraaf-cache", outcome)]
    if request.get("if-none-match") == page.etag.decode():
        kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": page.body})


class _Recorder:
    """Passes a response on; an HTML page of 200 is held until complete, then kept and sent with its ETag."""

    def __init__(self, send: Send, request: Headers, keep: Callable[[Page], None]) -> None:
        self.send = send
        self.request = request
        self.keep = keep
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.size = 0

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            content_type = Headers(raw=message["headers"]).get("content-type", "")
            if message["status"] == 200 and content_type.startswith("text/html"):
                self.start = message
                return
        elif message["type"] == "http.response.body" and self.start is not None:
            self.chunks.append(message.get("body", b""))
            self.size += len(self.chunks[-1])
            if not message.get("more_body", False):
                page = Page(list(self.start["headers"]), b"".join(self.chunks))
                self.start = None
                self.keep(page)
                await _send(page, self.request, self.send, b"miss")
                return
            if self.size <= MAX_PAGE_BYTES:
                return
            await self.send(self.start)  # too large to keep: send what is held, then the rest as it comes
            await self.send({"type": "http.response.body", "body": b"".join(self.chunks), "more_body": True})
            self.start = None
            return
        await self.send(message)
