"""Fault injection, latency, going down and coming back."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import pytest

from simulator import Simulator

from .conftest import AUTH, Api, ts


def listening(sim: Simulator) -> bool:
    """Whether the simulator listens (a call, so type checkers do not narrow it)."""
    return sim.running


async def test_fail_next_json(api: Api, sim: Simulator) -> None:
    sim.fail_next(2, 503, retry_after=7)
    for _ in range(2):
        reply = await api.start()
        assert reply.status == 503
        assert reply.headers["Retry-After"] == "7"
        assert reply.body["errors"][0]["status"] == 503
        assert reply.code == 15090
    assert sim.project_timer("anna") == {}
    assert (await api.start()).status == 200
    assert [(r.status, r.fault) for r in sim.requests] == [
        (503, "fail"),
        (503, "fail"),
        (200, None),
    ]


async def test_fail_next_default_and_html(api: Api, sim: Simulator) -> None:
    sim.fail_next()
    sim.fail_next(status=502, html=True)
    plain = await api.get("users")
    assert plain.status == 500
    assert "Retry-After" not in plain.headers
    html = await api.get("users")
    assert html.status == 502
    assert html.headers["Content-Type"].startswith("text/html")
    assert "<title>502 Bad Gateway</title>" in html.text
    assert (await api.get("users")).status == 200


async def test_fail_next_unusual_status(api: Api, sim: Simulator) -> None:
    sim.fail_next(status=599)
    reply = await api.get("users")
    assert reply.status == 599
    assert reply.body["errors"][0]["title"] == "Error"


async def test_rate_limit(api: Api, sim: Simulator) -> None:
    sim.rate_limit_next()
    sim.rate_limit_next(retry_after=None)
    limited = await api.start()
    assert limited.status == 429
    assert limited.headers["Retry-After"] == "30"
    assert limited.code == 15060
    bare = await api.start()
    assert bare.status == 429
    assert "Retry-After" not in bare.headers
    assert sim.project_timer("anna") == {}
    assert (await api.start()).status == 200


async def test_drop_post_is_not_applied(api: Api, sim: Simulator) -> None:
    sim.drop_next()
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.start()
    assert sim.project_timer("anna") == {}
    assert [(r.status, r.fault) for r in sim.requests] == [(0, "drop")]
    assert (await api.start()).status == 200


async def test_drop_get_is_retried_once_by_aiohttp(api: Api, sim: Simulator) -> None:
    sim.drop_next()
    reply = await api.get("users")  # aiohttp resends an idempotent request once
    assert reply.status == 200
    assert [r.status for r in sim.requests] == [0, 200]
    sim.clear_requests()
    sim.drop_next(2)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.get("users")
    assert [r.status for r in sim.requests] == [0, 0]


async def test_malformed(api: Api, sim: Simulator) -> None:
    sim.malformed_next()
    async with api.session.post(
        api.base + "/api/v2/ext/timers/project_timer/start",
        json={
            "username": "anna",
            "date": ts("09:00"),
            "clientName": "ACME",
            "projectName": "Website",
        },
    ) as response:
        assert response.status == 200
        assert response.content_type == "application/json"
        with pytest.raises(ValueError, match=r"Expecting|Unterminated"):
            await response.json()
    assert sim.project_timer("anna") == {}
    assert sim.requests[0].fault == "malformed"
    assert sim.requests[0].status == 200


async def test_apply_then_drop(api: Api, sim: Simulator) -> None:
    sim.apply_then_drop_next()
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.start()
    assert sim.project_timer("anna")["playing"] is True
    assert [(r.status, r.fault) for r in sim.requests] == [(0, "apply_then_drop")]
    retry = await api.start()  # the client's retry now meets the applied state
    assert (retry.status, retry.code) == (409, 15010)


async def test_faults_are_first_in_first_out(api: Api, sim: Simulator) -> None:
    sim.rate_limit_next()
    sim.fail_next(status=502)
    sim.malformed_next()
    statuses = []
    for _ in range(4):
        async with api.session.get(api.base + "/api/v2/ext/tasks") as response:
            statuses.append(response.status)
    assert statuses == [429, 502, 200, 200]
    assert [r.fault for r in sim.requests] == ["rate_limit", "fail", "malformed", None]


async def test_fault_applies_before_auth_and_routing(sim: Simulator) -> None:
    sim.fail_next(status=503)
    async with aiohttp.ClientSession() as session:
        reply = await Api(session, sim.url).get("nowhere")
    assert reply.status == 503


async def test_reset_faults(api: Api, sim: Simulator) -> None:
    sim.fail_next(3)
    sim.latency = 0.5
    sim.reset_faults()
    assert sim.latency == 0
    assert sim.faults.pending() == []
    assert (await api.get("tasks")).status == 200


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": -1}, "count"),
        ({"status": 200}, "status"),
        ({"status": 600}, "status"),
        ({"retry_after": -1}, "retry_after"),
    ],
)
def test_fault_arguments_are_checked(kwargs: dict[str, Any], message: str) -> None:
    sim = Simulator()
    with pytest.raises(ValueError, match=message):
        sim.fail_next(**kwargs)
    with pytest.raises(ValueError, match="latency"):
        sim.latency = -1


async def test_latency(api: Api, sim: Simulator) -> None:
    sim.latency = 0.3
    began = time.monotonic()
    assert (await api.get("tasks")).status == 200
    assert time.monotonic() - began >= 0.3
    began = time.monotonic()
    assert (await api.get("/_simulator/faults")).status == 200
    assert time.monotonic() - began < 0.3


async def test_go_down_and_come_back(api: Api, sim: Simulator) -> None:
    await api.start(at="09:00")
    port = sim.port
    await sim.go_down()
    assert not listening(sim)
    with pytest.raises(aiohttp.ClientConnectionError):
        await api.get("tasks")
    async with aiohttp.ClientSession(headers=AUTH) as fresh:
        with pytest.raises(aiohttp.ClientConnectorError):
            await Api(fresh, sim.url).get("tasks")
    await sim.go_down()  # already down: nothing happens
    await sim.come_back()
    assert listening(sim)
    assert sim.port == port
    await sim.come_back()  # already up: nothing happens
    reply = await api.get("timers/project_timer", username="anna", date=ts("10:00"))
    assert reply.body["playing"] is True


async def test_go_down_cuts_requests_in_flight(api: Api, sim: Simulator) -> None:
    sim.latency = 2
    pending = asyncio.create_task(api.start())
    while not sim.requests:  # noqa: ASYNC110 - waits for the request to arrive
        await asyncio.sleep(0.01)
    await sim.go_down()
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await pending
    assert sim.project_timer("anna") == {}
    assert sim.requests[0].status == 0
    sim.latency = 0
    await sim.come_back()
    assert (await api.start()).status == 200
