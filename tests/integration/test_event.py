"""The timer event: fires on every change of a user's timers, wherever it was made."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.components.event import ATTR_EVENT_TYPE, ATTR_EVENT_TYPES
from homeassistant.const import SERVICE_TURN_OFF, SERVICE_TURN_ON, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .actions_support import Home
from .entity_support import (
    ENTITY_TESTS,
    PAUSE,
    RESUME,
    STOP,
    TIMER_EVENT,
    PlatformSnapshot,
    async_setup,
    event_types,
    record_states,
    start_in_app,
    state_of,
    wall,
    wall_now,
)

pytestmark = ENTITY_TESTS

ALL_TYPES = [
    "started",
    "paused",
    "resumed",
    "stopped",
    "clocked_in",
    "clocked_out",
    "action_dropped",
]


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
    config_entry: MockConfigEntry,
    platform_snapshot: PlatformSnapshot,
) -> None:
    """The timer event entity, as registered and shown before any event."""
    assert await async_setup(hass, config_entry)
    assert platform_snapshot("event") == [TIMER_EVENT]
    assert state_of(hass, TIMER_EVENT).attributes[ATTR_EVENT_TYPES] == ALL_TYPES


async def test_no_event_on_first_load(home: Home) -> None:
    """Timers already running at start fire nothing, nor do unchanged polls."""
    home.simulator.act("anna", "attendance_timer/start", wall(8))
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    log = record_states(home.hass, TIMER_EVENT)
    assert await home.set_up()
    await home.poll()
    await home.poll()
    assert home.state(TIMER_EVENT) == STATE_UNKNOWN
    assert event_types(log) == []


async def test_after_a_restart_the_first_change_fires(home: Home) -> None:
    """At a restart the entity is created before the first read is in; the
    read fires nothing, and the first change after it fires its event."""
    home.simulator.act("anna", "attendance_timer/start", wall(8))
    assert await home.set_up()
    assert await home.restart()
    log = record_states(home.hass, TIMER_EVENT)
    await home.poll()
    assert event_types(log) == []

    start_in_app(home.simulator, wall_now(), "ACME", "Website")
    await home.poll()
    assert event_types(log) == ["started"]


async def test_actions_made_in_home_assistant(home: Home) -> None:
    """Each action fires its event at once; the next poll fires no duplicate."""
    assert await home.set_up()
    log = record_states(home.hass, TIMER_EVENT)

    await home.switch(SERVICE_TURN_ON)
    assert event_types(log) == ["clocked_in"]
    await home.action("start_project_timer", {"project": "Intranet", "task": "Design"})
    assert event_types(log) == ["clocked_in", "started"]
    assert project_of(log.changes[-1]) == ("Globex", "Intranet", "Design")
    assert fired_at(home.hass) == "2026-06-03T11:00:00+00:00"

    await home.advance(timedelta(minutes=5))
    await home.press(PAUSE)
    await home.advance(timedelta(minutes=5))
    await home.press(RESUME)
    await home.advance(timedelta(minutes=5))
    await home.press(STOP)
    await home.switch(SERVICE_TURN_OFF)
    expected = ["clocked_in", "started", "paused", "resumed", "stopped", "clocked_out"]
    assert event_types(log) == expected
    assert project_of(log.changes[4]) == ("Globex", "Intranet", "Design")
    assert fired_at(home.hass) == "2026-06-03T11:15:00+00:00"

    await home.poll()
    await home.poll()
    assert event_types(log) == expected


async def test_changes_made_in_the_app(home: Home) -> None:
    """Changes made in the phone app fire their events on the next poll."""
    assert await home.set_up()
    log = record_states(home.hass, TIMER_EVENT)

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
        home.simulator.act("anna", action, wall_now(), **fields)
        assert event_types(log) == [event for events in seen for event in events]
        await home.poll()
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


async def test_stop_and_start_between_two_polls(home: Home) -> None:
    """A project switch made in the app fires stopped, then started."""
    start_in_app(home.simulator, wall(12), "ACME", "Website", task="Development")
    assert await home.set_up()
    log = record_states(home.hass, TIMER_EVENT)

    home.simulator.act("anna", "project_timer/stop", wall(13, 0, 10))
    start_in_app(home.simulator, wall(13, 0, 20), "ACME", "Mobile App", task="Design")
    await home.poll()
    assert event_types(log) == ["stopped", "started"]
    assert project_of(log.changes[0]) == ("ACME", "Website", "Development")
    assert project_of(log.changes[1]) == ("ACME", "Mobile App", "Design")


async def test_a_day_between_two_polls(home: Home) -> None:
    """Several changes seen at once fire in the order they must have happened."""
    assert await home.set_up()
    log = record_states(home.hass, TIMER_EVENT)

    home.simulator.act("anna", "attendance_timer/start", wall(13, 0, 10))
    start_in_app(home.simulator, wall(13, 0, 20), "Globex", "Website")
    await home.poll()
    assert event_types(log) == ["clocked_in", "started"]

    home.simulator.act("anna", "project_timer/stop", wall_now())
    home.simulator.act("anna", "attendance_timer/stop", wall_now())
    await home.poll()
    assert event_types(log) == ["clocked_in", "started", "stopped", "clocked_out"]

    # Clocked out and in again, unseen in between: the entry changed.
    home.simulator.act("anna", "attendance_timer/start", wall_now())
    await home.poll()
    home.simulator.act("anna", "attendance_timer/stop", wall_now())
    home.simulator.act("anna", "attendance_timer/start", wall_now())
    await home.poll()
    assert event_types(log)[4:] == ["clocked_in", "clocked_out", "clocked_in"]

    # Started and paused between two polls.
    start_in_app(home.simulator, wall_now(), "Initech", "Support")
    home.simulator.act("anna", "project_timer/pause", wall_now())
    await home.poll()
    assert event_types(log)[7:] == ["started", "paused"]


async def test_switching_projects_in_home_assistant(home: Home) -> None:
    """Choosing another project fires stopped for the old one, started for the new."""
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    assert await home.set_up()
    log = record_states(home.hass, TIMER_EVENT)

    await home.choose("Globex / Intranet")
    assert event_types(log) == ["stopped", "started"]
    assert project_of(log.changes[0])[:2] == ("ACME", "Website")
    assert project_of(log.changes[1])[:2] == ("Globex", "Intranet")
    assert log.changes[1].attributes[ATTR_EVENT_TYPE] == "started"
