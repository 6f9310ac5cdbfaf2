"""What the client saw of the service: keys and types for diagnostics, no values."""

from datetime import datetime
import json
from typing import Any

import pytest

from custom_components.timetrack.api import (
    Observations,
    TimeTrackClient,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackUnrecognizedError,
)
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator
from simulator.dialect import Dialect

from .bodies import MAY_6, T0_30S as T0, VIENNA
from .helpers import demo_client, list_calls
from .raw_http import RawServer, Reply

ENDPOINT_KEYS = {
    "method",
    "status",
    "content",
    "shape",
    "fullest_shape",
    "code",
    "recognised",
    "at",
}
# Every value the simulator's answers below carry that must not show.
VALUES = [
    "anna",
    "Anna",
    "Berger",
    "ACME",
    "Website",
    "Design",
    "2024-05",
    "demo.example",
    "P0001",
    "#e53935",
    DEMO_API_KEY,
    DEMO_API_SECRET,
]


def test_a_fresh_client_has_seen_nothing() -> None:
    api = TimeTrackClient("https://acme.timetrackenterprise.com", "k", "s")
    assert api.observations.as_dict() == {
        "choices": {
            "project_timer_path": None,
            "reads_by_post": [],
            "list_paging": {},
            "list_limit": {},
        },
        "endpoints": {},
    }
    assert Observations().as_dict() == api.observations.as_dict()


def check_endpoint(seen: dict[str, Any]) -> None:
    """One endpoint's entry: its keys, and each value's type."""
    assert set(seen) == ENDPOINT_KEYS
    assert seen["method"] in {"GET", "POST"}
    assert isinstance(seen["status"], int)
    assert seen["content"] in {"json", "none", "html", "text"}
    assert seen["recognised"] in {True, False, None}
    assert seen["code"] is None or type(seen["code"]) is int
    assert isinstance(seen["at"], str)
    assert datetime.fromisoformat(seen["at"]).tzinfo is not None
    if seen["content"] != "json":
        assert seen["shape"] is None
    if isinstance(seen["shape"], dict) and seen["shape"]:
        assert seen["fullest_shape"] == seen["shape"]
    elif seen["fullest_shape"] is not None:
        # An answer that held nothing ("list(0)", "null", {}) keeps the fuller
        # shape seen before it.
        assert isinstance(seen["fullest_shape"], dict)


async def test_diagnostics_after_every_call_in_an_odd_dialect(sim: Simulator) -> None:
    sim.dialect = Dialect(
        read_method="post", project_timer_path="legacy", lists="no_paging"
    )
    sim.add_absence("anna", MAY_6, MAY_6)
    async with demo_client(sim.url, time_zone=VIENNA) as api:
        await api.get_project_timer("anna", T0)
        await api.get_attendance_timer("anna", T0)
        await api.start_project_timer(
            "anna",
            client_name="ACME",
            project_name="Website",
            task_name="Design",
            at=T0,
        )
        await api.clock_in("anna", at=T0)
        for call in list_calls(api, "anna", MAY_6):
            await call()
        found = api.observations.as_dict()
    assert set(found) == {"choices", "endpoints"}
    lists = [
        "absences",
        "attendances",
        "clients",
        "project_time_entries",
        "projects",
        "tasks",
        "users",
        "work_reports",
    ]
    assert found["choices"] == {
        "project_timer_path": "project_timer",
        "reads_by_post": sorted(["attendance_timer", "project_timer", *lists]),
        "list_paging": dict.fromkeys(lists, "whole"),
        "list_limit": {},
    }
    assert sorted(found["endpoints"]) == sorted(
        [
            "attendance_timer",
            "attendance_timer/start",
            "project_timer",
            "project_timer/start",
            *lists,
        ]
    )
    for seen in found["endpoints"].values():
        check_endpoint(seen)
        assert (seen["status"], seen["content"], seen["recognised"]) == (
            200,
            "json",
            True,
        )
        assert seen["code"] is None
    assert found["endpoints"]["users"]["method"] == "POST"
    assert found["endpoints"]["users"]["shape"] == {
        "list(4) of": {
            "ID": "integer",
            "username": "text",
            "firstName": "text",
            "lastName": "text",
            "email": "text",
            "admin": "boolean",
            "teamLead": "boolean",
            "language": "text",
            "personalNumber": "text",
        }
    }
    start = found["endpoints"]["project_timer/start"]["shape"]
    assert start["playing"] == "boolean"
    assert start["startedAt"] == "text"
    assert start["workedSeconds"] == "integer"
    text = json.dumps(found)
    for value in VALUES:
        assert value not in text


async def test_unrecognised_and_failed_answers(
    raw: RawServer, raw_client: TimeTrackClient
) -> None:
    raw.json("GET", "timers/project_timer", {"username": "anna", "token": "abc"})
    with pytest.raises(TimeTrackUnrecognizedError):
        await raw_client.get_project_timer("anna", T0)
    raw.reply("GET", "tasks", Reply(500, "<html>anna</html>", content_type="text/html"))
    with pytest.raises(TimeTrackServerError):
        await raw_client.get_tasks()
    raw.json("GET", "clients", [{"ID": 1, "name": "ACME"}])
    await raw_client.get_clients()
    conflict = {"errors": [{"status": 409, "code": 15011, "detail": "anna: stopped"}]}
    raw.reply("POST", "timers/project_timer/pause", Reply(409, conflict))
    with pytest.raises(TimeTrackRequestError):
        await raw_client.pause_project_timer("anna", at=T0)
    found = raw_client.observations.as_dict()["endpoints"]
    for seen in found.values():
        check_endpoint(seen)
    timer = found["project_timer"]
    assert (timer["status"], timer["content"], timer["recognised"]) == (
        200,
        "json",
        False,
    )
    assert timer["shape"] == {"username": "text", "token": "text"}
    tasks = found["tasks"]
    assert (tasks["status"], tasks["content"], tasks["shape"]) == (500, "html", None)
    assert tasks["recognised"] is None
    clients = found["clients"]
    assert clients["shape"] == {"list(1) of": {"ID": "integer", "name": "text"}}
    assert clients["recognised"] is True
    pause = found["project_timer/pause"]
    assert (pause["status"], pause["code"], pause["recognised"]) == (409, 15011, None)
    text = json.dumps(found)
    for value in ("anna", "abc", "ACME"):
        assert value not in text


async def test_the_fullest_shape_outlives_an_empty_answer(
    raw: RawServer, raw_client: TimeTrackClient
) -> None:
    """An idle user's ``{}`` says little: the last answer holding something stays."""
    raw.reply(
        "GET",
        "timers/project_timer",
        Reply(200, {"stopped": True, "username": "anna"}),
        Reply(200, {}),
        Reply(502, "<html>bad gateway</html>", content_type="text/html"),
    )
    fullest = {"stopped": "boolean", "username": "text"}
    await raw_client.get_project_timer("anna", T0)
    await raw_client.get_project_timer("ben", T0)
    seen = raw_client.observations.as_dict()["endpoints"]["project_timer"]
    assert (seen["shape"], seen["fullest_shape"]) == ({}, fullest)
    with pytest.raises(TimeTrackServerError):
        await raw_client.get_project_timer("ben", T0)
    seen = raw_client.observations.as_dict()["endpoints"]["project_timer"]
    assert (seen["status"], seen["shape"], seen["fullest_shape"]) == (
        502,
        None,
        fullest,
    )
