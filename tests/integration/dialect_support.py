"""Shared steps of the dialect suites (test_dialects*.py): what each dialect
leads to, the requests the simulator received, and the entry set up in one.

The simulator answers every point TimeTrack's docs leave open in several
plausible ways (`simulator.dialect.DIALECTS`: the default and every
single-switch variation); these helpers tell, for one dialect, which route,
method and status the integration meets, and how TimeTrack writes times back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from simulator import RecordedRequest, Simulator
from simulator.dialect import DIALECTS, Dialect

from .actions_support import Home
from .entity_support import PENDING_ACTIONS, state_of, wall

API = "/api/v2/ext/"
ACTION_SUFFIXES = ("/start", "/pause", "/resume", "/stop")
WEBSITE = {"project": "Website", "client": "ACME"}
# Anna's day in the phone app: clocked in at 12:00, ACME / Website since 12:30:20
# (which `timestamps=minutes` writes as 12:30).
IN_APP: tuple[tuple[str, datetime, dict[str, str]], ...] = (
    ("attendance_timer/start", wall(12), {}),
    (
        "project_timer/start",
        wall(12, 30, 20),
        {"clientName": "ACME", "projectName": "Website"},
    ),
)


def dialects(xfail: dict[str, str] | None = None) -> list[Any]:
    """Every key of DIALECTS as a parameter; those in `xfail` marked (strict)."""
    known = xfail or {}
    assert set(known) <= set(DIALECTS)
    return [
        pytest.param(
            key,
            id=key,
            marks=[pytest.mark.xfail(strict=True, reason=known[key])]
            if key in known
            else [],
        )
        for key in DIALECTS
    ]


# --- what each dialect leads to -----------------------------------------------


def timer_path(dialect: Dialect) -> str:
    """The project timer's route the integration settles on."""
    if dialect.project_timer_path == "legacy":
        return "project_timer"
    return "timers/project_timer"


def read_method(dialect: Dialect) -> str:
    """How the integration reads, once it knows the dialect."""
    return "POST" if dialect.read_method == "post" else "GET"


def nothing_runs(dialect: Dialect) -> int:
    """The status of a timer read when nothing runs."""
    return {"not_found": 404, "no_content": 204}.get(dialect.no_timer, 200)


def setup_reads(dialect: Dialect) -> dict[str, list[tuple[str, int]]]:
    """What set-up asks, path by path: (method, status answered) of each try."""
    timers = [("GET", nothing_runs(dialect))]
    lists = [("GET", 200)]
    if dialect.read_method == "post":
        timers = lists = [("GET", 405), ("POST", 200)]
    elif dialect.lists == "no_paging":
        lists = [("GET", 400), ("GET", 400), ("GET", 200)]
    elif dialect.lists == "limit_100":
        lists = [("GET", 400), ("GET", 200)]
    elif dialect.lists == "absent":
        lists = [("GET", 404)]
    reads = {"attendance_timer": timers, "timers/project_timer": timers}
    if dialect.project_timer_path == "legacy":
        reads |= {"timers/project_timer": [("GET", 404)], "project_timer": timers}
    return reads | dict.fromkeys(("projects", "tasks", "users", "work_reports"), lists)


def told(moment: datetime, dialect: Dialect) -> datetime:
    """A time as TimeTrack writes it back (to the minute in `timestamps=minutes`)."""
    if dialect.timestamps == "minutes":
        return moment.replace(second=0)
    return moment


def wire(moment: datetime) -> str:
    """How the simulator's Python API (and the integration's requests) write a time."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def utc(moment: datetime) -> str:
    """A timestamp sensor's state."""
    return dt_util.as_utc(moment).isoformat()


# --- requests -----------------------------------------------------------------


def path_of(request: RecordedRequest) -> str:
    return request.path.removeprefix(API)


def calls(simulator: Simulator) -> list[tuple[str, str]]:
    """Every request received: (method, path below the API)."""
    return [(request.method, path_of(request)) for request in simulator.requests]


def tries(simulator: Simulator, path: str) -> list[tuple[str, int]]:
    """The requests to one path: (method, status answered)."""
    return [
        (request.method, request.status)
        for request in simulator.requests
        if path_of(request) == path
    ]


def actions_sent(simulator: Simulator) -> list[tuple[str, str, str | None]]:
    """Every action request that arrived: (path, body's date, fault met)."""
    return [
        (path_of(request), (request.body or {}).get("date", ""), request.fault)
        for request in simulator.requests
        if request.method == "POST" and path_of(request).endswith(ACTION_SUFFIXES)
    ]


# --- Home Assistant -----------------------------------------------------------


async def set_up(
    home: Home, key: str, *in_app: tuple[str, datetime, dict[str, str]]
) -> Dialect:
    """Make the simulator speak `key`, apply the app's actions, set the entry up."""
    dialect = DIALECTS[key]
    home.simulator.dialect = dialect
    for action, moment, fields in in_app:
        home.simulator.act("anna", action, moment, **fields)
    assert await home.set_up()
    assert home.entry.state is ConfigEntryState.LOADED
    return dialect


def pending_count(hass: HomeAssistant) -> int:
    """How many actions wait (anna's pending actions sensor)."""
    return int(state_of(hass, PENDING_ACTIONS).state)


def pick(mapping: dict[str, Any], *keys: str) -> tuple[Any, ...]:
    """Some values of a response or of the simulator's timer."""
    return tuple(mapping[key] for key in keys)
