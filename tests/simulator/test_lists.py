"""The list resources: content, filters, paging, availability."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from simulator import Simulator
from tests.api.bodies import PROJECTS

from .conftest import Api, ts


async def test_users(api: Api) -> None:
    reply = await api.get("users")
    assert reply.status == 200
    assert [user["username"] for user in reply.body] == [
        "anna",
        "ben",
        "clara",
        "david",
    ]
    anna = reply.body[0]
    assert anna == {
        "ID": 1,
        "username": "anna",
        "firstName": "Anna",
        "lastName": "Berger",
        "email": "anna.berger@demo.example",
        "admin": True,
        "teamLead": True,
        "language": "de",
        "personalNumber": "P0001",
    }
    assert {user["language"] for user in reply.body} == {"de", "en"}
    assert not any(user["admin"] for user in reply.body[1:])
    only = await api.get("users", username="ben")
    assert [user["lastName"] for user in only.body] == ["Hofer"]
    assert (await api.get("users", username="zoe")).body == []


async def test_clients(api: Api) -> None:
    reply = await api.get("clients")
    assert [client["name"] for client in reply.body] == ["ACME", "Globex", "Initech"]
    assert [client["ID"] for client in reply.body] == [1, 2, 3]
    assert all(client["enabled"] for client in reply.body)
    assert set(reply.body[0]) == {"ID", "name", "enabled", "color", "notes"}
    assert [c["ID"] for c in (await api.get("clients", name="Globex")).body] == [2]


async def test_projects(api: Api, sim: Simulator) -> None:
    reply = await api.get("projects")
    names = [
        (p["clientName"], p["projectName"], p["projectEnabled"]) for p in reply.body
    ]
    assert names == PROJECTS
    assert set(reply.body[0]) == {
        "ID",
        "projectName",
        "clientName",
        "projectEnabled",
        "notes",
        "hourRate",
        "timeEstimated",
        "budgetEstimated",
    }
    websites = await api.get("projects", projectName="Website")
    assert [p["clientName"] for p in websites.body] == ["ACME", "Globex"]
    acme = await api.get("projects", clientName="ACME")
    assert [p["projectName"] for p in acme.body] == ["Website", "Mobile App"]
    both = await api.get("projects", clientName="Globex", projectName="Website")
    assert [p["ID"] for p in both.body] == [2]
    sim.set_project_enabled("Initech", "Legacy", enabled=True)
    legacy = await api.get("projects", projectName="Legacy")
    assert legacy.body[0]["projectEnabled"] is True


async def test_tasks(api: Api) -> None:
    reply = await api.get("tasks")
    assert [task["name"] for task in reply.body] == [
        "Development",
        "Design",
        "Meeting",
        "Support",
    ]
    assert set(reply.body[0]) == {"ID", "name", "hourRate"}
    assert (await api.get("tasks", name="Meeting")).body[0]["ID"] == 3


async def test_absences(api: Api) -> None:
    assert (await api.get("absences")).body == []
    assert (await api.get("absences", limit="5000")).status == 400


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["anna", "ben", "clara", "david"]),
        ({"limit": "2"}, ["anna", "ben"]),
        ({"limit": "2", "page_number": "1"}, ["clara", "david"]),
        ({"limit": "2", "page": "1"}, ["clara", "david"]),
        ({"limit": "3", "page_number": "1", "page": "0"}, ["david"]),
        ({"limit": "2", "page_number": "5"}, []),
        ({"limit": "0"}, []),
        ({"limit": "1000"}, ["anna", "ben", "clara", "david"]),
        ({"limit": ""}, ["anna", "ben", "clara", "david"]),
    ],
)
async def test_paging(api: Api, params: dict[str, str], expected: list[str]) -> None:
    reply = await api.get("users", **params)
    assert [user["username"] for user in reply.body] == expected


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "1001"},
        {"limit": "-1"},
        {"limit": "ten"},
        {"page_number": "-1"},
        {"page": "1.5"},
    ],
)
async def test_paging_refusals(api: Api, params: dict[str, str]) -> None:
    reply = await api.get("clients", **params)
    assert (reply.status, reply.code) == (400, 15001)


async def test_default_limit_is_50() -> None:
    sim = Simulator(extra_users=60)
    assert len(sim.state.account.users) == 64
    assert "user060" in sim.state.account.users
    assert sim.state.account.users["user001"].id == 5
    async with sim:
        import aiohttp

        from .conftest import AUTH

        async with aiohttp.ClientSession(headers=AUTH) as session:
            api = Api(session, sim.url)
            first = await api.get("users")
            second = await api.get("users", page_number="1")
    assert len(first.body) == 50
    assert len(second.body) == 14
    assert second.body[-1]["username"] == "user060"


async def test_attendances_list(api: Api, sim: Simulator) -> None:
    await api.attendance("start", "anna", "08:00", day="2024-05-06")
    await api.attendance("stop", "anna", "12:00", day="2024-05-06")
    await api.attendance("start", "ben", "09:00", day="2024-05-07")
    await api.attendance("start", "anna", "08:00", day="2024-05-07")
    everything = await api.get("attendances")
    assert [e["id"] for e in everything.body] == [1, 2, 3]
    annas = await api.get("attendances", username="anna")
    assert [e["id"] for e in annas.body] == [1, 3]
    tuesday = await api.get("attendances", **{"from": "2024-05-07", "to": "2024-05-07"})
    assert [e["id"] for e in tuesday.body] == [2, 3]
    monday = await api.get("attendances", to="2024-05-06")
    assert [e["id"] for e in monday.body] == [1]
    since = await api.get("attendances", **{"from": ts("08:30", "2024-05-07")})
    assert [e["id"] for e in since.body] == [2]
    bad = await api.get("attendances", to="May")
    assert (bad.status, bad.code) == (400, 15001)
    paged = await api.get("attendances", limit="1", page_number="2")
    assert [e["id"] for e in paged.body] == [3]
    assert sim.attendance_timer("anna")["id"] == 3


async def test_project_time_entries_filters(api: Api, sim: Simulator) -> None:
    for username, day, client, minutes in (
        ("anna", 6, "ACME", 60),
        ("ben", 7, "Globex", 45),
    ):
        start = datetime(2024, 5, day, 9)
        fields = {"clientName": client, "projectName": "Website"}
        sim.act(username, "project_timer/start", start, **fields)
        sim.act(username, "project_timer/stop", start + timedelta(minutes=minutes))
    all_entries = await api.get("project_time_entries")
    assert [e["ID"] for e in all_entries.body] == [1, 2]
    assert all_entries.body[1]["workedMinutes"] == 45
    assert all_entries.body[1]["task"] is None
    by_user = await api.get("project_time_entries", user="ben")
    assert [e["ID"] for e in by_user.body] == [2]
    by_username = await api.get("project_time_entries", username="anna")
    assert [e["ID"] for e in by_username.body] == [1]
    by_client = await api.get("project_time_entries", clientName="Globex")
    assert [e["ID"] for e in by_client.body] == [2]
    by_project = await api.get("project_time_entries", projectName="Website")
    assert len(by_project.body) == 2
    by_day = await api.get("project_time_entries", **{"from": "2024-05-07"})
    assert [e["ID"] for e in by_day.body] == [2]


async def test_work_reports(api: Api, sim: Simulator) -> None:
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 8))
    sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 12))
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 12, 30))
    sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 17, 15))
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 7, 8))  # running
    reply = await api.reports("anna", "2024-05-05", ts("18:00", "2024-05-07"))
    assert reply.status == 200
    sunday, monday, tuesday = reply.body
    assert sunday == {
        "username": "anna",
        "workDate": "2024-05-05",
        "workStart": None,
        "workEnd": None,
        "targetSeconds": 0,
        "workedSeconds": 0,
        "breakSeconds": 0,
        "workTargetDifference": 0,
        "holiday": False,
    }
    assert monday["workStart"] == "2024-05-06T08:00:00.000Z"
    assert monday["workEnd"] == "2024-05-06T17:15:00.000Z"
    assert monday["targetSeconds"] == 28800
    assert monday["workedSeconds"] == 4 * 3600 + 4 * 3600 + 45 * 60
    assert monday["breakSeconds"] == 1800
    assert monday["workTargetDifference"] == 45 * 60
    assert tuesday["workedSeconds"] == 0
    assert tuesday["workStart"] is None
    assert tuesday["workTargetDifference"] == -28800

    paged = await api.reports(
        "anna", "2024-05-01", "2024-05-31", limit="2", page_number="1"
    )
    assert [row["workDate"] for row in paged.body] == ["2024-05-03", "2024-05-04"]
    beyond = await api.reports("anna", "2024-05-01", "2024-05-02", page_number="99")
    assert beyond.body == []


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"from": "2024-05-01", "to": "2024-05-02"}, 400, 15001),
        ({"username": "anna", "to": "2024-05-02"}, 400, 15001),
        ({"username": "anna", "from": "2024-05-01"}, 400, 15001),
        ({"username": "anna", "from": "May", "to": "2024-05-02"}, 400, 15001),
        ({"username": "anna", "from": "2024-05-03", "to": "2024-05-02"}, 400, 15001),
        ({"username": "zoe", "from": "2024-05-01", "to": "2024-05-02"}, 404, 15020),
        (
            {
                "username": "anna",
                "from": "2024-05-01",
                "to": "2024-05-02",
                "limit": "x",
            },
            400,
            15001,
        ),
    ],
)
async def test_work_report_refusals(
    api: Api, params: dict[str, str], status: int, code: int
) -> None:
    reply = await api.get("work_reports", **params)
    assert (reply.status, reply.code) == (status, code)


async def test_features_unavailable(api: Api, sim: Simulator) -> None:
    sim.users_endpoint_available = False
    sim.work_reports_available = False
    users = await api.get("users")
    assert (users.status, users.code) == (404, 15050)
    reports = await api.reports("anna", "2024-05-01", "2024-05-01")
    assert (reports.status, reports.code) == (404, 15050)
    assert (await api.get("clients")).status == 200
