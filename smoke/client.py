"""A tiny client of Home Assistant's REST and websocket APIs, as a browser uses them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from http import HTTPStatus
import itertools
import time
from typing import Any, Self

import aiohttp

CLIENT_PATH = "/"
REQUEST_TIMEOUT = 60.0


class HomeAssistantError(Exception):
    """Home Assistant answered something other than what was asked for."""


class HomeAssistantClient:
    """Talks to one Home Assistant at `base_url` (http://127.0.0.1:PORT)."""

    def __init__(self, base_url: str) -> None:
        """Remember where Home Assistant listens; log in later."""
        self.base_url = base_url.rstrip("/")
        self.client_id = f"{self.base_url}{CLIENT_PATH}"
        self.access_token = ""
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._ws_lock = asyncio.Lock()

    async def __aenter__(self) -> Self:
        """Open the HTTP session."""
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the websocket and the session."""
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        """The open HTTP session."""
        if self._session is None:
            raise RuntimeError("use `async with HomeAssistantClient(...)`")
        return self._session

    # --- REST -----------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        json: object = None,
        *,
        auth: bool = True,
        expect: tuple[int, ...] = (200,),
        form: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        """Call `path`; answer (status, parsed JSON or text). Refuse other statuses."""
        headers = {}
        if auth:
            headers["Authorization"] = f"Bearer {self.access_token}"
        async with self.session.request(
            method,
            f"{self.base_url}{path}",
            json=json,
            data=form,
            headers=headers,
        ) as response:
            text = await response.text()
            try:
                body: Any = await response.json(content_type=None)
            except ValueError:
                body = text
            if response.status not in expect:
                raise HomeAssistantError(
                    f"{method} {path} answered {response.status}: {text[:500]}"
                )
            return response.status, body

    async def get(self, path: str, **kwargs: Any) -> Any:
        """GET `path`, answer the JSON."""
        return (await self.request("GET", path, **kwargs))[1]

    async def post(self, path: str, json: object = None, **kwargs: Any) -> Any:
        """POST `json` to `path`, answer the JSON."""
        return (await self.request("POST", path, json, **kwargs))[1]

    async def wait_until_up(self, limit: float, alive: Callable[[], bool]) -> float:
        """Wait until the HTTP server answers `/api/onboarding`; answer the seconds.

        `alive` tells whether the process still runs: a crash fails at once.
        """
        started = time.monotonic()
        while True:
            if not alive():
                raise HomeAssistantError("Home Assistant exited while starting")
            try:
                status, _ = await self.request(
                    "GET", "/api/onboarding", auth=False, expect=(200,)
                )
            except aiohttp.ClientError, HomeAssistantError, TimeoutError:
                status = 0
            if status == HTTPStatus.OK:
                return time.monotonic() - started
            if time.monotonic() - started > limit:
                raise HomeAssistantError(
                    f"no answer from /api/onboarding within {limit:.0f} s"
                )
            await asyncio.sleep(0.5)

    async def log_in_with_code(self, code: str) -> None:
        """Exchange an authorization code for an access token, as the frontend does."""
        token = await self.post(
            "/auth/token",
            auth=False,
            form={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": self.client_id,
            },
        )
        self.access_token = token["access_token"]

    async def call_action(
        self, domain: str, action: str, data: dict[str, Any], *, response: bool = False
    ) -> tuple[int, Any]:
        """`POST /api/services/<domain>/<action>`; answer (status, body).

        400 (a refused action) and 500 (an error) are answered, not raised.
        """
        query = "?return_response" if response else ""
        return await self.request(
            "POST",
            f"/api/services/{domain}/{action}{query}",
            data,
            expect=(200, 400, 500),
        )

    async def state(self, entity_id: str) -> dict[str, Any] | None:
        """The entity's state object, or None when it has none."""
        status, body = await self.request(
            "GET", f"/api/states/{entity_id}", expect=(200, 404)
        )
        return body if status == HTTPStatus.OK else None

    async def wait_for_state(
        self,
        entity_id: str,
        check: Callable[[dict[str, Any]], bool],
        limit: float = 15.0,
    ) -> dict[str, Any]:
        """Poll the entity until `check(state)`; raise with the last state seen."""
        deadline = time.monotonic() + limit
        last: dict[str, Any] | None = None
        while True:
            last = await self.state(entity_id)
            if last is not None and check(last):
                return last
            if time.monotonic() > deadline:
                shown = (
                    None
                    if last is None
                    else {"state": last["state"], "attributes": last["attributes"]}
                )
                raise HomeAssistantError(f"{entity_id} after {limit:.0f} s: {shown}")
            await asyncio.sleep(0.2)

    # --- websocket ------------------------------------------------------------

    async def ws(self, message_type: str, **fields: Any) -> Any:
        """Send one websocket command; answer its result or raise its error."""
        async with self._ws_lock:
            if self._ws is None:
                await self._connect()
            assert self._ws is not None  # noqa: S101 (for the type checker)
            message_id = next(self._ids)
            await self._ws.send_json({"id": message_id, "type": message_type, **fields})
            while True:
                answer = await self._ws.receive_json(timeout=REQUEST_TIMEOUT)
                if answer.get("id") != message_id or answer.get("type") != "result":
                    continue  # events of earlier subscriptions, pongs
                if not answer.get("success"):
                    raise HomeAssistantError(
                        f"websocket {message_type}: {answer.get('error')}"
                    )
                return answer.get("result")

    async def _connect(self) -> None:
        """Open the websocket and authenticate with the access token."""
        url = f"{self.base_url.replace('http', 'ws', 1)}/api/websocket"
        ws = await self.session.ws_connect(url)
        hello = await ws.receive_json(timeout=REQUEST_TIMEOUT)
        if hello.get("type") != "auth_required":
            raise HomeAssistantError(f"websocket greeting: {hello}")
        await ws.send_json({"type": "auth", "access_token": self.access_token})
        answer = await ws.receive_json(timeout=REQUEST_TIMEOUT)
        if answer.get("type") != "auth_ok":
            raise HomeAssistantError(f"websocket authentication: {answer}")
        self._ws = ws
