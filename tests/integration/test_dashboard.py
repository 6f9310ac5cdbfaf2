"""The example dashboard in dashboards/timetrack.yaml.

It must load in Home Assistant's own YAML dashboard mode, use only cards that
ship with Home Assistant, name only entities the integration really creates
for Anna Berger (all but the diagnostic ones), and its buttons must do what
they say when the actions they are wired to run against the simulator.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.timetrack.const import DOMAIN
from custom_components.timetrack.statistics import statistic_ids
from simulator import Simulator

DASHBOARD = Path(__file__).parents[2] / "dashboards" / "timetrack.yaml"
URL_PATH = "timetrack-dash"

# Cards, tile features and views that ship with Home Assistant's frontend.
STOCK_CARDS = frozenset(
    {
        "alarm-panel",
        "area",
        "button",
        "calendar",
        "conditional",
        "entities",
        "entity",
        "entity-filter",
        "gauge",
        "glance",
        "grid",
        "heading",
        "history-graph",
        "horizontal-stack",
        "humidifier",
        "iframe",
        "light",
        "logbook",
        "map",
        "markdown",
        "media-control",
        "picture",
        "picture-elements",
        "picture-entity",
        "picture-glance",
        "plant-status",
        "sensor",
        "shopping-list",
        "statistic",
        "statistics-graph",
        "thermostat",
        "tile",
        "todo-list",
        "vertical-stack",
        "weather-forecast",
    }
)
STOCK_TILE_FEATURES = frozenset(
    {"button", "toggle", "select-options", "numeric-input", "counter-actions"}
)
STOCK_VIEWS = frozenset({"masonry", "sections", "panel", "sidebar"})


def dashboard() -> dict[str, Any]:
    """The dashboard, read with Home Assistant's YAML loader."""
    return load_yaml_dict(str(DASHBOARD))


def cards(config: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every card of the dashboard, stacked ones included."""

    def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for card in items:
            yield card
            yield from walk(card.get("cards", []))
            if "card" in card:  # conditional
                yield from walk([card["card"]])

    for view in config["views"]:
        yield from walk(view.get("cards", []))
        for section in view.get("sections", []):
            yield from walk(section.get("cards", []))


def entity_ids(node: Any) -> Iterator[str]:
    """Every entity id named anywhere in a part of the dashboard."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("entity", "entity_id") and isinstance(value, str):
                yield value
            elif key in ("entities", "entity_id") and isinstance(value, list):
                for item in value:
                    yield from [item] if isinstance(item, str) else entity_ids(item)
            else:
                yield from entity_ids(value)
    elif isinstance(node, list):
        for item in node:
            yield from entity_ids(item)


def statistics_named(config: dict[str, Any]) -> set[str]:
    """The external statistics the dashboard names (`domain:object_id`)."""
    return {name for name in entity_ids(config) if ":" in name}


def perform_actions(card: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The "perform-action" tap actions of a card."""
    for key in ("tap_action", "hold_action", "double_tap_action", "icon_tap_action"):
        action = card.get(key)
        if action and action.get("action") == "perform-action":
            yield action


def test_dashboard_uses_stock_cards_only() -> None:
    config = dashboard()
    assert config["title"] == "TimeTrack"
    assert config["views"]
    used = {card["type"] for card in cards(config)}

    assert used <= STOCK_CARDS, used - STOCK_CARDS
    assert {"tile", "entities", "logbook"} <= used
    for view in config["views"]:
        assert view.get("type", "masonry") in STOCK_VIEWS
        assert all(section["type"] == "grid" for section in view.get("sections", []))
    features = {
        feature["type"]
        for card in cards(config)
        for feature in card.get("features", [])
    }
    assert features <= STOCK_TILE_FEATURES, features - STOCK_TILE_FEATURES
    assert {"toggle", "select-options"} <= features


def test_dashboard_feature_cards_fit_their_entities() -> None:
    """The toggle sits on the attendance switch, the options on the project select."""
    placed = {
        feature["type"]: card["entity"]
        for card in cards(dashboard())
        for feature in card.get("features", [])
    }
    assert placed == {
        "toggle": "switch.anna_berger_attendance",
        "select-options": "select.anna_berger_project",
    }


async def test_dashboard_shows_annas_entities_and_no_other(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
) -> None:
    named = set(entity_ids(dashboard())) - statistics_named(dashboard())
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{setup_integration.unique_id}:anna"), setup_integration.entry_id
    )
    assert device is not None
    entries = er.async_entries_for_device(entity_registry, device.id)
    annas = {entry.entity_id for entry in entries}
    # Diagnostic entities belong on the device page, not on the dashboard.
    primary = {entry.entity_id for entry in entries if entry.entity_category is None}

    assert len(primary) == 14
    assert primary <= named <= annas
    for entity_id in named:
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        assert state.state != "unavailable", entity_id


async def test_dashboard_loads_as_yaml_dashboard(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Home Assistant's YAML dashboard mode serves the file as it stands."""
    assert await async_setup_component(
        hass,
        "lovelace",
        {
            "lovelace": {
                "dashboards": {
                    URL_PATH: {
                        "mode": "yaml",
                        "title": "TimeTrack",
                        "filename": str(DASHBOARD),
                    }
                }
            }
        },
    )
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "lovelace/config", "url_path": URL_PATH})
    answer = await client.receive_json()

    assert answer["success"], answer
    assert answer["result"] == dashboard()


@pytest.mark.freeze_time("2026-02-10T09:00:00+01:00")
async def test_dashboard_buttons_drive_the_timer(
    hass: HomeAssistant, setup_integration: MockConfigEntry, simulator: Simulator
) -> None:
    """Each button's action, run as the frontend runs it, reaches TimeTrack."""
    await hass.services.async_call(
        DOMAIN, "start_project_timer", {"project": "Mobile App"}, blocking=True
    )
    actions = {
        card["name"]: action
        for card in cards(dashboard())
        for action in perform_actions(card)
    }
    assert set(actions) == {"Pause", "Resume", "Stop"}
    simulator.clear_requests()

    for name, expected_state in (
        ("Pause", "paused"),
        ("Resume", "running"),
        ("Stop", "stopped"),
    ):
        action = actions[name]
        domain, service = action["perform_action"].split(".")
        await hass.services.async_call(
            domain,
            service,
            action.get("data", {}),
            blocking=True,
            target=action["target"],
        )
        state = hass.states.get("sensor.anna_berger_project_timer")
        assert state is not None
        assert state.state == expected_state, name

    assert [
        request.path.rsplit("/", 1)[-1]
        for request in simulator.requests
        if request.method == "POST"
    ] == ["pause", "resume", "stop"]


def test_dashboard_graphs_the_imported_statistics_of_the_last_14_days() -> None:
    """Worked hours per day and the daily target, as statistics.py names them."""
    graphs = [card for card in cards(dashboard()) if card["type"] == "statistics-graph"]
    assert len(graphs) == 1
    graph = graphs[0]
    assert graph["days_to_show"] == 14
    assert graph["period"] == "day"
    assert graph["stat_types"] == ["change"]
    assert statistics_named(graph) == set(statistic_ids("anna"))
    assert statistics_named(dashboard()) == set(statistic_ids("anna"))


def test_dashboard_shows_the_calendar() -> None:
    calendars = [card for card in cards(dashboard()) if card["type"] == "calendar"]
    assert [list(entity_ids(card)) for card in calendars] == [
        ["calendar.anna_berger_work"]
    ]
