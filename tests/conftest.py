"""Fixtures shared by the integration's tests: the simulator and a set-up account."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import CONF_API_KEY, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

# Imported before the `hass` fixture runs, so that this project's
# custom_components package wins over the test plugin's own (see environment.md).
import custom_components.timetrack  # noqa: F401
from custom_components.timetrack.const import (
    CONF_API_SECRET,
    DOMAIN,
    SUBENTRY_TYPE_USER,
)
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

TIME_ZONE = "Europe/Vienna"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load this project's integration in every test."""


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncGenerator[Simulator]:
    """A TimeTrack simulator listening on 127.0.0.1."""
    sim = Simulator()
    await sim.start(host="127.0.0.1", port=0)
    yield sim
    await sim.stop()


# The simulator's demo users by full name: the title the config flow gives
# their subentries.
FULL_NAMES = {
    "anna": "Anna Berger",
    "ben": "Ben Hofer",
    "clara": "Clara Novak",
    "david": "David Steiner",
}


def user_subentry(username: str, title: str | None = None) -> ConfigSubentryData:
    """The subentry of one tracked user, titled as the config flow titles it."""
    return ConfigSubentryData(
        data={CONF_USERNAME: username},
        subentry_type=SUBENTRY_TYPE_USER,
        title=title or FULL_NAMES.get(username, username),
        unique_id=username,
    )


@pytest.fixture
def usernames() -> list[str]:
    """The users tracked by `config_entry` (override in a module for more)."""
    return ["anna"]


@pytest.fixture
def options() -> dict[str, Any]:
    """The options of `config_entry`."""
    return {}


@pytest.fixture
def config_entry(
    simulator: Simulator, usernames: list[str], options: dict[str, Any]
) -> MockConfigEntry:
    """An account entry pointing at the simulator."""
    host = simulator.url.removeprefix("http://")
    return MockConfigEntry(
        domain=DOMAIN,
        title=host,
        unique_id=host,
        data={
            CONF_URL: simulator.url,
            CONF_API_KEY: DEMO_API_KEY,
            CONF_API_SECRET: DEMO_API_SECRET,
        },
        options=options,
        subentries_data=[user_subentry(name) for name in usernames],
    )


@pytest.fixture
async def setup_integration(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> MockConfigEntry:
    """The account entry, set up in Home Assistant."""
    await hass.config.async_set_time_zone(TIME_ZONE)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    return config_entry
