"""Fixtures for the simulator tests: a running simulator and an HTTP helper."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

API = "/api/v2/ext/"
AUTH = {
    "X-TimeTrack-Api-Key": DEMO_API_KEY,
    "X-TimeTrack-Api-Secret": DEMO_API_SECRET,
}
DAY = "2024-05-06"  # a Monday
JSON = "application/json; charset=utf-8"
# Every list: the account's, and those of one user's days.
ACCOUNT_LISTS = ("users", "clients", "projects", "tasks")
USER_LISTS = ("project_time_entries", "attendances", "absences", "work_reports")
LISTS = (*ACCOUNT_LISTS, *USER_LISTS)


def ts(clock: str, day: str = DAY) -> str:
    """A wire timestamp: ``ts("09:00")`` -> ``2024-05-06T09:00:00.000Z``."""
    if clock.count(":") == 1:
        clock += ":00"
    return f"{day}T{clock}.000Z"


def error_body(title: str, status: int, code: int, detail: str) -> dict[str, Any]:
    """TimeTrack's documented error body, of one error."""
    error = {"title": title, "status": status, "code": code, "detail": detail}
    return {"errors": [error]}


@dataclass
class Reply:
    """An answer: status, JSON body (or text, or None), headers."""

    status: int
    body: Any
    headers: dict[str, str]
    text: str

    @property
    def code(self) -> int:
        """The error code of an ``errors`` body."""
        return int(self.body["errors"][0]["code"])


class Api:
    """Calls the simulator over real HTTP with the demo credentials."""

    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: Any = None,
        data: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        url = self.base + (path if path.startswith("/") else API + path)
        kwargs: dict[str, Any] = {"params": params, "headers": headers}
        if data is not None:
            kwargs["data"] = data
        elif body is not None:
            kwargs["json"] = body
        async with self.session.request(method, url, **kwargs) as response:
            text = await response.text()
            parsed: Any = None
            if response.content_type == "application/json" and text:
                parsed = await response.json()
            return Reply(response.status, parsed, dict(response.headers), text)

    async def get(self, path: str, **params: str) -> Reply:
        return await self.call("GET", path, params=params)

    async def reports(
        self, username: str, first: str, last: str, **params: str
    ) -> Reply:
        """``GET work_reports`` of one user, from ``first`` to ``last``."""
        return await self.get(
            "work_reports", username=username, **{"from": first, "to": last}, **params
        )

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return await self.call("POST", path, body=body, **kwargs)

    async def start(
        self, username: str = "anna", at: str = "09:00", **fields: Any
    ) -> Reply:
        body = {
            "username": username,
            "date": ts(at),
            "clientName": "ACME",
            "projectName": "Website",
        }
        body.update(fields)
        return await self.post("timers/project_timer/start", body)

    async def timer(
        self, verb: str, username: str = "anna", at: str = "09:00"
    ) -> Reply:
        return await self.post(
            f"timers/project_timer/{verb}", {"username": username, "date": ts(at)}
        )

    async def attendance(
        self, verb: str, username: str = "anna", at: str = "09:00", day: str = DAY
    ) -> Reply:
        return await self.post(
            f"attendance_timer/{verb}", {"username": username, "date": ts(at, day)}
        )


@pytest.fixture(autouse=True)
def local_sockets(socket_enabled: None) -> None:
    """Let these tests open sockets (pytest-socket, which Home Assistant's plugin
    turns on, blocks them; connections stay limited to 127.0.0.1)."""


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator()
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers=AUTH) as client:
        yield client


@pytest.fixture
async def api(sim: Simulator, session: aiohttp.ClientSession) -> Api:
    return Api(session, sim.url)
