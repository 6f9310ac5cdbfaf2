"""Time (issue 5): DST changes, midnight, other time zones, clocks that differ.

TimeTrack speaks local wall-clock time of the account's zone; Home Assistant
counts real time. These tests move the frozen clock through the two DST
changes of Europe/Vienna in 2026 and through midnight, run an account in
another zone than Home Assistant's, and let Home Assistant's clock run a
little behind TimeTrack's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import (
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    DEMO_ACCOUNT,
    PAUSE,
    PENDING_ACTIONS,
    PROJECT_TIMER,
    TIMER_STARTED,
    WORKED_TIME,
    WORKED_TODAY,
    async_setup,
    overtime_minutes,
    record_states,
    state_of,
)

VIENNA = ZoneInfo("Europe/Vienna")
NEW_YORK = ZoneInfo("America/New_York")
API = "/api/v2/ext/"
MOBILE_APP = {"clientName": "ACME", "projectName": "Mobile App"}


pytestmark = DEMO_ACCOUNT


def naive(text: str) -> datetime:
    """A naive wall-clock time, as the simulator's `act` takes it."""
    return datetime.fromisoformat(text)


async def advance_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: datetime
) -> None:
    """Move on to `moment` a minute at a time, running every poll on the way."""
    while (step := min(moment - datetime.now(VIENNA), timedelta(minutes=1))) > (
        timedelta(0)
    ):
        freezer.tick(step)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)


async def service(
    hass: HomeAssistant, name: str, data: dict[str, Any] | None = None
) -> Any:
    return await hass.services.async_call(
        DOMAIN, name, data or {}, blocking=True, return_response=True
    )


def sent_dates(simulator: Simulator, suffix: str) -> list[str]:
    """The `date` of each action sent to `suffix`."""
    return [
        (request.body or {})["date"]
        for request in simulator.requests_to(suffix, "POST")
    ]


# --- daylight saving time ---------------------------------------------------------


@pytest.mark.freeze_time(datetime(2026, 3, 29, 1, 30, tzinfo=VIENNA))
async def test_timer_across_spring_forward(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Started 01:30 CET; at 02:00 clocks jump to 03:00. At 03:30 CEST one
    real hour has passed: 60 minutes worked, not 120."""
    assert await async_setup(hass, config_entry)
    await service(hass, "start_project_timer", {"project": "Support"})
    assert sent_dates(simulator, "project_timer/start") == ["2026-03-29T01:30:00.000Z"]
    assert state_of(hass, TIMER_STARTED).state == "2026-03-29T00:30:00+00:00"
    log = record_states(hass, WORKED_TIME)

    await advance_to(hass, freezer, datetime(2026, 3, 29, 1, 59, tzinfo=VIENNA))
    assert state_of(hass, WORKED_TIME).state == "29"
    # 02:00 CET is 03:00 CEST: the count goes on by one minute, not 61.
    await advance_to(hass, freezer, datetime(2026, 3, 29, 3, 0, tzinfo=VIENNA))
    assert state_of(hass, WORKED_TIME).state == "30"
    await advance_to(hass, freezer, datetime(2026, 3, 29, 3, 30, tzinfo=VIENNA))
    assert state_of(hass, WORKED_TIME).state == "60"
    # Every minute counted once, none skipped.
    assert log.values(WORKED_TIME) == [str(minute) for minute in range(1, 61)]
    # The polls after the change read the same timer (as TimeTrack wrote it).
    assert simulator.project_timer("anna")["startedAt"] == "2026-03-29T01:30:00.000Z"
    assert state_of(hass, TIMER_STARTED).state == "2026-03-29T00:30:00+00:00"


@pytest.mark.freeze_time(datetime(2026, 10, 25, 1, 30, tzinfo=VIENNA))
async def test_timer_across_fall_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Started 01:30 CEST; at 03:00 clocks go back to 02:00. At 03:30 CET three
    real hours have passed: 180 minutes worked, not 120."""
    simulator.act(
        "anna", "project_timer/start", naive("2026-10-25T01:30"), **MOBILE_APP
    )
    assert await async_setup(hass, config_entry)
    assert state_of(hass, TIMER_STARTED).state == "2026-10-24T23:30:00+00:00"

    # 02:59 CEST, then an hour later 02:59 CET.
    await advance_to(
        hass, freezer, datetime(2026, 10, 25, 0, 59, tzinfo=ZoneInfo("UTC"))
    )
    assert state_of(hass, WORKED_TIME).state == "89"
    await advance_to(
        hass, freezer, datetime(2026, 10, 25, 1, 59, tzinfo=ZoneInfo("UTC"))
    )
    assert state_of(hass, WORKED_TIME).state == "149"
    await advance_to(hass, freezer, datetime(2026, 10, 25, 3, 30, tzinfo=VIENNA))
    assert state_of(hass, WORKED_TIME).state == "180"
    assert state_of(hass, TIMER_STARTED).state == "2026-10-24T23:30:00+00:00"


@pytest.mark.freeze_time(datetime(2026, 3, 29, 1, 50, tzinfo=VIENNA))
async def test_answer_lost_across_spring_forward_is_not_sent_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """A pause at 03:10 CEST of a timer started at 01:30 CET, whose answer was
    lost: the next poll finds it recorded (TimeTrack keeps wall-clock
    durations) and does not send it twice."""
    simulator.act(
        "anna", "project_timer/start", naive("2026-03-29T01:30"), **MOBILE_APP
    )
    assert await async_setup(hass, config_entry)
    await advance_to(hass, freezer, datetime(2026, 3, 29, 3, 10, tzinfo=VIENNA))
    simulator.clear_requests()
    simulator.apply_then_drop_next(1)

    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: PAUSE}, blocking=True
    )
    assert state_of(hass, PENDING_ACTIONS).state == "1"
    freezer.tick(timedelta(seconds=30))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert sent_dates(simulator, "project_timer/pause") == ["2026-03-29T03:10:00.000Z"]
    assert state_of(hass, PENDING_ACTIONS).state == "0"
    assert state_of(hass, PROJECT_TIMER).state == "paused"
    assert simulator.project_timer("anna")["paused"] is True


# --- midnight ------------------------------------------------------------------------


@pytest.mark.freeze_time(datetime(2026, 6, 3, 23, 50, tzinfo=VIENNA))
async def test_midnight_resets_worked_today_but_not_the_timer(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Clocked in and the timer running since 22:00: after midnight today's
    total counts from 00:00, the project timer keeps counting from 22:00."""
    simulator.act("anna", "attendance_timer/start", naive("2026-06-03T22:00"))
    simulator.act(
        "anna", "project_timer/start", naive("2026-06-03T22:00"), **MOBILE_APP
    )
    assert await async_setup(hass, config_entry)
    assert state_of(hass, WORKED_TODAY).state == "110"
    assert state_of(hass, WORKED_TIME).state == "110"
    log = record_states(hass, WORKED_TODAY)

    await advance_to(hass, freezer, datetime(2026, 6, 4, 0, 5, tzinfo=VIENNA))

    assert state_of(hass, WORKED_TODAY).state == "5"
    assert state_of(hass, WORKED_TIME).state == "125"
    assert state_of(hass, ATTENDANCE).state == "on"
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T20:00:00+00:00"
    # 4 June's reports were read: 1-3 June count -8 h each (the open entry is
    # in no report until it ends), 4 June 5 minutes of its 8 h target.
    assert overtime_minutes(hass) == -3 * 480 + 5 - 480
    # Up to 23:59 counted on; from midnight on counted again from 0 (once the
    # poll at midnight read the new day's reports: see the next test).
    assert [value for value in log.values(WORKED_TODAY) if value != STATE_UNKNOWN] == [
        str(minute) for minute in [*range(111, 120), *range(6)]
    ]


@pytest.mark.parametrize("options", [{"scan_interval": 3600}])
@pytest.mark.freeze_time(datetime(2026, 6, 3, 23, 50, tzinfo=VIENNA))
async def test_worked_today_is_known_right_after_midnight(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Clocked in across midnight, polled hourly: 00:05 is 5 minutes today,
    before the new day's reports are read."""
    simulator.act("anna", "attendance_timer/start", naive("2026-06-03T22:00"))
    assert await async_setup(hass, config_entry)
    log = record_states(hass, WORKED_TODAY)

    await advance_to(hass, freezer, datetime(2026, 6, 4, 0, 5, tzinfo=VIENNA))

    assert STATE_UNKNOWN not in log.values(WORKED_TODAY)
    assert state_of(hass, WORKED_TODAY).state == "5"


# --- Home Assistant in another zone than the account ------------------------------


@pytest.mark.parametrize("options", [{"time_zone": "America/New_York"}])
@pytest.mark.freeze_time(datetime(2026, 6, 3, 14, 0, tzinfo=VIENNA))
async def test_account_in_another_zone(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Home Assistant in Vienna, the account in New York: 14:00 in Vienna is
    08:00 on the account's wall clock, which is what TimeTrack gets."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    response = await service(hass, "clock_in")
    assert sent_dates(simulator, "attendance_timer/start") == [
        "2026-06-03T08:00:00.000Z"
    ]
    assert response["attendance"]["since"] == "2026-06-03T08:00:00-04:00"
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T12:00:00+00:00"

    # A time given without a zone is Home Assistant's: 13:30 Vienna, 07:30 NY.
    await service(
        hass, "start_project_timer", {"project": "Support", "time": "2026-06-03 13:30"}
    )
    assert sent_dates(simulator, "project_timer/start") == ["2026-06-03T07:30:00.000Z"]
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:30:00+00:00"
    assert state_of(hass, WORKED_TIME).state == "30"

    # Kept while TimeTrack is down, and replayed after a reload: still NY time.
    await simulator.go_down()
    await advance_to(hass, freezer, datetime(2026, 6, 3, 14, 10, tzinfo=VIENNA))
    await service(hass, "clock_out")
    assert state_of(hass, PENDING_ACTIONS).attributes["actions"] == [
        {"action": "clock_out", "time": "2026-06-03T08:10:00-04:00"}
    ]
    await simulator.come_back()
    assert await hass.config_entries.async_reload(config_entry.entry_id)
    await hass.async_block_till_done()
    assert sent_dates(simulator, "attendance_timer/stop") == [
        "2026-06-03T08:10:00.000Z"
    ]
    assert simulator.attendance_timer("anna")["to"] == "2026-06-03T08:10:00.000Z"
    assert state_of(hass, PENDING_ACTIONS).state == "0"
    assert state_of(hass, ATTENDANCE).state == "off"


# --- Home Assistant's clock a little behind TimeTrack's ----------------------------

# Home Assistant's clock says 08:00:30 while TimeTrack's says 08:01:30.
HA_NOW = datetime(2026, 6, 3, 8, 0, 30, tzinfo=VIENNA)


@pytest.mark.freeze_time(HA_NOW)
async def test_time_a_minute_ahead_is_accepted(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """A time one minute ahead of Home Assistant's clock (now, on TimeTrack's)
    is within the tolerance; three minutes ahead is refused."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    await service(hass, "clock_in", {"time": "2026-06-03 08:01:30"})
    assert sent_dates(simulator, "attendance_timer/start") == [
        "2026-06-03T08:01:30.000Z"
    ]
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T06:01:30+00:00"
    # Not yet started in Home Assistant's eyes: nothing worked, not negative.
    assert state_of(hass, "sensor.anna_berger_worked_today").state == "0"

    with pytest.raises(ServiceValidationError) as info:
        await service(hass, "clock_out", {"time": "2026-06-03 08:03:31"})
    assert info.value.translation_key == "time_in_future"


@pytest.mark.freeze_time(HA_NOW)
@pytest.mark.parametrize(
    ("in_app", "service_name", "path", "state"),
    [
        pytest.param(
            (("project_timer/start", "08:01:30", MOBILE_APP),),
            "pause_project_timer",
            "project_timer/pause",
            ("sensor.anna_berger_project_timer", "paused"),
            id="pause_after_start",
        ),
        pytest.param(
            (
                ("project_timer/start", "07:00:00", MOBILE_APP),
                ("project_timer/pause", "07:30:00", {}),
                ("project_timer/resume", "08:01:30", {}),
            ),
            "pause_project_timer",
            "project_timer/pause",
            ("sensor.anna_berger_project_timer", "paused"),
            id="pause_after_resume",
        ),
        pytest.param(
            (("project_timer/start", "08:01:30", MOBILE_APP),),
            "stop_project_timer",
            "project_timer/stop",
            ("sensor.anna_berger_project_timer", "stopped"),
            id="stop_after_start",
        ),
        pytest.param(
            (("attendance_timer/start", "08:01:30", {}),),
            "clock_out",
            "attendance_timer/stop",
            (ATTENDANCE, "off"),
            id="clock_out_after_clock_in",
        ),
        pytest.param(
            (
                ("attendance_timer/start", "07:00:00", {}),
                ("attendance_timer/stop", "08:01:30", {}),
            ),
            "clock_in",
            "attendance_timer/start",
            (ATTENDANCE, "on"),
            id="clock_in_after_clock_out",
        ),
    ],
)
async def test_action_now_just_after_a_change_on_a_faster_clock(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    in_app: tuple[tuple[str, str, dict[str, str]], ...],
    service_name: str,
    path: str,
    state: tuple[str, str],
) -> None:
    """TimeTrack's clock a minute ahead: the timer changed in the app at 08:01:30
    (TimeTrack's time), Home Assistant's clock says 08:00:30. An action taken now
    is taken at the moment of that change, not refused as before it."""
    for action, clock, fields in in_app:
        simulator.act("anna", action, naive(f"2026-06-03T{clock}"), **fields)
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    await service(hass, service_name)

    assert sent_dates(simulator, path) == ["2026-06-03T08:01:30.000Z"]
    assert [request.status for request in simulator.requests] == [200]
    entity_id, expected = state
    assert state_of(hass, entity_id).state == expected


@pytest.mark.freeze_time(HA_NOW)
async def test_explicit_time_before_the_start_is_refused(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """A time given by the user is kept as given: before the start, refused."""
    simulator.act(
        "anna", "project_timer/start", naive("2026-06-03T08:01:30"), **MOBILE_APP
    )
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as info:
        await service(hass, "pause_project_timer", {"time": "2026-06-03 08:00:30"})

    assert info.value.translation_key == "time_before_start"
    assert simulator.requests_to("project_timer/pause", "POST") == []
    assert simulator.project_timer("anna")["playing"] is True


@pytest.mark.freeze_time(HA_NOW)
async def test_change_far_ahead_of_the_clock_is_not_followed(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """A timer started more than the tolerance "ahead": the action taken now is
    refused as before the start (the clocks differ too much to guess)."""
    simulator.act(
        "anna", "project_timer/start", naive("2026-06-03T08:05:00"), **MOBILE_APP
    )
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as info:
        await service(hass, "pause_project_timer")

    assert info.value.translation_key == "time_before_start"
    assert simulator.requests_to("project_timer/pause", "POST") == []
