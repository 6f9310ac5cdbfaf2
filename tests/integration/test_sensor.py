"""The sensors: the project timer, its times, attendance and today's figures."""

from __future__ import annotations

from datetime import date, timedelta

from homeassistant.const import SERVICE_TURN_OFF, SERVICE_TURN_ON, STATE_UNKNOWN
from homeassistant.helpers import entity_registry as er
import pytest

from .actions_support import Home
from .entity_support import (
    ANNA_SENSORS,
    ATTENDANCE,
    ATTENDANCE_PATH,
    BREAK_TIME,
    CLOCKED_IN_SINCE,
    ENTITY_TESTS,
    OVERTIME,
    PAUSE,
    PROJECT_TIMER,
    PROJECT_TIMER_PATH,
    RESUME,
    STOP,
    TIMER_STARTED,
    WORKED_TIME,
    WORKED_TODAY,
    PlatformSnapshot,
    local,
    overtime_minutes,
    record_states,
    seed_busy_day,
    start_in_app,
    state_of,
    wall,
    wall_now,
)

pytestmark = ENTITY_TESTS

ONE_MINUTE = timedelta(minutes=1)
ONE_SECOND = timedelta(seconds=1)


async def test_sensors(home: Home, platform_snapshot: PlatformSnapshot) -> None:
    """Every sensor of a busy user, as registered and as shown."""
    seed_busy_day(home.simulator)
    assert await home.set_up()
    assert platform_snapshot("sensor") == sorted(ANNA_SENSORS)


async def test_project_timer_in_each_state(home: Home) -> None:
    """Running, paused and stopped, with the project the timer runs on."""
    assert await home.set_up()
    timer = state_of(home.hass, PROJECT_TIMER)
    assert timer.state == "stopped"
    assert timer.attributes["options"] == ["running", "paused", "stopped"]
    assert timer.attributes["client"] is None
    assert timer.attributes["project"] is None
    assert timer.attributes["task"] is None
    assert home.state(TIMER_STARTED) == STATE_UNKNOWN
    assert home.state(WORKED_TIME) == "0"

    start_in_app(home.simulator, wall_now(), "Globex", "Intranet", task="Meeting")
    await home.poll()  # 13:01
    timer = state_of(home.hass, PROJECT_TIMER)
    assert timer.state == "running"
    assert timer.attributes["client"] == "Globex"
    assert timer.attributes["project"] == "Intranet"
    assert timer.attributes["task"] == "Meeting"
    assert home.state(TIMER_STARTED) == "2026-06-03T11:00:00+00:00"

    await home.advance(timedelta(minutes=9))  # 13:10
    home.simulator.act("anna", "project_timer/pause", wall_now())
    await home.poll()  # 13:11
    timer = state_of(home.hass, PROJECT_TIMER)
    assert timer.state == "paused"
    assert timer.attributes["project"] == "Intranet"
    assert home.state(TIMER_STARTED) == "2026-06-03T11:00:00+00:00"
    assert home.state(WORKED_TIME) == "10"
    assert home.state(BREAK_TIME) == "1"

    home.simulator.act("anna", "project_timer/resume", wall_now())
    await home.poll()  # 13:12
    assert home.state(PROJECT_TIMER) == "running"
    assert home.state(WORKED_TIME) == "11"
    assert home.state(BREAK_TIME) == "1"

    home.simulator.act("anna", "project_timer/stop", wall_now())
    await home.poll()  # 13:13
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.state(TIMER_STARTED) == STATE_UNKNOWN
    # The finished timer's times stay shown until the next one starts.
    assert home.state(WORKED_TIME) == "11"
    assert home.state(BREAK_TIME) == "1"


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
async def test_worked_time_counts_each_minute_without_requests(home: Home) -> None:
    """The worked time goes up at each whole minute of work, by itself."""
    assert await home.set_up()
    started = local(12, 59, 35)
    await home.action("start_project_timer", {"project": "Mobile App", "time": started})
    assert home.calls()[-1] == ("POST", f"{PROJECT_TIMER_PATH}/start")
    assert home.state(WORKED_TIME) == "0"  # 25 seconds
    home.simulator.clear_requests()
    log = record_states(home.hass, WORKED_TIME, BREAK_TIME)

    for minute in range(1, 61):
        await home.move_to(started + minute * ONE_MINUTE - ONE_SECOND)
        assert home.state(WORKED_TIME) == str(minute - 1)
        await home.move_to(started + minute * ONE_MINUTE)
        assert home.state(WORKED_TIME) == str(minute)

    # One simulated hour (to 13:59:35), before the next poll: no request at all.
    assert home.simulator.requests == []
    assert log.values(WORKED_TIME) == [str(minute) for minute in range(1, 61)]
    assert log.writes(WORKED_TIME) <= 61
    # The break time does not move while the timer runs.
    assert log.writes(BREAK_TIME) == 0
    assert home.state(BREAK_TIME) == "0"


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
async def test_break_time_counts_while_paused(home: Home) -> None:
    """While paused the break time counts and the worked time stands still."""
    start_in_app(home.simulator, wall(12), "ACME", "Mobile App")
    assert await home.set_up()
    assert home.state(WORKED_TIME) == "60"

    await home.press(PAUSE)
    assert home.state(PROJECT_TIMER) == "paused"
    home.simulator.clear_requests()
    log = record_states(home.hass, WORKED_TIME, BREAK_TIME)
    for minute in range(1, 31):
        await home.advance(ONE_MINUTE)
        assert home.state(BREAK_TIME) == str(minute)
    assert home.state(WORKED_TIME) == "60"
    assert log.writes(WORKED_TIME) == 0
    assert log.writes(BREAK_TIME) <= 31
    assert home.simulator.requests == []

    await home.press(RESUME)  # 13:30
    await home.advance(ONE_MINUTE)
    assert home.state(WORKED_TIME) == "61"
    assert home.state(BREAK_TIME) == "30"

    await home.press(STOP)  # 13:31
    log = record_states(home.hass, WORKED_TIME, BREAK_TIME)
    for _ in range(5):
        await home.advance(ONE_MINUTE)
    assert home.state(WORKED_TIME) == "61"
    assert home.state(BREAK_TIME) == "30"
    assert log.writes(WORKED_TIME) == log.writes(BREAK_TIME) == 0
    assert home.calls() == [
        ("POST", f"{PROJECT_TIMER_PATH}/resume"),
        ("POST", f"{PROJECT_TIMER_PATH}/stop"),
    ]


async def test_timer_started_and_clocked_in_since(home: Home) -> None:
    """Both timestamps are known while their timer runs, unknown otherwise."""
    assert await home.set_up()
    assert home.state(CLOCKED_IN_SINCE) == STATE_UNKNOWN
    assert home.state(TIMER_STARTED) == STATE_UNKNOWN

    await home.switch(SERVICE_TURN_ON)
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T11:00:00+00:00"
    await home.action("start_project_timer", {"project": "Support"})
    assert home.state(TIMER_STARTED) == "2026-06-03T11:00:00+00:00"

    await home.advance(timedelta(minutes=5))
    await home.press(PAUSE)
    assert home.state(TIMER_STARTED) == "2026-06-03T11:00:00+00:00"
    await home.press(STOP)
    assert home.state(TIMER_STARTED) == STATE_UNKNOWN
    await home.switch(SERVICE_TURN_OFF)
    assert home.state(CLOCKED_IN_SINCE) == STATE_UNKNOWN

    # Seen the same way when clocking in happens in the phone app.
    await home.advance(timedelta(minutes=5))
    home.simulator.act("anna", "attendance_timer/start", wall(13, 10))
    await home.poll()
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T11:10:00+00:00"


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
async def test_worked_today_and_overtime(home: Home) -> None:
    """Today's finished attendance plus the running one, against the 8 h target."""
    seed_busy_day(home.simulator)
    assert await home.set_up()
    assert home.state(WORKED_TODAY) == "300"
    assert overtime_minutes(home.hass) == -630
    worked = state_of(home.hass, WORKED_TODAY)
    assert worked.attributes["unit_of_measurement"] == "min"
    assert worked.attributes["state_class"] == "total_increasing"

    home.simulator.clear_requests()
    for minute in range(1, 4):
        await home.advance(ONE_MINUTE)
        assert home.state(WORKED_TODAY) == str(300 + minute)
        assert overtime_minutes(home.hass) == -630 + minute
    assert home.simulator.requests == []

    # Clocking out keeps today's total: it does not drop until the next poll.
    log = record_states(home.hass, WORKED_TODAY, OVERTIME)
    await home.switch(SERVICE_TURN_OFF)  # 13:03
    assert home.calls() == [("POST", f"{ATTENDANCE_PATH}/stop")]
    await home.advance(timedelta(minutes=10))
    assert home.state(WORKED_TODAY) == "303"
    assert overtime_minutes(home.hass) == -627
    await home.poll(3600)
    assert ("GET", "work_reports") in home.calls()
    assert home.state(WORKED_TODAY) == "303"
    assert overtime_minutes(home.hass) == -627
    assert log.values(WORKED_TODAY) == []


@pytest.mark.parametrize("options", [{"scan_interval": 900}])
async def test_worked_today_after_clocking_out_in_the_app(home: Home) -> None:
    """A clock-out seen on a poll keeps the entry's time until reports count it."""
    seed_busy_day(home.simulator)
    assert await home.set_up()
    await home.advance(timedelta(minutes=5))
    home.simulator.act("anna", "attendance_timer/stop", wall_now())  # 13:05
    home.simulator.clear_requests()
    log = record_states(home.hass, WORKED_TODAY)
    await home.advance(timedelta(minutes=10))  # 13:15: a poll
    # The poll that shows the clock-out reads the reports too: they now hold
    # the finished entry.
    assert home.calls() == [
        ("GET", PROJECT_TIMER_PATH),
        ("GET", ATTENDANCE_PATH),
        ("GET", "work_reports"),
    ]
    assert home.state(ATTENDANCE) == "off"
    # Counted on to 315 until the poll showed the clock-out at 13:05. The true
    # figure is 305, but a total_increasing sensor must not fall within a day
    # (statistics would take the fall for a meter reset): it holds 315 until
    # the day's work passes it. Not down to the reports' 240 either.
    assert log.values(WORKED_TODAY) == ["315"]
    assert overtime_minutes(home.hass) == -625

    home.simulator.clear_requests()
    await home.advance(timedelta(minutes=50))  # 14:05: reports
    assert ("GET", "work_reports") in home.calls()
    assert home.state(WORKED_TODAY) == "315"
    assert overtime_minutes(home.hass) == -625


@pytest.mark.parametrize("options", [{"scan_interval": 900}])
async def test_worked_today_after_clocking_out_and_in_again_in_the_app(
    home: Home,
) -> None:
    """Clocking out and in between two polls must not lose the finished entry."""
    seed_busy_day(home.simulator)
    assert await home.set_up()
    await home.advance(timedelta(minutes=5))
    home.simulator.act("anna", "attendance_timer/stop", wall_now())  # 13:05
    home.simulator.act("anna", "attendance_timer/start", wall(13, 6))
    await home.advance(timedelta(minutes=10))  # 13:15: a poll
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T11:06:00+00:00"
    # 240 + 65 (12:00-13:05) + 9 (13:06-13:15) = 314; without the finished entry
    # the total_increasing sensor would fall to 249, which statistics take for
    # a reset. It showed 315 (counting on until the poll), and never falls
    # within a day: it holds 315 until the work passes it, a minute later.
    assert home.state(WORKED_TODAY) == "315"
    await home.advance(timedelta(minutes=2))
    assert home.state(WORKED_TODAY) == "316"


async def test_without_work_reports(
    home: Home, entity_registry: er.EntityRegistry
) -> None:
    """An account without work reports gets no worked-today or overtime sensor."""
    home.simulator.work_reports_available = False
    seed_busy_day(home.simulator)
    assert await home.set_up()
    assert home.hass.states.get(WORKED_TODAY) is None
    assert home.hass.states.get(OVERTIME) is None
    assert entity_registry.async_get(WORKED_TODAY) is None
    assert entity_registry.async_get(OVERTIME) is None
    assert home.state(WORKED_TIME) == "29"
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T10:00:00+00:00"


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
async def test_worked_today_clocked_in_since_yesterday(home: Home) -> None:
    """A night shift counts for today from midnight on."""
    home.simulator.act("anna", "attendance_timer/start", wall(22, day=date(2026, 6, 2)))
    assert await home.set_up()
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-02T20:00:00+00:00"
    assert home.state(WORKED_TODAY) == "780"  # 00:00 to 13:00
    # 1 and 2 June count -8 h each (the open entry is in no report yet).
    assert overtime_minutes(home.hass) == -960 + 780 - 480
    await home.advance(ONE_MINUTE)
    assert home.state(WORKED_TODAY) == "781"
    assert overtime_minutes(home.hass) == -960 + 781 - 480
