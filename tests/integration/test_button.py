"""The buttons that pause, resume and stop the project timer."""

from __future__ import annotations

from typing import Any

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from simulator import Simulator

from .entity_support import (
    BREAK_TIME,
    FROZEN,
    PAUSE,
    PROJECT_TIMER,
    PROJECT_TIMER_PATH,
    RESUME,
    STOP,
    WORKED_TIME,
    account_entry,
    api_calls,
    async_poll,
    async_setup,
    ha_snapshot,
    platform_entities,
    start_in_app,
    state_of,
    wall,
    wall_now,
)

pytestmark = FROZEN


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


async def press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_buttons(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The three buttons, as registered and shown."""
    assert await async_setup(hass, config_entry)
    entities = platform_entities(hass, entity_registry, config_entry, "button")
    assert [entity.entity_id for entity, _ in entities] == [PAUSE, RESUME, STOP]
    for entity, state in entities:
        assert entity == snapshot(name=f"{entity.entity_id}-entry")
        assert state == snapshot(name=f"{entity.entity_id}-state")


async def test_pause_resume_stop(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Each press is one request, and its answer is shown at once."""
    start_in_app(simulator, wall(12), "ACME", "Mobile App")
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    await press(hass, PAUSE)
    assert api_calls(simulator) == [("POST", f"{PROJECT_TIMER_PATH}/pause")]
    assert simulator.requests[-1].body["date"] == "2026-06-03T13:00:00.000Z"
    assert state_of(hass, PROJECT_TIMER).state == "paused"
    assert simulator.project_timer("anna")["paused"] is True

    await async_poll(hass, freezer, 600)  # 13:10
    simulator.clear_requests()
    await press(hass, RESUME)
    assert api_calls(simulator) == [("POST", f"{PROJECT_TIMER_PATH}/resume")]
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert state_of(hass, BREAK_TIME).state == "10"

    await async_poll(hass, freezer, 300)  # 13:15
    simulator.clear_requests()
    await press(hass, STOP)
    assert api_calls(simulator) == [("POST", f"{PROJECT_TIMER_PATH}/stop")]
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert state_of(hass, WORKED_TIME).state == "65"
    timer = simulator.project_timer("anna")
    assert timer["stopped"] is True
    assert (timer["workedSeconds"], timer["breakSeconds"]) == (65 * 60, 10 * 60)


async def test_stop_while_paused(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Stop also ends a paused timer."""
    start_in_app(simulator, wall(12), "ACME", "Mobile App")
    simulator.act("anna", "project_timer/pause", wall(12, 45))
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    await press(hass, STOP)
    assert api_calls(simulator) == [("POST", f"{PROJECT_TIMER_PATH}/stop")]
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert state_of(hass, WORKED_TIME).state == "45"
    assert state_of(hass, BREAK_TIME).state == "15"


@pytest.mark.parametrize(
    ("button", "refusal"),
    [
        (PAUSE, "timer_not_running"),
        (RESUME, "timer_not_paused"),
        (STOP, "timer_not_started"),
    ],
)
async def test_refused_when_stopped(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    button: str,
    refusal: str,
) -> None:
    """Impossible for a stopped timer: one re-read, then a refusal, no action."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refused:
        await press(hass, button)
    assert refused.value.translation_key == refusal
    assert refused.value.translation_placeholders == {"username": "anna"}
    assert api_calls(simulator) == [("GET", PROJECT_TIMER_PATH)]
    assert state_of(hass, PROJECT_TIMER).state == "stopped"


async def test_resume_refused_while_running(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Resume makes no sense for a running timer."""
    start_in_app(simulator, wall(12), "ACME", "Mobile App")
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refused:
        await press(hass, RESUME)
    assert refused.value.translation_key == "timer_not_paused"
    assert api_calls(simulator) == [("GET", PROJECT_TIMER_PATH)]


async def test_pause_after_a_start_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Home Assistant still shows "stopped": the re-read finds the timer running."""
    assert await async_setup(hass, config_entry)
    start_in_app(simulator, wall(12, 30), "Globex", "Intranet")
    simulator.clear_requests()

    await press(hass, PAUSE)
    assert api_calls(simulator) == [
        ("GET", PROJECT_TIMER_PATH),
        ("POST", f"{PROJECT_TIMER_PATH}/pause"),
    ]
    assert state_of(hass, PROJECT_TIMER).state == "paused"
    assert state_of(hass, WORKED_TIME).state == "30"


async def test_pause_after_a_stop_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Home Assistant still shows "running": TimeTrack refuses, and so do we."""
    start_in_app(simulator, wall(12), "ACME", "Mobile App")
    assert await async_setup(hass, config_entry)
    simulator.act("anna", "project_timer/stop", wall_now())
    simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refused:
        await press(hass, PAUSE)
    assert refused.value.translation_key == "timer_not_running"
    assert api_calls(simulator) == [
        ("POST", f"{PROJECT_TIMER_PATH}/pause"),
        ("GET", PROJECT_TIMER_PATH),
    ]
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
