"""Shared steps of the outage tests (test_offline_start*.py, test_honest_health*.py).

Two tracked users, anna and ben, on the simulator; outages made with
``go_down``/``come_back``; restarts made by unloading the entry and setting it
up again within the same ``hass``. Times are on Wednesday 3 June 2026 in
Vienna, as in entity_support.
"""

from __future__ import annotations

from datetime import datetime, timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import (
    ANNA_CONTROLS,
    ANNA_READINGS,
    OVERTIME,
    PENDING_ACTIONS,
    TODAY,
    VIENNA,
    WORKED_TODAY,
    account_entry,
    async_advance,
    async_setup,
    state_of,
)

API = "/api/v2/ext/"
CLOCK_IN = "attendance_timer/start"
TIMER_START = "timers/project_timer/start"
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


def anna_and_ben(simulator: Simulator) -> MockConfigEntry:
    """The account entry (title "demo") tracking anna and ben."""
    return account_entry(simulator, ["anna", "ben"], {})


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """An aware time in Vienna, today."""
    return datetime(TODAY.year, TODAY.month, TODAY.day, hour, minute, second).replace(
        tzinfo=VIENNA
    )


def wire(hour: int, minute: int = 0, second: int = 0) -> str:
    """How a Vienna wall-clock time is sent to TimeTrack (the Z is not UTC)."""
    return f"{TODAY.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}.000Z"


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


def clock_ins(simulator: Simulator) -> list[tuple[str, str]]:
    """Every clock-in that reached TimeTrack: (username, the body's date)."""
    return [
        (request.body["username"], request.body["date"])
        for request in simulator.requests_to(CLOCK_IN, "POST")
    ]


# --- what Home Assistant shows and keeps ----------------------------------------------


def pending(hass: HomeAssistant, entity_id: str = PENDING_ACTIONS) -> list[str]:
    """The waiting actions a pending sensor lists ("action@time")."""
    state = state_of(hass, entity_id)
    actions = state.attributes["actions"]
    assert state.state == str(len(actions))
    return [f"{item['action']}@{item['time']}" for item in actions]


def stored_outbox(hass_storage: dict[str, Any], entry: MockConfigEntry) -> list[Any]:
    """The actions the entry's outbox holds in storage (none if never written)."""
    stored = hass_storage.get(f"timetrack.outbox.{entry.entry_id}")
    return [] if stored is None else stored["data"]["actions"]


def unavailable(hass: HomeAssistant, entity_ids: tuple[str, ...]) -> list[str]:
    """Those of `entity_ids` that show nothing: unavailable, or no state at all.

    An entry started without TimeTrack adds the work report sensors only once
    the reports answer: until then they have no state after a restart within
    one test (a real Home Assistant shows them unavailable, restored from the
    entity registry).
    """
    return [
        entity_id
        for entity_id in entity_ids
        if (state := hass.states.get(entity_id)) is None
        or state.state == STATE_UNAVAILABLE
    ]


def timer_readings(entity_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Those of `entity_ids` that are not built on the work reports."""
    return tuple(
        entity_id
        for entity_id in entity_ids
        if not entity_id.endswith(("_worked_today", "_overtime_balance"))
    )


def device_id(hass: HomeAssistant, entry: MockConfigEntry, username: str) -> str:
    """The device of a tracked user."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{entry.unique_id}:{username}"), entry.entry_id
    )
    assert device is not None
    return device.id


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


# --- acting ---------------------------------------------------------------------------


async def service(hass: HomeAssistant, name: str, data: dict[str, Any]) -> None:
    """Call one of the integration's actions."""
    await hass.services.async_call(
        DOMAIN, name, data, blocking=True, return_response=True
    )


async def turn_on(hass: HomeAssistant, entity_id: str) -> None:
    """Turn an attendance switch on: clock in."""
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


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


async def restart(hass: HomeAssistant, entry: MockConfigEntry) -> bool:
    """Home Assistant stops and starts again: the entry unloaded and set up."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return result


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
    freezer.move_to(at(8))
    caplog.set_level(logging.INFO)
    caplog.clear()
    simulator.clear_requests()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
