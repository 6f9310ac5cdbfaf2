"""Every dialect TimeTrack may speak: what the polls find.

A change made elsewhere (the phone app), shown at the next poll, and an action
TimeTrack then refuses in the dialect's error form; actions kept while
TimeTrack cannot be reached, or whose answer was lost, replayed after a poll
and taken exactly once. Each test runs once per dialect of
`simulator.dialect.DIALECTS`, set before the entry is set up, through Home
Assistant. Set-up, the lists and every action: test_dialects.py.

Time is frozen on Wednesday 3 June 2026 at 13:00 in Vienna.
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import Simulator

from .dialect_support import (
    IN_APP,
    actions_sent,
    dialects,
    nothing_runs,
    pending,
    pick,
    read_method,
    service,
    set_up,
    states,
    timer_path,
    told,
    tries,
    utc,
    wire,
)
from .entity_support import (
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    FROZEN,
    PROJECT,
    PROJECT_TIMER,
    TIMER_EVENT,
    TIMER_STARTED,
    account_entry,
    async_advance,
    async_poll,
    event_types,
    local,
    record_states,
    state_of,
    wall,
)

pytestmark = FROZEN


@pytest.fixture
def config_entry(simulator: Simulator) -> MockConfigEntry:
    """Anna's account entry (title "demo")."""
    return account_entry(simulator, ["anna"], {})


# --- a change made elsewhere --------------------------------------------------


@pytest.mark.parametrize("key", dialects())
async def test_change_made_elsewhere(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    key: str,
) -> None:
    """Clocked in and a project started in the phone app: shown at the next poll
    with TimeTrack's times, the event firing once each. Then clocked out in the
    app: Home Assistant's clock-out is refused by TimeTrack (409, in the
    dialect's error form), read again, and refused as if it had been known."""
    dialect = await set_up(hass, simulator, config_entry, key)
    log = record_states(hass, TIMER_EVENT)

    simulator.act("anna", "attendance_timer/start", wall(13, 0, 10))
    simulator.act(
        "anna",
        "project_timer/start",
        wall(13, 0, 20),
        clientName="ACME",
        projectName="Website",
    )
    assert state_of(hass, ATTENDANCE).state == "off"
    await async_poll(hass, freezer)  # 13:01

    assert state_of(hass, ATTENDANCE).state == "on"
    assert state_of(hass, CLOCKED_IN_SINCE).state == utc(
        told(local(13, 0, 10), dialect)
    )
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert state_of(hass, PROJECT).state == "ACME / Website"
    assert state_of(hass, TIMER_STARTED).state == utc(told(local(13, 0, 20), dialect))
    assert event_types(log) == ["clocked_in", "started"]
    started = log.changes[-1].attributes
    assert (started["client"], started["project"]) == ("ACME", "Website")
    await async_poll(hass, freezer)  # 13:02: nothing new
    assert event_types(log) == ["clocked_in", "started"]

    await async_advance(hass, freezer, timedelta(seconds=20))  # 13:02:20
    simulator.act("anna", "attendance_timer/stop", wall(13, 2, 10))
    simulator.clear_requests()
    with pytest.raises(ServiceValidationError) as info:
        await service(hass, "clock_out")

    assert info.value.translation_key == "not_clocked_in"
    refused = 200 if dialect.errors == "in_200" else 409
    assert tries(simulator, "attendance_timer/stop") == [("POST", refused)]
    assert tries(simulator, "attendance_timer") == [
        (read_method(dialect), nothing_runs(dialect))
    ]
    assert state_of(hass, ATTENDANCE).state == "off"
    assert event_types(log) == ["clocked_in", "started", "clocked_out"]


# --- actions kept while TimeTrack cannot take them ----------------------------


@pytest.mark.parametrize("key", dialects())
async def test_kept_actions_are_sent_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    key: str,
) -> None:
    """A clock-out while TimeTrack is down is shown and kept; once it is back, it
    reaches TimeTrack exactly once, with the time it was taken. A stop that
    reached TimeTrack but whose answer was lost is kept too; the next poll sees
    it recorded: one stop in all, never two."""
    dialect = await set_up(hass, simulator, config_entry, key, *IN_APP)
    assert states(hass, ATTENDANCE, PROJECT_TIMER) == ("on", "running")
    await async_advance(hass, freezer, timedelta(seconds=5))  # 13:00:05
    simulator.clear_requests()
    await simulator.go_down()

    response = await service(hass, "clock_out")

    assert response["attendance"]["clocked_in"] is False
    assert state_of(hass, ATTENDANCE).state == "off"
    assert pending(hass) == 1
    assert simulator.attendance_timer("anna")["to"] is None

    await simulator.come_back()
    await async_advance(hass, freezer, timedelta(seconds=30))  # the outbox's retry

    clock_out = ("attendance_timer/stop", wire(local(13, 0, 5)), None)
    assert actions_sent(simulator) == [clock_out]
    assert simulator.attendance_timer("anna")["to"] == clock_out[1]
    assert pending(hass) == 0
    assert states(hass, ATTENDANCE, PROJECT_TIMER) == ("off", "running")

    # 13:00:35: the stop reaches TimeTrack, its answer is lost.
    simulator.apply_then_drop_next(1)
    response = await service(hass, "stop_project_timer")

    assert response["project_timer"]["state"] == "stopped"
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert pending(hass) == 1
    stop = (f"{timer_path(dialect)}/stop", wire(local(13, 0, 35)), "apply_then_drop")
    assert actions_sent(simulator) == [clock_out, stop]

    await async_advance(hass, freezer, timedelta(seconds=30))  # the outbox's retry

    assert actions_sent(simulator) == [clock_out, stop]
    assert pending(hass) == 0
    assert states(hass, ATTENDANCE, PROJECT_TIMER) == ("off", "stopped")
    timer = simulator.project_timer("anna")
    assert pick(timer, "stopped", "workedSeconds") == (True, 30 * 60 + 15)
    await async_poll(hass, freezer)
    assert actions_sent(simulator) == [clock_out, stop]
    assert pending(hass) == 0
