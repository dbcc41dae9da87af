"""Every request body bounded in size and in time, before any view sees it (issue 18).

Views that take files check their own limits (graaf/storage/settings.py: upload_limit_bytes, import_max_bytes)
with messages of their own. This middleware is the floor under all the others: a JSON body for the
cocktail API, a form, or a body on a route that expects none is read here first, at most
`limit_for(path)` bytes and within `body_timeout_s`, then handed on. A client that sends more gets
413; one that trickles its body ("slow loris") gets 408; neither reaches the application.
"""

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graaf import Settings

# Bodies that are not files: a cocktail situation, a form, a SPARQL query. Far below what a file may be.
SMALL_BODY_BYTES = 1_000_000


class BodyLimit:
    """Read the whole body with a size cap and a deadline, then replay it to the app."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._limits = {
            "/api/importeer": settings.import_max_bytes,
            "/valideer": settings.upload_limit_bytes,
            "/sparql": settings.upload_limit_bytes,
        }

    def limit_for(self, path: str) -> int:
        return self._limits.get(path, SMALL_BODY_BYTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, "te-groot", f"Het verzoek is groter dan {_size(limit)}.")
            return
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.settings.body_timeout_s):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        await _refuse(send, 413, "te-groot", f"Het verzoek is groter dan {_size(limit)}.")
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            seconds = f"{self.settings.body_timeout_s:g}"
            await _refuse(
                send,
                408,
                "te-traag",
                f"Het verzoek kwam niet binnen {seconds} seconden helemaal binnen. Stuur het opnieuw, in één keer.",
            )
            return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as a server would

        await self.app(scope, replay, send)


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} kB"


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"fout": {"code": code, "melding": message}}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status in (408, 413):
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
