"""The client against the simulator in every dialect it can speak."""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import pytest

from custom_components.timetrack.api import (
    AttendanceTimer,
    ProjectTimer,
    TimerState,
    TimeTrackClient,
    TimeTrackNotFoundError,
    TimeTrackRequestError,
    TimeTrackUserNotFoundError,
    User,
)
from custom_components.timetrack.api.proof import check_user
from simulator import Simulator
from simulator.dialect import DIALECTS, Dialect

from .bodies import FULL_NAMES, MAY_6, T0_30S as T0, TASK_NAMES, VIENNA
from .helpers import demo_client


@pytest.fixture(params=list(DIALECTS))
async def api(
    request: pytest.FixtureRequest, sim: Simulator
) -> tuple[TimeTrackClient, Dialect]:
    """A client of the simulator speaking the dialect of the test's parameter."""
    dialect = DIALECTS[request.param]
    sim.dialect = dialect
    client = demo_client(sim.url, time_zone=VIENNA)
    return client, dialect


def as_written(moment: datetime, dialect: Dialect) -> datetime:
    """A time as the dialect writes it back: to the minute in ``minutes``."""
    return moment.replace(second=0) if dialect.timestamps == "minutes" else moment


def check_project(
    timer: ProjectTimer | None, state: TimerState, dialect: Dialect
) -> None:
    """An action's answer: None, or the timer in `state` with its data."""
    if timer is None:
        return
    assert timer.state is state
    assert timer.username == "anna"
    assert timer.started_at == as_written(T0, dialect)
    assert (timer.client_name, timer.project_name) == ("ACME", "Website")


def check_attendance(entry: AttendanceTimer | None, *, clocked_in: bool) -> None:
    """A clock action's answer: None, or the entry."""
    if entry is None:
        return
    assert entry.clocked_in is clocked_in
    assert entry.username == "anna"
    assert entry.started_at is not None


async def test_the_day_of_a_user(api: tuple[TimeTrackClient, Dialect]) -> None:
    """No timer, start, pause, resume, stop, clock in and out, read again."""
    client, dialect = api
    start = as_written(T0, dialect)
    async with client:
        assert await client.get_project_timer("anna", T0) == ProjectTimer.idle("anna")
        idle = await client.get_attendance_timer("anna", T0)
        assert not idle.clocked_in
        assert (idle.username, idle.started_at) == ("anna", None)

        started = await client.start_project_timer(
            "anna",
            client_name="ACME",
            project_name="Website",
            task_name="Design",
            at=T0,
        )
        check_project(started, TimerState.RUNNING, dialect)
        paused = await client.pause_project_timer("anna", at=T0 + timedelta(hours=1))
        check_project(paused, TimerState.PAUSED, dialect)
        with pytest.raises(TimeTrackRequestError) as err:
            await client.pause_project_timer("anna", at=T0 + timedelta(hours=1))
        assert err.value.status == 409
        resumed = await client.resume_project_timer(
            "anna", at=T0 + timedelta(hours=1, minutes=15)
        )
        check_project(resumed, TimerState.RUNNING, dialect)

        running = await client.get_project_timer("anna", T0 + timedelta(hours=2))
        check_project(running, TimerState.RUNNING, dialect)
        assert running.task_name == "Design"
        assert (running.worked_seconds, running.break_seconds) == (3600, 900)
        assert running.worked_seconds_at(T0 + timedelta(hours=2)) >= 2 * 3600 - 900

        stopped = await client.stop_project_timer("anna", at=T0 + timedelta(hours=2))
        check_project(stopped, TimerState.STOPPED, dialect)

        clocked_in = await client.clock_in("anna", at=T0)
        check_attendance(clocked_in, clocked_in=True)
        entry = await client.get_attendance_timer("anna", T0 + timedelta(hours=1))
        assert entry.clocked_in
        assert entry.started_at == start
        clocked_out = await client.clock_out("anna", at=T0 + timedelta(hours=8))
        check_attendance(clocked_out, clocked_in=False)

        after = await client.get_project_timer("anna", T0 + timedelta(hours=9))
        assert after.state is TimerState.STOPPED
        if dialect.no_timer == "last":
            assert after.started_at == start
            assert (after.worked_seconds, after.break_seconds) == (6300, 900)
            assert after.project_name == "Website"
        left = await client.get_attendance_timer("anna", T0 + timedelta(hours=9))
        assert not left.clocked_in
        if dialect.no_timer == "last":
            assert left.ended_at == as_written(T0 + timedelta(hours=8), dialect)

        recognised = {
            name: entry.recognised
            for name, entry in client.observations.endpoints.items()
        }
        # The refused pause was the last answer of its endpoint: an error.
        assert recognised.pop("project_timer/pause") is None
        assert set(recognised.values()) == {True}, recognised


async def test_the_lists(api: tuple[TimeTrackClient, Dialect], sim: Simulator) -> None:
    client, dialect = api
    sim.act("anna", "attendance_timer/start", T0)
    sim.act("anna", "attendance_timer/stop", T0 + timedelta(hours=8))
    calls: dict[str, Callable[[], Awaitable[object]]] = {
        "projects": client.get_projects,
        "tasks": client.get_tasks,
        "users": client.get_users,
        "work_reports": lambda: client.get_work_reports("anna", MAY_6, MAY_6),
    }
    async with client:
        if dialect.lists == "absent":
            for call in calls.values():
                with pytest.raises(TimeTrackNotFoundError) as err:
                    await call()
                assert not isinstance(err.value, TimeTrackUserNotFoundError)
            assert await check_user(client, "anna") == User("anna")
            return
        client._transport.page_size = 2
        projects = await client.get_projects()
        assert [(p.client_name, p.name, p.enabled) for p in projects][-2:] == [
            ("Initech", "Support", True),
            ("Initech", "Legacy", False),
        ]
        assert [p.id for p in projects] == [1, 2, 3, 4, 5, 6]
        tasks = await client.get_tasks()
        assert [t.name for t in tasks] == TASK_NAMES
        users = await client.get_users()
        assert [u.full_name for u in users] == FULL_NAMES
        [monday] = await client.get_work_reports("anna", MAY_6, MAY_6)
        assert monday.work_date == MAY_6
        assert monday.worked_seconds == 8 * 3600
        assert monday.work_start == as_written(T0, dialect)
        assert (await check_user(client, "anna")).full_name == "Anna Berger"


async def test_an_unknown_user(api: tuple[TimeTrackClient, Dialect]) -> None:
    """Every dialect that says so is understood; a bare HTML 404 cannot say so,
    and the client then reports only "not found" (check_user asks the directory).
    """
    client, dialect = api
    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: client.get_project_timer("zoe", T0),
        lambda: client.get_attendance_timer("zoe", T0),
        lambda: client.stop_project_timer("zoe", at=T0),
        lambda: client.clock_in("zoe", at=T0),
    ]
    async with client:
        assert (await check_user(client, "anna")).username == "anna"
        for call in calls:
            with pytest.raises(TimeTrackNotFoundError) as err:
                await call()
            only_not_found = not isinstance(err.value, TimeTrackUserNotFoundError)
            assert only_not_found is (dialect.errors == "html")
        if dialect.errors == "html":
            seen = client.observations.endpoints["project_timer"]
            assert (seen.status, seen.content, seen.recognised) == (404, "html", False)
        with pytest.raises(TimeTrackUserNotFoundError):
            await check_user(client, "zoe")
