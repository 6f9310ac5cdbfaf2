"""Handlers of the TimeTrack API routes (``/api/v2/ext/...``).

Every route that any dialect serves is registered; each handler first checks
that the current dialect serves it (path and method), so the dialect can be
switched while the simulator runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web

from .answers import TimerKind, Writer
from .errors import INVALID_FIELD, METHOD_NOT_ALLOWED, UNKNOWN_ROUTE, SimulatorError
from .listing import LISTS, page_of
from .recording import RecordedRequest
from .timestamps import parse_timestamp

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping
    from datetime import datetime

    from .dialect import Dialect
    from .server import Simulator

__all__ = ["BODY", "RECORD", "SIMULATOR", "add_api_routes", "unknown_route", "writer"]

API_PREFIX = "/api/v2/ext/"
TIMERS_PREFIX = API_PREFIX + "timers/"

#: The simulator an application serves.
SIMULATOR: web.AppKey[Simulator] = web.AppKey("simulator")
#: The request's body, parsed as JSON (None when empty or not JSON).
BODY: web.RequestKey[Any] = web.RequestKey("body")
#: The request's entry in the request log.
RECORD: web.RequestKey[RecordedRequest] = web.RequestKey("record")

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
type Query = Mapping[str, str]
type Read = Callable[[Simulator, Writer, Query], web.StreamResponse]
#: Which dialect switch decides whether a route is served.
type Family = Literal["project_timer", "attendance_timer", "list"]


def writer(request: web.Request) -> Writer:
    """How answers to this request are written (the simulator's dialect now)."""
    sim = request.app[SIMULATOR]
    return Writer.of(sim.dialect, sim.time_zone)


def unknown_route(request: web.BaseRequest) -> SimulatorError:
    """The refusal of a route that does not exist (404 / 15050)."""
    return SimulatorError(
        404, UNKNOWN_ROUTE, "Unknown route", f"no route {request.method} {request.path}"
    )


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


def _served(dialect: Dialect, path: str, family: Family) -> bool:
    if family == "list":
        return dialect.lists != "absent"
    if family == "project_timer" and dialect.project_timer_path != "both":
        return path.startswith(TIMERS_PREFIX) == (
            dialect.project_timer_path == "timers"
        )
    return True


def _bad_body() -> SimulatorError:
    return SimulatorError(
        400, INVALID_FIELD, "Invalid body", "body must be a JSON object"
    )


async def read_parameters(request: web.Request) -> Query:
    """A read's parameters: the query, and for a POST also its JSON object body.

    Query values win; body values are taken when they are text or whole numbers.
    """
    if request.method != "POST":
        return request.query
    body = request[BODY]
    if body is None and not (await request.read()).strip():
        body = {}
    if not isinstance(body, dict):
        raise _bad_body()
    parameters = {
        key: str(value)
        for key, value in body.items()
        if isinstance(value, str | int) and not isinstance(value, bool)
    }
    parameters.update({key: request.query[key] for key in request.query})
    return parameters


def read_route(endpoint: str, family: Family, read: Read) -> Handler:
    """A read (GET, or POST in dialect ``read_method="post"``) of ``endpoint``."""

    async def handle(request: web.Request) -> web.StreamResponse:
        sim = request.app[SIMULATOR]
        if not _served(sim.dialect, request.path, family):
            raise unknown_route(request)
        by_post = request.method == "POST"
        if by_post != (sim.dialect.read_method == "post"):
            if by_post:
                raise unknown_route(request)
            refusal = SimulatorError(
                405,
                METHOD_NOT_ALLOWED,
                "Method Not Allowed",
                f"read {request.path} by POST",
            )
            return writer(request).error(refusal, headers={"Allow": "POST"})
        broken = await sim.endpoint_faults.meet(endpoint, request, request[RECORD])
        if broken is not None:
            return broken
        return read(sim, writer(request), await read_parameters(request))

    return handle


def _timer_read(kind: TimerKind) -> Read:
    def read(sim: Simulator, out: Writer, query: Query) -> web.StreamResponse:
        username, _ = who_and_when(query)
        if kind == "project_timer":
            return out.timer_read(kind, username, sim.state.project_timer(username))
        if sim.dialect.attendance_read == "account":
            sim.state.user(username)  # an unknown user is refused all the same
            return out.account_attendance(sim.state.latest_attendances())
        return out.timer_read(kind, username, sim.state.latest_attendance(username))

    return read


def _available(sim: Simulator, name: str) -> bool:
    if name == "users":
        return sim.users_endpoint_available
    if name == "work_reports":
        return sim.work_reports_available
    return True


def _list_read(name: str) -> Read:
    producer = LISTS[name]

    def read(sim: Simulator, out: Writer, query: Query) -> web.StreamResponse:
        if not _available(sim, name):
            raise SimulatorError(
                404,
                UNKNOWN_ROUTE,
                "Feature not available",
                f"{name} is not enabled for account",
            )
        found = producer(sim.state, query, out.stamp)
        return out.rows(page_of(found, query, sim.dialect.lists), found.total)

    return read


def action_route(action: str, kind: TimerKind) -> Handler:
    """A POST applying ``action`` with the JSON body's fields."""

    async def handle(request: web.Request) -> web.StreamResponse:
        sim = request.app[SIMULATOR]
        if not _served(sim.dialect, request.path, kind):
            raise unknown_route(request)
        body = request[BODY]
        if not isinstance(body, dict):
            raise _bad_body()
        username, at = who_and_when(body)
        result = sim.state.act(username, action, at, body)
        return writer(request).action(kind, result)

    return handle


def _add_read(app: web.Application, path: str, handler: Handler) -> None:
    app.router.add_get(path, handler)
    app.router.add_post(path, handler)


def add_api_routes(app: web.Application) -> None:
    """Register every API route any dialect serves."""
    routes = app.router
    for prefix in (TIMERS_PREFIX, API_PREFIX):
        _add_read(
            app,
            prefix + "project_timer",
            read_route("project_timer", "project_timer", _timer_read("project_timer")),
        )
        for verb in ("start", "pause", "resume", "stop"):
            routes.add_post(
                f"{prefix}project_timer/{verb}",
                action_route(f"project_timer/{verb}", "project_timer"),
            )
    _add_read(
        app,
        API_PREFIX + "attendance_timer",
        read_route(
            "attendance_timer", "attendance_timer", _timer_read("attendance_timer")
        ),
    )
    for verb in ("start", "stop"):
        routes.add_post(
            f"{API_PREFIX}attendance_timer/{verb}",
            action_route(f"attendance_timer/{verb}", "attendance_timer"),
        )
    for name in LISTS:
        _add_read(app, API_PREFIX + name, read_route(name, "list", _list_read(name)))
