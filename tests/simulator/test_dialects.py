"""Dialects: the switches, and the exact answers of read_method, project_timer_path,
no_timer and action_answer (how answers are written: test_dialect_formats.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from simulator import Simulator
from simulator.dialect import CHOICES, DEFAULT_DIALECT, DIALECTS, Dialect
from tests.api.bodies import NULL_TIMER, RUNNING

from .conftest import JSON, LISTS, Api, Reply, error_body, ts

type Body = dict[str, Any] | None  # an answer's JSON body; None: no body

PT = "timers/project_timer"
AT = "attendance_timer"


def content_type(reply: Reply) -> str:
    return reply.headers.get("Content-Type", "")


async def read(api: Api, path: str = PT, username: str = "anna") -> Reply:
    return await api.get(path, username=username, date=ts("12:00"))


# -- the Dialect class ---------------------------------------------------------


def test_dialects_hold_default_and_every_single_switch() -> None:
    assert DIALECTS["default"] == Dialect() == DEFAULT_DIALECT
    assert len(DIALECTS) == 1 + sum(len(values) - 1 for values in CHOICES.values())
    for key, dialect in DIALECTS.items():
        if key == "default":
            continue
        name, value = key.split("=")
        assert getattr(dialect, name) == value
        assert dialect == replace(DEFAULT_DIALECT, **{name: value})
        assert dialect.describe() == key
    assert "errors=html" in DIALECTS
    assert Dialect().describe() == "default"
    assert DEFAULT_DIALECT.to_json() == {
        "read_method": "get",
        "project_timer_path": "both",
        "no_timer": "last",
        "action_answer": "timer",
        "timestamps": "millis",
        "errors": "coded",
        "lists": "bare",
        "list_ids": "ID",
        "attendance_read": "user",
    }


def test_dialect_values_are_checked() -> None:
    with pytest.raises(ValueError, match="errors must be one of"):
        Dialect(errors="loud")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown dialect fields: colour"):
        Dialect().changed({"colour": "red"})
    with pytest.raises(ValueError, match="lists must be one of"):
        replace(Dialect(), lists="paged")  # type: ignore[arg-type]
    assert Dialect.parse(" read_method=post, ,errors=html ") == Dialect(
        read_method="post", errors="html"
    )
    assert Dialect.parse("") == Dialect()
    with pytest.raises(ValueError, match="expected field=value"):
        Dialect.parse("post")


@pytest.mark.parametrize("key", list(DIALECTS))
async def test_a_working_day_in_every_dialect(
    api: Api, sim: Simulator, key: str
) -> None:
    """Every dialect serves a whole cycle without a server error."""
    sim.dialect = DIALECTS[key]
    method = sim.dialect.read_method.upper()
    path = "project_timer" if sim.dialect.project_timer_path == "legacy" else PT
    day = {"username": "anna", "date": ts("09:00")}
    start = {**day, "clientName": "ACME", "projectName": "Website"}
    replies = [
        await api.call(method, path, params=day, body={}),
        await api.post(path + "/start", start),
        await api.post(path + "/stop", {**day, "date": ts("10:00")}),
        await api.post(AT + "/start", day),
        await api.call(method, AT, params=day, body={}),
        await api.call(method, "users", body={}),
    ]
    assert all(reply.status < 500 for reply in replies)
    assert [r.status for r in sim.requests] == [r.status for r in replies]
    assert sim.project_timer("anna")["stopped"] is True


# -- read_method -----------------------------------------------------------------


async def test_read_method_get(api: Api) -> None:
    assert (await read(api)).body == {}
    by_post = await api.post(PT, {}, params={"username": "anna", "date": ts("09:00")})
    assert (by_post.status, by_post.code) == (404, 15050)


async def test_read_method_post(api: Api, sim: Simulator) -> None:
    sim.dialect = Dialect(read_method="post")
    for path in (PT, "project_timer", AT, *LISTS):
        refused = await api.get(path, username="anna", date=ts("09:00"))
        assert refused.status == 405
        assert refused.headers["Allow"] == "POST"
        assert content_type(refused) == JSON
        detail = f"read /api/v2/ext/{path} by POST"
        assert refused.body == error_body("Method Not Allowed", 405, 15051, detail)
    assert (await api.call("HEAD", "users")).status == 405
    query = {"username": "anna", "date": ts("09:00")}
    empty = await api.post(PT, {}, params=query)
    assert (empty.status, empty.body) == (200, {})
    await api.start()
    from_body = await api.post(PT, query)
    assert from_body.body["playing"] is True
    mixed = await api.post(AT, {"username": "zoe", "date": 5}, params=query)
    assert mixed.body == {}  # the query's username wins; 5 is not taken as a date
    unknown = await api.post(AT, {"username": "zoe", "date": ts("09:00")})
    assert (unknown.status, unknown.code) == (404, 15020)
    users = await api.post("users", {"limit": 1, "page_number": True})
    assert [u["username"] for u in users.body] == ["anna"]
    paged = await api.post("users", {"limit": 3}, params={"limit": "2"})
    assert [u["username"] for u in paged.body] == ["anna", "ben"]
    no_body = await api.post("tasks")
    assert len(no_body.body) == 4
    bad = await api.post("tasks", [1])
    assert (bad.status, bad.code) == (400, 15001)
    not_json = await api.post("tasks", data="{oops")
    assert (not_json.status, not_json.code) == (400, 15001)
    assert (await api.timer("stop", at="10:00")).status == 200  # actions unchanged
    assert (await api.get(PT + "/stop")).status == 404


# -- project_timer_path -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "served", "unknown"),
    [
        ("both", ["timers/project_timer", "project_timer"], []),
        ("timers", ["timers/project_timer"], ["project_timer"]),
        ("legacy", ["project_timer"], ["timers/project_timer"]),
    ],
)
async def test_project_timer_path(
    api: Api, sim: Simulator, value: Any, served: list[str], unknown: list[str]
) -> None:
    sim.dialect = Dialect(project_timer_path=value)
    for username, path in zip(("ben", "clara"), served, strict=False):
        assert (await read(api, path)).status == 200
        started = await api.post(
            path + "/start",
            {
                "username": username,
                "date": ts("09:00"),
                "clientName": "ACME",
                "projectName": "Website",
            },
        )
        assert started.status == 200
        stopped = await api.post(
            path + "/stop", {"username": username, "date": ts("09:30")}
        )
        assert stopped.status == 200
    for path in unknown:
        for reply in (
            await read(api, path),
            await api.post(path + "/pause", {"username": "ben", "date": ts("10:00")}),
        ):
            assert (reply.status, reply.code) == (404, 15050)
            assert reply.body["errors"][0]["title"] == "Unknown route"
    assert (await read(api, AT)).status == 200  # the attendance path is one path


# -- no_timer --------------------------------------------------------------------

PROJECT_NULL = {
    **NULL_TIMER,
    **dict.fromkeys(("clientName", "projectName", "taskName", "note")),
}
ATTENDANCE_NULL = {
    "id": None,
    "user": "anna",
    "latitudeStart": None,
    "longitudeStart": None,
    "latitudeEnd": None,
    "longitudeEnd": None,
    "from": None,
    "to": None,
    "workedMinutes": 0,
    "breakMinutes": 0,
    "manual": False,
    "notes": None,
}
CLOCKED_IN = {**ATTENDANCE_NULL, "id": 1, "from": "2024-05-06T09:00:00.000Z"}


def _not_found(detail: str) -> dict[str, Any]:
    return error_body("No timer", 404, 15021, detail)


@pytest.mark.parametrize(
    ("value", "status", "project", "attendance"),
    [
        ("last", 200, {}, {}),
        ("empty", 200, {}, {}),
        (
            "not_found",
            404,
            _not_found("no running project timer"),
            _not_found("not clocked in"),
        ),
        ("no_content", 204, None, None),
        ("null_object", 200, PROJECT_NULL, ATTENDANCE_NULL),
    ],
)
async def test_no_timer(
    api: Api, sim: Simulator, value: Any, status: int, project: Body, attendance: Body
) -> None:
    sim.dialect = Dialect(no_timer=value)
    for path, expected in ((PT, project), (AT, attendance)):
        never = await read(api, path)
        assert (never.status, never.body) == (status, expected)
        assert content_type(never) == ("" if status == 204 else JSON)
        assert never.text == ("" if status == 204 else never.text)
        unknown = await read(api, path, "zoe")
        assert (unknown.status, unknown.code) == (404, 15020)
    running = (await api.start(at="09:00")).body
    clocked_in = (await api.attendance("start", at="09:00")).body
    assert (await read(api)).body == running
    assert (await read(api, AT)).body == clocked_in
    await api.timer("pause", at="10:00")
    assert (await read(api)).body["paused"] is True  # paused still runs
    stopped = (await api.timer("stop", at="11:00")).body
    clocked_out = (await api.attendance("stop", at="11:00")).body
    after_project, after_attendance = await read(api), await read(api, AT)
    if value == "last":
        assert (after_project.body, after_attendance.body) == (stopped, clocked_out)
    else:
        assert (after_project.status, after_project.body) == (status, project)
        assert (after_attendance.status, after_attendance.body) == (status, attendance)
    assert sim.project_timer("anna") == stopped  # the Python API keeps one form


# -- action_answer ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status", "project", "attendance"),
    [
        (
            "timer",
            200,
            {**RUNNING, "taskName": None, "note": None},
            CLOCKED_IN,
        ),
        ("no_content", 204, None, None),
        (
            "partial",
            200,
            {
                "username": "anna",
                "startedAt": "2024-05-06T09:00:00.000Z",
                "playing": True,
                "paused": False,
                "stopped": False,
            },
            {"id": 1, "user": "anna", "from": "2024-05-06T09:00:00.000Z", "to": None},
        ),
        ("success", 200, {"success": True}, {"success": True}),
    ],
)
async def test_action_answer(
    api: Api, sim: Simulator, value: Any, status: int, project: Body, attendance: Body
) -> None:
    sim.dialect = Dialect(action_answer=value)
    started = await api.start(at="09:00")
    clocked_in = await api.attendance("start", at="09:00")
    assert (started.status, started.body) == (status, project)
    assert (clocked_in.status, clocked_in.body) == (status, attendance)
    assert content_type(started) == ("" if status == 204 else JSON)
    refused = await api.start(at="09:05")  # refusals are not actions' answers
    assert (refused.status, refused.code) == (409, 15010)
    assert sim.act("anna", "project_timer/pause", datetime(2024, 5, 6, 10))["paused"]
    assert sim.empty_action_responses is (value == "no_content")


def test_empty_action_responses_is_an_alias() -> None:
    sim = Simulator()
    sim.empty_action_responses = True
    assert sim.dialect.action_answer == "no_content"
    sim.empty_action_responses = False
    assert sim.dialect.action_answer == "timer"
    sim.dialect = Dialect(action_answer="partial", errors="html")
    sim.empty_action_responses = False
    assert sim.dialect == Dialect(action_answer="partial", errors="html")
    sim.empty_action_responses = True
    assert sim.dialect == Dialect(action_answer="no_content", errors="html")
