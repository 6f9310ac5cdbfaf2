"""Dialects of how answers are written: timestamps and errors; control route and CLI."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from simulator import Simulator
from simulator.__main__ import parse_args, serve
from simulator.dialect import Dialect

from .conftest import AUTH, JSON, Api, ts

HTML = "text/html; charset=utf-8"
DAY = "2026-06-03"  # a Wednesday, summer time in Vienna


@pytest.fixture
async def control(sim: Simulator) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as session:
        yield Api(session, sim.url)


# -- timestamps --------------------------------------------------------------------


def _work(sim: Simulator) -> None:
    """13:00:05-13:10:50 on a project and at work, and a vacation day."""
    sim.act(
        "anna",
        "project_timer/start",
        datetime(2026, 6, 3, 13, 0, 5),
        clientName="ACME",
        projectName="Website",
    )
    sim.act("anna", "project_timer/stop", datetime(2026, 6, 3, 13, 10, 50))
    sim.act("anna", "attendance_timer/start", datetime(2026, 6, 3, 13, 0, 5))
    sim.act("anna", "attendance_timer/stop", datetime(2026, 6, 3, 13, 10, 50))
    sim.add_absence("anna", date(2026, 6, 4), date(2026, 6, 4))


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("millis", "2026-06-03T13:00:05.000Z", "2026-06-03T13:10:50.000Z"),
        ("seconds", "2026-06-03T13:00:05Z", "2026-06-03T13:10:50Z"),
        ("offset", "2026-06-03T13:00:05+02:00", "2026-06-03T13:10:50+02:00"),
        ("minutes", "2026-06-03T13:00:00.000Z", "2026-06-03T13:10:00.000Z"),
    ],
)
async def test_timestamps(
    api: Api, sim: Simulator, value: Any, start: str, end: str
) -> None:
    _work(sim)
    sim.dialect = Dialect(timestamps=value)
    now = {"username": "anna", "date": f"{DAY}T14:00:00.000Z"}
    timer = (await api.get("timers/project_timer", **now)).body
    assert (timer["startedAt"], timer["workedSeconds"]) == (start, 645)
    attendance = (await api.get("attendance_timer", **now)).body
    assert (attendance["from"], attendance["to"]) == (start, end)
    assert attendance["workedMinutes"] == 10
    entry = (await api.get("project_time_entries")).body[0]
    assert (entry["from"], entry["to"], entry["workedMinutes"]) == (start, end, 10)
    report = (
        await api.get("work_reports", username="anna", **{"from": DAY, "to": DAY})
    ).body[0]
    assert (report["workDate"], report["workStart"], report["workEnd"]) == (
        DAY,
        start,
        end,
    )
    assert report["workedSeconds"] == 645
    absence = (await api.get("absences")).body[0]
    assert (absence["from"], absence["to"]) == ("2026-06-04", "2026-06-04")
    clocked_in = await api.attendance("start", at="15:00:07", day=DAY)
    assert clocked_in.body["from"] == start.replace("13:00:05", "15:00:07").replace(
        "13:00:00", "15:00:00"
    )
    assert sim.attendance_timer("anna")["from"] == "2026-06-03T15:00:07.000Z"


@pytest.mark.parametrize(
    ("zone", "moment", "written"),
    [
        ("Europe/Vienna", datetime(2026, 1, 15, 9), "2026-01-15T09:00:00+01:00"),
        ("Europe/Vienna", datetime(2026, 10, 25, 2, 30), "2026-10-25T02:30:00+02:00"),
        ("Europe/Vienna", datetime(2026, 3, 29, 2, 30), "2026-03-29T02:30:00+01:00"),
        ("America/New_York", datetime(2026, 6, 3, 9), "2026-06-03T09:00:00-04:00"),
        ("UTC", datetime(2026, 6, 3, 9), "2026-06-03T09:00:00+00:00"),
    ],
)
async def test_offsets_follow_the_time_zone(
    api: Api, sim: Simulator, zone: str, moment: datetime, written: str
) -> None:
    sim.dialect = Dialect(timestamps="offset")
    sim.time_zone = ZoneInfo(zone)
    sim.act("ben", "attendance_timer/start", moment)
    reply = await api.get("attendance_timer", username="ben", date=written)
    assert reply.body["from"] == written


# -- errors ------------------------------------------------------------------------

CONFLICT = {"title": "Already clocked in", "status": 409, "code": 15040, "detail": ""}
UNAUTHORIZED = {
    "title": "Unauthorized",
    "status": 401,
    "code": 15000,
    "detail": "invalid API key or secret",
}
UNKNOWN = {
    "title": "Unknown route",
    "status": 404,
    "code": 15050,
    "detail": "no route GET /api/v2/ext/nothing",
}
INVALID = {
    "title": "Missing field",
    "status": 400,
    "code": 15001,
    "detail": "username is required",
}


def _page(line: str) -> str:
    return (
        f"<html><head><title>{line}</title></head><body><h1>{line}</h1></body></html>"
    )


def _uncoded(item: dict[str, Any]) -> dict[str, Any]:
    return {"errors": [{k: v for k, v in item.items() if k != "code"}]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "coded",
            [
                (401, JSON, {"errors": [UNAUTHORIZED]}),
                (404, JSON, {"errors": [UNKNOWN]}),
                (409, JSON, {"errors": [CONFLICT]}),
                (400, JSON, {"errors": [INVALID]}),
            ],
        ),
        (
            "uncoded",
            [
                (401, JSON, _uncoded(UNAUTHORIZED)),
                (404, JSON, _uncoded(UNKNOWN)),
                (409, JSON, _uncoded(CONFLICT)),
                (400, JSON, _uncoded(INVALID)),
            ],
        ),
        (
            "message",
            [
                (
                    401,
                    JSON,
                    {
                        "message": "Unauthorized: invalid API key or secret",
                        "status": 401,
                    },
                ),
                (
                    404,
                    JSON,
                    {
                        "message": "Unknown route: no route GET /api/v2/ext/nothing",
                        "status": 404,
                    },
                ),
                (409, JSON, {"message": "Already clocked in", "status": 409}),
                (
                    400,
                    JSON,
                    {"message": "Missing field: username is required", "status": 400},
                ),
            ],
        ),
        (
            "html",
            [
                (401, HTML, _page("401 Unauthorized")),
                (404, HTML, _page("404 Not Found")),
                (409, HTML, _page("409 Conflict")),
                (400, HTML, _page("400 Bad Request")),
            ],
        ),
        (
            "in_200",
            [
                (200, JSON, {"success": False, "errors": [UNAUTHORIZED]}),
                (200, JSON, {"success": False, "errors": [UNKNOWN]}),
                (200, JSON, {"success": False, "errors": [CONFLICT]}),
                (200, JSON, {"success": False, "errors": [INVALID]}),
            ],
        ),
        (
            "envelope",
            [
                (
                    200,
                    JSON,
                    {
                        "status": 401,
                        "message": "Unauthorized: invalid API key or secret",
                        "data": None,
                    },
                ),
                (
                    200,
                    JSON,
                    {
                        "status": 404,
                        "message": "Unknown route: no route GET /api/v2/ext/nothing",
                        "data": None,
                    },
                ),
                (
                    200,
                    JSON,
                    {"status": 409, "message": "Already clocked in", "data": None},
                ),
                (
                    200,
                    JSON,
                    {
                        "status": 400,
                        "message": "Missing field: username is required",
                        "data": None,
                    },
                ),
            ],
        ),
    ],
)
async def test_errors(
    api: Api,
    sim: Simulator,
    value: Any,
    expected: list[tuple[int, str, Any]],
) -> None:
    sim.dialect = Dialect(errors=value)
    await api.attendance("start", at="08:00")
    async with aiohttp.ClientSession() as stranger:
        unauthorized = await Api(stranger, sim.url).get("users")
    replies = [
        unauthorized,
        await api.get("nothing"),
        await api.attendance("start", at="09:00"),
        await api.post("attendance_timer/stop", {"date": "2026-06-03T09:00:00Z"}),
    ]
    for reply, (status, kind, body) in zip(replies, expected, strict=True):
        assert reply.status == status
        assert reply.headers["Content-Type"] == kind
        assert (reply.text if kind == HTML else reply.body) == body


async def test_attendance_read_of_the_whole_account(api: Api, sim: Simulator) -> None:
    """``attendance_read="account"``: every user's latest entry, each naming its
    user; an unknown user is still refused."""
    sim.dialect = Dialect(attendance_read="account")
    assert (
        await api.get("attendance_timer", username="anna", date=ts("12:00"))
    ).body == []
    await api.attendance("start", "anna", at="08:00")
    await api.attendance("start", "ben", at="08:30")
    await api.attendance("stop", "anna", at="12:00")
    read = await api.get("attendance_timer", username="anna", date=ts("12:00"))
    assert [(row["user"], row["to"]) for row in read.body] == [
        ("anna", ts("12:00")),
        ("ben", None),
    ]
    unknown = await api.get("attendance_timer", username="zoe", date=ts("12:00"))
    assert (unknown.status, unknown.code) == (404, 15020)


async def test_error_forms_reach_every_refusal(api: Api, sim: Simulator) -> None:
    sim.dialect = Dialect(errors="html", read_method="post", no_timer="not_found")
    refused = await api.get("users")
    assert (refused.status, refused.headers["Allow"]) == (405, "POST")
    assert refused.text == _page("405 Method Not Allowed")
    no_timer = await api.post(
        "attendance_timer?username=anna&date=2026-06-03T09:00:00Z"
    )
    assert (no_timer.status, no_timer.text) == (404, _page("404 Not Found"))
    sim.users_endpoint_available = False
    assert (await api.post("users")).text == _page("404 Not Found")


async def test_injected_faults_keep_their_forms(api: Api, sim: Simulator) -> None:
    sim.dialect = Dialect(errors="html")
    sim.fail_next(status=503)
    sim.rate_limit_next()
    failed = await api.get("users")
    assert (failed.status, failed.code) == (503, 15090)
    limited = await api.get("users")
    assert (limited.status, limited.code) == (429, 15060)


# -- control route and CLI ---------------------------------------------------------


async def test_dialect_control_route(control: Api, api: Api, sim: Simulator) -> None:
    assert (await control.get("/_simulator/dialect")).body == Dialect().to_json()
    changed = await control.post(
        "/_simulator/dialect", {"errors": "html", "read_method": "post"}
    )
    assert changed.status == 200
    assert changed.body == Dialect(errors="html", read_method="post").to_json()
    assert sim.dialect == Dialect(errors="html", read_method="post")
    assert (await api.get("users")).status == 405
    reset = await control.post("/_simulator/dialect", {"reset": True, "lists": "page"})
    assert reset.body == Dialect(lists="page").to_json()
    kept = await control.post("/_simulator/dialect", {"reset": False})
    assert kept.body == reset.body
    assert (await control.get("/_simulator/dialect")).body == reset.body


@pytest.mark.parametrize(
    "body",
    [
        {"colour": "red"},
        {"errors": "loud"},
        {"errors": 1},
        {"reset": "yes"},
        [],
    ],
)
async def test_dialect_control_route_refusals(
    control: Api, sim: Simulator, body: Any
) -> None:
    sim.dialect = Dialect(errors="html")
    reply = await control.post("/_simulator/dialect", body)
    assert (reply.status, reply.code) == (400, 15001)  # control routes keep one form
    assert sim.dialect == Dialect(errors="html")


def test_cli_dialect_option() -> None:
    args = parse_args(["--dialect", "read_method=post,errors=html"])
    assert args.dialect == Dialect(read_method="post", errors="html")
    assert parse_args([]).dialect == Dialect()
    assert parse_args([]).time_zone == ZoneInfo("Europe/Vienna")
    assert parse_args(["--time-zone", "UTC"]).time_zone == ZoneInfo("UTC")
    assert parse_args([]).history_weeks == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["--dialect", "errors=loud"],
        ["--dialect", "colour=red"],
        ["--dialect", "post"],
        ["--history-weeks", "-1"],
        ["--time-zone", "Mars/Olympus"],
    ],
)
def test_cli_refusals(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(argv)
    assert exited.value.code == 2


async def test_cli_serves_the_dialect_and_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stopping = asyncio.Event()
    argv = [
        "--port",
        "0",
        "--quiet",
        "--dialect",
        "errors=message",
        "--history-weeks",
        "1",
    ]
    task = asyncio.create_task(serve(parse_args(argv), stopping))
    out = ""
    async with asyncio.timeout(10):
        while "Press Ctrl+C" not in out:
            await asyncio.sleep(0.01)
            out += capsys.readouterr().out
    assert "dialect:    errors=message" in out
    url = next(
        line.split("url:")[1].strip() for line in out.splitlines() if "url:" in line
    )
    async with aiohttp.ClientSession(headers=AUTH) as session:
        api = Api(session, url)
        dialect = await api.get("/_simulator/dialect")
        unknown = await api.get("nothing")
        attendances = await api.get("attendances", limit="1000")
    stopping.set()
    assert await task == 0
    assert dialect.body["errors"] == "message"
    assert unknown.body == {
        "message": "Unknown route: no route GET /api/v2/ext/nothing",
        "status": 404,
    }
    assert len(attendances.body) >= 2 * 4 * 3  # at least three weekdays of four users
