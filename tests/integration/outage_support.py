"""Shared steps of the outage tests (test_offline_start*.py, test_honest_health*.py).

Two tracked users, anna and ben, on the simulator; outages made with
``go_down``/``come_back``; restarts made by unloading the entry and setting it
up again within the same ``hass``. Times are on Wednesday 3 June 2026 in
Vienna, as in entity_support.
"""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import Simulator

from .actions_support import API
from .entity_support import (
    ANNA_AND_BEN,
    ANNA_CONTROLS,
    ANNA_READINGS,
    DEMO_ACCOUNT,
    OVERTIME,
    WORKED_TODAY,
    async_advance,
    async_setup,
    local,
)

LOGGER_NAME = "custom_components.timetrack"
# The first words of the one line an entry started without TimeTrack logs.
STARTUP_WARNING = "TimeTrack cannot be reached"

BEN = "ben_hofer"
BEN_ATTENDANCE = f"switch.{BEN}_attendance"
BEN_PROJECT = f"select.{BEN}_project"
BEN_PENDING = f"sensor.{BEN}_pending_actions"
BEN_CLOCKED_IN_SINCE = f"sensor.{BEN}_clocked_in_since"
# Ben's readings and controls, named as anna's.
BEN_READINGS = tuple(e.replace("anna_berger", BEN) for e in ANNA_READINGS)
BEN_CONTROLS = tuple(e.replace("anna_berger", BEN) for e in ANNA_CONTROLS)
# Anna's readings built on the work reports.
REPORT_READINGS = (WORKED_TODAY, OVERTIME)

# The marks of the offline start modules: the account "demo" tracking anna and
# ben, and the clock frozen at 07:50, before the power cut.
OFFLINE_START_TESTS = [
    pytest.mark.freeze_time(local(7, 50)),
    DEMO_ACCOUNT,
    ANNA_AND_BEN,
]


# --- what reached TimeTrack -----------------------------------------------------------


def posts(simulator: Simulator) -> list[tuple[str, str, int]]:
    """Every action request that arrived: (path, username, status answered)."""
    return [
        (
            request.path.removeprefix(API),
            (request.body or {}).get("username", ""),
            request.status,
        )
        for request in simulator.requests
        if request.method == "POST"
    ]


# --- what Home Assistant shows and keeps ----------------------------------------------


def stored_outbox(hass_storage: dict[str, Any], entry: MockConfigEntry) -> list[Any]:
    """The actions the entry's outbox holds in storage (none if never written)."""
    stored = hass_storage.get(f"timetrack.outbox.{entry.entry_id}")
    return [] if stored is None else stored["data"]["actions"]


def timer_readings(entity_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Those of `entity_ids` that are not built on the work reports."""
    return tuple(
        entity_id
        for entity_id in entity_ids
        if not entity_id.endswith(("_worked_today", "_overtime_balance"))
    )


# --- the log --------------------------------------------------------------------------


def records(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    """The log records at `level` or above, from any logger."""
    return [record for record in caplog.records if record.levelno >= level]


def integration_records(
    caplog: pytest.LogCaptureFixture, level: int
) -> list[logging.LogRecord]:
    """The integration's own log records at `level` or above."""
    return [
        record
        for record in records(caplog, level)
        if record.name.startswith(LOGGER_NAME)
    ]


# --- starting and restarting ----------------------------------------------------------


async def set_up_stored(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Set the entry up while TimeTrack answers, and let its state be stored."""
    assert await async_setup(hass, entry)
    await async_advance(hass, freezer, timedelta(seconds=31))
    stored = hass_storage[f"timetrack.snapshot.{entry.entry_id}"]["data"]
    assert set(stored["users"]) == {"anna", "ben"}


async def start_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A power cut: TimeTrack and Home Assistant go; at 08:00 Home Assistant is
    back, TimeTrack (the internet) not yet. The log is captured from then on."""
    await simulator.go_down()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    freezer.move_to(local(8))
    caplog.set_level(logging.INFO)
    caplog.clear()
    simulator.clear_requests()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def set_up_then_start_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Set the entry up while TimeTrack answers (its state stored), then the
    power cut: see `start_offline`."""
    await set_up_stored(hass, freezer, entry, hass_storage)
    await start_offline(hass, freezer, simulator, entry, caplog)
