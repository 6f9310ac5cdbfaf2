"""The project select: shows the running project; choosing one starts it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.components.select import (
    ATTR_OPTION,
    ATTR_OPTIONS,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from simulator import Simulator

from .entity_support import (
    FROZEN,
    PROJECT,
    PROJECT_TIMER,
    PROJECT_TIMER_PATH,
    account_entry,
    api_calls,
    async_advance,
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

ENABLED_PROJECTS = [
    "ACME / Mobile App",
    "ACME / Website",
    "Globex / Intranet",
    "Globex / Website",
    "Initech / Support",
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


async def choose(hass: HomeAssistant, option: str) -> None:
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: PROJECT, ATTR_OPTION: option},
        blocking=True,
    )


def start_bodies(simulator: Simulator) -> list[tuple[str, str]]:
    return [
        (request.body["clientName"], request.body["projectName"])
        for request in simulator.requests_to("project_timer/start", "POST")
    ]


async def test_select(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The project select of a user working on ACME / Website."""
    start_in_app(simulator, wall(12), "ACME", "Website")
    assert await async_setup(hass, config_entry)
    entities = platform_entities(hass, entity_registry, config_entry, "select")
    assert [entity.entity_id for entity, _ in entities] == [PROJECT]
    for entity, state in entities:
        assert entity == snapshot(name=f"{entity.entity_id}-entry")
        assert state == snapshot(name=f"{entity.entity_id}-state")


async def test_options_and_current_option(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """Every enabled project, sorted; the current one while a timer runs."""
    assert await async_setup(hass, config_entry)
    select = state_of(hass, PROJECT)
    assert select.attributes[ATTR_OPTIONS] == ENABLED_PROJECTS
    assert "Initech / Legacy" not in select.attributes[ATTR_OPTIONS]
    assert select.state == STATE_UNKNOWN

    start_in_app(simulator, wall_now(), "Globex", "Website")
    await async_poll(hass, freezer)
    assert state_of(hass, PROJECT).state == "Globex / Website"

    simulator.act("anna", "project_timer/pause", wall_now())
    await async_poll(hass, freezer)
    assert state_of(hass, PROJECT_TIMER).state == "paused"
    assert state_of(hass, PROJECT).state == "Globex / Website"

    simulator.act("anna", "project_timer/stop", wall_now())
    await async_poll(hass, freezer)
    assert state_of(hass, PROJECT).state == STATE_UNKNOWN


async def test_choose_when_stopped(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Choosing a project starts it: one request, shown at once."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    await choose(hass, "Globex / Website")
    assert api_calls(simulator) == [("POST", f"{PROJECT_TIMER_PATH}/start")]
    assert start_bodies(simulator) == [("Globex", "Website")]
    assert state_of(hass, PROJECT).state == "Globex / Website"
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert simulator.project_timer("anna")["playing"] is True


async def test_choose_another_while_running(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Switching projects stops the running timer, then starts the chosen one."""
    start_in_app(simulator, wall(12), "ACME", "Website")
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    await choose(hass, "Initech / Support")
    assert api_calls(simulator) == [
        ("POST", f"{PROJECT_TIMER_PATH}/stop"),
        ("POST", f"{PROJECT_TIMER_PATH}/start"),
    ]
    assert start_bodies(simulator) == [("Initech", "Support")]
    assert state_of(hass, PROJECT).state == "Initech / Support"
    assert simulator.project_timer("anna")["projectName"] == "Support"
    assert simulator.project_timer("anna")["startedAt"] == "2026-06-03T13:00:00.000Z"


async def test_choose_the_running_project(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Choosing the project that already runs changes nothing."""
    start_in_app(simulator, wall(12), "ACME", "Website")
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    await choose(hass, "ACME / Website")
    assert simulator.requests == []
    assert simulator.project_timer("anna")["startedAt"] == "2026-06-03T12:00:00.000Z"


async def test_choose_after_a_start_in_the_app(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """A timer started in the app since the last poll is stopped first."""
    assert await async_setup(hass, config_entry)
    start_in_app(simulator, wall(12, 30), "ACME", "Website")
    simulator.clear_requests()

    await choose(hass, "Globex / Intranet")
    assert api_calls(simulator) == [
        ("POST", f"{PROJECT_TIMER_PATH}/start"),  # refused: a timer runs
        ("GET", PROJECT_TIMER_PATH),
        ("POST", f"{PROJECT_TIMER_PATH}/stop"),
        ("POST", f"{PROJECT_TIMER_PATH}/start"),
    ]
    assert [request.status for request in simulator.requests] == [409, 200, 200, 200]
    assert state_of(hass, PROJECT).state == "Globex / Intranet"


@pytest.mark.parametrize("option", ["Initech / Legacy", "Nobody / Nothing", "ACME"])
async def test_choose_an_unknown_option(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    option: str,
) -> None:
    """Options that are not enabled projects are refused without a request."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refusal:
        await choose(hass, option)
    assert refusal.value.translation_key == "not_valid_option"
    assert simulator.requests == []
    assert state_of(hass, PROJECT).state == STATE_UNKNOWN


@pytest.mark.parametrize("options", [{"scan_interval": 600}])
async def test_running_project_disabled_later(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """A project disabled while it runs stays shown until its timer stops."""
    start_in_app(simulator, wall(12), "ACME", "Website")
    assert await async_setup(hass, config_entry)
    simulator.set_project_enabled("ACME", "Website", enabled=False)
    await async_advance(hass, freezer, timedelta(hours=1))  # the lists are re-read
    assert ("GET", "projects") in api_calls(simulator)[-6:]

    select = state_of(hass, PROJECT)
    assert select.state == "ACME / Website"
    assert select.attributes[ATTR_OPTIONS] == [
        "ACME / Mobile App",
        "Globex / Intranet",
        "Globex / Website",
        "Initech / Support",
        "ACME / Website",
    ]
    simulator.act("anna", "project_timer/stop", wall_now())
    await async_poll(hass, freezer, 600)
    select = state_of(hass, PROJECT)
    assert select.state == STATE_UNKNOWN
    assert "ACME / Website" not in select.attributes[ATTR_OPTIONS]
