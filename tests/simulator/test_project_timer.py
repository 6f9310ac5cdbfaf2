"""The project timer over HTTP: reads, every transition and every refusal."""

from __future__ import annotations

from typing import Any

import pytest

from simulator import Simulator
from tests.api.bodies import RUNNING

from .conftest import Api, ts

READ = "timers/project_timer"


async def read(api: Api, username: str = "anna", path: str = READ) -> dict[str, object]:
    reply = await api.get(path, username=username, date=ts("12:00"))
    assert reply.status == 200
    assert isinstance(reply.body, dict)
    return reply.body


async def test_read_without_timer_answers_empty_object(api: Api) -> None:
    assert await read(api) == {}


async def test_full_cycle(api: Api, sim: Simulator) -> None:
    started = await api.start(at="09:00", taskName="Development", note="landing page")
    assert started.status == 200
    assert started.body == {
        **RUNNING,
        "taskName": "Development",
        "note": "landing page",
    }
    assert await read(api) == started.body

    paused = await api.timer("pause", at="10:00")
    assert paused.status == 200
    assert paused.body["paused"] is True
    assert paused.body["playing"] is False
    assert paused.body["workedSeconds"] == 3600
    assert paused.body["breakSeconds"] == 0

    resumed = await api.timer("resume", at="10:30")
    assert resumed.body["playing"] is True
    assert resumed.body["breakSeconds"] == 1800
    assert resumed.body["workedSeconds"] == 3600

    stopped = await api.timer("stop", at="11:00:30")
    assert stopped.body["stopped"] is True
    assert stopped.body["playing"] is False
    assert stopped.body["paused"] is False
    assert stopped.body["workedSeconds"] == 3600 + 1830
    assert stopped.body["breakSeconds"] == 1800
    assert await read(api) == stopped.body

    entries = await api.get("project_time_entries")
    assert entries.body == [
        {
            "ID": 1,
            "user": "anna",
            "clientName": "ACME",
            "projectName": "Website",
            "task": "Development",
            "from": "2024-05-06T09:00:00.000Z",
            "to": "2024-05-06T11:00:30.000Z",
            "workedMinutes": 90,
            "breakMinutes": 30,
            "billable": True,
            "details": "landing page",
        }
    ]
    assert sim.project_timer("anna") == stopped.body


async def test_stop_while_paused_finalises_the_break(api: Api) -> None:
    await api.start(at="09:00")
    await api.timer("pause", at="09:10")
    stopped = await api.timer("stop", at="09:25")
    assert stopped.body["workedSeconds"] == 600
    assert stopped.body["breakSeconds"] == 900
    assert stopped.body["stopped"] is True


async def test_restart_after_stop(api: Api) -> None:
    await api.start(at="09:00")
    await api.timer("stop", at="09:10")
    again = await api.start(at="09:20", clientName="Globex", projectName="Website")
    assert again.status == 200
    assert again.body["clientName"] == "Globex"
    assert again.body["workedSeconds"] == 0


@pytest.mark.parametrize("prefix", ["timers/", ""])
async def test_routes_with_and_without_timers_prefix(api: Api, prefix: str) -> None:
    body = {"username": "ben", "date": ts("08:00")}
    start = body | {"clientName": "Initech", "projectName": "Support"}
    assert (await api.post(f"{prefix}project_timer/start", start)).status == 200
    assert (await api.post(f"{prefix}project_timer/pause", body)).status == 200
    assert (await api.post(f"{prefix}project_timer/resume", body)).status == 200
    assert (await api.post(f"{prefix}project_timer/stop", body)).status == 200
    timer = await read(api, "ben", f"{prefix}project_timer")
    assert timer["stopped"] is True


@pytest.mark.parametrize(
    ("setup", "verb", "code"),
    [
        ([], "pause", 15011),
        ([], "stop", 15011),
        ([], "resume", 15012),
        (["start"], "start", 15010),
        (["start"], "resume", 15012),
        (["start", "pause"], "start", 15010),
        (["start", "pause"], "pause", 15011),
        (["start", "stop"], "pause", 15011),
        (["start", "stop"], "stop", 15011),
        (["start", "stop"], "resume", 15012),
    ],
)
async def test_state_conflicts(
    api: Api, sim: Simulator, setup: list[str], verb: str, code: int
) -> None:
    for step in setup:
        reply = await (api.start() if step == "start" else api.timer(step))
        assert reply.status == 200
    before = sim.project_timer("anna")
    reply = await (api.start() if verb == "start" else api.timer(verb))
    assert reply.status == 409
    assert reply.code == code
    assert reply.body["errors"][0]["status"] == 409
    assert sim.project_timer("anna") == before


async def test_date_before_last_change(api: Api, sim: Simulator) -> None:
    await api.start(at="09:00")
    reply = await api.timer("pause", at="08:59")
    assert reply.status == 400
    assert reply.code == 15013
    assert (await api.timer("pause", at="09:00")).status == 200
    assert (await api.timer("resume", at="08:00")).code == 15013
    assert (await api.timer("stop", at="08:00")).code == 15013
    assert (await api.timer("stop", at="09:05")).status == 200
    assert (await api.start(at="09:04")).code == 15013
    assert sim.project_timer("anna")["stopped"] is True


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"clientName": "Nobody"}, 404, 15030),
        ({"projectName": "Intranet"}, 404, 15030),
        ({"clientName": "Initech", "projectName": "Legacy"}, 404, 15030),
        ({"taskName": "Sleeping"}, 404, 15030),
        ({"clientName": ""}, 400, 15001),
        ({"projectName": None}, 400, 15001),
        ({"note": 5}, 400, 15001),
        ({"taskName": ["Design"]}, 400, 15001),
    ],
)
async def test_start_refusals(
    api: Api, fields: dict[str, Any], status: int, code: int
) -> None:
    reply = await api.start(**fields)
    assert (reply.status, reply.code) == (status, code)
    assert await read(api) == {}


async def test_shared_project_name_needs_its_client(api: Api) -> None:
    acme = await api.start("anna", clientName="ACME", projectName="Website")
    globex = await api.start("ben", clientName="Globex", projectName="Website")
    assert acme.status == globex.status == 200


async def test_disabled_project_while_running(api: Api, sim: Simulator) -> None:
    await api.start(clientName="ACME", projectName="Mobile App")
    sim.set_project_enabled("ACME", "Mobile App", enabled=False)
    assert (await api.timer("stop", at="10:00")).status == 200
    assert (await api.start(at="10:05", projectName="Mobile App")).code == 15030
    sim.set_project_enabled("ACME", "Mobile App", enabled=True)
    assert (await api.start(at="10:05", projectName="Mobile App")).status == 200


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"date": ts("09:00")}, 400, 15001),
        ({"username": "", "date": ts("09:00")}, 400, 15001),
        ({"username": "anna"}, 400, 15001),
        ({"username": "anna", "date": "2024-05-06"}, 400, 15001),
        ({"username": "anna", "date": 1714986000}, 400, 15001),
        ({"username": "zoe", "date": ts("09:00")}, 404, 15020),
    ],
)
async def test_who_and_when_refusals(
    api: Api, body: dict[str, object], status: int, code: int
) -> None:
    reply = await api.post("timers/project_timer/pause", body)
    assert (reply.status, reply.code) == (status, code)


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"date": ts("09:00")}, 400, 15001),
        ({"username": "anna"}, 400, 15001),
        ({"username": "anna", "date": "noon"}, 400, 15001),
        ({"username": "zoe", "date": ts("09:00")}, 404, 15020),
    ],
)
async def test_read_refusals(
    api: Api, params: dict[str, str], status: int, code: int
) -> None:
    reply = await api.get(READ, **params)
    assert (reply.status, reply.code) == (status, code)


@pytest.mark.parametrize("data", ["", "not json", "[1, 2]", '"text"'])
async def test_body_must_be_a_json_object(api: Api, data: str) -> None:
    reply = await api.post(
        "timers/project_timer/pause",
        data=data,
        headers={"Content-Type": "application/json"},
    )
    assert (reply.status, reply.code) == (400, 15001)


async def test_offset_and_fraction_use_the_wall_clock(api: Api) -> None:
    await api.post(
        "timers/project_timer/start",
        {
            "username": "anna",
            "date": "2024-05-06T09:00:00.750+02:00",
            "clientName": "ACME",
            "projectName": "Website",
        },
    )
    paused = await api.post(
        "timers/project_timer/pause",
        {"username": "anna", "date": "2024-05-06T09:01:00Z"},
    )
    assert paused.body["startedAt"] == "2024-05-06T09:00:00.000Z"
    assert paused.body["workedSeconds"] == 60


async def test_empty_action_responses(api: Api, sim: Simulator) -> None:
    sim.empty_action_responses = True
    reply = await api.start()
    assert reply.status == 204
    assert reply.text == ""
    assert sim.project_timer("anna")["playing"] is True
    refused = await api.start()
    assert refused.status == 409
