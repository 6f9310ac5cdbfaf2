"""Fault injection: a first-in first-out queue of faults plus a fixed latency.

Each API request (every request not under ``/_simulator/``) takes the next
queued fault, if any, whatever its route or credentials.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
import json
from typing import Literal

from aiohttp import web

from .errors import INJECTED_FAILURE, RATE_LIMITED, error_body, reason

__all__ = ["Fault", "FaultKind", "FaultQueue", "fault_response"]

FaultKind = Literal["fail", "rate_limit", "drop", "malformed", "apply_then_drop"]

MIN_FAIL_STATUS = 400
MAX_STATUS = 599

#: What ``malformed_next`` answers: JSON cut off in the middle.
TRUNCATED_JSON = (
    '{"username": "anna", "startedAt": "2024-05-06T09:00:00.000Z", "workedSec'
)


@dataclass(frozen=True)
class Fault:
    """One queued fault; ``status``, ``html`` and ``retry_after`` shape its answer."""

    kind: FaultKind
    status: int = 0
    html: bool = False
    retry_after: int | None = None

    @property
    def applies(self) -> bool:
        """Whether the request is still applied to the state."""
        return self.kind == "apply_then_drop"

    @property
    def drops(self) -> bool:
        """Whether the connection is closed without an answer."""
        return self.kind in ("drop", "apply_then_drop")


class FaultQueue:
    """Queued faults, taken one per API request, and the latency of each API request."""

    def __init__(self) -> None:
        """Start with no fault and no latency."""
        self.latency: float = 0.0
        self._queue: deque[Fault] = deque()

    def add(self, fault: Fault, count: int) -> None:
        """Queue ``count`` copies of ``fault``; raises ValueError on bad values."""
        if count < 0:
            raise ValueError("count must be >= 0")
        if fault.kind == "fail" and not MIN_FAIL_STATUS <= fault.status <= MAX_STATUS:
            raise ValueError("status must be between 400 and 599")
        if fault.retry_after is not None and fault.retry_after < 0:
            raise ValueError("retry_after must be >= 0")
        self._queue.extend([fault] * count)

    def take(self) -> Fault | None:
        """The next fault, removed from the queue, or None."""
        return self._queue.popleft() if self._queue else None

    def pending(self) -> list[Fault]:
        """The queued faults, next first."""
        return list(self._queue)

    def reset(self) -> None:
        """Forget every queued fault and set the latency back to 0."""
        self._queue.clear()
        self.latency = 0.0


def _html_page(status: int) -> str:
    title = f"{status} {reason(status)}"
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )


def fault_response(fault: Fault) -> web.Response:
    """The answer to a fail, rate_limit or malformed fault."""
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        headers["Retry-After"] = str(fault.retry_after)
    if fault.kind == "malformed":
        return web.Response(
            status=200, text=TRUNCATED_JSON, content_type="application/json"
        )
    if fault.kind == "rate_limit":
        body = error_body(429, RATE_LIMITED, "Too Many Requests", "rate limit exceeded")
        return web.json_response(body, status=429, headers=headers)
    if fault.html:
        return web.Response(
            status=fault.status,
            text=_html_page(fault.status),
            content_type="text/html",
            headers=headers,
        )
    body = error_body(
        fault.status, INJECTED_FAILURE, reason(fault.status), "injected failure"
    )
    return web.Response(
        status=fault.status,
        text=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )
