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

from collections.abc import Iterator
from datetime import datetime, timedelta
import logging
from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, callback
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import (
    ANNA_CONTROLS,
    ANNA_READINGS,
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    VIENNA,
    async_advance,
    state_of,
)
from .outage_support import (
    BEN_ATTENDANCE,
    BEN_CLOCKED_IN_SINCE,
    BEN_CONTROLS,
    BEN_PENDING,
    BEN_READINGS,
    CLOCK_IN,
    REPORT_READINGS,
    STARTUP_WARNING,
    anna_and_ben,
    at,
    clock_ins,
    device_id,
    integration_records,
    pending,
    posts,
    records,
    restart,
    set_up_stored,
    start_offline,
    timer_readings,
    unavailable,
    wire,
)

pytestmark = pytest.mark.freeze_time(datetime(2026, 6, 3, 7, 50, tzinfo=VIENNA))

BLUEPRINT_DIR = Path(__file__).parents[2] / "blueprints" / "automation" / "timetrack"
AUTOMATION = "automation.ben_by_zone"
BEN_PERSON = "person.ben"
BEN_PHONE = "device_tracker.bens_phone"
OFFICE = "zone.office"
OFFICE_LOCATION = {"latitude": 48.2082, "longitude": 16.3738}
PARK_LOCATION = {"latitude": 48.2150, "longitude": 16.3600}


@pytest.fixture
def config_entry(simulator: Simulator) -> MockConfigEntry:
    """The account entry tracking anna and ben."""
    return anna_and_ben(simulator)


async def clock_in(hass: HomeAssistant, device: str, **data: Any) -> None:
    """The `timetrack.clock_in` action on a user's device."""
    await hass.services.async_call(
        DOMAIN,
        "clock_in",
        {"device_id": device, **data},
        blocking=True,
        return_response=True,
    )


# --- Ben's phone and the zone blueprint -----------------------------------------------


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Iterator[Path]:
    """A configuration directory holding this project's blueprints."""
    shutil.copytree(BLUEPRINT_DIR, tmp_path / "blueprints" / "automation" / "timetrack")
    original = hass.config.config_dir
    hass.config.config_dir = str(tmp_path)
    yield tmp_path
    hass.config.config_dir = original


@callback
def phone_at(hass: HomeAssistant, where: str) -> None:
    """Ben's phone reports a GPS fix in the office or in the park nearby."""
    in_office = where == "office"
    hass.states.async_set(
        BEN_PHONE,
        "Office" if in_office else "not_home",
        {
            "source_type": "gps",
            "gps_accuracy": 10,
            **(OFFICE_LOCATION if in_office else PARK_LOCATION),
            "in_zones": [OFFICE] if in_office else [],
        },
    )


async def zone_blueprint_for_ben(
    hass: HomeAssistant, entry: MockConfigEntry, config_dir: Path
) -> None:
    """An office zone, Ben tracked by his phone (away), and the zone blueprint."""
    assert await async_setup_component(
        hass,
        "zone",
        {"zone": [{"name": "Office", **OFFICE_LOCATION, "radius": 150}]},
    )
    phone_at(hass, "park")
    assert await async_setup_component(
        hass,
        "person",
        {"person": [{"id": "ben", "name": "Ben", "device_trackers": [BEN_PHONE]}]},
    )
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "id": "ben_by_zone",
                    "alias": "Ben by zone",
                    "use_blueprint": {
                        "path": "timetrack/clock_in_out_by_zone.yaml",
                        "input": {
                            "person": BEN_PERSON,
                            "zone": OFFICE,
                            "timetrack_user": device_id(hass, entry, "ben"),
                        },
                    },
                }
            ]
        },
    )
    await hass.async_block_till_done()
    assert state_of(hass, AUTOMATION).state == STATE_ON
    assert state_of(hass, BEN_PERSON).attributes["in_zones"] == []


async def ben_arrives(hass: HomeAssistant) -> None:
    """Ben's phone enters the office zone."""
    phone_at(hass, "office")
    await hass.async_block_till_done()
    assert OFFICE in state_of(hass, BEN_PERSON).attributes["in_zones"]


async def anna_clocks_in_by_action(hass: HomeAssistant, anna: str) -> None:
    """Anna, in the office since 08:02, clocks in by an action on her device:
    accepted and kept; it shows on her readings (those of the reports
    excepted: there are none yet), and on nobody else's."""
    await clock_in(hass, anna, time=at(8, 2).isoformat())

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
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    config_dir: Path,
    caplog: pytest.LogCaptureFixture,
    restarts: int,
) -> None:
    """Started while TimeTrack is down (and restarted again, still down): Anna's
    clock-in by action and Ben's by the zone blueprint are accepted, shown as
    waiting, and recorded exactly once with their times when TimeTrack is back;
    nothing is logged for them."""
    await set_up_stored(hass, freezer, config_entry, hass_storage)
    await zone_blueprint_for_ben(hass, config_entry, config_dir)

    # A power cut: Home Assistant is back at 08:00, the internet not.
    await start_offline(hass, freezer, simulator, config_entry, caplog)
    assert config_entry.state is ConfigEntryState.LOADED
    assert unavailable(hass, ANNA_READINGS) == list(ANNA_READINGS)
    assert unavailable(hass, BEN_READINGS) == list(BEN_READINGS)
    # The controls show the last known state, so that they can be used.
    assert unavailable(hass, ANNA_CONTROLS + BEN_CONTROLS) == []
    assert state_of(hass, ATTENDANCE).state == STATE_OFF

    # 08:05: Anna, in since 08:02, clocks in by an action on her device.
    await async_advance(hass, freezer, timedelta(minutes=5))
    await anna_clocks_in_by_action(hass, device_id(hass, config_entry, "anna"))
    # 08:07: Ben walks into the office.
    await async_advance(hass, freezer, timedelta(minutes=2))
    await ben_clocked_in_by_the_blueprint(hass)

    if restarts == 2:
        # 08:10: Home Assistant restarts again; TimeTrack still cannot be reached.
        await async_advance(hass, freezer, timedelta(minutes=3))
        assert await restart(hass, config_entry)
        assert config_entry.state is ConfigEntryState.LOADED
        assert pending(hass) == ["clock_in@2026-06-03T08:02:00+02:00"]
        assert pending(hass, BEN_PENDING) == ["clock_in@2026-06-03T08:07:00+02:00"]
        assert state_of(hass, ATTENDANCE).state == STATE_ON
        assert state_of(hass, BEN_ATTENDANCE).state == STATE_ON

    await async_advance(hass, freezer, timedelta(minutes=5))
    assert posts(simulator) == []
    assert simulator.requests == []

    # TimeTrack answers again: the next poll (within 30 s) replays both.
    await simulator.come_back()
    await async_advance(hass, freezer, timedelta(seconds=30))

    assert clock_ins(simulator) == [("anna", wire(8, 2)), ("ben", wire(8, 7))]
    assert posts(simulator) == [(CLOCK_IN, "anna", 200), (CLOCK_IN, "ben", 200)]
    assert simulator.attendance_timer("anna")["from"] == wire(8, 2)
    assert simulator.attendance_timer("ben")["from"] == wire(8, 7)
    assert pending(hass) == []
    assert pending(hass, BEN_PENDING) == []
    assert state_of(hass, ATTENDANCE).state == STATE_ON
    assert state_of(hass, BEN_ATTENDANCE).state == STATE_ON
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T06:02:00+00:00"
    # The work report sensors come back with the reports: see
    # test_report_sensors_come_back_with_timetrack.
    assert unavailable(hass, timer_readings(ANNA_READINGS + BEN_READINGS)) == []

    # Nothing is sent again later.
    await async_advance(hass, freezer, timedelta(minutes=5))
    assert len(posts(simulator)) == 2

    # The log: no error at all (the blueprint's run included), nothing about
    # the two actions, and one start-up warning per start without TimeTrack.
    assert records(caplog, logging.ERROR) == []
    warnings = integration_records(caplog, logging.WARNING)
    assert [r.message for r in warnings if "clock" in r.message.casefold()] == []
    assert len([r for r in warnings if r.message.startswith(STARTUP_WARNING)]) == (
        restarts
    )


async def test_started_offline_readings_wait_for_timetrack(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Started offline: polls keep failing quietly; only the user who acts
    shows what her action leads to, and only until TimeTrack answers."""
    simulator.act("ben", CLOCK_IN, datetime(2026, 6, 3, 7, 30))  # in the app
    await set_up_stored(hass, freezer, config_entry, hass_storage)
    await start_offline(hass, freezer, simulator, config_entry, caplog)
    anna = device_id(hass, config_entry, "anna")

    # Ten minutes of failing polls change nothing.
    for _ in range(10):
        await async_advance(hass, freezer, timedelta(minutes=1))
        assert unavailable(hass, ANNA_READINGS) == list(ANNA_READINGS)
        assert unavailable(hass, BEN_READINGS) == list(BEN_READINGS)
        assert unavailable(hass, ANNA_CONTROLS + BEN_CONTROLS) == []
    # The controls show the last known state: Ben was clocked in at 07:30.
    assert state_of(hass, BEN_ATTENDANCE).state == STATE_ON
    assert state_of(hass, ATTENDANCE).state == STATE_OFF

    await clock_in(hass, anna)  # 08:10

    assert unavailable(hass, ANNA_READINGS) == list(REPORT_READINGS)
    assert unavailable(hass, BEN_READINGS) == list(BEN_READINGS)
    await async_advance(hass, freezer, timedelta(minutes=2))
    assert unavailable(hass, BEN_READINGS) == list(BEN_READINGS)
    assert records(caplog, logging.ERROR) == []

    await simulator.come_back()
    await async_advance(hass, freezer, timedelta(seconds=30))
    assert clock_ins(simulator) == [("anna", wire(8, 10))]
    assert unavailable(hass, timer_readings(ANNA_READINGS + BEN_READINGS)) == []
    assert state_of(hass, BEN_CLOCKED_IN_SINCE).state == "2026-06-03T05:30:00+00:00"
