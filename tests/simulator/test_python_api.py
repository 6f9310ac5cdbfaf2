"""The Python API that the integration's tests use."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import simulator
from simulator import (
    ACTIONS,
    DEMO_ACCOUNT,
    DEMO_API_KEY,
    DEMO_API_SECRET,
    Simulator,
    SimulatorError,
)

from .conftest import Api, ts

NINE = datetime(2024, 5, 6, 9)


def test_exports_and_credentials() -> None:
    sim = Simulator()
    assert DEMO_ACCOUNT == "demo"
    assert (sim.api_key, sim.api_secret) == (DEMO_API_KEY, DEMO_API_SECRET)
    assert sim.url == ""
    assert sim.port == 0
    assert not sim.running
    assert set(simulator.__all__) >= {"Simulator", "SimulatorError", "RecordedRequest"}
    assert len(ACTIONS) == 6
    with pytest.raises(ValueError, match="extra_users"):
        Simulator(extra_users=-1)


async def test_start_stop_restart() -> None:
    sim = Simulator()
    url = await sim.start(host="127.0.0.1", port=0)
    assert url == sim.url == f"http://127.0.0.1:{sim.port}"
    assert sim.port > 0
    with pytest.raises(RuntimeError, match="already started"):
        await sim.start()
    await sim.stop()
    assert not sim.running
    with pytest.raises(RuntimeError, match="never started"):
        await sim.come_back()
    await sim.stop()  # stopping twice is harmless
    assert await sim.start() == sim.url
    await sim.stop()


async def test_start_on_busy_port_fails_cleanly(sim: Simulator) -> None:
    other = Simulator()
    with pytest.raises(OSError, match="address"):
        await other.start(port=sim.port)
    assert not other.running


async def test_context_manager() -> None:
    async with Simulator() as sim:
        assert sim.running
    assert not sim.running


async def test_act_matches_http(api: Api, sim: Simulator) -> None:
    started = sim.act(
        "anna", "project_timer/start", NINE, clientName="ACME", projectName="Website"
    )
    assert started["startedAt"] == "2024-05-06T09:00:00.000Z"
    read = await api.get("timers/project_timer", username="anna", date=ts("09:30"))
    assert read.body == started
    with pytest.raises(SimulatorError) as refused:
        sim.act(
            "anna",
            "project_timer/start",
            NINE,
            clientName="ACME",
            projectName="Website",
        )
    assert (refused.value.status, refused.value.code) == (409, 15010)
    assert refused.value.title == "Timer already running"
    assert "15010" in str(refused.value)
    assert refused.value.body()["errors"][0]["code"] == 15010
    reply = await api.timer("pause", at="08:00")
    assert reply.code == 15013
    aware = datetime(2024, 5, 6, 9, 45, 0, 500, tzinfo=UTC)
    paused = sim.act("anna", "project_timer/pause", aware)
    assert paused["workedSeconds"] == 45 * 60
    assert sim.requests_to("/pause")[0].status == 400


def test_act_refusals() -> None:
    sim = Simulator()
    with pytest.raises(SimulatorError) as unknown_action:
        sim.act("anna", "project_timer/explode", NINE)
    assert unknown_action.value.code == 15001
    with pytest.raises(SimulatorError) as unknown_user:
        sim.act("zoe", "attendance_timer/start", NINE)
    assert (unknown_user.value.status, unknown_user.value.code) == (404, 15020)
    with pytest.raises(SimulatorError) as missing:
        sim.act("anna", "project_timer/start", NINE, clientName="ACME")
    assert missing.value.code == 15001
    with pytest.raises(SimulatorError) as no_user_read:
        sim.project_timer("zoe")
    assert no_user_read.value.code == 15020
    with pytest.raises(SimulatorError):
        sim.attendance_timer("zoe")


async def test_add_and_remove_user(api: Api, sim: Simulator) -> None:
    added = sim.add_user(
        "erik", "Erik", "Lang", admin=True, team_lead=True, language="de"
    )
    assert added["ID"] == 5
    assert added["email"] == "erik@demo.example"
    assert added["teamLead"] is True
    listed = await api.get("users", username="erik")
    assert listed.body == [added]
    camel = sim.add_user("fia", teamLead=True, personalNumber="X1", email="f@x.example")
    assert (camel["teamLead"], camel["personalNumber"], camel["email"]) == (
        True,
        "X1",
        "f@x.example",
    )
    assert (await api.start("erik")).status == 200
    with pytest.raises(ValueError, match="exists"):
        sim.add_user("erik")
    with pytest.raises(ValueError, match="empty"):
        sim.add_user("")
    with pytest.raises(TypeError, match="unknown user field"):
        sim.add_user("gus", shoe_size=44)

    sim.remove_user("erik")
    gone = await api.get("timers/project_timer", username="erik", date=ts("10:00"))
    assert (gone.status, gone.code) == (404, 15020)
    assert (await api.get("users", username="erik")).body == []
    with pytest.raises(SimulatorError):
        sim.remove_user("erik")


def test_set_project_enabled_unknown() -> None:
    sim = Simulator()
    with pytest.raises(SimulatorError) as missing:
        sim.set_project_enabled("ACME", "Intranet", enabled=False)
    assert (missing.value.status, missing.value.code) == (404, 15030)


def test_attendance_read_prefers_running_then_latest() -> None:
    sim = Simulator()
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 8))
    sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 12))
    latest = sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 13))
    assert sim.attendance_timer("anna") == latest
    closed = sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 14))
    assert sim.attendance_timer("anna") == closed
    assert sim.attendance_timer("ben") == {}


def test_deterministic_seed() -> None:
    first, second = Simulator(extra_users=3), Simulator(extra_users=3)
    assert first.state.account == second.state.account
    assert list(first.state.account.users)[-1] == "user003"
