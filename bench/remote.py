"""The simulator in its own process, steered through its control routes.

Timings and memory are measured with the simulator out of Home Assistant's
process: in-process, its request handling would run on the same event loop and
be charged to the integration (and its request log to its memory).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
import re
import sys
from typing import Any, Self

import aiohttp

from simulator.recording import RecordedRequest

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
URL_LINE = re.compile(r"^\s*url:\s*(http://\S+)\s*$")


class RemoteSimulator:
    """`python -m simulator` on 127.0.0.1 and a free port."""

    def __init__(self, users: int = 0) -> None:
        """Describe the simulator; `users` generated users user001... are added."""
        self.users = users
        self.url = ""
        self._process: asyncio.subprocess.Process | None = None
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        """Start the process and wait until it listens."""
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "simulator",
            "--port",
            "0",
            "--users",
            str(self.users),
            "--quiet",
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        self._session = aiohttp.ClientSession()
        try:
            async with asyncio.timeout(START_TIMEOUT):
                self.url = await self._read_url()
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    async def _read_url(self) -> str:
        stdout = self._process.stdout if self._process else None
        if stdout is None:
            raise RuntimeError("the simulator has no output")
        while line := await stdout.readline():
            if match := URL_LINE.match(line.decode()):
                return match.group(1)
        raise RuntimeError("the simulator exited before listening")

    async def __aexit__(self, *_: object) -> None:
        """Stop the process (SIGTERM) and close the control session."""
        if self._session is not None:
            await self._session.close()
            self._session = None
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            process.terminate()
            try:
                async with asyncio.timeout(STOP_TIMEOUT):
                    await process.communicate()
            except TimeoutError:
                process.kill()
                await process.wait()

    async def _control(
        self, method: str, route: str, body: dict[str, Any] | None = None
    ) -> Any:
        if self._session is None:
            raise RuntimeError("the simulator is not running")
        async with self._session.request(
            method, f"{self.url}/_simulator/{route}", json=body
        ) as response:
            answer = await response.json()
            if response.status >= 400:  # noqa: PLR2004
                raise RuntimeError(f"simulator {route}: {response.status} {answer}")
            return answer

    async def set_latency(self, seconds: float) -> None:
        """Delay every API request by `seconds`."""
        await self._control("POST", "faults", {"latency": seconds})

    async def set_dialect(self, dialect: dict[str, Any]) -> None:
        """Answer in a dialect (`simulator.dialect.Dialect` as JSON); {} = default."""
        await self._control("POST", "dialect", {"reset": True, **dialect})

    async def requests(self) -> list[RecordedRequest]:
        """The request log."""
        return [
            RecordedRequest(**entry) for entry in await self._control("GET", "requests")
        ]

    async def clear_requests(self) -> None:
        """Empty the request log."""
        await self._control("POST", "clear_requests")

    async def act(
        self, username: str, action: str, at: datetime, **fields: Any
    ) -> dict[str, Any]:
        """Act as the phone app would, at naive wall-clock time `at`."""
        body = {
            "username": username,
            "action": action,
            "at": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            **fields,
        }
        answer: dict[str, Any] = await self._control("POST", "act", body)
        return answer
