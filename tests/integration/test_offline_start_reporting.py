"""What an entry started without TimeTrack tells: its one log line, and its
readings once TimeTrack answers again (see test_offline_start.py).

Time is frozen on Wednesday 3 June 2026 at 07:50 in Vienna; the power cut
and the start without TimeTrack come at 08:00 (outage_support.start_offline).
"""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

import pytest

from .actions_support import Home, wire
from .entity_support import ANNA_READINGS, device_id
from .outage_support import (
    BEN_READINGS,
    OFFLINE_START_TESTS,
    REPORT_READINGS,
    STARTUP_WARNING,
    integration_records,
    set_up_then_start_offline,
)

pytestmark = OFFLINE_START_TESTS


async def clock_in_anna(home: Home) -> None:
    """The `timetrack.clock_in` action on anna's device, at the current time."""
    await home.action(
        "clock_in", {"device_id": device_id(home.hass, home.entry, "anna")}
    )


async def test_offline_start_logs_one_warning(
    home: Home, hass_storage: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """One line says that TimeTrack cannot be reached at start, and nothing more
    until it answers again (the lists are stored; the timers do not "work on")."""
    await set_up_then_start_offline(
        home.hass, home.freezer, home.simulator, home.entry, hass_storage, caplog
    )
    await clock_in_anna(home)
    await home.advance(timedelta(minutes=5))
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))
    assert home.clock_ins() == [("anna", wire(8))]

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
    home: Home, hass_storage: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """Worked today and the balance are back with the first poll that answers."""
    await set_up_then_start_offline(
        home.hass, home.freezer, home.simulator, home.entry, hass_storage, caplog
    )
    assert home.unavailable(REPORT_READINGS) == list(REPORT_READINGS)
    await home.advance(timedelta(minutes=5))

    await home.simulator.come_back()
    await home.advance(timedelta(minutes=2))

    assert home.simulator.requests_to("work_reports", "GET")
    assert home.unavailable(ANNA_READINGS + BEN_READINGS) == []


async def test_second_offline_start_names_when_timetrack_last_answered(
    home: Home, hass_storage: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """Restarted again while TimeTrack is still away: the start-up warning still
    dates the state to when TimeTrack last answered (07:50)."""
    await set_up_then_start_offline(
        home.hass, home.freezer, home.simulator, home.entry, hass_storage, caplog
    )
    await clock_in_anna(home)  # 08:00
    await home.advance(timedelta(minutes=10))
    caplog.clear()

    assert await home.restart()

    [startup] = [
        record.message
        for record in integration_records(caplog, logging.WARNING)
        if record.message.startswith(STARTUP_WARNING)
    ]
    assert "starting from what it said at 2026-06-03 07:50." in startup
