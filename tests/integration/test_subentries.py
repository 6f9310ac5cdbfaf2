"""Tracked users as subentries: adding one through its flow, and removing one."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN, SUBENTRY_TYPE_USER
from simulator import Simulator

PROJECT_TIMER = "/timers/project_timer"


async def start(hass: HomeAssistant, entry: MockConfigEntry) -> Any:
    """Open the "track a user" flow of the entry."""
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_TYPE_USER), context={"source": SOURCE_USER}
    )


async def submit(hass: HomeAssistant, flow_id: str, username: str) -> Any:
    """Submit a username and let the reload it may cause finish."""
    result = await hass.config_entries.subentries.async_configure(
        flow_id, {CONF_USERNAME: username}
    )
    await hass.async_block_till_done()
    return result


def device_of(hass: HomeAssistant, entry: MockConfigEntry, username: str) -> Any:
    """The user's device, or None."""
    return dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{entry.unique_id}:{username}"), entry.entry_id
    )


def entity_ids_of(hass: HomeAssistant, device_id: str) -> set[str]:
    """The entity ids registered on a device."""
    return {
        entity.entity_id
        for entity in er.async_entries_for_device(er.async_get(hass), device_id)
    }


def ben_was_added(hass: HomeAssistant, entry: MockConfigEntry, result: Any) -> None:
    """The flow created ben's subentry, and the reloaded entry tracks him."""
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Ben Hofer"
    assert result["data"] == {CONF_USERNAME: "ben"}
    [subentry] = [sub for sub in entry.subentries.values() if sub.unique_id == "ben"]
    assert subentry.subentry_type == SUBENTRY_TYPE_USER
    assert subentry.title == "Ben Hofer"
    assert subentry.data == {CONF_USERNAME: "ben"}
    assert entry.state is ConfigEntryState.LOADED
    assert set(entry.runtime_data.usernames) == {"anna", "ben"}
    device = device_of(hass, entry, "ben")
    assert device is not None
    assert device.name == "Ben Hofer"
    assert device.config_subentry_id == subentry.subentry_id
    assert hass.states.get("sensor.ben_hofer_project_timer").state == "stopped"
    assert hass.states.get("switch.ben_hofer_attendance").state == "off"


async def test_add_user(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    old_coordinator = entry.runtime_data
    assert hass.states.get("sensor.ben_hofer_project_timer") is None

    result = await start(hass, entry)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}

    simulator.clear_requests()
    result = await submit(hass, result["flow_id"], "  ben ")

    ben_was_added(hass, entry, result)
    assert entry.runtime_data is not old_coordinator  # reloaded
    check = simulator.requests_to(PROJECT_TIMER, "GET")[0]
    assert check.query["username"] == "ben"
    # The reloaded entry polls both users.
    polled = {r.query["username"] for r in simulator.requests_to(PROJECT_TIMER, "GET")}
    assert polled == {"anna", "ben"}
    # Reloaded once, not twice: one setup reads each list once.
    await hass.async_block_till_done()
    assert len(simulator.requests_to("projects", "GET")) == 1
    assert len(simulator.requests_to("tasks", "GET")) == 1


@pytest.mark.parametrize("username", ["anna", " anna "])
async def test_add_tracked_user_again_aborts(
    hass: HomeAssistant,
    simulator: Simulator,
    setup_integration: MockConfigEntry,
    username: str,
) -> None:
    entry = setup_integration
    result = await start(hass, entry)
    simulator.clear_requests()

    result = await submit(hass, result["flow_id"], username)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(entry.subentries) == 1
    assert simulator.requests == []


async def test_add_unknown_user_then_recovers(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    result = await start(hass, entry)

    result = await submit(hass, result["flow_id"], "zoe")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_USERNAME: "unknown_user"}
    assert len(entry.subentries) == 1

    result = await submit(hass, result["flow_id"], "ben")
    ben_was_added(hass, entry, result)


async def test_add_user_cannot_connect_then_recovers(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    result = await start(hass, entry)
    await simulator.go_down()

    result = await submit(hass, result["flow_id"], "ben")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": "cannot_connect"}
    assert len(entry.subentries) == 1

    await simulator.come_back()
    simulator.fail_next(1, 502, html=True)
    result = await submit(hass, result["flow_id"], "ben")
    assert result["errors"] == {"base": "cannot_connect"}

    result = await submit(hass, result["flow_id"], "ben")
    ben_was_added(hass, entry, result)


async def test_add_user_with_refused_key(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    result = await start(hass, entry)
    simulator.api_key = "sim-rotated-api-key-0001"

    result = await submit(hass, result["flow_id"], "ben")

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    assert len(entry.subentries) == 1


async def test_add_user_titled_by_username_without_directory(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    simulator.users_endpoint_available = False
    result = await start(hass, entry)

    result = await submit(hass, result["flow_id"], "ben")

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "ben"
    [subentry] = [sub for sub in entry.subentries.values() if sub.unique_id == "ben"]
    assert subentry.title == "ben"


async def test_add_user_needs_a_loaded_entry(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    config_entry.add_to_hass(hass)
    assert config_entry.state is ConfigEntryState.NOT_LOADED

    result = await start(hass, config_entry)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_not_loaded"
    assert simulator.requests == []


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_remove_user(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    ben = device_of(hass, entry, "ben")
    assert ben is not None
    ben_entities = entity_ids_of(hass, ben.id)
    assert "sensor.ben_hofer_project_timer" in ben_entities
    anna = device_of(hass, entry, "anna")
    assert anna is not None
    anna_entities = entity_ids_of(hass, anna.id)
    [ben_subentry] = [
        sub.subentry_id for sub in entry.subentries.values() if sub.unique_id == "ben"
    ]

    assert hass.config_entries.async_remove_subentry(entry, ben_subentry)
    await hass.async_block_till_done()

    assert device_of(hass, entry, "ben") is None
    registry = er.async_get(hass)
    assert all(registry.async_get(entity_id) is None for entity_id in ben_entities)
    assert hass.states.get("sensor.ben_hofer_project_timer") is None
    # anna is still tracked, on the same device and entities.
    assert entry.state is ConfigEntryState.LOADED
    assert list(entry.runtime_data.usernames) == ["anna"]
    assert device_of(hass, entry, "anna") == anna
    assert entity_ids_of(hass, anna.id) == anna_entities
    assert await async_setup_component(hass, "homeassistant", {})
    simulator.clear_requests()
    await hass.services.async_call(
        "homeassistant",
        "update_entity",
        {"entity_id": "sensor.anna_berger_project_timer"},
        blocking=True,
    )
    polled = {r.query["username"] for r in simulator.requests_to(PROJECT_TIMER, "GET")}
    assert polled == {"anna"}
    assert hass.states.get("sensor.anna_berger_project_timer").state == "stopped"
