"""Shared steps of the entity tests: a frozen weekday, polls and recorded states.

Every entity test module freezes time with ``pytestmark = ENTITY_TESTS`` at
Wednesday 3 June 2026, 13:00 in Vienna, so that the simulator (which takes
"now" from each request's date) and Home Assistant share one clock, and moves
it with :func:`async_advance` / :func:`async_poll`; its `config_entry` is the
account "demo" (see the `demo_account` marker in tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, State, callback
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator
from tests.conftest import TIME_ZONE

VIENNA = ZoneInfo(TIME_ZONE)
TODAY = date(2026, 6, 3)  # a Wednesday: an 8 h working day in the simulator
NOW = datetime(2026, 6, 3, 13, 0, tzinfo=VIENNA)
FROZEN = pytest.mark.freeze_time(NOW)
# Where the `frozen` fixture moves the clock by default (before the account is
# set up): 11:00 on Tuesday 10 February 2026, winter (Vienna is UTC+1).
WINTER_MORNING = datetime(2026, 2, 10, 11, 0, tzinfo=VIENNA)
# `config_entry` titled "demo", with a stable unique id (tests/conftest.py).
DEMO_ACCOUNT = pytest.mark.demo_account
# The account tracks anna and ben.
ANNA_AND_BEN = pytest.mark.users("anna", "ben")
ENTITY_TESTS = [FROZEN, DEMO_ACCOUNT]

ANNA = "anna_berger"
PROJECT_TIMER = f"sensor.{ANNA}_project_timer"
WORKED_TIME = f"sensor.{ANNA}_worked_time"
BREAK_TIME = f"sensor.{ANNA}_break_time"
TIMER_STARTED = f"sensor.{ANNA}_timer_started"
CLOCKED_IN_SINCE = f"sensor.{ANNA}_clocked_in_since"
WORKED_TODAY = f"sensor.{ANNA}_worked_today"
OVERTIME = f"sensor.{ANNA}_overtime_balance"
ATTENDANCE = f"switch.{ANNA}_attendance"
PROJECT = f"select.{ANNA}_project"
PAUSE = f"button.{ANNA}_pause_timer"
RESUME = f"button.{ANNA}_resume_timer"
STOP = f"button.{ANNA}_stop_timer"
TIMER_EVENT = f"event.{ANNA}_timer"
CALENDAR = f"calendar.{ANNA}_work"
# Diagnostic: how many of anna's actions wait for TimeTrack. It counts a local
# outbox, so it stays available while TimeTrack cannot be reached.
PENDING_ACTIONS = f"sensor.{ANNA}_pending_actions"

ANNA_ENTITIES = (
    PROJECT_TIMER,
    WORKED_TIME,
    BREAK_TIME,
    TIMER_STARTED,
    CLOCKED_IN_SINCE,
    WORKED_TODAY,
    OVERTIME,
    ATTENDANCE,
    PROJECT,
    PAUSE,
    RESUME,
    STOP,
    TIMER_EVENT,
    CALENDAR,
)
# The controls stay available while TimeTrack cannot be reached (the outbox
# keeps their actions); the other entities are readings, unavailable then.
ANNA_CONTROLS = (ATTENDANCE, PROJECT, PAUSE, RESUME, STOP)
ANNA_READINGS = tuple(e for e in ANNA_ENTITIES if e not in ANNA_CONTROLS)
# Every entity of anna: those above and the pending actions sensor.
ALL_ANNA_ENTITIES = (*ANNA_ENTITIES, PENDING_ACTIONS)
ANNA_SENSORS = tuple(e for e in ALL_ANNA_ENTITIES if e.startswith("sensor."))

# Applies anna's phone-app actions, then sets the account up (the `prepare`
# fixture); the account.
type Prepare = Callable[..., Awaitable[MockConfigEntry]]
# Matches a platform's entities with their snapshots (the `platform_snapshot`
# fixture); their ids.
type PlatformSnapshot = Callable[[str], list[str]]

PROJECT_TIMER_PATH = "timers/project_timer"
ATTENDANCE_PATH = "attendance_timer"


def wall(hour: int, minute: int = 0, second: int = 0, day: date = TODAY) -> datetime:
    """A naive wall-clock time in Vienna, as the simulator's `act` takes it."""
    return datetime(day.year, day.month, day.day, hour, minute, second)


def wall_now() -> datetime:
    """The frozen clock's wall-clock time in Vienna, for the simulator's `act`."""
    return dt_util.now(VIENNA).replace(tzinfo=None, microsecond=0)


def local(hour: int, minute: int = 0, second: int = 0, day: date = TODAY) -> datetime:
    """An aware time in Vienna."""
    return wall(hour, minute, second, day).replace(tzinfo=VIENNA)


async def async_setup(hass: HomeAssistant, entry: MockConfigEntry) -> bool:
    """Add the entry and set it up as Home Assistant does at start."""
    await hass.config.async_set_time_zone(TIME_ZONE)
    entry.add_to_hass(hass)
    result = await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return result


async def async_advance(hass: HomeAssistant, freezer: Any, delta: timedelta) -> None:
    """Move the frozen clock forward and run whatever became due."""
    freezer.tick(delta)
    async_fire_time_changed(hass)
    # Polls run as the entry's background tasks: wait for them too.
    await hass.async_block_till_done(wait_background_tasks=True)


async def async_move_to(hass: HomeAssistant, freezer: Any, moment: datetime) -> None:
    """Move the frozen clock forward to `moment` and run whatever became due."""
    freezer.move_to(moment)
    async_fire_time_changed(hass)
    # Polls run as the entry's background tasks: wait for them too.
    await hass.async_block_till_done(wait_background_tasks=True)


async def async_advance_to(
    hass: HomeAssistant,
    freezer: Any,
    moment: datetime,
    step: timedelta = timedelta(seconds=30),
) -> None:
    """Move on to `moment` in steps (of 30 s), so that every poll on the way runs."""
    while (delta := min(moment - dt_util.now(), step)) > timedelta(0):
        await async_advance(hass, freezer, delta)


async def async_poll(hass: HomeAssistant, freezer: Any, seconds: int = 60) -> None:
    """Let one polling interval (default: the integration's 60 s) pass."""
    await async_advance(hass, freezer, timedelta(seconds=seconds))


def api_calls(simulator: Simulator) -> list[tuple[str, str]]:
    """The requests the simulator received: (method, path below /api/v2/ext/)."""
    return [
        (entry.method, entry.path.removeprefix("/api/v2/ext/"))
        for entry in simulator.requests
    ]


def overtime_minutes(hass: HomeAssistant) -> int:
    """Anna's overtime balance in minutes (the sensor shows it in hours)."""
    state = state_of(hass, OVERTIME)
    assert state.attributes["unit_of_measurement"] == "h"
    return round(float(state.state) * 60)


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """The entity's state, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, f"{entity_id} has no state"
    return state


@dataclass
class StateLog:
    """The states written for some entities: changes, and unchanged rewrites."""

    changes: list[State] = field(default_factory=list)
    rewrites_of: dict[str, int] = field(default_factory=dict)

    def values(self, entity_id: str) -> list[str]:
        """The successive states of one entity."""
        return [state.state for state in self.changes if state.entity_id == entity_id]

    def writes(self, entity_id: str) -> int:
        """How many times the entity's state was written (changed or not)."""
        return len(self.values(entity_id)) + self.rewrites_of.get(entity_id, 0)


def record_states(hass: HomeAssistant, *entity_ids: str) -> StateLog:
    """Record every state written for `entity_ids` from now on."""
    log = StateLog()
    wanted = set(entity_ids)

    @callback
    def is_wanted(data: Any) -> bool:
        return data["entity_id"] in wanted

    @callback
    def changed(event: Event[Any]) -> None:
        if (new_state := event.data["new_state"]) is not None:
            log.changes.append(new_state)

    @callback
    def reported(event: Event[Any]) -> None:
        entity_id = event.data["entity_id"]
        log.rewrites_of[entity_id] = log.rewrites_of.get(entity_id, 0) + 1

    hass.bus.async_listen(EVENT_STATE_CHANGED, changed, event_filter=is_wanted)
    hass.bus.async_listen(EVENT_STATE_REPORTED, reported, event_filter=is_wanted)
    return log


def event_types(log: StateLog, entity_id: str = TIMER_EVENT) -> list[str]:
    """The event types an event entity fired, in order."""
    return [
        state.attributes["event_type"]
        for state in log.changes
        if state.entity_id == entity_id and state.attributes.get("event_type")
    ]


def seed_busy_day(simulator: Simulator) -> None:
    """Anna's month so far, as made in the phone app before Home Assistant looks.

    Monday 1 June: no attendance (-8 h). Tuesday 2 June: 08:00-16:30 (+30 min).
    Today: 07:00-11:00 (4 h), clocked in again since 12:00, and the project
    timer running on ACME / Website (task Development) since 12:30:20.
    At 13:00 that is 300 minutes worked today and an overtime balance of
    -480 + 30 + 300 - 480 = -630 minutes.
    """
    yesterday = date(2026, 6, 2)
    simulator.act("anna", "attendance_timer/start", wall(8, day=yesterday))
    simulator.act("anna", "attendance_timer/stop", wall(16, 30, day=yesterday))
    simulator.act("anna", "attendance_timer/start", wall(7))
    simulator.act("anna", "attendance_timer/stop", wall(11))
    simulator.act("anna", "attendance_timer/start", wall(12))
    start_in_app(simulator, wall(12, 30, 20), "ACME", "Website", task="Development")


def start_in_app(
    simulator: Simulator,
    at: datetime,
    client: str,
    project: str,
    *,
    task: str | None = None,
    note: str | None = None,
) -> None:
    """Start anna's project timer as the phone app would."""
    fields: dict[str, Any] = {"clientName": client, "projectName": project}
    if task is not None:
        fields["taskName"] = task
    if note is not None:
        fields["note"] = note
    simulator.act("anna", "project_timer/start", at, **fields)


def device_id(hass: HomeAssistant, entry: MockConfigEntry, username: str) -> str:
    """The device of a tracked user."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{entry.unique_id}:{username}"), entry.entry_id
    )
    assert device is not None
    return device.id


def platform_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    entry: MockConfigEntry,
    domain: str,
) -> list[tuple[er.RegistryEntry, State]]:
    """The registry entry and state of each of the entry's entities of `domain`.

    What Home Assistant's `snapshot_platform` snapshots, for one platform of an
    entry that loads several (the test asserts, for readable snapshot diffs).
    """
    entries = sorted(
        (
            entity
            for entity in er.async_entries_for_config_entry(
                entity_registry, entry.entry_id
            )
            if entity.domain == domain
        ),
        key=lambda entity: entity.entity_id,
    )
    assert entries
    assert all(entity.disabled_by is None for entity in entries)
    return [(entity, state_of(hass, entity.entity_id)) for entity in entries]


async def dropped_notices(hass: HomeAssistant) -> list[str]:
    """The repair issues of kept actions that were dropped, as the user reads them.

    In Home Assistant's language, oldest first.
    """
    translations = await async_get_translations(
        hass, hass.config.language, "issues", {DOMAIN}
    )
    text = translations[f"component.{DOMAIN}.issues.action_dropped.description"]
    issues = sorted(
        (
            issue
            for issue in ir.async_get(hass).issues.values()
            if issue.domain == DOMAIN and issue.translation_key == "action_dropped"
        ),
        key=lambda issue: issue.created,
    )
    return [text.format(**(issue.translation_placeholders or {})) for issue in issues]
