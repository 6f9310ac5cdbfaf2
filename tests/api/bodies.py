"""Canned TimeTrack bodies shared by the raw-server tests."""

import json
from typing import Any

VIENNA_T0_TEXT = "2024-05-06T09:00:00.000Z"

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
