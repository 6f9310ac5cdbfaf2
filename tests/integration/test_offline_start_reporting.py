"""What an entry started without TimeTrack tells: its one log line, and its
readings once TimeTrack answers again (see test_offline_start.py).

Time is frozen on Wednesday 3 June 2026 at 07:50 in Vienna; the power cut
and the start without TimeTrack come at 08:00 (outage_support.start_offline).
"""

from __future__ import annotations

from datetime import datetime, timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import ANNA_READINGS, VIENNA, async_advance
from .outage_support import (
    BEN_READINGS,
    REPORT_READINGS,
    STARTUP_WARNING,
    anna_and_ben,
    clock_ins,
    device_id,
    integration_records,
    restart,
    set_up_stored,
    start_offline,
    unavailable,
    wire,
)

pytestmark = pytest.mark.freeze_time(datetime(2026, 6, 3, 7, 50, tzinfo=VIENNA))


@pytest.fixture
def config_entry(simulator: Simulator) -> MockConfigEntry:
    """The account entry tracking anna and ben."""
    return anna_and_ben(simulator)


async def clock_in_anna(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The `timetrack.clock_in` action on anna's device, at the current time."""
    await hass.services.async_call(
        DOMAIN,
        "clock_in",
        {"device_id": device_id(hass, entry, "anna")},
        blocking=True,
        return_response=True,
    )


async def test_offline_start_logs_one_warning(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One line says that TimeTrack cannot be reached at start, and nothing more
    until it answers again (the lists are stored; the timers do not "work on")."""
    await set_up_stored(hass, freezer, config_entry, hass_storage)
    await start_offline(hass, freezer, simulator, config_entry, caplog)
    await clock_in_anna(hass, config_entry)
    await async_advance(hass, freezer, timedelta(minutes=5))
    await simulator.come_back()
    await async_advance(hass, freezer, timedelta(seconds=30))
    assert clock_ins(simulator) == [("anna", wire(8))]

    assert [
        record.message for record in integration_records(caplog, logging.WARNING)
    ] == [
        (
            "TimeTrack cannot be reached (Could not read the timers from TimeTrack "
            "(TimeTrackConnectionError)); starting from what it said at 2026-06-03 "
            "07:50. Actions are kept and sent when it answers"
        )
    ]


async def test_report_sensors_come_back_with_timetrack(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Worked today and the balance are back with the first poll that answers."""
    await set_up_stored(hass, freezer, config_entry, hass_storage)
    await start_offline(hass, freezer, simulator, config_entry, caplog)
    assert unavailable(hass, REPORT_READINGS) == list(REPORT_READINGS)
    await async_advance(hass, freezer, timedelta(minutes=5))

    await simulator.come_back()
    await async_advance(hass, freezer, timedelta(minutes=2))

    assert simulator.requests_to("work_reports", "GET")
    assert unavailable(hass, ANNA_READINGS + BEN_READINGS) == []


async def test_second_offline_start_names_when_timetrack_last_answered(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Restarted again while TimeTrack is still away: the start-up warning still
    dates the state to when TimeTrack last answered (07:50)."""
    await set_up_stored(hass, freezer, config_entry, hass_storage)
    await start_offline(hass, freezer, simulator, config_entry, caplog)
    await clock_in_anna(hass, config_entry)  # 08:00
    await async_advance(hass, freezer, timedelta(minutes=10))
    caplog.clear()

    assert await restart(hass, config_entry)

    [startup] = [
        record.message
        for record in integration_records(caplog, logging.WARNING)
        if record.message.startswith(STARTUP_WARNING)
    ]
    assert "starting from what it said at 2026-06-03 07:50." in startup
