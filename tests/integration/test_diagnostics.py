"""Diagnostics: the account's configuration and each user's state, without secrets."""

from __future__ import annotations

import json
from typing import Any

from homeassistant.components.diagnostics import REDACTED
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.matchers import path_type

from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

from .entity_support import (
    FROZEN,
    account_entry,
    async_setup,
    ha_snapshot,
    seed_busy_day,
    start_in_app,
    wall,
)

pytestmark = FROZEN

NOTE = "Call Mrs Example about the invoice"

# Values that change with every run: the ids Home Assistant makes up and the
# simulator's port.
VARYING = path_type(
    {
        r"entry\.entry_id": (str,),
        r"entry\.subentries\.\d+\.subentry_id": (str,),
        r"entry\.data\.url": (str,),
    },
    regex=True,
)


@pytest.fixture
def usernames() -> list[str]:
    """Two tracked users, one of them idle."""
    return ["anna", "ben"]


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


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Everything a bug report needs, and neither the API key nor the secret."""
    seed_busy_day(simulator)
    simulator.act("anna", "project_timer/stop", wall(12, 45))
    start_in_app(simulator, wall(12, 50), "Globex", "Intranet", note=NOTE)
    assert await async_setup(hass, config_entry)

    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, config_entry
    )

    assert diagnostics == snapshot(matcher=VARYING)
    text = json.dumps(diagnostics)
    assert DEMO_API_KEY not in text
    assert DEMO_API_SECRET not in text
    assert NOTE not in text
    entry = diagnostics["entry"]
    assert isinstance(entry, dict)
    assert entry["data"] == {
        "url": simulator.url,
        "api_key": REDACTED,
        "api_secret": REDACTED,
    }
    users = diagnostics["users"]
    assert isinstance(users, dict)
    assert sorted(users) == ["anna", "ben"]
    anna = users["anna"]
    assert isinstance(anna, dict)
    assert anna["project_timer"]["note"] == REDACTED
    assert anna["work"]["day"] == "2026-06-03"
