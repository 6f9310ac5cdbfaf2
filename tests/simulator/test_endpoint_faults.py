"""Endpoint faults that last: fail, odd, hang; repair; stop; the control route."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import time
from typing import Any

import aiohttp
import pytest

from simulator import Simulator
from simulator.dialect import Dialect
from simulator.endpoints import ENDPOINTS

from .conftest import AUTH, JSON, Api, error_body, ts

NGINX_500 = (
    "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n"
    "<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>"
    "\r\n</body>\r\n</html>\r\n"
)
READS = {
    "project_timer": "timers/project_timer",
    "attendance_timer": "attendance_timer",
}


@pytest.fixture
async def control(sim: Simulator) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as session:
        yield Api(session, sim.url)


async def wait_for_requests(sim: Simulator, count: int) -> None:
    async with asyncio.timeout(5):
        while len(sim.requests) < count:  # noqa: ASYNC110 - waits for arrivals
            await asyncio.sleep(0.01)


def path_of(name: str) -> str:
    return READS.get(name, name)


@pytest.mark.parametrize("name", ENDPOINTS)
async def test_fail_lasts_until_repaired(api: Api, sim: Simulator, name: str) -> None:
    sim.break_endpoint(name)
    params = {"username": "anna", "date": ts("09:00"), "from": "2024-05-06"}
    for _ in range(2):
        reply = await api.get(path_of(name), **params)
        assert reply.status == 500
        assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
        assert reply.text == NGINX_500
    assert (
        await api.get(
            "timers/project_timer" if name != "project_timer" else "users", **params
        )
    ).status == 200
    sim.repair_endpoint(name)
    assert (await api.get(path_of(name), **params, to="2024-05-06")).status == 200
    assert [r.fault for r in sim.requests] == ["endpoint_fail"] * 2 + [None, None]


async def test_fail_as_json(api: Api, sim: Simulator) -> None:
    sim.break_endpoint("projects", status=503, html=False)
    reply = await api.get("projects")
    assert (reply.status, reply.headers["Content-Type"]) == (503, JSON)
    unavailable = error_body("Service Unavailable", 503, 15090, "injected failure")
    assert reply.body == unavailable
    sim.dialect = Dialect(errors="html")  # a fault keeps its own form
    assert (await api.get("projects")).code == 15090


async def test_odd(api: Api, sim: Simulator) -> None:
    sim.break_endpoint("attendance_timer", kind="odd")
    reply = await api.get("attendance_timer", username="anna", date=ts("09:00"))
    assert (reply.status, reply.headers["Content-Type"]) == (200, JSON)
    assert reply.body == {"unexpected": True, "items": "none"}
    assert (sim.requests[0].status, sim.requests[0].fault) == (200, "endpoint_odd")


async def test_faults_meet_requests_after_auth_and_routing(
    api: Api, sim: Simulator
) -> None:
    sim.break_endpoint("project_timer")
    sim.break_endpoint("users")
    async with aiohttp.ClientSession() as stranger:
        assert (await Api(stranger, sim.url).get("users")).status == 401
    for path in ("timers/project_timer", "project_timer"):
        assert (await api.get(path, username="anna", date=ts("09:00"))).status == 500
    assert (await api.start()).status == 200  # actions are not the read
    sim.dialect = Dialect(read_method="post")
    assert (await api.get("users")).status == 405
    assert (await api.post("users", {})).status == 500
    sim.dialect = Dialect(lists="absent")
    assert (await api.get("users")).status == 404
    assert sim.requests[0].fault is None


async def test_hang_ends_when_repaired(api: Api, sim: Simulator) -> None:
    sim.break_endpoint("clients", kind="hang")
    pending = asyncio.create_task(api.get("clients", name="ACME"))
    await wait_for_requests(sim, 1)
    await asyncio.sleep(0.3)
    assert not pending.done()
    assert (sim.requests[0].status, sim.requests[0].fault) == (0, "endpoint_hang")
    assert (await api.get("tasks")).status == 200  # other endpoints answer
    sim.repair_endpoint("clients")
    reply = await pending
    assert [client["name"] for client in reply.body] == ["ACME"]
    assert (sim.requests[0].status, sim.requests[0].fault) == (200, "endpoint_hang")


async def test_hang_answers_as_the_endpoint_is_then(api: Api, sim: Simulator) -> None:
    sim.break_endpoint("tasks", kind="hang")
    pending = asyncio.create_task(api.get("tasks"))
    await wait_for_requests(sim, 1)
    sim.break_endpoint("tasks", kind="odd")
    assert (await pending).body == {"unexpected": True, "items": "none"}


async def test_a_client_timeout_ends_a_hang(sim: Simulator) -> None:
    sim.break_endpoint("users", kind="hang")
    timeout = aiohttp.ClientTimeout(total=0.3)
    async with aiohttp.ClientSession(headers=AUTH, timeout=timeout) as session:
        with pytest.raises(TimeoutError):
            await Api(session, sim.url).get("users")
    await asyncio.sleep(0.3)  # the handler notices the client has left...
    sim.repair_endpoint("users")
    await asyncio.sleep(0.1)
    assert sim.requests[0].status == 0  # ...and does not answer after the repair


@pytest.mark.parametrize("how", ["stop", "go_down"])
async def test_stopping_does_not_wait_for_hangs(
    api: Api, sim: Simulator, how: str
) -> None:
    sim.break_endpoint("attendance_timer", kind="hang")
    pending = asyncio.create_task(
        api.get("attendance_timer", username="anna", date=ts("09:00"))
    )
    await wait_for_requests(sim, 1)
    began = time.monotonic()
    await getattr(sim, how)()
    assert time.monotonic() - began < 0.2  # less than the 0.25 s given to others
    with pytest.raises(aiohttp.ClientConnectionError):  # aiohttp retried the GET once
        await pending
    assert sim.requests[0].status == 0
    if how == "go_down":
        await sim.come_back()
        sim.repair_all_endpoints()
        reply = await api.get("attendance_timer", username="anna", date=ts("09:00"))
        assert reply.status == 200


async def test_hang_with_apply_then_drop(api: Api, sim: Simulator) -> None:
    sim.break_endpoint("users", kind="hang")
    sim.apply_then_drop_next()
    pending = asyncio.create_task(api.get("users"))
    await wait_for_requests(sim, 1)
    await sim.go_down()
    with pytest.raises(aiohttp.ClientConnectionError):
        await pending


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nowhere",), "endpoint must be one of"),
        (("users", "slow"), "kind must be one of"),
        (("users", "fail", 200), "status"),
        (("users", "fail", 600), "status"),
    ],
)
def test_break_endpoint_checks(args: tuple[Any, ...], message: str) -> None:
    sim = Simulator()
    with pytest.raises(ValueError, match=message):
        sim.break_endpoint(*args)
    with pytest.raises(ValueError, match="endpoint"):
        sim.repair_endpoint("nowhere")


async def test_endpoints_control_route(control: Api, api: Api, sim: Simulator) -> None:
    working = await control.get("/_simulator/endpoints")
    assert working.body == dict.fromkeys(ENDPOINTS)
    reply = await control.post(
        "/_simulator/endpoints",
        {
            "projects": {"kind": "fail", "status": 502, "html": False},
            "tasks": {"kind": "odd"},
            "users": {},
        },
    )
    assert reply.status == 200
    assert reply.body["projects"] == {"kind": "fail", "status": 502, "html": False}
    assert reply.body["tasks"] == {"kind": "odd", "status": 500, "html": True}
    assert reply.body["users"] == {"kind": "fail", "status": 500, "html": True}
    assert reply.body["clients"] is None
    assert (await api.get("projects")).status == 502
    repaired = await control.post("/_simulator/endpoints", {"tasks": None})
    assert repaired.body["tasks"] is None
    assert repaired.body["projects"] is not None
    assert (await api.get("tasks")).status == 200
    reset = await control.post(
        "/_simulator/endpoints", {"reset": True, "clients": {"kind": "hang"}}
    )
    assert [name for name, fault in reset.body.items() if fault] == ["clients"]
    assert (await control.get("/_simulator/endpoints")).body == reset.body
    sim.repair_all_endpoints()


@pytest.mark.parametrize(
    "body",
    [
        {"nowhere": None},
        {"users": "fail"},
        {"users": {"kind": "slow"}},
        {"users": {"status": 200}},
        {"users": {"status": "500"}},
        {"users": {"html": "yes"}},
        {"users": {"colour": "red"}},
        {"reset": 1},
        {"users": {"kind": "odd"}, "tasks": {"kind": "slow"}},
    ],
)
async def test_endpoints_control_route_refusals(
    control: Api, sim: Simulator, body: dict[str, Any]
) -> None:
    reply = await control.post("/_simulator/endpoints", body)
    assert (reply.status, reply.code) == (400, 15001)
    assert sim.endpoint_faults.broken() == {}  # nothing applied


async def test_reset_faults_keeps_broken_endpoints(api: Api, sim: Simulator) -> None:
    sim.break_endpoint("users")
    sim.reset_faults()
    assert (await api.get("users")).status == 500
