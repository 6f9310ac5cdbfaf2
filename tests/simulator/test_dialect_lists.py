"""Dialects of lists: paging and wrapping (lists), the key of row ids (list_ids)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import aiohttp
import pytest

from simulator import Simulator
from simulator.dialect import Dialect

from .conftest import AUTH, JSON, LISTS, Api, Reply, error_body

# -- lists -------------------------------------------------------------------------

USERS = ["anna", "ben", "clara", "david"]


def _names(reply: Reply) -> list[str]:
    rows = reply.body["data"] if isinstance(reply.body, dict) else reply.body
    return [row["username"] for row in rows]


@pytest.mark.parametrize(
    ("value", "params", "expected"),
    [
        ("bare", {}, USERS),
        ("bare", {"limit": "2", "page_number": "1"}, ["clara", "david"]),
        ("bare", {"limit": "2", "page": "1"}, ["clara", "david"]),
        ("wrapped", {}, {"data": USERS, "total": 4}),
        (
            "wrapped",
            {"limit": "3", "page_number": "1"},
            {"data": ["david"], "total": 4},
        ),
        ("wrapped", {"limit": "3", "page_number": "9"}, {"data": [], "total": 4}),
        ("page", {}, USERS),
        ("page", {"limit": "2", "page": "1"}, ["anna", "ben"]),
        ("page", {"limit": "2", "page": "2"}, ["clara", "david"]),
        ("page", {"limit": "2", "page_number": "1"}, ["anna", "ben"]),
        ("page", {"limit": "2", "page": ""}, ["anna", "ben"]),
        ("no_paging", {}, USERS),
        ("no_paging", {"username": "ben"}, ["ben"]),
        ("page_from_0", {}, USERS),
        ("page_from_0", {"limit": "2", "page": "0"}, ["anna", "ben"]),
        ("page_from_0", {"limit": "2", "page": "1"}, ["clara", "david"]),
        ("page_from_0", {"limit": "2", "page_number": "1"}, ["anna", "ben"]),
        ("limit_ignored", {"limit": "2"}, USERS),
        ("limit_ignored", {"limit": "2", "page_number": "1"}, []),
        ("limit_100", {"limit": "100"}, USERS),
        ("limit_100", {"limit": "2", "page_number": "1"}, ["clara", "david"]),
    ],
)
async def test_lists(
    api: Api, sim: Simulator, value: Any, params: dict[str, str], expected: Any
) -> None:
    sim.dialect = Dialect(lists=value)
    reply = await api.get("users", **params)
    assert (reply.status, reply.headers["Content-Type"]) == (200, JSON)
    if isinstance(expected, dict):
        assert set(reply.body) == {"data", "total"}
        assert (_names(reply), reply.body["total"]) == (
            expected["data"],
            expected["total"],
        )
    else:
        assert isinstance(reply.body, list)
        assert _names(reply) == expected


@pytest.mark.parametrize(
    ("value", "params", "detail"),
    [
        ("no_paging", {"limit": "2"}, "limit is not supported"),
        ("no_paging", {"page": "0"}, "page is not supported"),
        ("no_paging", {"page_number": ""}, "page_number is not supported"),
        ("page", {"page": "0"}, "page must be 1 or more"),
        ("page", {"limit": "1001"}, "limit must be between 0 and 1000"),
        ("page_from_0", {"page": "x"}, "page must be a non-negative integer"),
        ("limit_100", {"limit": "101"}, "limit must be between 0 and 100"),
    ],
)
async def test_list_paging_refusals(
    api: Api, sim: Simulator, value: Any, params: dict[str, str], detail: str
) -> None:
    sim.dialect = Dialect(lists=value)
    reply = await api.get("clients", **params)
    assert (reply.status, reply.code) == (400, 15001)
    assert reply.body["errors"][0]["detail"] == detail
    if value == "no_paging":
        assert reply.body["errors"][0]["title"] == "Unknown parameter"


async def test_whole_lists_without_paging() -> None:
    async with Simulator(extra_users=60) as sim:
        sim.dialect = Dialect(lists="no_paging")
        async with aiohttp.ClientSession(headers=AUTH) as session:
            api = Api(session, sim.url)
            assert len((await api.get("users")).body) == 64
            reports = await api.reports("anna", "2026-01-01", "2026-12-31")
            sim.dialect = Dialect(lists="page")
            second = await api.get("users", page="2")
    assert len(reports.body) == 365
    assert [u["username"] for u in second.body] == [
        f"user{n:03d}" for n in range(47, 61)
    ]


async def test_pages_of_fifty_whatever_the_limit() -> None:
    async with Simulator(extra_users=60) as sim:
        sim.dialect = Dialect(lists="limit_ignored")
        async with aiohttp.ClientSession(headers=AUTH) as session:
            api = Api(session, sim.url)
            first = await api.get("users", limit="200")
            second = await api.get("users", limit="200", page_number="1")
    assert len(first.body) == 50
    assert [u["username"] for u in second.body] == [
        f"user{n:03d}" for n in range(47, 61)
    ]


async def test_lists_absent(api: Api, sim: Simulator) -> None:
    sim.dialect = Dialect(lists="absent")
    for name in LISTS:
        reply = await api.get(name)
        assert reply.status == 404
        detail = f"no route GET /api/v2/ext/{name}"
        assert reply.body == error_body("Unknown route", 404, 15050, detail)
    assert (await api.start()).status == 200


async def test_work_reports_page_from_one(api: Api, sim: Simulator) -> None:
    sim.dialect = Dialect(lists="wrapped")
    reply = await api.reports(
        "anna", "2026-06-01", "2026-06-07", limit="2", page_number="1"
    )
    assert [row["workDate"] for row in reply.body["data"]] == [
        "2026-06-03",
        "2026-06-04",
    ]
    assert reply.body["total"] == 7
    sim.dialect = Dialect(lists="page")
    paged = await api.reports("anna", "2026-06-01", "2026-06-07", limit="5", page="2")
    assert [row["workDate"] for row in paged.body] == ["2026-06-06", "2026-06-07"]


# -- list_ids ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ID", "id"])
async def test_list_ids(api: Api, sim: Simulator, value: Any) -> None:
    sim.dialect = Dialect(list_ids=value)
    sim.add_absence("ben", date(2026, 6, 1), date(2026, 6, 2))
    sim.act("ben", "attendance_timer/start", datetime(2026, 6, 3, 8))
    sim.act(
        "ben",
        "project_timer/start",
        datetime(2026, 6, 3, 8),
        clientName="ACME",
        projectName="Website",
    )
    sim.act("ben", "project_timer/stop", datetime(2026, 6, 3, 9))
    other = "id" if value == "ID" else "ID"
    for name in (
        "users",
        "clients",
        "projects",
        "tasks",
        "project_time_entries",
        "absences",
    ):
        row = (await api.get(name)).body[0]
        assert row[value] == 1
        assert other not in row
        assert next(iter(row)) == value
    attendance = (await api.get("attendances")).body[0]
    assert (attendance["id"], "ID" in attendance) == (1, False)
    assert sim.add_user("erik")["ID"] == 5  # the Python API keeps one form
