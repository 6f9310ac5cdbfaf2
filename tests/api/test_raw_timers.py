"""The two timers' answers the simulator does not give, served raw over HTTP."""

from datetime import datetime
import json
from typing import Any

import pytest

from custom_components.timetrack.api import (
    AttendanceTimer,
    ProjectTimer,
    TimerState,
    TimeTrackClient,
    TimeTrackNotFoundError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)

from .bodies import (
    ATTENDANCE,
    CLOSED_ENTRY,
    OPEN_ENTRY,
    RUNNING,
    STOPPED,
    T0,
    TIMER,
    VIENNA,
    errors,
)
from .raw_http import RawServer, Reply


def assert_unrecognised(api: TimeTrackClient, endpoint: str, shape: Any) -> None:
    """The endpoint's last answer is noted as unrecognised, by shape only."""
    seen = api.observations.endpoints[endpoint]
    assert seen.recognised is False
    assert seen.shape == shape


# ------------------------------------------------------ project timer reads


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, "{}"),
        Reply(200, ""),
        Reply(200, "  \n"),
        Reply(204),
        Reply(200, "null"),
        Reply(200, "[]"),
        Reply(200, '{"data": null}'),
        Reply(200, '{"data": {}}'),
        Reply(404, errors(15999, "Timer not found")),
        Reply(404, errors(None, "Not found", "no timer for anna")),
        Reply(404, '{"message": "No project timer"}'),
    ],
)
async def test_no_timer_in_any_known_form_is_stopped(
    raw: RawServer, api: TimeTrackClient, reply: Reply
) -> None:
    raw.reply("GET", TIMER, reply)
    assert await api.get_project_timer("anna", T0) == ProjectTimer.idle("anna")
    assert api.observations.endpoints["project_timer"].recognised is True


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        ({"username": "anna"}, {"username": "text"}),
        (
            {"success": True, "message": "no timer"},
            {"success": "boolean", "message": "text"},
        ),
        ("running", "text"),
        (42, "integer"),
        (True, "boolean"),
        ({"username": "anna", "startedAt": "2024-05-06T09:00:00.000Z"}, None),
        ({**RUNNING, "playing": False, "stopped": False}, None),
        ({**RUNNING, "startedAt": None}, None),
        ({**RUNNING, "startedAt": "yesterday"}, None),
        ({**RUNNING, "playing": "maybe"}, None),
        ({**RUNNING, "workedSeconds": "lots"}, None),
    ],
)
async def test_unknown_forms_are_refused_not_guessed(
    raw: RawServer, api: TimeTrackClient, body: Any, shape: Any
) -> None:
    """These used to read as "no timer" or "stopped": a guess shown as a fact.

    An object of other fields, a scalar, a timer without any flag, running
    without a start or with every flag false: TimeTrackUnrecognizedError, and
    diagnostics note the shape (never the values).
    """
    raw.json("GET", TIMER, body)
    with pytest.raises(TimeTrackUnrecognizedError) as err:
        await api.get_project_timer("anna", T0)
    assert "project_timer" in str(err.value)
    assert "anna" not in str(err.value)
    seen = api.observations.endpoints["project_timer"]
    assert seen.recognised is False
    if shape is not None:
        assert seen.shape == shape
    assert "anna" not in json.dumps(seen.shape)


async def test_stopped_object_keeps_its_data(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.json("GET", TIMER, {**STOPPED, "workedSeconds": "3600"})
    timer = await api.get_project_timer("anna", T0)
    assert timer.state is TimerState.STOPPED
    assert timer.worked_seconds == 3600
    assert timer.project_name == "Website"


@pytest.mark.parametrize(
    "body",
    [
        RUNNING,
        {"data": RUNNING},
        {"projectTimer": RUNNING},
        {"result": {"timer": RUNNING}},
        [RUNNING],
        [STOPPED, RUNNING],
        {"data": [RUNNING]},
        {
            **RUNNING,
            "workedSeconds": "0",
            "breakSeconds": "0",
            "playing": "true",
            "paused": "false",
            "stopped": "0",
            "extra": [1, 2, 3],
        },
        {**RUNNING, "startedAt": "2024-05-06T07:00:00Z", "playing": 1}
        | {"startedAt": "2024-05-06T09:00:00+02:00"},
        {**RUNNING, "startedAt": "2024-05-06T03:00:00.000000-04:00"},
        {**RUNNING, "startedAt": "2024-05-06T09:00:00"},
        {**RUNNING, "startedAt": "2024-05-06T09:00:00.123Z"},
    ],
)
async def test_running_timer_shapes(
    raw: RawServer, api: TimeTrackClient, body: Any
) -> None:
    raw.json("GET", TIMER, body)
    timer = await api.get_project_timer("anna", T0)
    assert timer.state is TimerState.RUNNING
    assert timer.started_at is not None
    assert timer.started_at.replace(microsecond=0) == T0
    assert timer.started_at.tzinfo is VIENNA
    assert timer.project_name == "Website"
    assert api.observations.endpoints["project_timer"].recognised is True


@pytest.mark.parametrize(
    "reply",
    [
        Reply(404, errors(15020)),
        Reply(404, errors("15020")),
        Reply(404, errors(None, "User not found")),
        Reply(404, errors(15999, "Not found", "Unknown user 'zoe'")),
        Reply(404, errors(None, None, "username zoe does not exist")),
        Reply(404, errors(None, "No such user")),
        Reply(404, '{"error": {"code": 15020, "message": "gone"}}'),
        Reply(404, '{"message": "User zoe not found"}'),
        Reply(404, '{"error": "invalid user"}'),
        Reply(200, '{"success": false, "errors": [{"status": 404, "code": 15020}]}'),
    ],
)
async def test_user_not_found_variants(
    raw: RawServer, api: TimeTrackClient, reply: Reply
) -> None:
    raw.reply("GET", TIMER, reply)
    raw.reply("GET", ATTENDANCE, reply)
    with pytest.raises(TimeTrackUserNotFoundError) as err:
        await api.get_project_timer("zoe", T0)
    assert err.value.status == 404
    with pytest.raises(TimeTrackUserNotFoundError):
        await api.get_attendance_timer("zoe", T0)
    assert api.observations.endpoints["attendance_timer"].recognised is True


@pytest.mark.parametrize(
    "reply",
    [
        Reply(
            404, errors(15050, "Unknown route", "no route /api/v2/ext/x?username=anna")
        ),
        Reply(404, errors(15030, "Project not found", "no project 'X' of client 'Y'")),
        Reply(404, errors(None, "Not found", "user anna has no timer")),
    ],
)
async def test_not_user_404s_are_not_user_errors(
    raw: RawServer, api: TimeTrackClient, reply: Reply
) -> None:
    raw.reply("GET", "tasks", reply)
    with pytest.raises(TimeTrackNotFoundError) as err:
        await api.get_tasks()
    assert not isinstance(err.value, TimeTrackUserNotFoundError)


# ------------------------------------------------------- project actions


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply(204), None),
        (Reply(200, ""), None),
        (Reply(200, "{}"), None),
        (Reply(201, '{"success": true}'), None),
        (Reply(200, '{"success": true, "message": "Timer started"}'), None),
        (Reply(200, '{"success": true, "status": 200, "message": "OK"}'), None),
        (Reply(200, '{"username": "anna", "id": 7}'), None),
        (Reply(200, "[]"), None),
        (Reply(200, {"username": "anna", "playing": True}), None),
        (Reply(200, json.dumps({"data": RUNNING})), TimerState.RUNNING),
        (Reply(201, json.dumps(RUNNING)), TimerState.RUNNING),
        (Reply(200, json.dumps({**RUNNING, "note": None})), TimerState.RUNNING),
    ],
)
async def test_action_answers(
    raw: RawServer, api: TimeTrackClient, reply: Reply, expected: TimerState | None
) -> None:
    """The whole timer is returned; an acknowledgement or a part of it is None."""
    raw.reply("POST", f"{TIMER}/start", reply)
    result = await api.start_project_timer(
        "anna", client_name="ACME", project_name="Website", at=T0
    )
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert result.state is expected
        assert result.username == "anna"
    assert api.observations.endpoints["project_timer/start"].recognised is True


@pytest.mark.parametrize("body", [{"ok": True}, "started", 1, {"timer": "running"}])
async def test_unknown_action_answers_are_refused(
    raw: RawServer, api: TimeTrackClient, body: Any
) -> None:
    """Was read as "done" (None); an answer of another shape is not a "done"."""
    raw.json("POST", f"{TIMER}/stop", body)
    with pytest.raises(TimeTrackUnrecognizedError):
        await api.stop_project_timer("anna", at=T0)
    assert api.observations.endpoints["project_timer/stop"].recognised is False


async def test_action_answer_without_username_gets_the_requested_one(
    raw: RawServer, api: TimeTrackClient
) -> None:
    body = {key: value for key, value in RUNNING.items() if key != "username"}
    raw.json("POST", f"{TIMER}/resume", body)
    result = await api.resume_project_timer("ben", at=T0)
    assert result is not None
    assert result.username == "ben"


# ----------------------------------------------------------- attendance


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, "{}"),
        Reply(200, ""),
        Reply(204),
        Reply(200, "[]"),
        Reply(200, json.dumps(CLOSED_ENTRY)),
        Reply(200, json.dumps([CLOSED_ENTRY])),
        Reply(200, json.dumps({"data": [CLOSED_ENTRY]})),
        Reply(404, errors(15999, "No attendance")),
    ],
)
async def test_not_clocked_in_shapes(
    raw: RawServer, api: TimeTrackClient, reply: Reply
) -> None:
    raw.reply("GET", ATTENDANCE, reply)
    entry = await api.get_attendance_timer("anna", T0)
    assert not entry.clocked_in
    assert entry.username == "anna"


async def test_bare_404_is_not_read_as_clocked_out(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """Was "not clocked in": a 404 saying nothing may be a wrong address."""
    raw.reply("GET", ATTENDANCE, Reply(404))
    with pytest.raises(TimeTrackNotFoundError) as err:
        await api.get_attendance_timer("anna", T0)
    assert not isinstance(err.value, TimeTrackUserNotFoundError)
    seen = api.observations.endpoints["attendance_timer"]
    assert (seen.status, seen.content, seen.recognised) == (404, "none", False)


@pytest.mark.parametrize(
    "body",
    [
        [OPEN_ENTRY, "junk"],
        {"user": "anna"},
        {**OPEN_ENTRY, "from": None, "to": "2024-05-06T13:00:00.000Z"},
        {**OPEN_ENTRY, "from": "noon"},
    ],
)
async def test_unknown_attendance_forms_are_refused(
    raw: RawServer, api: TimeTrackClient, body: Any
) -> None:
    raw.json("GET", ATTENDANCE, body)
    with pytest.raises(TimeTrackUnrecognizedError):
        await api.get_attendance_timer("anna", T0)
    assert api.observations.endpoints["attendance_timer"].recognised is False


@pytest.mark.parametrize(
    "body",
    [
        OPEN_ENTRY,
        [CLOSED_ENTRY, OPEN_ENTRY],
        [OPEN_ENTRY, CLOSED_ENTRY],
        {"attendanceTimer": OPEN_ENTRY},
        {"items": [CLOSED_ENTRY, {**OPEN_ENTRY, "to": ""}]},
    ],
)
async def test_clocked_in_shapes(
    raw: RawServer, api: TimeTrackClient, body: Any
) -> None:
    raw.json("GET", ATTENDANCE, body)
    entry = await api.get_attendance_timer("anna", T0)
    assert entry.clocked_in
    assert entry.id == 2
    assert entry.started_at == datetime(2024, 5, 6, 12, 30, tzinfo=VIENNA)


async def test_attendance_actions(raw: RawServer, api: TimeTrackClient) -> None:
    """The entry is returned; ``{"ok": true}`` is no known acknowledgement."""
    raw.json("POST", f"{ATTENDANCE}/start", {"data": OPEN_ENTRY})
    entry = await api.clock_in("anna", at=T0)
    assert entry == AttendanceTimer.from_api(OPEN_ENTRY, VIENNA)
    raw.json("POST", f"{ATTENDANCE}/start", OPEN_ENTRY)
    assert await api.clock_in("anna", at=T0) == entry
    raw.json("POST", f"{ATTENDANCE}/stop", {"success": True})
    assert await api.clock_out("anna", at=T0) is None
    raw.json("POST", f"{ATTENDANCE}/stop", {"id": 2, "user": "anna"})
    assert await api.clock_out("anna", at=T0) is None
    raw.json("POST", f"{ATTENDANCE}/stop", {"ok": True})
    with pytest.raises(TimeTrackUnrecognizedError):
        await api.clock_out("anna", at=T0)
