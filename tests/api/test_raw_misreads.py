"""Plausible answers that used to be read as a state TimeTrack never gave.

Each of these was once read silently: as "stopped", "clocked out", another
user's timer, or an action done. Now each is read right or refused.
"""

import json
from typing import Any

import pytest

from custom_components.timetrack.api import (
    AttendanceTimer,
    ProjectTimer,
    TimerState,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackNotFoundError,
    TimeTrackRequestError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)

from .bodies import (
    ATTENDANCE,
    CLOSED_ENTRY,
    LEGACY,
    OPEN_ENTRY,
    RUNNING,
    STOPPED,
    T0,
    TIMER,
)
from .raw_http import RawServer, Reply

# ------------------------------------------------ refusals inside an envelope

REFUSALS_IN_AN_ENVELOPE = [
    {"status": 409, "message": "Not allowed", "data": None},
    {"code": 15021, "message": "Not allowed", "data": None},
    {"error": True, "message": "Not allowed", "data": None},
    {"status": "error", "message": "Not allowed", "timer": None},
    {"status": "FAILED", "message": "Not allowed"},
    {"message": "Not allowed", "data": {}},
    {"success": "false"},
    {"success": 0, "username": "anna"},
    {"success": "no", "message": "Not allowed", "data": []},
]


@pytest.mark.parametrize("body", REFUSALS_IN_AN_ENVELOPE)
async def test_a_refusal_in_an_envelope_is_no_timer_and_no_success(
    raw: RawServer, api: TimeTrackClient, body: dict[str, Any]
) -> None:
    """Used to read as stopped / clocked out, and an action as done."""
    for method, path in (("GET", TIMER), ("GET", ATTENDANCE)):
        raw.json(method, path, body)
    for action in ("stop", "pause"):
        raw.json("POST", f"{TIMER}/{action}", body)
    raw.json("POST", f"{ATTENDANCE}/stop", body)
    calls = (
        api.get_project_timer("anna", T0),
        api.get_attendance_timer("anna", T0),
        api.stop_project_timer("anna", at=T0),
        api.pause_project_timer("anna", at=T0),
        api.clock_out("anna", at=T0),
    )
    for call in calls:
        with pytest.raises(TimeTrackError) as err:
            await call
        assert isinstance(err.value, TimeTrackRequestError)


@pytest.mark.parametrize(
    "body",
    [
        {"code": 15020, "message": "User not found", "data": None},
        {"status": 404, "message": "User zoe not found", "data": None},
        {"status": "error", "message": "Invalid username", "timer": None},
        {"error": True, "message": "No user found with username zoe"},
    ],
)
async def test_a_200_saying_the_user_is_unknown_is_user_not_found(
    raw: RawServer, api: TimeTrackClient, body: dict[str, Any]
) -> None:
    """Used to read as "zoe is clocked out": no user shows a state."""
    raw.json("GET", TIMER, body)
    raw.json("GET", ATTENDANCE, body)
    with pytest.raises(TimeTrackUserNotFoundError):
        await api.get_project_timer("zoe", T0)
    with pytest.raises(TimeTrackUserNotFoundError):
        await api.get_attendance_timer("zoe", T0)


@pytest.mark.parametrize(
    "body",
    [
        {"success": True, "data": RUNNING},
        {"success": "true", "data": RUNNING},
        {"success": None, "data": RUNNING},
        {"status": 200, "message": "OK", "data": RUNNING},
        {"status": "ok", "message": "", "data": RUNNING},
        {"code": 0, "message": "OK", "data": RUNNING},
    ],
)
async def test_an_envelope_saying_success_still_gives_the_timer(
    raw: RawServer, api: TimeTrackClient, body: dict[str, Any]
) -> None:
    raw.json("GET", TIMER, body)
    assert (await api.get_project_timer("anna", T0)).state is TimerState.RUNNING


# ------------------------------------------------------- framework 404 bodies

SPRING_ROUTE_MISS = {
    "timestamp": "2024-05-06T07:00:00.000+00:00",
    "status": 404,
    "error": "Not Found",
    "message": "No message available",
    "path": "/api/v2/ext/timers/project_timer",
}


@pytest.mark.parametrize(
    "body",
    [
        SPRING_ROUTE_MISS,
        {**SPRING_ROUTE_MISS, "message": ""},
        {"message": "Not Found"},
        {"detail": "Not Found"},
        {"message": "404 Not Found."},
    ],
)
async def test_a_404_saying_only_not_found_tries_the_other_route(
    raw: RawServer, api: TimeTrackClient, body: dict[str, Any]
) -> None:
    """Used to settle on the first route and read "stopped" from it for good."""
    raw.json("GET", TIMER, body, status=404)
    raw.json("GET", LEGACY, RUNNING)
    assert (await api.get_project_timer("anna", T0)).state is TimerState.RUNNING
    assert api.observations.project_timer_path == LEGACY


@pytest.mark.parametrize("body", [SPRING_ROUTE_MISS, {"message": "Not Found"}])
async def test_a_404_saying_only_not_found_is_never_clocked_out(
    raw: RawServer, api: TimeTrackClient, body: dict[str, Any]
) -> None:
    raw.json("GET", ATTENDANCE, body, status=404)
    with pytest.raises(TimeTrackNotFoundError):
        await api.get_attendance_timer("anna", T0)
    assert api.observations.endpoints["attendance_timer"].recognised is False


@pytest.mark.parametrize(
    "body",
    [
        {**SPRING_ROUTE_MISS, "message": "User zoe not found"},
        {"message": "No user found with username zoe"},
        {"message": "Could not find user zoe"},
        {"message": "Employee zoe does not exist"},
        {"error": "Not Found", "message": "Unknown employee zoe"},
    ],
)
async def test_unknown_user_in_other_words(
    raw: RawServer, api: TimeTrackClient, body: dict[str, Any]
) -> None:
    """Used to read as "zoe's timer is stopped"."""
    raw.json("GET", TIMER, body, status=404)
    with pytest.raises(TimeTrackUserNotFoundError):
        await api.get_project_timer("zoe", T0)


# ------------------------------------------------------- another user's entry

ANONYMOUS = {key: value for key, value in RUNNING.items() if key != "username"}


async def test_another_users_open_entry_is_not_hers(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """A read that lists the day's entries of the whole account (the docs
    require only the date): Ben's open entry used to clock Anna in."""
    bens = {**OPEN_ENTRY, "id": 9, "user": "ben"}
    raw.json("GET", ATTENDANCE, [CLOSED_ENTRY, bens])
    attendance = await api.get_attendance_timer("anna", T0)
    assert not attendance.clocked_in
    assert attendance.id == CLOSED_ENTRY["id"]
    raw.json("GET", ATTENDANCE, [bens])
    assert await api.get_attendance_timer("anna", T0) == AttendanceTimer.clocked_out(
        "anna"
    )
    raw.json("GET", ATTENDANCE, [bens, {**OPEN_ENTRY, "user": "ANNA"}])
    assert (await api.get_attendance_timer("anna", T0)).clocked_in


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (TIMER, {**RUNNING, "username": "ben"}),
        (TIMER, {"data": {**ANONYMOUS, "user": {"username": "ben"}}}),
        (ATTENDANCE, {**OPEN_ENTRY, "user": "ben"}),
    ],
)
async def test_an_answer_about_another_user_is_refused(
    raw: RawServer, api: TimeTrackClient, path: str, body: Any
) -> None:
    raw.json("GET", path, body)
    call = (
        api.get_project_timer("anna", T0)
        if path == TIMER
        else api.get_attendance_timer("anna", T0)
    )
    with pytest.raises(TimeTrackUnrecognizedError, match="another user"):
        await call
    assert "ben" not in json.dumps(
        api.observations.endpoints[path.rsplit("/", maxsplit=1)[-1]].shape
    )


async def test_an_action_answered_with_another_users_timer_is_refused(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.json("POST", f"{TIMER}/stop", {**STOPPED, "username": "ben"})
    with pytest.raises(TimeTrackUnrecognizedError, match="another user"):
        await api.stop_project_timer("anna", at=T0)


async def test_a_user_given_by_number_is_an_id_not_another_user(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.json("GET", ATTENDANCE, {**OPEN_ENTRY, "user": 17})
    assert (await api.get_attendance_timer("anna", T0)).clocked_in


async def test_of_a_users_project_timers_the_running_one_counts(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """[running, stopped] used to read as stopped (the last one)."""
    raw.json("GET", TIMER, [RUNNING, STOPPED])
    assert (await api.get_project_timer("anna", T0)).state is TimerState.RUNNING
    raw.json("GET", TIMER, [RUNNING, {**RUNNING, "projectName": "Intranet"}])
    with pytest.raises(TimeTrackUnrecognizedError, match="two open"):
        await api.get_project_timer("anna", T0)


# ------------------------------------------------ parts contradicting actions


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("stop", {"username": "anna", "playing": True, "stopped": False}),
        ("stop", {"paused": "true"}),
        ("pause", {"playing": True, "paused": False, "stopped": False}),
        ("start", {"stopped": True}),
        ("resume", {"data": {"paused": 1}}),
    ],
)
async def test_a_part_of_the_timer_contradicting_the_action_is_refused(
    raw: RawServer, api: TimeTrackClient, action: str, body: dict[str, Any]
) -> None:
    """Used to be taken as "done", showing the action's state TimeTrack denied."""
    raw.json("POST", f"{TIMER}/{action}", body)
    call = {
        "stop": api.stop_project_timer("anna", at=T0),
        "pause": api.pause_project_timer("anna", at=T0),
        "resume": api.resume_project_timer("anna", at=T0),
        "start": api.start_project_timer(
            "anna", client_name="ACME", project_name="Website", at=T0
        ),
    }
    for name, pending in call.items():
        if name != action:
            pending.close()
    with pytest.raises(TimeTrackUnrecognizedError, match="contradicting"):
        await call[action]


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("stop", {"username": "anna", "playing": False, "stopped": True}),
        ("pause", {"paused": True, "playing": True}),
        ("start", {"playing": "1"}),
    ],
)
async def test_a_part_of_the_timer_agreeing_with_the_action_is_done(
    raw: RawServer, api: TimeTrackClient, action: str, body: dict[str, Any]
) -> None:
    raw.json("POST", f"{TIMER}/{action}", body)
    if action == "start":
        answer: ProjectTimer | None = await api.start_project_timer(
            "anna", client_name="ACME", project_name="Website", at=T0
        )
    elif action == "pause":
        answer = await api.pause_project_timer("anna", at=T0)
    else:
        answer = await api.stop_project_timer("anna", at=T0)
    assert answer is None


@pytest.mark.parametrize(
    ("action", "body", "done"),
    [
        ("stop", {"id": 7, "user": "anna", "from": "2024-05-06T08:00:00.000Z"}, False),
        ("start", {"id": 7, "to": "2024-05-06T12:00:00.000Z"}, False),
        ("start", {"id": 7, "user": "anna", "from": "2024-05-06T08:00:00.000Z"}, True),
        ("stop", {"id": 7, "to": "2024-05-06T12:00:00.000Z"}, True),
    ],
)
async def test_a_part_of_the_entry_must_agree_with_the_clocking(
    raw: RawServer, api: TimeTrackClient, action: str, body: dict[str, Any], done: bool
) -> None:
    """A clock-out answered with an entry still open used to show clocked out."""
    raw.json("POST", f"{ATTENDANCE}/{action}", body)
    call = api.clock_in if action == "start" else api.clock_out
    if done:
        assert await call("anna", at=T0) is None
    else:
        with pytest.raises(TimeTrackUnrecognizedError, match="contradicting"):
            await call("anna", at=T0)


@pytest.mark.parametrize(
    "body",
    [
        {"code": 0, "message": "Timer stopped", "data": None},
        {"status": "OK", "message": "Timer stopped"},
        {"status": 200, "message": "Timer stopped", "data": {}},
    ],
)
async def test_a_message_saying_it_succeeded_is_done(
    raw: RawServer, api: TimeTrackClient, body: dict[str, Any]
) -> None:
    """A message without a timer is a refusal, unless the envelope says it
    succeeded."""
    raw.json("POST", f"{TIMER}/stop", body)
    assert await api.stop_project_timer("anna", at=T0) is None


async def test_a_refused_action_is_a_request_error_not_unrecognised(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.reply("POST", f"{TIMER}/stop", Reply(200, '{"status": 409, "message": "x"}'))
    with pytest.raises(TimeTrackRequestError) as err:
        await api.stop_project_timer("anna", at=T0)
    assert err.value.status == 409
