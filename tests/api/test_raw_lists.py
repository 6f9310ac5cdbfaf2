"""List answers the simulator does not give, served raw over HTTP."""

from datetime import datetime
import json
from typing import Any

import pytest

from custom_components.timetrack.api import (
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackNotFoundError,
    TimeTrackUnrecognizedError,
)

from .bodies import MAY_6, MAY_7, USERS, VIENNA
from .helpers import list_calls
from .raw_http import RawServer, Reply


@pytest.mark.parametrize(
    "body",
    [
        USERS,
        {"data": USERS},
        {"users": USERS},
        {"items": USERS, "total": 2},
        {"results": USERS, "page": 0},
        {"data": {"users": USERS}},
    ],
)
async def test_list_shapes(raw: RawServer, api: TimeTrackClient, body: Any) -> None:
    raw.json("GET", "users", body)
    assert [user.username for user in await api.get_users()] == ["anna", "ben"]
    assert api.observations.endpoints["users"].recognised is True


async def test_empty_lists(raw: RawServer, api: TimeTrackClient) -> None:
    raw.json("GET", "clients", {})
    assert await api.get_clients() == []
    raw.reply("GET", "tasks", Reply(204))
    assert await api.get_tasks() == []
    raw.json("GET", "projects", {"data": None, "projects": []})
    assert await api.get_projects() == []


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        ({"whatever": USERS, "count": 2}, None),
        ([*USERS, "junk", 3, None], None),
        ([*USERS, {"username": ""}], None),
        ([*USERS, {"firstName": "nameless"}], None),
        ({"username": "anna", "firstName": "Anna"}, None),
        ("users", "text"),
        (12, "integer"),
        ({"a": [], "b": []}, {"a": "list(0)", "b": "list(0)"}),
        ({"n": 1}, {"n": "integer"}),
    ],
)
async def test_lists_of_other_things_are_refused(
    raw: RawServer, api: TimeTrackClient, body: Any, shape: Any
) -> None:
    """Were read as the rows found (junk skipped, one object as one row) or as
    invalid responses: a list of other things is not a list, nor transient."""
    raw.json("GET", "users", body)
    with pytest.raises(TimeTrackUnrecognizedError) as err:
        await api.get_users()
    assert "users" in str(err.value)
    seen = api.observations.endpoints["users"]
    assert seen.recognised is False
    if shape is not None:
        assert seen.shape == shape
    assert "anna" not in json.dumps(seen.shape)
    assert "Anna" not in json.dumps(seen.shape)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (403, TimeTrackAuthenticationError),
        (401, TimeTrackAuthenticationError),
        (404, TimeTrackNotFoundError),
    ],
)
async def test_list_feature_unavailable(
    raw: RawServer, api: TimeTrackClient, status: int, error: type[TimeTrackError]
) -> None:
    names = ("users", "clients", "projects", "tasks", "work_reports")
    for path in (*names, "attendances", "project_time_entries", "absences"):
        raw.reply("GET", path, Reply(status, '{"errors": [{"title": "Forbidden"}]}'))
    for call in list_calls(api, "anna", MAY_6):
        with pytest.raises(error) as err:
            await call()
        assert err.value.status == status


async def test_work_report_rows(raw: RawServer, api: TimeTrackClient) -> None:
    """Rows are read under the known wrappers and the endpoint's own name; the
    camel-case ``workReports`` the old client also took is no longer one."""
    rows = [
        {"workDate": "2024-05-05", "workedSeconds": 1},
        {"workDate": "2024-05-06", "workedSeconds": "3600", "holiday": "1"},
        {"workDate": "2024-05-07T00:00:00.000Z", "workStart": "08:15:00"},
    ]
    raw.json("GET", "work_reports", {"workReports": rows})
    with pytest.raises(TimeTrackUnrecognizedError):
        await api.get_work_reports("anna", MAY_6, MAY_7)
    raw.json("GET", "work_reports", {"data": rows})
    days = await api.get_work_reports("anna", MAY_6, MAY_7)
    assert [day.work_date for day in days] == [MAY_6, MAY_7]
    assert days[0].worked_seconds == 3600
    assert days[0].holiday
    assert days[1].work_start == datetime(2024, 5, 7, 8, 15, tzinfo=VIENNA)
    assert raw.requests[-1].query["from"] == "2024-05-06"
    assert raw.requests[-1].query["to"] == "2024-05-07"


@pytest.mark.parametrize(
    "row",
    [
        {"workedSeconds": 5},
        {"workDate": "not a date"},
        {"workDate": "2024-05-06", "workStart": "late"},
        {"workDate": "2024-05-06", "workedSeconds": "much"},
    ],
)
async def test_unreadable_work_report_rows_are_refused(
    raw: RawServer, api: TimeTrackClient, row: dict[str, Any]
) -> None:
    """Such rows used to be skipped: a report with days silently missing."""
    raw.json("GET", "work_reports", [{"workDate": "2024-05-07"}, row])
    with pytest.raises(TimeTrackUnrecognizedError):
        await api.get_work_reports("anna", MAY_6, MAY_7)
    seen = api.observations.endpoints["work_reports"]
    assert seen.recognised is False
    assert "2024" not in json.dumps(seen.shape)


async def test_attendances_time_entries_and_absences(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.json(
        "GET",
        "attendances",
        [
            {"id": 1, "user": "anna", "from": "2024-05-06T08:00:00.000Z", "to": None},
            {"id": 2, "user": "ben", "from": "2024-05-06T08:00:00.000Z"},
            {"id": 3, "user": "anna", "from": "2024-05-08T08:00:00.000Z"},
        ],
    )
    entries = await api.get_attendances("anna", MAY_6, MAY_7)
    assert [entry.id for entry in entries] == [1]
    assert entries[0].clocked_in
    raw.json(
        "GET",
        "project_time_entries",
        [
            {
                "id": 4,
                "user": "anna",
                "clientName": "ACME",
                "projectName": "Website",
                "task": "Design",
                "from": "2024-05-06T09:00:00.000Z",
                "to": "2024-05-06T10:00:00.000Z",
                "workedMinutes": "60",
                "details": "landing page",
            },
            {"ID": 5, "user": "ben", "from": "2024-05-06T09:00:00.000Z"},
        ],
    )
    [entry] = await api.get_project_time_entries("anna", MAY_6, MAY_7)
    assert (entry.id, entry.task_name, entry.note) == (4, "Design", "landing page")
    assert entry.worked_minutes == 60
    assert raw.requests[-1].query["user"] == "anna"
    raw.json(
        "GET",
        "absences",
        [
            {"ID": 6, "user": "anna", "from": "2024-05-01", "to": "2024-05-06"},
            {"ID": 7, "user": "anna", "from": "2024-05-08", "to": "2024-05-09"},
            {"ID": 8, "user": "ben", "from": "2024-05-06", "to": "2024-05-06"},
        ],
    )
    assert [absence.id for absence in await api.get_absences("anna", MAY_6, MAY_7)] == [
        6
    ]
    query = raw.requests[-1].query
    assert (query["startDate"], query["endDate"]) == ("2024-05-06", "2024-05-07")
    assert (query["from"], query["to"], query["user"]) == (
        "2024-05-06",
        "2024-05-07",
        "anna",
    )
