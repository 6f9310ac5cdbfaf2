"""The aiohttp application: request recording, latency, faults, auth, routes."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .control import CONTROL_PREFIX, add_control_routes
from .endpoints import Dropped
from .errors import INVALID_CREDENTIALS, SimulatorError
from .faults import fault_response
from .handlers import (
    API_PREFIX,
    BODY,
    RECORD,
    SIMULATOR,
    Handler,
    add_api_routes,
    unknown_route,
    writer,
)
from .recording import RecordedRequest

if TYPE_CHECKING:
    from .server import Simulator

__all__ = ["build_app"]

KEY_HEADER = "X-TimeTrack-Api-Key"
SECRET_HEADER = "X-TimeTrack-Api-Secret"


def parse_json(raw: bytes) -> Any:
    """The body parsed as JSON, or None when it is empty or not JSON."""
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _authorised(request: web.Request, sim: Simulator) -> bool:
    key = request.headers.get(KEY_HEADER, "")
    secret = request.headers.get(SECRET_HEADER, "")
    return hmac.compare_digest(
        key.encode(), sim.api_key.encode()
    ) and hmac.compare_digest(secret.encode(), sim.api_secret.encode())


def _error(request: web.Request, exc: SimulatorError) -> web.Response:
    """A refusal: in the dialect's error form, except on control routes."""
    if request.path.startswith(CONTROL_PREFIX):
        return web.json_response(exc.body(), status=exc.status)
    return writer(request).error(exc)


async def _route(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Run the handler, turning refusals and routing misses into error bodies."""
    try:
        return await handler(request)
    except SimulatorError as exc:
        return _error(request, exc)
    except web.HTTPNotFound, web.HTTPMethodNotAllowed:
        return _error(request, unknown_route(request))


def _drop(request: web.BaseRequest) -> None:
    """Close the connection at once; the client sees it disconnect without an answer."""
    transport = request.transport
    if transport is not None:
        transport.abort()


async def _answer_api(
    request: web.Request, handler: Handler, sim: Simulator
) -> web.StreamResponse:
    if request.path.startswith(API_PREFIX) and not _authorised(request, sim):
        return _error(
            request,
            SimulatorError(
                401, INVALID_CREDENTIALS, "Unauthorized", "invalid API key or secret"
            ),
        )
    return await _route(request, handler)


@web.middleware
async def simulator_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    if request.path.startswith(CONTROL_PREFIX):
        return await _route(request, handler)
    sim = request.app[SIMULATOR]
    body = parse_json(await request.read())
    request[BODY] = body
    record = RecordedRequest(
        method=request.method, path=request.path, query=dict(request.query), body=body
    )
    request[RECORD] = record
    sim.record(record)
    if sim.latency > 0:
        await asyncio.sleep(sim.latency)
    fault = sim.faults.take()
    if fault is None:
        try:
            response = await _answer_api(request, handler, sim)
        except Dropped:
            _drop(request)
            return web.Response(status=204)
    else:
        record.fault = fault.kind
        if fault.drops:
            if fault.applies:
                with contextlib.suppress(Dropped):
                    await _answer_api(request, handler, sim)
            _drop(request)
            return web.Response(status=204)
        response = fault_response(fault)
    record.status = response.status
    return response


def build_app(sim: Simulator) -> web.Application:
    """A fresh application serving ``sim`` (a new one for every start/come_back)."""
    app = web.Application(middlewares=[simulator_middleware])
    app[SIMULATOR] = sim
    add_api_routes(app)
    add_control_routes(app)
    return app
