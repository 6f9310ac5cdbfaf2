"""Canned TimeTrack bodies, and the zones, moments and routes the API tests share."""

from datetime import date, datetime, timedelta
import json
from typing import Any
from zoneinfo import ZoneInfo

VIENNA = ZoneInfo("Europe/Vienna")
NEW_YORK = ZoneInfo("America/New_York")
# A Monday, 09:00 in Vienna, and T0 as the client writes it (wall clock, "Z").
T0 = datetime(2024, 5, 6, 9, 0, tzinfo=VIENNA)
VIENNA_T0_TEXT = "2024-05-06T09:00:00.000Z"
# Half a minute later: a moment that the "minutes" dialect writes back cut.
T0_30S = T0 + timedelta(seconds=30)
MAY_5, MAY_6, MAY_7 = date(2024, 5, 5), date(2024, 5, 6), date(2024, 5, 7)

# The simulator's demo account, as the client lists it.
TASK_NAMES = ["Development", "Design", "Meeting", "Support"]
FULL_NAMES = ["Anna Berger", "Ben Hofer", "Clara Novak", "David Steiner"]
PROJECTS = [  # client, project, enabled
    ("ACME", "Website", True),
    ("Globex", "Website", True),
    ("ACME", "Mobile App", True),
    ("Globex", "Intranet", True),
    ("Initech", "Support", True),
    ("Initech", "Legacy", False),
]

TIMER = "timers/project_timer"
LEGACY = "project_timer"
ATTENDANCE = "attendance_timer"

RUNNING: dict[str, Any] = {
    "username": "anna",
    "startedAt": VIENNA_T0_TEXT,
    "workedSeconds": 0,
    "breakSeconds": 0,
    "playing": True,
    "stopped": False,
    "paused": False,
    "clientName": "ACME",
    "projectName": "Website",
}
STOPPED: dict[str, Any] = {**RUNNING, "playing": False, "stopped": True}
OPEN_ENTRY: dict[str, Any] = {
    "id": 2,
    "user": "anna",
    "from": "2024-05-06T12:30:00.000Z",
    "to": None,
}
CLOSED_ENTRY: dict[str, Any] = {
    "id": 1,
    "user": "anna",
    "from": "2024-05-06T08:00:00.000Z",
    "to": "2024-05-06T12:00:00.000Z",
    "workedMinutes": 240,
}
NULL_TIMER: dict[str, Any] = {
    "username": "anna",
    "startedAt": None,
    "workedSeconds": 0,
    "breakSeconds": 0,
    "playing": False,
    "stopped": True,
    "paused": False,
}
USERS: list[dict[str, Any]] = [{"username": "anna"}, {"username": "ben"}]


def errors(
    code: Any = None,
    title: str | None = None,
    detail: str | None = None,
    *,
    status: int = 404,
) -> str:
    """TimeTrack's documented error body: ``{"errors": [{...}]}``."""
    entry: dict[str, Any] = {"status": status}
    if code is not None:
        entry["code"] = code
    if title is not None:
        entry["title"] = title
    if detail is not None:
        entry["detail"] = detail
    return json.dumps({"errors": [entry]})
