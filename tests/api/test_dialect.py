"""Every form of answer the client accepts where the docs are silent, and refuses."""

import json
from typing import Any

import pytest

from custom_components.timetrack.api import (
    TimeTrackAuthenticationError,
    TimeTrackError,
    TimeTrackNotFoundError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)
from custom_components.timetrack.api.dialect import (
    EMPTY,
    ErrorFields,
    decode_json,
    error_from_status,
    find_object,
    find_rows,
    is_acknowledgement,
    is_route_miss,
    read_error_body,
    shape_of,
)
from custom_components.timetrack.api.models import (
    ATTENDANCE_TIMER_FIELDS,
    PROJECT_TIMER_FIELDS,
)

from .bodies import CLOSED_ENTRY, OPEN_ENTRY, RUNNING, STOPPED

NAMES = ("projectTimer", "project_timer", "timer")


def test_decode_json() -> None:
    assert decode_json(b"") is EMPTY
    assert decode_json(b" \r\n") is EMPTY
    assert repr(EMPTY) == "EMPTY"
    assert decode_json(b"null") is None
    assert decode_json('\ufeff{"a": 1}'.encode()) == {"a": 1}
    for raw in (b"<html>", b'{"a": ', b"\xff\xfe{}"):
        with pytest.raises(ValueError):  # noqa: PT011 - json's or unicode's
            decode_json(raw)


# ------------------------------------------------------------ error bodies


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (
            {"errors": [{"title": "T", "status": 404, "code": 15020, "detail": "D"}]},
            ErrorFields(404, 15020, "T", "D"),
        ),
        ({"errors": [{"code": "15030"}, {"code": 1}]}, ErrorFields(code=15030)),
        (
            {"error": {"code": 15020, "message": " gone "}, "status": 404},
            ErrorFields(404, 15020, None, "gone"),
        ),
        (
            {"error": "invalid user", "status": "404"},
            ErrorFields(404, None, None, "invalid user"),
        ),
        (
            {"success": False, "errors": [{"status": 401, "title": "Bad key"}]},
            ErrorFields(401, None, "Bad key", None),
        ),
        ({"success": False}, ErrorFields()),
        (
            {"success": False, "message": "nope", "code": 7},
            ErrorFields(None, 7, None, "nope"),
        ),
        ({"message": "User zoe not found"}, ErrorFields(detail="User zoe not found")),
        (
            {"message": "Not Found: no route", "status": 404},
            ErrorFields(404, None, None, "Not Found: no route"),
        ),
        ({"title": " ", "message": "x", "status": True}, ErrorFields(detail="x")),
    ],
)
def test_read_error_body_accepts(body: dict[str, Any], fields: ErrorFields) -> None:
    assert read_error_body(body) == fields


@pytest.mark.parametrize(
    "body",
    [
        None,
        EMPTY,
        [],
        [{"errors": [{"code": 1}]}],
        "error",
        {},
        {"errors": []},
        {"errors": ["text"]},
        {"error": 5},
        {"error": "  "},
        {"success": True},
        {"success": True, "message": "Timer started"},
        {"success": True, "status": 200, "message": "OK"},
        {"message": "hello", "username": "anna"},
        {"message": 5},
        RUNNING,
    ],
)
def test_read_error_body_refuses(body: Any) -> None:
    assert read_error_body(body) is None


# 404 details that name a missing user, and details that only mention one.
NO_SUCH_USER = (
    "Unknown user 'zoe'",
    "username zoe does not exist",
    "no such user",
    "nonexistent user",
)
NO_TIMER_OF_A_USER = ("user anna has no timer", "Timer not found for user anna")


@pytest.mark.parametrize(
    ("status", "fields", "error", "expected_status"),
    [
        (401, None, TimeTrackAuthenticationError, 401),
        (403, ErrorFields(title="Forbidden"), TimeTrackAuthenticationError, 403),
        (404, None, TimeTrackNotFoundError, 404),
        (404, ErrorFields(code=15020), TimeTrackUserNotFoundError, 404),
        (404, ErrorFields(title="User not found"), TimeTrackUserNotFoundError, 404),
        *[
            (404, ErrorFields(detail=detail), TimeTrackUserNotFoundError, 404)
            for detail in NO_SUCH_USER
        ],
        *[
            (404, ErrorFields(detail=detail), TimeTrackNotFoundError, 404)
            for detail in NO_TIMER_OF_A_USER
        ],
        (404, ErrorFields(title="User: timer not found"), TimeTrackNotFoundError, 404),
        (400, ErrorFields(code=15020), TimeTrackRequestError, 400),
        (409, None, TimeTrackRequestError, 409),
        (418, None, TimeTrackRequestError, 418),
        (500, None, TimeTrackServerError, 500),
        (503, ErrorFields(title="Maintenance"), TimeTrackServerError, 503),
        # The status an error body names wins over the HTTP status.
        (400, ErrorFields(status=404, code=15020), TimeTrackUserNotFoundError, 404),
        (400, ErrorFields(status=401), TimeTrackAuthenticationError, 401),
        (400, ErrorFields(status=503), TimeTrackServerError, 503),
        (404, ErrorFields(status=409), TimeTrackRequestError, 409),
        (404, ErrorFields(status=200, code=15020), TimeTrackUserNotFoundError, 404),
        (409, ErrorFields(status=0), TimeTrackRequestError, 409),
    ],
)
def test_error_from_status(
    status: int,
    fields: ErrorFields | None,
    error: type[TimeTrackError],
    expected_status: int,
) -> None:
    err = error_from_status(status, fields)
    assert type(err) is error
    assert err.status == expected_status
    if fields is not None:
        assert (err.code, err.title, err.detail) == (
            fields.code,
            fields.title,
            fields.detail,
        )


@pytest.mark.parametrize(
    ("err", "miss"),
    [
        (TimeTrackNotFoundError(404), True),
        (TimeTrackNotFoundError(404, code=15050), True),
        (TimeTrackNotFoundError(404, title="Unknown route"), True),
        (TimeTrackNotFoundError(404, detail="no such endpoint"), True),
        (TimeTrackNotFoundError(404, detail="bad URL"), True),
        (TimeTrackNotFoundError(404, detail="Path /x not found"), True),
        (TimeTrackNotFoundError(404, code=15021, title="No timer"), False),
        (TimeTrackNotFoundError(404, title="Project not found"), False),
        (TimeTrackNotFoundError(404, detail="not clocked in"), False),
        (TimeTrackUserNotFoundError(404), False),
        (TimeTrackUserNotFoundError(404, code=15050, detail="route"), False),
    ],
)
def test_is_route_miss(err: TimeTrackNotFoundError, miss: bool) -> None:
    assert is_route_miss(err) is miss


# ----------------------------------------------------------------- objects


@pytest.mark.parametrize("payload", [EMPTY, None, {}, [], {"data": None}])
def test_find_object_nothing(payload: Any) -> None:
    assert find_object(payload, PROJECT_TIMER_FIELDS, NAMES) is None


@pytest.mark.parametrize(
    "payload",
    [
        RUNNING,
        {"data": RUNNING},
        {"projectTimer": RUNNING},
        {"project_timer": {"data": RUNNING}},
        {"result": {"timer": RUNNING}},
        [RUNNING],
        [STOPPED, RUNNING],
        {"items": [RUNNING]},
    ],
)
def test_find_object_found(payload: Any) -> None:
    assert find_object(payload, PROJECT_TIMER_FIELDS, NAMES) == RUNNING


def test_find_object_picks_the_open_attendance_entry() -> None:
    fields, names = ATTENDANCE_TIMER_FIELDS, ("attendance",)
    assert find_object([OPEN_ENTRY, CLOSED_ENTRY], fields, names) == OPEN_ENTRY
    assert find_object([CLOSED_ENTRY, OPEN_ENTRY], fields, names) == OPEN_ENTRY
    last = {**CLOSED_ENTRY, "id": 3}
    assert find_object([CLOSED_ENTRY, last], fields, names) == last


@pytest.mark.parametrize(
    "payload",
    [
        {"username": "anna"},
        {"success": True, "message": "no timer"},
        {"data": {"data": {"data": {"data": RUNNING}}}},
        {"data": "running"},
        "running",
        42,
        True,
        [RUNNING, "junk"],
        [RUNNING, {}],
        [[RUNNING]],
    ],
)
def test_find_object_refuses(payload: Any) -> None:
    with pytest.raises(TimeTrackUnrecognizedError):
        find_object(payload, PROJECT_TIMER_FIELDS, NAMES)


# -------------------------------------------------------------------- rows

ROWS = [{"ID": 1}, {"ID": 2}]


@pytest.mark.parametrize(
    ("payload", "rows"),
    [
        (EMPTY, []),
        (None, []),
        ({}, []),
        ([], []),
        (ROWS, ROWS),
        ({"data": ROWS, "total": 2}, ROWS),
        ({"tasks": ROWS}, ROWS),
        ({"items": ROWS}, ROWS),
        ({"results": ROWS}, ROWS),
        ({"records": ROWS}, ROWS),
        ({"data": None, "tasks": ROWS}, ROWS),
        ({"data": {"tasks": ROWS}}, ROWS),
        ({"data": {}}, []),
    ],
)
def test_find_rows_accepts(payload: Any, rows: list[Any]) -> None:
    assert find_rows(payload, ("tasks",)) == rows


@pytest.mark.parametrize(
    "payload",
    [
        "tasks",
        12,
        [*ROWS, "junk"],
        [*ROWS, None],
        [[1]],
        {"whatever": ROWS},
        {"a": [], "b": []},
        {"data": {"data": {"data": {"data": ROWS}}}},
        {"data": {"n": 1}},
        {"username": "anna"},
    ],
)
def test_find_rows_refuses(payload: Any) -> None:
    with pytest.raises(TimeTrackUnrecognizedError):
        find_rows(payload, ("tasks",))


# ---------------------------------------------------------- acknowledgements


@pytest.mark.parametrize(
    "payload",
    [
        EMPTY,
        None,
        {},
        {"success": True},
        {"success": True, "message": "Timer started"},
        {"success": True, "status": 200, "code": 0},
        {"username": "anna"},
        {"id": 7, "user": "anna", "success": True},
    ],
)
def test_is_acknowledgement(payload: Any) -> None:
    assert is_acknowledgement(payload)


@pytest.mark.parametrize(
    "payload",
    [
        RUNNING,
        {"data": RUNNING},
        {"username": "anna", "playing": True},
        {"success": True, "data": RUNNING},
        {"ok": True},
        [],
        "done",
    ],
)
def test_is_not_acknowledgement(payload: Any) -> None:
    """A timer (whole or in part) or another shape is read, not taken as "done"."""
    assert not is_acknowledgement(payload)


# ------------------------------------------------------------------- shape


def test_shape_of_gives_keys_and_types_only() -> None:
    payload = {
        "username": "anna",
        "startedAt": "2024-05-06T09:00:00.000Z",
        "workedSeconds": 3600,
        "ratio": 0.5,
        "playing": True,
        "note": None,
        "tags": ["secret", "words"],
        "empty": [],
        "user": {"name": "Anna", "inner": {"deep": "x"}},
    }
    shape = shape_of(payload)
    assert shape == {
        "username": "text",
        "startedAt": "text",
        "workedSeconds": "integer",
        "ratio": "number",
        "playing": "boolean",
        "note": "null",
        "tags": {"list(2) of": "text"},
        "empty": "list(0)",
        "user": {"name": "text", "inner": "object(1 keys)"},
    }
    text = json.dumps(shape)
    for value in ("anna", "Anna", "2024", "3600", "0.5", "secret", "words"):
        assert value not in text


def test_shape_of_other_payloads() -> None:
    assert shape_of(EMPTY) == "no body"
    assert shape_of(None) == "null"
    assert shape_of([]) == "list(0)"
    assert shape_of([{"a": 1}, {"b": 2}]) == {"list(2) of": {"a": "integer"}}
    assert shape_of("x") == "text"
    assert shape_of(10**400) == "integer"
