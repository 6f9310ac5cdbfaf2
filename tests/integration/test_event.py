"""The timer event: fires on every change of a user's timers, wherever it was made."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.event import ATTR_EVENT_TYPE, ATTR_EVENT_TYPES
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import (
    ATTENDANCE,
    FROZEN,
    PAUSE,
    PROJECT,
    RESUME,
    STOP,
    TIMER_EVENT,
    account_entry,
    async_advance,
    async_poll,
    async_setup,
    event_types,
    ha_snapshot,
    platform_entities,
    record_states,
    start_in_app,
    state_of,
    wall,
    wall_now,
)

pytestmark = FROZEN

ALL_TYPES = [
    "started",
    "paused",
    "resumed",
    "stopped",
    "clocked_in",
    "clocked_out",
    "action_dropped",
]


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


async def call(
    hass: HomeAssistant, domain: str, service: str, data: dict[str, Any]
) -> None:
    await hass.services.async_call(domain, service, data, blocking=True)


def fired_at(hass: HomeAssistant) -> str:
    """When the last event fired, to the second (one moment's events differ by 1 ms)."""
    moment = dt_util.parse_datetime(state_of(hass, TIMER_EVENT).state)
    assert moment is not None
    return moment.replace(microsecond=0).isoformat()


def project_of(log_state: Any) -> tuple[str | None, str | None, str | None]:
    attributes = log_state.attributes
    return attributes.get("client"), attributes.get("project"), attributes.get("task")


async def test_event_entity(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The timer event entity, as registered and shown before any event."""
    assert await async_setup(hass, config_entry)
    entities = platform_entities(hass, entity_registry, config_entry, "event")
    assert [entity.entity_id for entity, _ in entities] == [TIMER_EVENT]
    for entity, state in entities:
        assert entity == snapshot(name=f"{entity.entity_id}-entry")
        assert state == snapshot(name=f"{entity.entity_id}-state")
    assert state_of(hass, TIMER_EVENT).attributes[ATTR_EVENT_TYPES] == ALL_TYPES


async def test_no_event_on_first_load(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Timers already running at start fire nothing, nor do unchanged polls."""
    simulator.act("anna", "attendance_timer/start", wall(8))
    start_in_app(simulator, wall(12), "ACME", "Website")
    log = record_states(hass, TIMER_EVENT)
    assert await async_setup(hass, config_entry)
    await async_poll(hass, freezer)
    await async_poll(hass, freezer)
    assert state_of(hass, TIMER_EVENT).state == STATE_UNKNOWN
    assert event_types(log) == []


async def test_actions_made_in_home_assistant(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Each action fires its event at once; the next poll fires no duplicate."""
    assert await async_setup(hass, config_entry)
    log = record_states(hass, TIMER_EVENT)

    await call(hass, SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: ATTENDANCE})
    assert event_types(log) == ["clocked_in"]
    await call(
        hass, DOMAIN, "start_project_timer", {"project": "Intranet", "task": "Design"}
    )
    assert event_types(log) == ["clocked_in", "started"]
    assert project_of(log.changes[-1]) == ("Globex", "Intranet", "Design")
    assert fired_at(hass) == "2026-06-03T11:00:00+00:00"

    await async_advance(hass, freezer, timedelta(minutes=5))
    await call(hass, BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: PAUSE})
    await async_advance(hass, freezer, timedelta(minutes=5))
    await call(hass, BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: RESUME})
    await async_advance(hass, freezer, timedelta(minutes=5))
    await call(hass, BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: STOP})
    await call(hass, SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: ATTENDANCE})
    expected = ["clocked_in", "started", "paused", "resumed", "stopped", "clocked_out"]
    assert event_types(log) == expected
    assert project_of(log.changes[4]) == ("Globex", "Intranet", "Design")
    assert fired_at(hass) == "2026-06-03T11:15:00+00:00"

    await async_poll(hass, freezer)
    await async_poll(hass, freezer)
    assert event_types(log) == expected


async def test_changes_made_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Changes made in the phone app fire their events on the next poll."""
    assert await async_setup(hass, config_entry)
    log = record_states(hass, TIMER_EVENT)

    steps: list[tuple[str, dict[str, Any]]] = [
        ("attendance_timer/start", {}),
        ("project_timer/start", {"clientName": "Initech", "projectName": "Support"}),
        ("project_timer/pause", {}),
        ("project_timer/resume", {}),
        ("project_timer/stop", {}),
        ("attendance_timer/stop", {}),
    ]
    seen: list[list[str]] = []
    for action, fields in steps:
        simulator.act("anna", action, wall_now(), **fields)
        assert event_types(log) == [event for events in seen for event in events]
        await async_poll(hass, freezer)
        seen.append(event_types(log)[sum(len(events) for events in seen) :])
    assert seen == [
        ["clocked_in"],
        ["started"],
        ["paused"],
        ["resumed"],
        ["stopped"],
        ["clocked_out"],
    ]
    started = next(s for s in log.changes if s.attributes["event_type"] == "started")
    assert project_of(started) == ("Initech", "Support", None)


async def test_stop_and_start_between_two_polls(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """A project switch made in the app fires stopped, then started."""
    start_in_app(simulator, wall(12), "ACME", "Website", task="Development")
    assert await async_setup(hass, config_entry)
    log = record_states(hass, TIMER_EVENT)

    simulator.act("anna", "project_timer/stop", wall(13, 0, 10))
    start_in_app(simulator, wall(13, 0, 20), "ACME", "Mobile App", task="Design")
    await async_poll(hass, freezer)
    assert event_types(log) == ["stopped", "started"]
    assert project_of(log.changes[0]) == ("ACME", "Website", "Development")
    assert project_of(log.changes[1]) == ("ACME", "Mobile App", "Design")


async def test_a_day_between_two_polls(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Several changes seen at once fire in the order they must have happened."""
    assert await async_setup(hass, config_entry)
    log = record_states(hass, TIMER_EVENT)

    simulator.act("anna", "attendance_timer/start", wall(13, 0, 10))
    start_in_app(simulator, wall(13, 0, 20), "Globex", "Website")
    await async_poll(hass, freezer)
    assert event_types(log) == ["clocked_in", "started"]

    simulator.act("anna", "project_timer/stop", wall_now())
    simulator.act("anna", "attendance_timer/stop", wall_now())
    await async_poll(hass, freezer)
    assert event_types(log) == ["clocked_in", "started", "stopped", "clocked_out"]

    # Clocked out and in again, unseen in between: the entry changed.
    simulator.act("anna", "attendance_timer/start", wall_now())
    await async_poll(hass, freezer)
    simulator.act("anna", "attendance_timer/stop", wall_now())
    simulator.act("anna", "attendance_timer/start", wall_now())
    await async_poll(hass, freezer)
    assert event_types(log)[4:] == ["clocked_in", "clocked_out", "clocked_in"]

    # Started and paused between two polls.
    start_in_app(simulator, wall_now(), "Initech", "Support")
    simulator.act("anna", "project_timer/pause", wall_now())
    await async_poll(hass, freezer)
    assert event_types(log)[7:] == ["started", "paused"]


async def test_switching_projects_in_home_assistant(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Choosing another project fires stopped for the old one, started for the new."""
    start_in_app(simulator, wall(12), "ACME", "Website")
    assert await async_setup(hass, config_entry)
    log = record_states(hass, TIMER_EVENT)

    await call(
        hass,
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: PROJECT, ATTR_OPTION: "Globex / Intranet"},
    )
    assert event_types(log) == ["stopped", "started"]
    assert project_of(log.changes[0])[:2] == ("ACME", "Website")
    assert project_of(log.changes[1])[:2] == ("Globex", "Intranet")
    assert log.changes[1].attributes[ATTR_EVENT_TYPE] == "started"
