"""Authentication, routing and the request log."""

from __future__ import annotations

import aiohttp
import pytest

from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

from .conftest import Api, error_body, ts


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-TimeTrack-Api-Key": DEMO_API_KEY},
        {"X-TimeTrack-Api-Secret": DEMO_API_SECRET},
        {"X-TimeTrack-Api-Key": DEMO_API_KEY, "X-TimeTrack-Api-Secret": "wrong"},
        {"X-TimeTrack-Api-Key": "wrong", "X-TimeTrack-Api-Secret": DEMO_API_SECRET},
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v2/ext/users"),
        ("GET", "/api/v2/ext/timers/project_timer"),
        ("POST", "/api/v2/ext/attendance_timer/start"),
        ("GET", "/api/v2/ext/no_such_thing"),
    ],
)
async def test_auth_failures(
    sim: Simulator, headers: dict[str, str], method: str, path: str
) -> None:
    async with aiohttp.ClientSession() as session:
        api = Api(session, sim.url)
        reply = await api.call(
            method,
            path,
            headers=headers,
            body={"username": "anna", "date": ts("09:00")},
        )
    assert reply.status == 401
    detail = "invalid API key or secret"
    assert reply.body == error_body("Unauthorized", 401, 15000, detail)
    assert sim.attendance_timer("anna") == {}
    assert [r.status for r in sim.requests] == [401]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v2/ext/nothing"),
        ("GET", "/api/v2/ext/timers/project_timer/start"),
        ("POST", "/api/v2/ext/users"),
        ("DELETE", "/api/v2/ext/timers/project_timer"),
        ("GET", "/"),
        ("GET", "/api/v1/users"),
        ("GET", "/api/v2/ext/timers/attendance_timer"),
    ],
)
async def test_unknown_routes(api: Api, method: str, path: str) -> None:
    reply = await api.call(method, path)
    assert reply.status == 404
    assert reply.code == 15050
    assert reply.body["errors"][0]["status"] == 404


async def test_unknown_route_outside_api_needs_no_credentials(sim: Simulator) -> None:
    async with aiohttp.ClientSession() as session:
        reply = await Api(session, sim.url).get("/favicon.ico")
    assert (reply.status, reply.code) == (404, 15050)


async def test_request_log(api: Api, sim: Simulator) -> None:
    await api.get("timers/project_timer", username="anna", date=ts("08:00"))
    await api.start(at="09:00")
    await api.timer("pause", at="09:30")
    await api.get("clients", name="ACME")
    await api.call("POST", "timers/project_timer/resume", data="{oops")
    await api.get("/_simulator/requests")  # control routes are never recorded
    log = sim.requests
    assert [(r.method, r.path, r.status) for r in log] == [
        ("GET", "/api/v2/ext/timers/project_timer", 200),
        ("POST", "/api/v2/ext/timers/project_timer/start", 200),
        ("POST", "/api/v2/ext/timers/project_timer/pause", 200),
        ("GET", "/api/v2/ext/clients", 200),
        ("POST", "/api/v2/ext/timers/project_timer/resume", 400),
    ]
    assert log[0].query == {"username": "anna", "date": ts("08:00")}
    assert log[0].body is None
    assert log[2].body == {"username": "anna", "date": ts("09:30")}
    assert log[4].body is None
    assert log[0].fault is None
    recorded = repr(log)
    assert DEMO_API_KEY not in recorded
    assert DEMO_API_SECRET not in recorded

    assert [r.path for r in sim.requests_to("/pause")] == [
        "/api/v2/ext/timers/project_timer/pause"
    ]
    assert len(sim.requests_to("project_timer")) == 1
    assert len(sim.requests_to("project_timer", "get")) == 1
    assert sim.requests_to("project_timer", "POST") == []
    assert len(sim.requests_to("/start", method="POST")) == 1
    log.clear()  # a copy: the simulator's log is untouched
    assert len(sim.requests) == 5
    sim.clear_requests()
    assert sim.requests == []


async def test_head_is_served(api: Api) -> None:
    reply = await api.call("HEAD", "clients")
    assert reply.status == 200
