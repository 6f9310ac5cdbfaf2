"""The sensors: the project timer, its times, attendance and today's figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import (
    ATTENDANCE,
    ATTENDANCE_PATH,
    BREAK_TIME,
    CLOCKED_IN_SINCE,
    FROZEN,
    OVERTIME,
    PAUSE,
    PENDING_ACTIONS,
    PROJECT_TIMER,
    PROJECT_TIMER_PATH,
    RESUME,
    STOP,
    TIMER_STARTED,
    WORKED_TIME,
    WORKED_TODAY,
    account_entry,
    api_calls,
    async_advance,
    async_move_to,
    async_poll,
    async_setup,
    ha_snapshot,
    local,
    overtime_minutes,
    platform_entities,
    record_states,
    seed_busy_day,
    start_in_app,
    state_of,
    wall,
    wall_now,
)

pytestmark = FROZEN

ONE_MINUTE = timedelta(minutes=1)
ONE_SECOND = timedelta(seconds=1)


@pytest.fixture
def config_entry(
    simulator: Simulator, usernames: list[str], options: dict[str, Any]
) -> MockConfigEntry:
    """The account entry, with a stable unique id for the snapshots."""
    return account_entry(simulator, usernames, options)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in Home Assistant's format, under ./snapshots/."""
    return ha_snapshot(snapshot)


async def press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def switch(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(
        SWITCH_DOMAIN, service, {ATTR_ENTITY_ID: ATTENDANCE}, blocking=True
    )


async def test_sensors(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every sensor of a busy user, as registered and as shown."""
    seed_busy_day(simulator)
    assert await async_setup(hass, config_entry)

    entities = platform_entities(hass, entity_registry, config_entry, "sensor")
    for entity, state in entities:
        assert entity == snapshot(name=f"{entity.entity_id}-entry")
        assert state == snapshot(name=f"{entity.entity_id}-state")
    assert [entity.entity_id for entity, _ in entities] == sorted(
        [
            PROJECT_TIMER,
            WORKED_TIME,
            BREAK_TIME,
            TIMER_STARTED,
            CLOCKED_IN_SINCE,
            WORKED_TODAY,
            OVERTIME,
            PENDING_ACTIONS,
        ]
    )


async def test_project_timer_in_each_state(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Running, paused and stopped, with the project the timer runs on."""
    assert await async_setup(hass, config_entry)
    timer = state_of(hass, PROJECT_TIMER)
    assert timer.state == "stopped"
    assert timer.attributes["options"] == ["running", "paused", "stopped"]
    assert timer.attributes["client"] is None
    assert timer.attributes["project"] is None
    assert timer.attributes["task"] is None
    assert state_of(hass, TIMER_STARTED).state == STATE_UNKNOWN
    assert state_of(hass, WORKED_TIME).state == "0"

    start_in_app(simulator, wall_now(), "Globex", "Intranet", task="Meeting")
    await async_poll(hass, freezer)  # 13:01
    timer = state_of(hass, PROJECT_TIMER)
    assert timer.state == "running"
    assert timer.attributes["client"] == "Globex"
    assert timer.attributes["project"] == "Intranet"
    assert timer.attributes["task"] == "Meeting"
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:00:00+00:00"

    await async_advance(hass, freezer, timedelta(minutes=9))  # 13:10
    simulator.act("anna", "project_timer/pause", wall_now())
    await async_poll(hass, freezer)  # 13:11
    timer = state_of(hass, PROJECT_TIMER)
    assert timer.state == "paused"
    assert timer.attributes["project"] == "Intranet"
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:00:00+00:00"
    assert state_of(hass, WORKED_TIME).state == "10"
    assert state_of(hass, BREAK_TIME).state == "1"

    simulator.act("anna", "project_timer/resume", wall_now())
    await async_poll(hass, freezer)  # 13:12
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert state_of(hass, WORKED_TIME).state == "11"
    assert state_of(hass, BREAK_TIME).state == "1"

    simulator.act("anna", "project_timer/stop", wall_now())
    await async_poll(hass, freezer)  # 13:13
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert state_of(hass, TIMER_STARTED).state == STATE_UNKNOWN
    # The finished timer's times stay shown until the next one starts.
    assert state_of(hass, WORKED_TIME).state == "11"
    assert state_of(hass, BREAK_TIME).state == "1"


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
async def test_worked_time_counts_each_minute_without_requests(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """The worked time goes up at each whole minute of work, by itself."""
    assert await async_setup(hass, config_entry)
    started = local(12, 59, 35)
    await hass.services.async_call(
        DOMAIN,
        "start_project_timer",
        {"project": "Mobile App", "time": started},
        blocking=True,
    )
    assert api_calls(simulator)[-1] == ("POST", f"{PROJECT_TIMER_PATH}/start")
    assert state_of(hass, WORKED_TIME).state == "0"  # 25 seconds
    simulator.clear_requests()
    log = record_states(hass, WORKED_TIME, BREAK_TIME)

    for minute in range(1, 61):
        await async_move_to(hass, freezer, started + minute * ONE_MINUTE - ONE_SECOND)
        assert state_of(hass, WORKED_TIME).state == str(minute - 1)
        await async_move_to(hass, freezer, started + minute * ONE_MINUTE)
        assert state_of(hass, WORKED_TIME).state == str(minute)

    # One simulated hour (to 13:59:35), before the next poll: no request at all.
    assert simulator.requests == []
    assert log.values(WORKED_TIME) == [str(minute) for minute in range(1, 61)]
    assert log.writes(WORKED_TIME) <= 61
    # The break time does not move while the timer runs.
    assert log.writes(BREAK_TIME) == 0
    assert state_of(hass, BREAK_TIME).state == "0"


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
async def test_break_time_counts_while_paused(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """While paused the break time counts and the worked time stands still."""
    start_in_app(simulator, wall(12), "ACME", "Mobile App")
    assert await async_setup(hass, config_entry)
    assert state_of(hass, WORKED_TIME).state == "60"

    await press(hass, PAUSE)
    assert state_of(hass, PROJECT_TIMER).state == "paused"
    simulator.clear_requests()
    log = record_states(hass, WORKED_TIME, BREAK_TIME)
    for minute in range(1, 31):
        await async_advance(hass, freezer, ONE_MINUTE)
        assert state_of(hass, BREAK_TIME).state == str(minute)
    assert state_of(hass, WORKED_TIME).state == "60"
    assert log.writes(WORKED_TIME) == 0
    assert log.writes(BREAK_TIME) <= 31
    assert simulator.requests == []

    await press(hass, RESUME)  # 13:30
    await async_advance(hass, freezer, ONE_MINUTE)
    assert state_of(hass, WORKED_TIME).state == "61"
    assert state_of(hass, BREAK_TIME).state == "30"

    await press(hass, STOP)  # 13:31
    log = record_states(hass, WORKED_TIME, BREAK_TIME)
    for _ in range(5):
        await async_advance(hass, freezer, ONE_MINUTE)
    assert state_of(hass, WORKED_TIME).state == "61"
    assert state_of(hass, BREAK_TIME).state == "30"
    assert log.writes(WORKED_TIME) == log.writes(BREAK_TIME) == 0
    assert api_calls(simulator) == [
        ("POST", f"{PROJECT_TIMER_PATH}/resume"),
        ("POST", f"{PROJECT_TIMER_PATH}/stop"),
    ]


async def test_timer_started_and_clocked_in_since(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Both timestamps are known while their timer runs, unknown otherwise."""
    assert await async_setup(hass, config_entry)
    assert state_of(hass, CLOCKED_IN_SINCE).state == STATE_UNKNOWN
    assert state_of(hass, TIMER_STARTED).state == STATE_UNKNOWN

    await switch(hass, SERVICE_TURN_ON)
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T11:00:00+00:00"
    await hass.services.async_call(
        DOMAIN, "start_project_timer", {"project": "Support"}, blocking=True
    )
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:00:00+00:00"

    await async_advance(hass, freezer, timedelta(minutes=5))
    await press(hass, PAUSE)
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:00:00+00:00"
    await press(hass, STOP)
    assert state_of(hass, TIMER_STARTED).state == STATE_UNKNOWN
    await switch(hass, SERVICE_TURN_OFF)
    assert state_of(hass, CLOCKED_IN_SINCE).state == STATE_UNKNOWN

    # Seen the same way when clocking in happens in the phone app.
    await async_advance(hass, freezer, timedelta(minutes=5))
    simulator.act("anna", "attendance_timer/start", wall(13, 10))
    await async_poll(hass, freezer)
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T11:10:00+00:00"


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
async def test_worked_today_and_overtime(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Today's finished attendance plus the running one, against the 8 h target."""
    seed_busy_day(simulator)
    assert await async_setup(hass, config_entry)
    assert state_of(hass, WORKED_TODAY).state == "300"
    assert overtime_minutes(hass) == -630
    worked = state_of(hass, WORKED_TODAY)
    assert worked.attributes["unit_of_measurement"] == "min"
    assert worked.attributes["state_class"] == "total_increasing"

    simulator.clear_requests()
    for minute in range(1, 4):
        await async_advance(hass, freezer, ONE_MINUTE)
        assert state_of(hass, WORKED_TODAY).state == str(300 + minute)
        assert overtime_minutes(hass) == -630 + minute
    assert simulator.requests == []

    # Clocking out keeps today's total: it does not drop until the next poll.
    log = record_states(hass, WORKED_TODAY, OVERTIME)
    await switch(hass, SERVICE_TURN_OFF)  # 13:03
    assert api_calls(simulator) == [("POST", f"{ATTENDANCE_PATH}/stop")]
    await async_advance(hass, freezer, timedelta(minutes=10))
    assert state_of(hass, WORKED_TODAY).state == "303"
    assert overtime_minutes(hass) == -627
    await async_poll(hass, freezer, 3600)
    assert ("GET", "work_reports") in api_calls(simulator)
    assert state_of(hass, WORKED_TODAY).state == "303"
    assert overtime_minutes(hass) == -627
    assert log.values(WORKED_TODAY) == []


@pytest.mark.parametrize("options", [{"scan_interval": 900}])
async def test_worked_today_after_clocking_out_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """A clock-out seen on a poll keeps the entry's time until reports count it."""
    seed_busy_day(simulator)
    assert await async_setup(hass, config_entry)
    await async_advance(hass, freezer, timedelta(minutes=5))
    simulator.act("anna", "attendance_timer/stop", wall_now())  # 13:05
    simulator.clear_requests()
    log = record_states(hass, WORKED_TODAY)
    await async_advance(hass, freezer, timedelta(minutes=10))  # 13:15: a poll
    # The poll that shows the clock-out reads the reports too: they now hold
    # the finished entry.
    assert api_calls(simulator) == [
        ("GET", PROJECT_TIMER_PATH),
        ("GET", ATTENDANCE_PATH),
        ("GET", "work_reports"),
    ]
    assert state_of(hass, ATTENDANCE).state == "off"
    # Counted on to 315 until the poll showed the clock-out at 13:05. The true
    # figure is 305, but a total_increasing sensor must not fall within a day
    # (statistics would take the fall for a meter reset): it holds 315 until
    # the day's work passes it. Not down to the reports' 240 either.
    assert log.values(WORKED_TODAY) == ["315"]
    assert overtime_minutes(hass) == -625

    simulator.clear_requests()
    await async_advance(hass, freezer, timedelta(minutes=50))  # 14:05: reports
    assert ("GET", "work_reports") in api_calls(simulator)
    assert state_of(hass, WORKED_TODAY).state == "315"
    assert overtime_minutes(hass) == -625


@pytest.mark.parametrize("options", [{"scan_interval": 900}])
async def test_worked_today_after_clocking_out_and_in_again_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Clocking out and in between two polls must not lose the finished entry."""
    seed_busy_day(simulator)
    assert await async_setup(hass, config_entry)
    await async_advance(hass, freezer, timedelta(minutes=5))
    simulator.act("anna", "attendance_timer/stop", wall_now())  # 13:05
    simulator.act("anna", "attendance_timer/start", wall(13, 6))
    await async_advance(hass, freezer, timedelta(minutes=10))  # 13:15: a poll
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T11:06:00+00:00"
    # 240 + 65 (12:00-13:05) + 9 (13:06-13:15) = 314; without the finished entry
    # the total_increasing sensor would fall to 249, which statistics take for
    # a reset. It showed 315 (counting on until the poll), and never falls
    # within a day: it holds 315 until the work passes it, a minute later.
    assert state_of(hass, WORKED_TODAY).state == "315"
    await async_advance(hass, freezer, timedelta(minutes=2))
    assert state_of(hass, WORKED_TODAY).state == "316"


async def test_without_work_reports(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """An account without work reports gets no worked-today or overtime sensor."""
    simulator.work_reports_available = False
    seed_busy_day(simulator)
    assert await async_setup(hass, config_entry)
    assert hass.states.get(WORKED_TODAY) is None
    assert hass.states.get(OVERTIME) is None
    assert entity_registry.async_get(WORKED_TODAY) is None
    assert entity_registry.async_get(OVERTIME) is None
    assert state_of(hass, WORKED_TIME).state == "29"
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T10:00:00+00:00"


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
async def test_worked_today_clocked_in_since_yesterday(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """A night shift counts for today from midnight on."""
    simulator.act("anna", "attendance_timer/start", wall(22, day=date(2026, 6, 2)))
    assert await async_setup(hass, config_entry)
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-02T20:00:00+00:00"
    assert state_of(hass, WORKED_TODAY).state == "780"  # 00:00 to 13:00
    # 1 and 2 June count -8 h each (the open entry is in no report yet).
    assert overtime_minutes(hass) == -960 + 780 - 480
    await async_advance(hass, freezer, ONE_MINUTE)
    assert state_of(hass, WORKED_TODAY).state == "781"
    assert overtime_minutes(hass) == -960 + 781 - 480
