"""Handlers of the TimeTrack API routes (``/api/v2/ext/...``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .errors import INVALID_FIELD, UNKNOWN_ROUTE, SimulatorError
from .listing import LISTS
from .timestamps import parse_timestamp

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping
    from datetime import datetime

    from .server import Simulator

__all__ = ["BODY", "SIMULATOR", "add_api_routes"]

API_PREFIX = "/api/v2/ext/"

#: The simulator an application serves.
SIMULATOR: web.AppKey[Simulator] = web.AppKey("simulator")
#: The request's body, parsed as JSON (None when empty or not JSON).
BODY: web.RequestKey[Any] = web.RequestKey("body")

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def who_and_when(source: Mapping[str, Any]) -> tuple[str, datetime]:
    """The ``username`` and the parsed ``date`` of a request, or a 400 refusal."""
    username = source.get("username")
    if not isinstance(username, str) or not username:
        raise SimulatorError(
            400, INVALID_FIELD, "Missing field", "username is required"
        )
    text = source.get("date")
    if not isinstance(text, str) or not text:
        raise SimulatorError(400, INVALID_FIELD, "Missing field", "date is required")
    try:
        return username, parse_timestamp(text)
    except ValueError:
        raise SimulatorError(
            400,
            INVALID_FIELD,
            "Invalid field",
            "date must be YYYY-MM-DDTHH:MM:SS[.fff]Z",
        ) from None


async def read_project_timer(request: web.Request) -> web.StreamResponse:
    username, _ = who_and_when(request.query)
    return web.json_response(request.app[SIMULATOR].state.project_timer_json(username))


async def read_attendance_timer(request: web.Request) -> web.StreamResponse:
    username, _ = who_and_when(request.query)
    return web.json_response(
        request.app[SIMULATOR].state.attendance_timer_json(username)
    )


def action_handler(action: str) -> Handler:
    """A POST handler applying ``action`` with the JSON body's fields."""

    async def handle(request: web.Request) -> web.StreamResponse:
        body = request[BODY]
        if not isinstance(body, dict):
            raise SimulatorError(
                400, INVALID_FIELD, "Invalid body", "body must be a JSON object"
            )
        username, at = who_and_when(body)
        sim = request.app[SIMULATOR]
        result = sim.state.act(username, action, at, body)
        if sim.empty_action_responses:
            return web.Response(status=204)
        return web.json_response(result)

    return handle


def _available(sim: Simulator, name: str) -> bool:
    if name == "users":
        return sim.users_endpoint_available
    if name == "work_reports":
        return sim.work_reports_available
    return True


def list_handler(name: str) -> Handler:
    """A GET handler answering the list ``name`` as a bare JSON array."""
    producer = LISTS[name]

    async def handle(request: web.Request) -> web.StreamResponse:
        sim = request.app[SIMULATOR]
        if not _available(sim, name):
            raise SimulatorError(
                404,
                UNKNOWN_ROUTE,
                "Feature not available",
                f"{name} is not enabled for account",
            )
        return web.json_response(producer(sim.state, request.query))

    return handle


def add_api_routes(app: web.Application) -> None:
    """Register every API route, project timer routes with and without ``timers/``."""
    routes = app.router
    for prefix in (API_PREFIX + "timers/", API_PREFIX):
        routes.add_get(prefix + "project_timer", read_project_timer)
        for verb in ("start", "pause", "resume", "stop"):
            routes.add_post(
                f"{prefix}project_timer/{verb}", action_handler(f"project_timer/{verb}")
            )
    routes.add_get(API_PREFIX + "attendance_timer", read_attendance_timer)
    for verb in ("start", "stop"):
        routes.add_post(
            f"{API_PREFIX}attendance_timer/{verb}",
            action_handler(f"attendance_timer/{verb}"),
        )
    for name in LISTS:
        routes.add_get(API_PREFIX + name, list_handler(name))
