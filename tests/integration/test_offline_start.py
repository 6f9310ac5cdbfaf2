"""Nothing lost from the first second: actions taken while Home Assistant starts
without TimeTrack.

After a power cut Home Assistant is often back before the internet. An entry
that was set up before starts from the state it stored (snapshot.py): its
controls take actions into the outbox, which are sent with their original
times once TimeTrack answers. Each test runs the whole way through Home
Assistant against the simulator: the entry is set up while TimeTrack answers
(so that its state is stored), then "restarted" (unloaded and set up again in
the same ``hass``) while the simulator is down. Anna clocks in by an action on
her device; Ben by the zone blueprint when his phone enters the office.

Time is frozen on Wednesday 3 June 2026 at 07:50 in Vienna and moved with the
freezer; the simulator takes "now" from each request, so both share one clock.
Refusals at start-up: test_offline_start_refused.py; the log and the work
report sensors of an offline start: test_offline_start_reporting.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
import logging
from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .actions_support import CLOCK_IN, Home, call_action, pending, unavailable, wire
from .blueprint_support import (
    OFFICE,
    from_blueprint,
    phone_at,
    set_up_automations,
    set_up_presence,
)
from .entity_support import (
    ANNA_CONTROLS,
    ANNA_READINGS,
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    device_id,
    local,
    state_of,
)
from .outage_support import (
    BEN_ATTENDANCE,
    BEN_CLOCKED_IN_SINCE,
    BEN_CONTROLS,
    BEN_PENDING,
    BEN_READINGS,
    OFFLINE_START_TESTS,
    REPORT_READINGS,
    STARTUP_WARNING,
    integration_records,
    posts,
    records,
    set_up_stored,
    set_up_then_start_offline,
    start_offline,
    timer_readings,
)

pytestmark = OFFLINE_START_TESTS

AUTOMATION = "automation.ben_by_zone"
BEN_PERSON = "person.ben"
BEN_PHONE = "device_tracker.bens_phone"


async def zone_blueprint_for_ben(
    hass: HomeAssistant, entry: MockConfigEntry, config_dir: Path
) -> None:
    """An office zone, Ben tracked by his phone (away), and the zone blueprint."""
    await set_up_presence(hass, "ben", BEN_PHONE)
    inputs = {
        "person": BEN_PERSON,
        "zone": OFFICE,
        "timetrack_user": device_id(hass, entry, "ben"),
    }
    await set_up_automations(
        hass,
        config_dir,
        from_blueprint(
            "clock_in_out_by_zone.yaml", inputs, "ben_by_zone", "Ben by zone"
        ),
    )
    assert state_of(hass, AUTOMATION).state == STATE_ON
    assert state_of(hass, BEN_PERSON).attributes["in_zones"] == []


async def ben_arrives(hass: HomeAssistant) -> None:
    """Ben's phone enters the office zone."""
    phone_at(hass, "office", tracker=BEN_PHONE)
    await hass.async_block_till_done()
    assert OFFICE in state_of(hass, BEN_PERSON).attributes["in_zones"]


async def anna_clocks_in_by_action(hass: HomeAssistant, anna: str) -> None:
    """Anna, in the office since 08:02, clocks in by an action on her device:
    accepted and kept; it shows on her readings (those of the reports
    excepted: there are none yet), and on nobody else's."""
    await call_action(
        hass, "clock_in", {"device_id": anna, "time": local(8, 2).isoformat()}
    )

    assert state_of(hass, ATTENDANCE).state == STATE_ON
    assert pending(hass) == ["clock_in@2026-06-03T08:02:00+02:00"]
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T06:02:00+00:00"
    assert unavailable(hass, ANNA_READINGS) == list(REPORT_READINGS)
    assert unavailable(hass, BEN_READINGS) == list(BEN_READINGS)


async def ben_clocked_in_by_the_blueprint(hass: HomeAssistant) -> None:
    """Ben walks into the office: the blueprint reads his switch (off, and
    available), clocks him in; accepted and kept."""
    assert state_of(hass, BEN_ATTENDANCE).state == STATE_OFF
    await ben_arrives(hass)

    assert state_of(hass, BEN_ATTENDANCE).state == STATE_ON
    assert pending(hass, BEN_PENDING) == ["clock_in@2026-06-03T08:07:00+02:00"]
    assert state_of(hass, BEN_CLOCKED_IN_SINCE).state == "2026-06-03T06:07:00+00:00"


# --- started without TimeTrack --------------------------------------------------------


@pytest.mark.parametrize("restarts", [1, 2], ids=["one_start", "restarted_again"])
async def test_actions_at_an_offline_start_are_recorded_once(
    home: Home,
    hass_storage: dict[str, Any],
    config_dir: Path,
    caplog: pytest.LogCaptureFixture,
    restarts: int,
) -> None:
    """Started while TimeTrack is down (and restarted again, still down): Anna's
    clock-in by action and Ben's by the zone blueprint are accepted, shown as
    waiting, and recorded exactly once with their times when TimeTrack is back;
    nothing is logged for them."""
    await set_up_stored(home.hass, home.freezer, home.entry, hass_storage)
    await zone_blueprint_for_ben(home.hass, home.entry, config_dir)

    # A power cut: Home Assistant is back at 08:00, the internet not.
    await start_offline(home.hass, home.freezer, home.simulator, home.entry, caplog)
    assert home.entry.state is ConfigEntryState.LOADED
    assert home.unavailable(ANNA_READINGS) == list(ANNA_READINGS)
    assert home.unavailable(BEN_READINGS) == list(BEN_READINGS)
    # The controls show the last known state, so that they can be used.
    assert home.unavailable(ANNA_CONTROLS + BEN_CONTROLS) == []
    assert home.state(ATTENDANCE) == STATE_OFF

    # 08:05: Anna, in since 08:02, clocks in by an action on her device.
    await home.advance(timedelta(minutes=5))
    await anna_clocks_in_by_action(home.hass, device_id(home.hass, home.entry, "anna"))
    # 08:07: Ben walks into the office.
    await home.advance(timedelta(minutes=2))
    await ben_clocked_in_by_the_blueprint(home.hass)

    if restarts == 2:
        # 08:10: Home Assistant restarts again; TimeTrack still cannot be reached.
        await home.advance(timedelta(minutes=3))
        assert await home.restart()
        assert home.entry.state is ConfigEntryState.LOADED
        assert home.pending() == ["clock_in@2026-06-03T08:02:00+02:00"]
        assert home.pending(BEN_PENDING) == ["clock_in@2026-06-03T08:07:00+02:00"]
        assert home.state(ATTENDANCE) == STATE_ON
        assert home.state(BEN_ATTENDANCE) == STATE_ON

    await home.advance(timedelta(minutes=5))
    assert posts(home.simulator) == []
    assert home.simulator.requests == []

    # TimeTrack answers again: the next poll (within 30 s) replays both.
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert home.clock_ins() == [("anna", wire(8, 2)), ("ben", wire(8, 7))]
    assert posts(home.simulator) == [(CLOCK_IN, "anna", 200), (CLOCK_IN, "ben", 200)]
    assert home.simulator.attendance_timer("anna")["from"] == wire(8, 2)
    assert home.simulator.attendance_timer("ben")["from"] == wire(8, 7)
    assert home.pending() == []
    assert home.pending(BEN_PENDING) == []
    assert home.state(ATTENDANCE) == STATE_ON
    assert home.state(BEN_ATTENDANCE) == STATE_ON
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T06:02:00+00:00"
    # The work report sensors come back with the reports: see
    # test_report_sensors_come_back_with_timetrack.
    assert home.unavailable(timer_readings(ANNA_READINGS + BEN_READINGS)) == []

    # Nothing is sent again later.
    await home.advance(timedelta(minutes=5))
    assert len(posts(home.simulator)) == 2

    # The log: no error at all (the blueprint's run included), nothing about
    # the two actions, and one start-up warning per start without TimeTrack.
    assert records(caplog, logging.ERROR) == []
    warnings = integration_records(caplog, logging.WARNING)
    assert [r.message for r in warnings if "clock" in r.message.casefold()] == []
    assert len([r for r in warnings if r.message.startswith(STARTUP_WARNING)]) == (
        restarts
    )


async def test_started_offline_readings_wait_for_timetrack(
    home: Home, hass_storage: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """Started offline: polls keep failing quietly; only the user who acts
    shows what her action leads to, and only until TimeTrack answers."""
    home.simulator.act("ben", CLOCK_IN, datetime(2026, 6, 3, 7, 30))  # in the app
    await set_up_then_start_offline(
        home.hass, home.freezer, home.simulator, home.entry, hass_storage, caplog
    )
    anna = device_id(home.hass, home.entry, "anna")

    # Ten minutes of failing polls change nothing.
    for _ in range(10):
        await home.advance(timedelta(minutes=1))
        assert home.unavailable(ANNA_READINGS) == list(ANNA_READINGS)
        assert home.unavailable(BEN_READINGS) == list(BEN_READINGS)
        assert home.unavailable(ANNA_CONTROLS + BEN_CONTROLS) == []
    # The controls show the last known state: Ben was clocked in at 07:30.
    assert home.state(BEN_ATTENDANCE) == STATE_ON
    assert home.state(ATTENDANCE) == STATE_OFF

    await home.action("clock_in", {"device_id": anna})  # 08:10

    assert home.unavailable(ANNA_READINGS) == list(REPORT_READINGS)
    assert home.unavailable(BEN_READINGS) == list(BEN_READINGS)
    await home.advance(timedelta(minutes=2))
    assert home.unavailable(BEN_READINGS) == list(BEN_READINGS)
    assert records(caplog, logging.ERROR) == []

    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))
    assert home.clock_ins() == [("anna", wire(8, 10))]
    assert home.unavailable(timer_readings(ANNA_READINGS + BEN_READINGS)) == []
    assert home.state(BEN_CLOCKED_IN_SINCE) == "2026-06-03T05:30:00+00:00"


async def test_reload_right_after_set_up_keeps_what_timetrack_said(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """A reload seconds after the set-up (adding a second user reloads the
    entry) stores the state first: the lists and timers read are what the
    entry starts from, though the delayed save was not due yet. Started
    without TimeTrack then, Anna can still clock in."""
    home.simulator.act("ben", CLOCK_IN, datetime(2026, 6, 3, 7, 30))
    assert await home.set_up()
    anna = device_id(home.hass, home.entry, "anna")
    await home.simulator.go_down()

    assert await home.restart()

    assert home.entry.state is ConfigEntryState.LOADED
    assert home.state(BEN_ATTENDANCE) == STATE_ON
    assert home.unavailable(ANNA_CONTROLS + BEN_CONTROLS) == []
    await home.action("clock_in", {"device_id": anna})
    assert pending(home.hass) == ["clock_in@2026-06-03T07:50:00+02:00"]
