"""The attendance switch: on while clocked in; turning it clocks in or out."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from simulator import Simulator

from .entity_support import (
    ATTENDANCE,
    ATTENDANCE_PATH,
    CLOCKED_IN_SINCE,
    FROZEN,
    account_entry,
    api_calls,
    async_poll,
    async_setup,
    ha_snapshot,
    platform_entities,
    record_states,
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


async def turn(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(
        SWITCH_DOMAIN, service, {ATTR_ENTITY_ID: ATTENDANCE}, blocking=True
    )


async def test_switch(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The attendance switch of a clocked-in user, as registered and shown."""
    simulator.act("anna", "attendance_timer/start", wall(8))
    assert await async_setup(hass, config_entry)
    entities = platform_entities(hass, entity_registry, config_entry, "switch")
    assert [entity.entity_id for entity, _ in entities] == [ATTENDANCE]
    for entity, state in entities:
        assert entity == snapshot(name=f"{entity.entity_id}-entry")
        assert state == snapshot(name=f"{entity.entity_id}-state")


async def test_turn_on_and_off(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Turning on clocks in, turning off clocks out: one request each."""
    assert await async_setup(hass, config_entry)
    assert state_of(hass, ATTENDANCE).state == "off"
    simulator.clear_requests()

    await turn(hass, SERVICE_TURN_ON)
    assert api_calls(simulator) == [("POST", f"{ATTENDANCE_PATH}/start")]
    assert simulator.requests[0].body["username"] == "anna"
    assert simulator.requests[0].body["date"] == "2026-06-03T13:00:00.000Z"
    assert state_of(hass, ATTENDANCE).state == "on"
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T11:00:00+00:00"
    assert simulator.attendance_timer("anna")["to"] is None

    await async_poll(hass, freezer, 3600)  # 14:00
    simulator.clear_requests()
    await turn(hass, SERVICE_TURN_OFF)
    assert api_calls(simulator) == [("POST", f"{ATTENDANCE_PATH}/stop")]
    assert state_of(hass, ATTENDANCE).state == "off"
    assert simulator.attendance_timer("anna")["to"] == "2026-06-03T14:00:00.000Z"
    assert simulator.attendance_timer("anna")["workedMinutes"] == 60


async def test_turn_on_when_clocked_in_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Already clocked in (not yet polled): TimeTrack refuses, re-read, refuse."""
    assert await async_setup(hass, config_entry)
    simulator.act("anna", "attendance_timer/start", wall_now())
    simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refusal:
        await turn(hass, SERVICE_TURN_ON)
    assert refusal.value.translation_key == "already_clocked_in"
    assert refusal.value.translation_placeholders == {"username": "anna"}
    assert api_calls(simulator) == [
        ("POST", f"{ATTENDANCE_PATH}/start"),
        ("GET", ATTENDANCE_PATH),
    ]
    assert [request.status for request in simulator.requests] == [409, 200]
    assert state_of(hass, ATTENDANCE).state == "on"


async def test_turn_off_when_clocked_out_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Already clocked out (not yet polled): TimeTrack refuses, re-read, refuse."""
    simulator.act("anna", "attendance_timer/start", wall(8))
    assert await async_setup(hass, config_entry)
    assert state_of(hass, ATTENDANCE).state == "on"
    simulator.act("anna", "attendance_timer/stop", wall_now())
    simulator.clear_requests()
    log = record_states(hass, ATTENDANCE)

    with pytest.raises(ServiceValidationError) as refusal:
        await turn(hass, SERVICE_TURN_OFF)
    assert refusal.value.translation_key == "not_clocked_in"
    assert api_calls(simulator) == [
        ("POST", f"{ATTENDANCE_PATH}/stop"),
        ("GET", ATTENDANCE_PATH),
    ]
    assert state_of(hass, ATTENDANCE).state == "off"
    assert log.values(ATTENDANCE) == ["off"]


async def test_turn_on_after_clocking_out_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """A stale "on" does not block a clock-in that makes sense after a re-read."""
    simulator.act("anna", "attendance_timer/start", wall(8))
    assert await async_setup(hass, config_entry)
    await async_poll(hass, freezer)  # 13:01
    simulator.act("anna", "attendance_timer/stop", wall(13, 0, 30))
    simulator.clear_requests()

    assert state_of(hass, ATTENDANCE).state == "on"
    await turn(hass, SERVICE_TURN_ON)
    assert api_calls(simulator) == [
        ("GET", ATTENDANCE_PATH),
        ("POST", f"{ATTENDANCE_PATH}/start"),
    ]
    assert state_of(hass, ATTENDANCE).state == "on"
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T11:01:00+00:00"
    assert simulator.attendance_timer("anna")["from"] == "2026-06-03T13:01:00.000Z"
