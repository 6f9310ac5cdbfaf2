"""Diagnostics: the account's configuration and each user's state, without secrets."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

from .actions_support import turn_on
from .entity_support import (
    ANNA_AND_BEN,
    DEMO_ACCOUNT,
    FROZEN,
    async_setup,
    seed_busy_day,
    start_in_app,
    wall,
)

# Two tracked users, one of them idle.
pytestmark = [FROZEN, DEMO_ACCOUNT, ANNA_AND_BEN]

NOTE = "Call Mrs Example about the invoice"
# What diagnostics must never hold: secrets, and anything personal.
PERSONAL = (
    DEMO_API_KEY,
    DEMO_API_SECRET,
    NOTE,
    "anna",
    "Anna",
    "Berger",
    "ben",
    "Hofer",
    "Intranet",
    "Globex",
    "127.0.0.1",
    "demo.example",
)


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """What a bug report needs, built from an allow-list: nothing secret or personal.

    It teaches us the real service: each endpoint's last answer (status and
    shape, no values) and the client's choices; and it shows the outbox.
    """
    seed_busy_day(simulator)
    simulator.act("anna", "project_timer/stop", wall(12, 45))
    start_in_app(simulator, wall(12, 50), "Globex", "Intranet", note=NOTE)
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await turn_on(hass, "switch.ben_hofer_attendance")

    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, config_entry
    )

    assert diagnostics == snapshot
    text = json.dumps(diagnostics)
    for value in PERSONAL:
        assert value not in text, value
    timers = diagnostics["timers"]
    assert timers["users"]["user_1"]["project_timer"] == "running"
    assert diagnostics["outbox"] == [
        {
            "user": "user_2",
            "action": "clock_in",
            "waiting_seconds": 0,
            "taken_seconds_ago": 0,
            "attempts": 0,
        }
    ]
    endpoints = diagnostics["service"]["endpoints"]
    assert endpoints["project_timer"]["recognised"] is True
    assert endpoints["project_timer"]["fullest_shape"]["startedAt"] == "text"
    assert endpoints["work_reports"]["status"] == 200
    assert diagnostics["optional"]["projects"]["status"] == "ok"
