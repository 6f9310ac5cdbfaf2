"""Test helpers of the API client tests: a raw HTTP server and a fake clock."""

from dataclasses import dataclass, field
import json
from typing import Any, Self

from aiohttp import web

API = "/api/v2/ext/"


@dataclass
class Reply:
    """One canned answer of the raw server."""

    status: int = 200
    body: Any = None  # str/bytes are sent as they are; anything else as JSON
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


@dataclass
class Seen:
    """One request the raw server received."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]


class RawServer:
    """Answers canned raw bodies over real HTTP on 127.0.0.1.

    Routes are keyed by method and path below ``/api/v2/ext/``; a route given
    several replies serves them in order and then repeats the last one.
    Anything else answers 404 with an empty body.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[Seen] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    def reply(self, method: str, path: str, *replies: Reply) -> None:
        self.routes[method.upper(), path] = list(replies)

    def json(self, method: str, path: str, body: Any, status: int = 200) -> None:
        self.reply(method, path, Reply(status, json.dumps(body)))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        self.requests.append(
            Seen(
                request.method,
                request.path,
                dict(request.query),
                body,
                dict(request.headers),
            )
        )
        path = request.path.removeprefix(API)
        replies = self.routes.get((request.method, path))
        if not replies:
            return web.Response(status=404)
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        payload = reply.body
        if payload is not None and not isinstance(payload, str | bytes):
            payload = json.dumps(payload)
        if isinstance(payload, str):
            payload = payload.encode()
        return web.Response(
            status=reply.status,
            body=payload,
            headers=reply.headers,
            content_type=reply.content_type if payload else None,
        )

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


class FakeClock:
    """A monotonic clock the tests move by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
