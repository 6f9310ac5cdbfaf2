"""The two timers against the simulator, over real HTTP."""

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.timetrack.api import (
    AttendanceTimer,
    ProjectTimer,
    TimerState,
    TimeTrackClient,
    TimeTrackNotFoundError,
    TimeTrackRequestError,
    TimeTrackUserNotFoundError,
)
from simulator import Simulator

from .bodies import NEW_YORK, T0, VIENNA
from .helpers import start_in_app


async def test_read_without_timer_is_stopped(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    timer = await vienna.get_project_timer("anna", T0)
    assert timer == ProjectTimer.idle("anna")
    [request] = sim.requests
    assert request.method == "GET"
    assert request.path == "/api/v2/ext/timers/project_timer"
    assert request.query == {"username": "anna", "date": "2024-05-06T09:00:00.000Z"}
    assert request.status == 200


async def test_project_timer_lifecycle(sim: Simulator, vienna: TimeTrackClient) -> None:
    started = await vienna.start_project_timer(
        "anna",
        client_name="ACME",
        project_name="Website",
        task_name="Design",
        note="landing page",
        at=T0,
    )
    assert started is not None
    assert started.state is TimerState.RUNNING
    assert started.started_at == T0
    assert started.started_at is not None
    assert started.started_at.tzinfo is VIENNA
    assert (started.client_name, started.project_name) == ("ACME", "Website")
    assert (started.task_name, started.note) == ("Design", "landing page")
    assert started.worked_seconds_at(T0 + timedelta(minutes=10)) == 600
    assert sim.requests[-1].body == {
        "date": "2024-05-06T09:00:00.000Z",
        "username": "anna",
        "clientName": "ACME",
        "projectName": "Website",
        "taskName": "Design",
        "note": "landing page",
    }
    assert sim.requests[-1].path == "/api/v2/ext/timers/project_timer/start"

    paused = await vienna.pause_project_timer("anna", at=T0 + timedelta(hours=1))
    assert paused is not None
    assert paused.state is TimerState.PAUSED
    assert paused.worked_seconds == 3600
    assert paused.break_seconds_at(T0 + timedelta(hours=1, minutes=5)) == 300
    assert sim.requests[-1].body == {
        "date": "2024-05-06T10:00:00.000Z",
        "username": "anna",
    }

    resumed = await vienna.resume_project_timer(
        "anna", at=T0 + timedelta(hours=1, minutes=15)
    )
    assert resumed is not None
    assert resumed.state is TimerState.RUNNING
    assert resumed.break_seconds == 900

    read = await vienna.get_project_timer("anna", T0 + timedelta(hours=2))
    assert read == resumed
    assert read.worked_seconds_at(T0 + timedelta(hours=2)) == 7200 - 900

    stopped = await vienna.stop_project_timer("anna", at=T0 + timedelta(hours=2))
    assert stopped is not None
    assert stopped.state is TimerState.STOPPED
    assert (stopped.worked_seconds, stopped.break_seconds) == (6300, 900)
    after = await vienna.get_project_timer("anna", T0 + timedelta(hours=3))
    assert after.state is TimerState.STOPPED
    assert after.worked_seconds_at(T0 + timedelta(hours=5)) == 6300
    assert [r.path.rsplit("/", 1)[-1] for r in sim.requests] == [
        "start",
        "pause",
        "resume",
        "project_timer",
        "stop",
        "project_timer",
    ]


async def test_start_without_optional_fields(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    started = await vienna.start_project_timer(
        "ben", client_name="Globex", project_name="Website", at=T0
    )
    assert started is not None
    assert started.task_name is None
    assert set(sim.requests[-1].body) == {
        "date",
        "username",
        "clientName",
        "projectName",
    }


async def test_actions_answering_204_return_none(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    sim.empty_action_responses = True
    assert (
        await vienna.start_project_timer(
            "anna", client_name="ACME", project_name="Website", at=T0
        )
        is None
    )
    assert await vienna.pause_project_timer("anna", at=T0 + timedelta(hours=1)) is None
    assert await vienna.resume_project_timer("anna", at=T0 + timedelta(hours=2)) is None
    assert await vienna.stop_project_timer("anna", at=T0 + timedelta(hours=3)) is None
    assert await vienna.clock_in("anna", at=T0) is None
    assert await vienna.clock_out("anna", at=T0 + timedelta(hours=3)) is None
    assert [r.status for r in sim.requests] == [204] * 6
    timer = await vienna.get_project_timer("anna", T0 + timedelta(hours=4))
    assert (timer.state, timer.worked_seconds, timer.break_seconds) == (
        TimerState.STOPPED,
        7200,
        3600,
    )


async def test_default_now_is_the_current_time(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    before = datetime.now(VIENNA).replace(microsecond=0)
    await vienna.get_project_timer("anna")
    await vienna.clock_in("anna")
    after = datetime.now(VIENNA)
    for request in sim.requests:
        text = request.query.get("date") or request.body["date"]
        sent = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.000Z").replace(tzinfo=VIENNA)
        assert before <= sent <= after


async def test_time_zone_is_settable(sim: Simulator, client: TimeTrackClient) -> None:
    moment = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
    await client.get_project_timer("anna", moment)
    client.time_zone = NEW_YORK
    await client.get_project_timer("anna", moment)
    client.time_zone = VIENNA
    await client.get_project_timer("anna", moment)
    assert [r.query["date"] for r in sim.requests] == [
        "2024-01-15T12:00:00.000Z",
        "2024-01-15T07:00:00.000Z",
        "2024-01-15T13:00:00.000Z",
    ]


async def test_returned_datetimes_are_in_the_time_zone(
    sim: Simulator, client: TimeTrackClient
) -> None:
    start_in_app(sim, "clara", datetime(2024, 5, 6, 8, 0), "Initech", "Support")
    client.time_zone = NEW_YORK
    timer = await client.get_project_timer(
        "clara", datetime(2024, 5, 6, 9, 0, tzinfo=NEW_YORK)
    )
    assert timer.started_at == datetime(2024, 5, 6, 8, 0, tzinfo=NEW_YORK)
    assert timer.started_at is not None
    assert timer.started_at.tzinfo is NEW_YORK
    assert timer.state is TimerState.RUNNING


async def test_unknown_user(sim: Simulator, vienna: TimeTrackClient) -> None:
    with pytest.raises(TimeTrackUserNotFoundError) as err:
        await vienna.get_project_timer("zoe", T0)
    assert err.value.status == 404
    assert err.value.code == 15020
    assert "zoe" in str(err.value)
    with pytest.raises(TimeTrackUserNotFoundError):
        await vienna.get_attendance_timer("zoe", T0)
    with pytest.raises(TimeTrackUserNotFoundError):
        await vienna.stop_project_timer("zoe", at=T0)
    with pytest.raises(TimeTrackUserNotFoundError):
        await vienna.clock_in("zoe", at=T0)
    sim.remove_user("david")
    with pytest.raises(TimeTrackUserNotFoundError):
        await vienna.get_project_timer("david", T0)


async def test_conflicts_are_request_errors(vienna: TimeTrackClient) -> None:
    with pytest.raises(TimeTrackRequestError) as err:
        await vienna.pause_project_timer("anna", at=T0)
    assert not isinstance(err.value, TimeTrackNotFoundError)
    assert (err.value.status, err.value.code) == (409, 15011)
    assert err.value.title == "Timer not running"
    assert str(err.value) == (
        "TimeTrack refused the request (HTTP 409, code 15011): "
        "Timer not running - timer is stopped"
    )
    await vienna.start_project_timer(
        "anna", client_name="ACME", project_name="Website", at=T0
    )
    with pytest.raises(TimeTrackRequestError) as err:
        await vienna.start_project_timer(
            "anna", client_name="ACME", project_name="Website", at=T0
        )
    assert (err.value.status, err.value.code) == (409, 15010)
    with pytest.raises(TimeTrackRequestError) as err:
        await vienna.resume_project_timer("anna", at=T0)
    assert err.value.code == 15012
    with pytest.raises(TimeTrackRequestError) as err:
        await vienna.stop_project_timer("anna", at=T0 - timedelta(hours=1))
    assert (err.value.status, err.value.code) == (400, 15013)


async def test_unknown_or_disabled_project(vienna: TimeTrackClient) -> None:
    with pytest.raises(TimeTrackNotFoundError) as err:
        await vienna.start_project_timer(
            "anna", client_name="Initech", project_name="Legacy", at=T0
        )
    assert not isinstance(err.value, TimeTrackUserNotFoundError)
    assert err.value.code == 15030
    with pytest.raises(TimeTrackNotFoundError) as err:
        await vienna.start_project_timer(
            "anna", client_name="ACME", project_name="Intranet", at=T0
        )
    assert not isinstance(err.value, TimeTrackUserNotFoundError)
    with pytest.raises(TimeTrackNotFoundError):
        await vienna.start_project_timer(
            "anna", client_name="ACME", project_name="Website", task_name="Nap", at=T0
        )


async def test_attendance_lifecycle(sim: Simulator, vienna: TimeTrackClient) -> None:
    first = await vienna.get_attendance_timer("ben", T0)
    assert first == AttendanceTimer.clocked_out("ben")
    assert not first.clocked_in

    clocked_in = await vienna.clock_in("ben", at=T0)
    assert clocked_in is not None
    assert clocked_in.clocked_in
    assert clocked_in.username == "ben"
    assert clocked_in.started_at == T0
    assert sim.requests[-1].path == "/api/v2/ext/attendance_timer/start"
    assert sim.requests[-1].body == {
        "date": "2024-05-06T09:00:00.000Z",
        "username": "ben",
    }

    read = await vienna.get_attendance_timer("ben", T0 + timedelta(hours=1))
    assert read == clocked_in
    assert read.worked_seconds_at(T0 + timedelta(hours=1)) == 3600
    assert sim.requests[-1].path == "/api/v2/ext/attendance_timer"
    assert sim.requests[-1].query == {
        "username": "ben",
        "date": "2024-05-06T10:00:00.000Z",
    }

    out = await vienna.clock_out("ben", at=T0 + timedelta(hours=8))
    assert out is not None
    assert not out.clocked_in
    assert out.ended_at == T0 + timedelta(hours=8)
    assert sim.requests[-1].path == "/api/v2/ext/attendance_timer/stop"

    last = await vienna.get_attendance_timer("ben", T0 + timedelta(hours=9))
    assert not last.clocked_in
    assert last.ended_at is not None

    with pytest.raises(TimeTrackRequestError) as err:
        await vienna.clock_out("ben", at=T0 + timedelta(hours=10))
    assert (err.value.status, err.value.code) == (409, 15041)
