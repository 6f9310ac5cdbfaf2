"""Control routes under ``/_simulator/``, for a simulator run as a separate process.

They need no credentials, are never recorded, and never meet latency or faults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .dialect import DEFAULT_DIALECT
from .endpoints import ENDPOINTS, EndpointFault, parse_kind
from .errors import INVALID_FIELD, SimulatorError
from .handlers import SIMULATOR
from .timestamps import parse_timestamp

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from .server import Simulator

__all__ = ["CONTROL_PREFIX", "add_control_routes"]

CONTROL_PREFIX = "/_simulator/"


def _bad(detail: str) -> SimulatorError:
    return SimulatorError(400, INVALID_FIELD, "Invalid control request", detail)


async def _json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise _bad("body must be a JSON object") from None
    if not isinstance(body, dict):
        raise _bad("body must be a JSON object")
    return body


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(f"{name} must be an integer")
    return value


def _optional_int(value: Any, name: str) -> int | None:
    return None if value is None else _int(value, name)


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(f"{name} must be true or false")
    return value


def _options(value: Any, name: str) -> dict[str, Any]:
    """A fault's options: a bare count, or an object of options."""
    if isinstance(value, dict):
        return value
    return {"count": _int(value, name)}


def _fail(sim: Simulator, value: Any) -> None:
    options = _options(value, "fail_next")
    sim.fail_next(
        _int(options.get("count", 1), "count"),
        _int(options.get("status", 500), "status"),
        html=_bool(options.get("html", False), "html"),
        retry_after=_optional_int(options.get("retry_after"), "retry_after"),
    )


def _rate_limit(sim: Simulator, value: Any) -> None:
    options = _options(value, "rate_limit_next")
    sim.rate_limit_next(
        _int(options.get("count", 1), "count"),
        retry_after=_optional_int(options.get("retry_after", 30), "retry_after"),
    )


def _latency(sim: Simulator, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _bad("latency must be a number >= 0")
    sim.latency = float(value)


def _counted(name: str) -> Callable[[Simulator, Any], None]:
    def apply(sim: Simulator, value: Any) -> None:
        getattr(sim, name)(_int(_options(value, name).get("count", 1), "count"))

    return apply


def _flag(name: str) -> Callable[[Simulator, Any], None]:
    def apply(sim: Simulator, value: Any) -> None:
        setattr(sim, name, _bool(value, name))

    return apply


def _setters() -> dict[str, Callable[[Simulator, Any], None]]:
    return {
        "latency": _latency,
        "fail_next": _fail,
        "rate_limit_next": _rate_limit,
        "drop_next": _counted("drop_next"),
        "malformed_next": _counted("malformed_next"),
        "apply_then_drop_next": _counted("apply_then_drop_next"),
        "empty_action_responses": _flag("empty_action_responses"),
        "users_endpoint_available": _flag("users_endpoint_available"),
        "work_reports_available": _flag("work_reports_available"),
    }


def describe(sim: Simulator) -> dict[str, Any]:
    """The current latency, queued faults and feature switches."""
    return {
        "latency": sim.latency,
        "pending": [
            {
                "kind": fault.kind,
                "status": fault.status,
                "html": fault.html,
                "retry_after": fault.retry_after,
            }
            for fault in sim.faults.pending()
        ],
        "empty_action_responses": sim.empty_action_responses,
        "users_endpoint_available": sim.users_endpoint_available,
        "work_reports_available": sim.work_reports_available,
    }


async def set_faults(request: web.Request) -> web.StreamResponse:
    sim = request.app[SIMULATOR]
    body = await _json_object(request)
    setters = _setters()
    unknown = sorted(set(body) - set(setters) - {"reset"})
    if unknown:
        raise _bad(f"unknown keys: {', '.join(unknown)}")
    if _reset(body):
        sim.reset_faults()
    for key, value in body.items():
        if key != "reset":
            try:
                setters[key](sim, value)
            except ValueError as exc:
                raise _bad(f"{key}: {exc}") from None
    return web.json_response(describe(sim))


async def get_faults(request: web.Request) -> web.StreamResponse:
    return web.json_response(describe(request.app[SIMULATOR]))


async def get_requests(request: web.Request) -> web.StreamResponse:
    return web.json_response(
        [entry.to_json() for entry in request.app[SIMULATOR].requests]
    )


async def clear_requests(request: web.Request) -> web.StreamResponse:
    sim = request.app[SIMULATOR]
    cleared = len(sim.requests)
    sim.clear_requests()
    return web.json_response({"cleared": cleared})


def _text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise _bad(f"{name} is required")
    return value


async def act(request: web.Request) -> web.StreamResponse:
    sim = request.app[SIMULATOR]
    body = await _json_object(request)
    username = _text(body, "username")
    action = _text(body, "action")
    try:
        at = parse_timestamp(_text(body, "at"))
    except ValueError:
        raise _bad("at must be YYYY-MM-DDTHH:MM:SS[.fff]Z") from None
    fields = {
        key: value
        for key, value in body.items()
        if key not in ("username", "action", "at")
    }
    return web.json_response(sim.act(username, action, at, **fields))


def _reset(body: Mapping[str, Any]) -> bool:
    return "reset" in body and _bool(body["reset"], "reset")


async def get_dialect(request: web.Request) -> web.StreamResponse:
    return web.json_response(request.app[SIMULATOR].dialect.to_json())


async def set_dialect(request: web.Request) -> web.StreamResponse:
    sim = request.app[SIMULATOR]
    body = await _json_object(request)
    base = DEFAULT_DIALECT if _reset(body) else sim.dialect
    try:
        sim.dialect = base.changed({k: v for k, v in body.items() if k != "reset"})
    except ValueError as exc:
        raise _bad(str(exc)) from None
    return web.json_response(sim.dialect.to_json())


def describe_endpoints(sim: Simulator) -> dict[str, Any]:
    """Every endpoint: its fault, or None when it works."""
    broken = sim.endpoint_faults.broken()
    return {
        name: broken[name].to_json() if name in broken else None for name in ENDPOINTS
    }


def _endpoint_fault(name: str, value: Any) -> EndpointFault | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _bad(f"{name} must be an object or null")
    unknown = sorted(set(value) - {"kind", "status", "html"})
    if unknown:
        raise _bad(f"{name}: unknown keys: {', '.join(unknown)}")
    try:
        return EndpointFault(
            parse_kind(value.get("kind", "fail")),
            _int(value.get("status", 500), "status"),
            _bool(value.get("html", True), "html"),
        )
    except ValueError as exc:
        raise _bad(f"{name}: {exc}") from None


async def get_endpoints(request: web.Request) -> web.StreamResponse:
    return web.json_response(describe_endpoints(request.app[SIMULATOR]))


async def set_endpoints(request: web.Request) -> web.StreamResponse:
    sim = request.app[SIMULATOR]
    body = await _json_object(request)
    unknown = sorted(set(body) - set(ENDPOINTS) - {"reset"})
    if unknown:
        raise _bad(f"unknown endpoints: {', '.join(unknown)}")
    reset = _reset(body)
    faults = {
        name: _endpoint_fault(name, value)
        for name, value in body.items()
        if name != "reset"
    }
    if reset:
        sim.repair_all_endpoints()
    for name, fault in faults.items():
        if fault is None:
            sim.repair_endpoint(name)
        else:
            sim.endpoint_faults.break_endpoint(name, fault)
    return web.json_response(describe_endpoints(sim))


async def health(request: web.Request) -> web.StreamResponse:
    sim = request.app[SIMULATOR]
    return web.json_response(
        {"status": "ok", "account": sim.state.account.name, "url": sim.url}
    )


def add_control_routes(app: web.Application) -> None:
    """Register the ``/_simulator/`` routes."""
    routes = app.router
    routes.add_get(CONTROL_PREFIX + "health", health)
    routes.add_get(CONTROL_PREFIX + "faults", get_faults)
    routes.add_post(CONTROL_PREFIX + "faults", set_faults)
    routes.add_get(CONTROL_PREFIX + "requests", get_requests)
    routes.add_post(CONTROL_PREFIX + "clear_requests", clear_requests)
    routes.add_post(CONTROL_PREFIX + "act", act)
    routes.add_get(CONTROL_PREFIX + "dialect", get_dialect)
    routes.add_post(CONTROL_PREFIX + "dialect", set_dialect)
    routes.add_get(CONTROL_PREFIX + "endpoints", get_endpoints)
    routes.add_post(CONTROL_PREFIX + "endpoints", set_endpoints)
