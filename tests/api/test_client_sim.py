"""Every call of the client against the simulator, over real HTTP."""

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
import logging
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from custom_components.timetrack.api import (
    AttendanceTimer,
    ProjectTimer,
    TimerState,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackTimeoutError,
    TimeTrackUserNotFoundError,
    User,
)
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

VIENNA = ZoneInfo("Europe/Vienna")
NEW_YORK = ZoneInfo("America/New_York")
T0 = datetime(2024, 5, 6, 9, 0, tzinfo=VIENNA)


@pytest.fixture
async def vienna(client: TimeTrackClient) -> TimeTrackClient:
    client.time_zone = VIENNA
    return client


# ------------------------------------------------------------ project timer


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
    sim.act(
        "clara",
        "project_timer/start",
        datetime(2024, 5, 6, 8, 0),
        clientName="Initech",
        projectName="Support",
    )
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


# ---------------------------------------------------------- attendance timer


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


# --------------------------------------------------------------------- lists


async def test_users(sim: Simulator, client: TimeTrackClient) -> None:
    users = await client.get_users()
    assert [user.username for user in users] == ["anna", "ben", "clara", "david"]
    anna = users[0]
    assert anna == User(
        username="anna",
        first_name="Anna",
        last_name="Berger",
        email="anna.berger@demo.example",
        admin=True,
        team_lead=True,
        language="de",
        personal_number="P0001",
    )
    assert anna.full_name == "Anna Berger"
    assert sim.requests[-1].query == {"page_number": "0", "limit": "200"}
    assert [user.username for user in await client.get_users("ben")] == ["ben"]
    assert sim.requests[-1].query == {
        "username": "ben",
        "page_number": "0",
        "limit": "200",
    }
    assert (await client.get_user("clara")).full_name == "Clara Novak"
    with pytest.raises(TimeTrackUserNotFoundError) as err:
        await client.get_user("zoe")
    assert "zoe" in str(err.value)


async def test_user_added_later(sim: Simulator, client: TimeTrackClient) -> None:
    sim.add_user("Erik", "Erik", "Maier")
    assert (await client.get_user("Erik")).full_name == "Erik Maier"
    assert len(await client.get_users()) == 5


async def test_paging(sim: Simulator, client: TimeTrackClient) -> None:
    client.page_size = 2
    users = await client.get_users()
    assert len(users) == 4
    assert [r.query for r in sim.requests] == [
        {"page_number": "0", "limit": "2"},
        {"page_number": "1", "limit": "2"},
        {"page_number": "2", "limit": "2"},
    ]
    sim.clear_requests()
    client.page_size = 4
    projects = await client.get_projects()
    assert len(projects) == 6
    assert len(sim.requests) == 2


async def test_many_users_over_several_pages(socket_enabled: None) -> None:
    sim = Simulator(extra_users=450)
    await sim.start(host="127.0.0.1", port=0)
    try:
        async with TimeTrackClient(sim.url, DEMO_API_KEY, DEMO_API_SECRET) as api:
            users = await api.get_users()
        assert len(users) == 454
        assert len({user.username for user in users}) == 454
        assert [r.query["page_number"] for r in sim.requests] == ["0", "1", "2"]
    finally:
        await sim.stop()


async def test_clients_projects_tasks(client: TimeTrackClient) -> None:
    clients = await client.get_clients()
    assert [(c.name, c.enabled) for c in clients] == [
        ("ACME", True),
        ("Globex", True),
        ("Initech", True),
    ]
    assert clients[0].color == "#e53935"
    assert clients[0].id == 1
    projects = await client.get_projects()
    assert [(p.client_name, p.name, p.enabled) for p in projects] == [
        ("ACME", "Website", True),
        ("Globex", "Website", True),
        ("ACME", "Mobile App", True),
        ("Globex", "Intranet", True),
        ("Initech", "Support", True),
        ("Initech", "Legacy", False),
    ]
    assert projects[0].hour_rate == 95.0
    tasks = await client.get_tasks()
    assert [t.name for t in tasks] == ["Development", "Design", "Meeting", "Support"]
    assert tasks[0].hour_rate == 100.0


async def test_work_reports(sim: Simulator, vienna: TimeTrackClient) -> None:
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 8, 0))
    sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 12, 0))
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 12, 30))
    sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 17, 0))
    days = await vienna.get_work_reports("anna", date(2024, 5, 5), date(2024, 5, 7))
    assert [day.work_date for day in days] == [
        date(2024, 5, 5),
        date(2024, 5, 6),
        date(2024, 5, 7),
    ]
    monday = days[1]
    assert monday.worked_seconds == 8 * 3600 + 1800
    assert monday.break_seconds == 1800
    assert monday.target_seconds == 8 * 3600
    assert monday.work_target_difference == 1800
    assert monday.work_start == datetime(2024, 5, 6, 8, 0, tzinfo=VIENNA)
    assert monday.work_end == datetime(2024, 5, 6, 17, 0, tzinfo=VIENNA)
    assert days[0].target_seconds == 0  # Sunday
    assert sim.requests[-1].query == {
        "username": "anna",
        "from": "2024-05-05",
        "to": "2024-05-07",
        "page_number": "0",
        "limit": "200",
    }
    vienna.page_size = 2
    assert (
        len(await vienna.get_work_reports("anna", date(2024, 5, 1), date(2024, 5, 31)))
        == 31
    )
    with pytest.raises(ValueError, match="after"):
        await vienna.get_work_reports("anna", date(2024, 5, 7), date(2024, 5, 5))
    with pytest.raises(TypeError, match="dates"):
        await vienna.get_work_reports("anna", T0, date(2024, 5, 7))  # type: ignore[arg-type]
    with pytest.raises(TimeTrackUserNotFoundError):
        await vienna.get_work_reports("zoe", date(2024, 5, 5), date(2024, 5, 7))


async def test_unavailable_features(sim: Simulator, client: TimeTrackClient) -> None:
    sim.users_endpoint_available = False
    sim.work_reports_available = False
    with pytest.raises(TimeTrackNotFoundError) as err:
        await client.get_users()
    assert not isinstance(err.value, TimeTrackUserNotFoundError)
    assert err.value.code == 15050
    with pytest.raises(TimeTrackNotFoundError):
        await client.get_user("anna")
    with pytest.raises(TimeTrackNotFoundError) as err:
        await client.get_work_reports("anna", date(2024, 5, 5), date(2024, 5, 7))
    assert not isinstance(err.value, TimeTrackUserNotFoundError)


# -------------------------------------------------------------------- errors


async def test_wrong_credentials(sim: Simulator) -> None:
    async with TimeTrackClient(sim.url, "wrong-key", "wrong-secret") as api:
        with pytest.raises(TimeTrackAuthenticationError) as err:
            await api.get_project_timer("anna", T0)
    assert (err.value.status, err.value.code) == (401, 15000)
    assert "wrong-key" not in str(err.value)
    assert "wrong-secret" not in str(err.value)


@pytest.mark.parametrize(
    ("status", "html", "error"),
    [
        (500, False, TimeTrackServerError),
        (502, True, TimeTrackServerError),
        (503, True, TimeTrackServerError),
        (504, False, TimeTrackServerError),
        (400, False, TimeTrackRequestError),
        (409, False, TimeTrackRequestError),
        (401, True, TimeTrackAuthenticationError),
        (403, False, TimeTrackAuthenticationError),
        (403, True, TimeTrackAuthenticationError),
        (404, True, TimeTrackNotFoundError),
        (422, True, TimeTrackRequestError),
    ],
)
async def test_injected_failures(
    sim: Simulator,
    client: TimeTrackClient,
    status: int,
    html: bool,
    error: type[TimeTrackError],
) -> None:
    sim.fail_next(1, status, html=html)
    with pytest.raises(error) as err:
        await client.get_clients()
    assert type(err.value) is error
    assert err.value.status == status  # type: ignore[attr-defined]
    text = str(err.value)
    assert f"HTTP {status}" in text
    assert "<" not in text
    assert "nginx" not in text
    assert len(text) < 200
    if not html:
        assert "injected failure" in text
    # The next request goes through.
    assert len(await client.get_clients()) == 3


async def test_server_error_on_timer_calls(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    sim.fail_next(1, 500)
    with pytest.raises(TimeTrackServerError):
        await vienna.get_project_timer("anna", T0)
    sim.fail_next(1, 502, html=True)
    with pytest.raises(TimeTrackServerError):
        await vienna.clock_in("anna", at=T0)
    sim.fail_next(1, 503)
    with pytest.raises(TimeTrackServerError):
        await vienna.get_attendance_timer("anna", T0)


async def test_injected_404_on_reads_means_no_timer(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    sim.fail_next(2, 404)
    assert (await vienna.get_project_timer("anna", T0)).state is TimerState.STOPPED
    assert not (await vienna.get_attendance_timer("anna", T0)).clocked_in


async def test_malformed_json(sim: Simulator, vienna: TimeTrackClient) -> None:
    sim.malformed_next(3)
    with pytest.raises(TimeTrackInvalidResponseError) as err:
        await vienna.get_project_timer("anna", T0)
    assert err.value.status == 200
    assert isinstance(err.value, TimeTrackServerError)
    with pytest.raises(TimeTrackInvalidResponseError):
        await vienna.get_users()
    with pytest.raises(TimeTrackInvalidResponseError):
        await vienna.clock_in("anna", at=T0)


async def test_dropped_connection(sim: Simulator, vienna: TimeTrackClient) -> None:
    # aiohttp itself sends an idempotent request once more on a dropped
    # connection: one drop goes unnoticed, two are an error.
    sim.drop_next(1)
    assert (await vienna.get_project_timer("anna", T0)).state is TimerState.STOPPED
    sim.drop_next(2)
    with pytest.raises(TimeTrackConnectionError) as err:
        await vienna.get_project_timer("anna", T0)
    assert not isinstance(err.value, TimeTrackTimeoutError)
    sim.drop_next(1)
    with pytest.raises(TimeTrackConnectionError):
        await vienna.start_project_timer(
            "anna", client_name="ACME", project_name="Website", at=T0
        )
    assert (await vienna.get_project_timer("anna", T0)).state is TimerState.STOPPED
    sim.apply_then_drop_next(1)
    with pytest.raises(TimeTrackConnectionError):
        await vienna.clock_in("anna", at=T0)
    assert (await vienna.get_attendance_timer("anna", T0)).clocked_in


async def test_service_down_and_back(sim: Simulator, vienna: TimeTrackClient) -> None:
    await vienna.get_project_timer("anna", T0)
    await sim.go_down()
    with pytest.raises(TimeTrackConnectionError) as err:
        await vienna.get_project_timer("anna", T0)
    assert DEMO_API_KEY not in str(err.value)
    await sim.come_back()
    assert (await vienna.get_project_timer("anna", T0)).state is TimerState.STOPPED


async def test_unreachable_host(socket_enabled: None) -> None:
    async with TimeTrackClient(
        "http://127.0.0.1:9", DEMO_API_KEY, DEMO_API_SECRET, request_timeout=2
    ) as api:
        with pytest.raises(TimeTrackConnectionError) as err:
            await api.get_tasks()
    assert "Error communicating with TimeTrack" in str(err.value)


async def test_timeout(sim: Simulator) -> None:
    sim.latency = 0.5
    async with TimeTrackClient(
        sim.url, DEMO_API_KEY, DEMO_API_SECRET, request_timeout=0.1
    ) as api:
        with pytest.raises(TimeTrackTimeoutError) as err:
            await api.get_project_timer("anna", T0)
        assert isinstance(err.value, TimeTrackConnectionError)
        assert "0.1 s" in str(err.value)
        with pytest.raises(TimeTrackTimeoutError):
            await api.clock_in("anna", at=T0)
        sim.latency = 0
        await asyncio.sleep(0.5)  # let the simulator finish the slow requests
        assert (await api.get_project_timer("anna", T0)).state is TimerState.STOPPED


# ---------------------------------------------------------------- rate limit


async def test_rate_limit_holds_every_request(
    sim: Simulator,
    vienna: TimeTrackClient,
    fake_clock: Callable[[TimeTrackClient], Any],
) -> None:
    clock = fake_clock(vienna)
    assert vienna.rate_limited_until is None
    sim.rate_limit_next(1, retry_after=30)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await vienna.get_project_timer("anna", T0)
    assert err.value.retry_after == 30
    assert vienna.rate_limited_until == clock.now + 30
    sent = len(sim.requests)
    assert sent == 1

    clock.advance(10)
    calls = [
        vienna.get_project_timer("ben", T0),
        vienna.get_attendance_timer("clara", T0),
        vienna.start_project_timer(
            "david", client_name="ACME", project_name="Website", at=T0
        ),
        vienna.pause_project_timer("anna", at=T0),
        vienna.resume_project_timer("anna", at=T0),
        vienna.stop_project_timer("anna", at=T0),
        vienna.clock_in("anna", at=T0),
        vienna.clock_out("anna", at=T0),
        vienna.get_users(),
        vienna.get_user("anna"),
        vienna.get_clients(),
        vienna.get_projects(),
        vienna.get_tasks(),
        vienna.get_work_reports("anna", date(2024, 5, 6), date(2024, 5, 6)),
    ]
    for call in calls:
        with pytest.raises(TimeTrackRateLimitError) as err:
            await call
        assert err.value.retry_after == pytest.approx(20)
    assert len(sim.requests) == sent  # nothing was sent during the hold

    clock.advance(19.5)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await vienna.get_tasks()
    assert err.value.retry_after == pytest.approx(0.5)
    assert len(sim.requests) == sent

    clock.advance(0.5)
    assert vienna.rate_limited_until is None
    assert len(await vienna.get_tasks()) == 4
    assert len(sim.requests) == sent + 1


async def test_rate_limit_without_retry_after_holds_60_seconds(
    sim: Simulator,
    client: TimeTrackClient,
    fake_clock: Callable[[TimeTrackClient], Any],
) -> None:
    clock = fake_clock(client)
    sim.rate_limit_next(1, retry_after=None)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await client.get_clients()
    assert err.value.retry_after == 60
    assert client.rate_limited_until == clock.now + 60
    clock.advance(59)
    with pytest.raises(TimeTrackRateLimitError):
        await client.get_clients()
    clock.advance(1)
    assert len(await client.get_clients()) == 3
    assert len(sim.requests) == 2


async def test_rate_limit_with_zero_retry_after(
    sim: Simulator,
    client: TimeTrackClient,
    fake_clock: Callable[[TimeTrackClient], Any],
) -> None:
    fake_clock(client)
    sim.rate_limit_next(1, retry_after=0)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await client.get_clients()
    assert err.value.retry_after == 0
    assert client.rate_limited_until is None
    assert len(await client.get_clients()) == 3


async def test_rate_limit_uses_the_real_monotonic_clock(
    sim: Simulator, client: TimeTrackClient
) -> None:
    sim.rate_limit_next(1, retry_after=30)
    with pytest.raises(TimeTrackRateLimitError):
        await client.get_tasks()
    deadline = client.rate_limited_until
    assert deadline is not None
    loop_time = asyncio.get_running_loop().time()
    assert 29 < deadline - loop_time <= 30


async def test_fail_with_retry_after_on_503_does_not_hold(
    sim: Simulator, client: TimeTrackClient
) -> None:
    sim.fail_next(1, 503, retry_after=120)
    with pytest.raises(TimeTrackServerError):
        await client.get_tasks()
    assert client.rate_limited_until is None


# ------------------------------------------------------- sessions & secrets


async def test_owned_session_is_closed(sim: Simulator) -> None:
    api = TimeTrackClient(sim.url, DEMO_API_KEY, DEMO_API_SECRET)
    async with api:
        await api.get_tasks()
        session = api._session
        assert session is not None
    assert session.closed
    # A closed client opens a new session when used again.
    assert len(await api.get_tasks()) == 4
    assert api._session is not None
    assert api._session is not session
    await api.close()
    await api.close()


async def test_given_session_is_left_open(sim: Simulator) -> None:
    async with aiohttp.ClientSession() as session:
        async with TimeTrackClient(
            sim.url, DEMO_API_KEY, DEMO_API_SECRET, session=session
        ) as api:
            await api.get_tasks()
        assert not session.closed
        await api.close()
        assert not session.closed
        # A session that raises for status is handled all the same.
    async with aiohttp.ClientSession(raise_for_status=True) as session:
        api = TimeTrackClient(sim.url, DEMO_API_KEY, DEMO_API_SECRET, session=session)
        with pytest.raises(TimeTrackUserNotFoundError):
            await api.get_project_timer("zoe", T0)


async def test_secrets_never_leak(
    sim: Simulator,
    vienna: TimeTrackClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert DEMO_API_KEY not in repr(vienna)
    assert DEMO_API_SECRET not in repr(vienna)
    assert DEMO_API_KEY not in str(vienna)
    zone = "zoneinfo.ZoneInfo(key='Europe/Vienna')"
    assert repr(vienna) == f"TimeTrackClient(url={sim.url!r}, time_zone={zone})"
    errors: list[BaseException] = []
    sim.fail_next(1, 500)
    sim.fail_next(1, 502, html=True)
    sim.fail_next(1, 401)
    sim.fail_next(1, 400)
    sim.malformed_next(1)
    sim.drop_next(1)
    sim.rate_limit_next(1, retry_after=5)
    for _ in range(8):
        try:
            await vienna.get_project_timer("zoe", T0)
        except TimeTrackError as err:
            errors.append(err)
    assert len(errors) == 8
    sim.latency = 0.3
    vienna.request_timeout = 0.05
    vienna._hold_until = None
    try:
        await vienna.get_tasks()
    except TimeTrackError as err:
        errors.append(err)
    texts = [str(err) for err in errors] + [repr(err) for err in errors]
    texts += [str(err.__cause__) for err in errors if err.__cause__ is not None]
    texts.append(caplog.text)
    for text in texts:
        assert DEMO_API_KEY not in text
        assert DEMO_API_SECRET not in text
    assert "GET timers/project_timer -> HTTP 500" in caplog.text
