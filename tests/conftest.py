"""Fixtures shared by the integration's tests: the simulator and a set-up account."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
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


# The unique id of an account entry in a module marked `demo_account`. A real
# account's entry id is its host; the simulator's port changes with every run.
ACCOUNT_HOST = "demo.timetrackenterprise.com"


def pytest_configure(config: pytest.Config) -> None:
    """Register this suite's own markers."""
    config.addinivalue_line(
        "markers",
        'demo_account: `config_entry` is titled "demo" with a fixed unique id '
        "(snapshots and stored data stay the same run to run)",
    )
    config.addinivalue_line(
        "markers", "users(*usernames): the users `config_entry` tracks"
    )


def simulator_entry(
    url: str,
    subentries: Iterable[ConfigSubentryData],
    options: dict[str, Any] | None = None,
    *,
    title: str | None = None,
    unique_id: str | None = None,
    api_key: str = DEMO_API_KEY,
    api_secret: str = DEMO_API_SECRET,
) -> MockConfigEntry:
    """An account entry pointing at `url` (the simulator's), titled and
    identified by its host:port as the config flow does (unless given)."""
    host = url.removeprefix("http://")
    return MockConfigEntry(
        domain=DOMAIN,
        title=title or host,
        unique_id=unique_id or host,
        data={CONF_URL: url, CONF_API_KEY: api_key, CONF_API_SECRET: api_secret},
        options=options if options is not None else {},
        subentries_data=list(subentries),
    )


def demo_entry(
    simulator: Simulator,
    usernames: Iterable[str],
    options: dict[str, Any] | None = None,
    *,
    api_secret: str = DEMO_API_SECRET,
) -> MockConfigEntry:
    """The account entry "demo", with a stable unique id, tracking `usernames`."""
    return simulator_entry(
        simulator.url,
        map(user_subentry, usernames),
        options,
        title="demo",
        unique_id=ACCOUNT_HOST,
        api_secret=api_secret,
    )


@pytest.fixture
def usernames(request: pytest.FixtureRequest) -> list[str]:
    """The users tracked by `config_entry`: those the `users` marker names, else
    anna (or parametrize)."""
    marker = request.node.get_closest_marker("users")
    return list(marker.args) if marker else ["anna"]


@pytest.fixture
def options() -> dict[str, Any]:
    """The options of `config_entry`."""
    return {}


@pytest.fixture
def config_entry(
    request: pytest.FixtureRequest,
    simulator: Simulator,
    usernames: list[str],
    options: dict[str, Any],
) -> MockConfigEntry:
    """An account entry pointing at the simulator (see `demo_account`)."""
    if request.node.get_closest_marker("demo_account"):
        return demo_entry(simulator, usernames, options)
    return simulator_entry(simulator.url, map(user_subentry, usernames), options)


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
