"""Endpoint faults that last: an endpoint stays broken until it is repaired.

Unlike the queue in ``faults.py`` (one fault per request, whatever the route),
these meet every request that reaches one endpoint, after authentication and
routing, until :meth:`EndpointFaults.repair` is called.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from aiohttp import web

from .faults import MAX_STATUS, MIN_FAIL_STATUS, Fault, fault_response

if TYPE_CHECKING:
    from .recording import RecordedRequest

__all__ = [
    "ENDPOINTS",
    "ODD_BODY",
    "Dropped",
    "EndpointFault",
    "EndpointFaults",
    "EndpointKind",
    "parse_kind",
]

#: The endpoints that can be broken: every list, and the two timer reads.
ENDPOINTS = (
    "users",
    "clients",
    "projects",
    "tasks",
    "project_time_entries",
    "attendances",
    "absences",
    "work_reports",
    "project_timer",
    "attendance_timer",
)

EndpointKind = Literal["fail", "odd", "hang"]
ENDPOINT_KINDS: tuple[str, ...] = get_args(EndpointKind)

#: What an ``odd`` endpoint answers: JSON of a shape no client expects.
ODD_BODY = {"unexpected": True, "items": "none"}

#: Seconds between checks whether the client of a hanging request has left.
HANG_POLL = 0.1


class Dropped(Exception):  # noqa: N818 - names what happened, not an error
    """The request's connection was closed without an answer."""


@dataclass(frozen=True)
class EndpointFault:
    """How a broken endpoint answers; ``status`` and ``html`` shape a ``fail``."""

    kind: EndpointKind = "fail"
    status: int = 500
    html: bool = True

    def __post_init__(self) -> None:
        """Refuse unknown kinds and statuses outside 400-599 (ValueError)."""
        if self.kind not in ENDPOINT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(ENDPOINT_KINDS)}")
        if not MIN_FAIL_STATUS <= self.status <= MAX_STATUS:
            raise ValueError("status must be between 400 and 599")

    def to_json(self) -> dict[str, Any]:
        """The fault as the control routes write it."""
        return {"kind": self.kind, "status": self.status, "html": self.html}


def parse_kind(value: object) -> EndpointKind:
    """``value`` as a fault kind; ValueError when it is none."""
    match value:
        case "fail" | "odd" | "hang":
            return value
    raise ValueError(f"kind must be one of {', '.join(ENDPOINT_KINDS)}")


def _check_name(name: str) -> None:
    if name not in ENDPOINTS:
        raise ValueError(
            f"endpoint must be one of {', '.join(ENDPOINTS)}; not {name!r}"
        )


class EndpointFaults:
    """The broken endpoints, and the requests hanging on them."""

    def __init__(self) -> None:
        """Every endpoint works."""
        self._broken: dict[str, EndpointFault] = {}
        self._changed = asyncio.Event()
        self._releases = 0

    def break_endpoint(self, name: str, fault: EndpointFault) -> None:
        """Break ``name`` until it is repaired (ValueError on an unknown name)."""
        _check_name(name)
        self._broken[name] = fault
        self._notify()

    def repair(self, name: str) -> None:
        """Make ``name`` work again; requests hanging on it are answered."""
        _check_name(name)
        self._broken.pop(name, None)
        self._notify()

    def repair_all(self) -> None:
        """Make every endpoint work again."""
        self._broken.clear()
        self._notify()

    def broken(self) -> dict[str, EndpointFault]:
        """The broken endpoints and their faults."""
        return dict(self._broken)

    def release_hanging(self) -> None:
        """Close every hanging request without an answer (when the server stops)."""
        self._releases += 1
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _hangs(self, name: str) -> bool:
        fault = self._broken.get(name)
        return fault is not None and fault.kind == "hang"

    async def meet(
        self, name: str, request: web.BaseRequest, record: RecordedRequest
    ) -> web.Response | None:
        """The answer of a broken endpoint, or None when it works.

        A hanging request waits until the endpoint is repaired or broken
        otherwise, then is answered as the endpoint is then. It raises
        :class:`Dropped` when the server stops or the client has left.
        """
        fault = self._broken.get(name)
        if fault is None:
            return None
        record.fault = "endpoint_" + fault.kind
        releases = self._releases
        while self._hangs(name):
            transport = request.transport
            if (
                self._releases != releases
                or transport is None
                or transport.is_closing()
            ):
                raise Dropped
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(HANG_POLL):
                    await changed.wait()
        fault = self._broken.get(name)
        if fault is None:
            return None
        if fault.kind == "odd":
            return web.json_response(ODD_BODY)
        return fault_response(Fault("fail", fault.status, fault.html))
