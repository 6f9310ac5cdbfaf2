"""The ``/_simulator/`` control routes, used by a simulator in another process."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from simulator import Simulator

from .conftest import Api, ts


@pytest.fixture
async def control(sim: Simulator) -> Any:
    """A client without credentials: control routes need none."""
    async with aiohttp.ClientSession() as session:
        yield Api(session, sim.url)


async def test_health(control: Api, sim: Simulator) -> None:
    reply = await control.get("/_simulator/health")
    assert reply.body == {"status": "ok", "account": "demo", "url": sim.url}


async def test_faults_route(control: Api, api: Api, sim: Simulator) -> None:
    reply = await control.post(
        "/_simulator/faults",
        {
            "latency": 0.05,
            "fail_next": {"count": 2, "status": 502, "html": True, "retry_after": 3},
            "rate_limit_next": {"count": 1},
            "drop_next": 1,
            "malformed_next": {"count": 1},
            "apply_then_drop_next": 1,
        },
    )
    assert reply.status == 200
    assert reply.body["latency"] == 0.05
    assert [fault["kind"] for fault in reply.body["pending"]] == [
        "fail",
        "fail",
        "rate_limit",
        "drop",
        "malformed",
        "apply_then_drop",
    ]
    assert reply.body["pending"][0] == {
        "kind": "fail",
        "status": 502,
        "html": True,
        "retry_after": 3,
    }
    assert reply.body["pending"][2]["retry_after"] == 30
    assert sim.latency == 0.05

    reset = await control.post("/_simulator/faults", {"reset": True})
    assert reset.body["pending"] == []
    assert reset.body["latency"] == 0
    assert (await control.get("/_simulator/faults")).body == reset.body

    await control.post(
        "/_simulator/faults",
        {"reset": False, "fail_next": 1, "rate_limit_next": {"retry_after": None}},
    )
    assert (await api.get("tasks")).status == 500
    limited = await api.get("tasks")
    assert limited.status == 429
    assert "Retry-After" not in limited.headers


async def test_feature_switches(control: Api, api: Api, sim: Simulator) -> None:
    reply = await control.post(
        "/_simulator/faults",
        {
            "empty_action_responses": True,
            "users_endpoint_available": False,
            "work_reports_available": False,
        },
    )
    assert reply.body["empty_action_responses"] is True
    assert sim.empty_action_responses is True
    assert sim.users_endpoint_available is False
    assert sim.work_reports_available is False
    assert (await api.get("users")).status == 404


@pytest.mark.parametrize(
    "body",
    [
        {"latency": -1},
        {"latency": "slow"},
        {"latency": True},
        {"fail_next": "many"},
        {"fail_next": {"status": 200}},
        {"fail_next": {"html": "yes"}},
        {"fail_next": {"retry_after": 1.5}},
        {"rate_limit_next": True},
        {"drop_next": -2},
        {"explode": 1},
        {"reset": "yes"},
        {"empty_action_responses": 1},
        [1],
    ],
)
async def test_faults_route_refusals(control: Api, sim: Simulator, body: Any) -> None:
    reply = await control.post("/_simulator/faults", body)
    assert (reply.status, reply.code) == (400, 15001)


async def test_faults_route_needs_json(control: Api) -> None:
    reply = await control.post("/_simulator/faults", data="latency=1")
    assert (reply.status, reply.code) == (400, 15001)


async def test_requests_routes(control: Api, api: Api) -> None:
    await api.get("users", username="anna")
    await api.start()
    await control.get("/_simulator/health")
    log = await control.get("/_simulator/requests")
    assert log.body == [
        {
            "method": "GET",
            "path": "/api/v2/ext/users",
            "query": {"username": "anna"},
            "body": None,
            "status": 200,
            "fault": None,
        },
        {
            "method": "POST",
            "path": "/api/v2/ext/timers/project_timer/start",
            "query": {},
            "body": {
                "username": "anna",
                "date": ts("09:00"),
                "clientName": "ACME",
                "projectName": "Website",
            },
            "status": 200,
            "fault": None,
        },
    ]
    cleared = await control.post("/_simulator/clear_requests")
    assert cleared.body == {"cleared": 2}
    assert (await control.get("/_simulator/requests")).body == []


async def test_act_route(control: Api, sim: Simulator) -> None:
    reply = await control.post(
        "/_simulator/act",
        {
            "username": "ben",
            "action": "project_timer/start",
            "at": "2024-05-06T09:00:00.000Z",
            "clientName": "Globex",
            "projectName": "Intranet",
            "taskName": "Meeting",
        },
    )
    assert reply.status == 200
    assert reply.body["taskName"] == "Meeting"
    assert sim.project_timer("ben")["playing"] is True
    assert sim.requests == []

    refused = await control.post(
        "/_simulator/act",
        {"username": "ben", "action": "project_timer/resume", "at": ts("09:10")},
    )
    assert (refused.status, refused.code) == (409, 15012)


@pytest.mark.parametrize(
    "body",
    [
        {"action": "project_timer/stop", "at": "2024-05-06T09:00:00Z"},
        {"username": "ben", "at": "2024-05-06T09:00:00Z"},
        {"username": "ben", "action": "project_timer/stop"},
        {"username": "ben", "action": "project_timer/stop", "at": "9 o'clock"},
        {"username": "ben", "action": "dance", "at": "2024-05-06T09:00:00Z"},
    ],
)
async def test_act_route_refusals(control: Api, body: dict[str, str]) -> None:
    reply = await control.post("/_simulator/act", body)
    assert (reply.status, reply.code) == (400, 15001)


async def test_control_routes_ignore_faults(control: Api, sim: Simulator) -> None:
    sim.fail_next()
    assert (await control.get("/_simulator/health")).status == 200
    assert len(sim.faults.pending()) == 1


async def test_unknown_control_route(control: Api, sim: Simulator) -> None:
    reply = await control.get("/_simulator/nothing")
    assert (reply.status, reply.code) == (404, 15050)
    assert sim.requests == []
