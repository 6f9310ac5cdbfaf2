"""What is not accepted at start-up: a refused key, and an entry that has no
stored state to start from (see test_offline_start.py).

A refused key still stops the entry and starts reauthentication; an entry
without a stored state still waits in setup-retry while TimeTrack is down. An
action for either is refused for the true reason, and nothing is kept.
Time is frozen on Wednesday 3 June 2026 at 07:50 in Vienna.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import VIENNA, async_setup
from .outage_support import (
    anna_and_ben,
    device_id,
    posts,
    restart,
    set_up_stored,
    stored_outbox,
)

pytestmark = pytest.mark.freeze_time(datetime(2026, 6, 3, 7, 50, tzinfo=VIENNA))


@pytest.fixture
def config_entry(simulator: Simulator) -> MockConfigEntry:
    """The account entry tracking anna and ben."""
    return anna_and_ben(simulator)


async def clock_in(hass: HomeAssistant, target: dict[str, Any]) -> None:
    """The `timetrack.clock_in` action with `target`."""
    await hass.services.async_call(
        DOMAIN, "clock_in", target, blocking=True, return_response=True
    )


def revoke_secret(simulator: Simulator) -> None:
    simulator.api_secret = "a-revoked-secret"


def refuse_a_read(simulator: Simulator) -> None:
    # One 401 among the start-up reads fails them all (run_all).
    simulator.fail_next(1, 401)


@pytest.mark.parametrize(
    "refuse",
    [revoke_secret, refuse_a_read],
    ids=["secret_revoked", "start_up_read_401"],
)
async def test_wrong_key_at_start_accepts_nothing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    refuse: Callable[[Simulator], None],
) -> None:
    """The key refused at start-up, though a state is stored: the entry does not
    load, reauthentication starts, and an action is refused for that reason
    (by the user's device, or without a target), and nothing is kept."""
    await set_up_stored(hass, freezer, config_entry, hass_storage)
    anna = device_id(hass, config_entry, "anna")
    refuse(simulator)
    simulator.clear_requests()

    assert not await restart(hass, config_entry)

    assert config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert 401 in {request.status for request in simulator.requests}
    for target in ({"device_id": anna}, {}):
        with pytest.raises(HomeAssistantError) as info:
            await clock_in(hass, target)
        assert info.value.translation_key == "account_needs_reauth"
        assert info.value.translation_placeholders == {"account": "demo"}
    assert stored_outbox(hass_storage, config_entry) == []
    assert posts(simulator) == []
    assert simulator.attendance_timer("anna") == {}


async def test_brand_new_entry_offline_waits_in_setup_retry(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Never set up, nothing stored, TimeTrack down: setup is retried, and an
    action is refused because the account is not set up (the true reason)."""
    await simulator.go_down()

    assert not await async_setup(hass, config_entry)

    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    # It never loaded, so it has no device yet: the action without a target
    # (the one account meant).
    with pytest.raises(HomeAssistantError) as info:
        await clock_in(hass, {})
    assert info.value.translation_key == "account_not_loaded"
    assert info.value.translation_placeholders == {"account": "demo"}
    assert f"timetrack.outbox.{config_entry.entry_id}" not in hass_storage
    assert f"timetrack.snapshot.{config_entry.entry_id}" not in hass_storage


async def test_entry_without_stored_state_offline_refuses_on_its_device(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Set up before, but nothing stored (as after an update from a version
    without snapshots): it waits in setup-retry like a new entry, and an action
    on its user's device is refused as "not set up", not as "not a TimeTrack
    device"."""
    await set_up_stored(hass, freezer, config_entry, hass_storage)
    anna = device_id(hass, config_entry, "anna")
    await simulator.go_down()
    assert await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()
    del hass_storage[f"timetrack.snapshot.{config_entry.entry_id}"]

    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    simulator.clear_requests()
    with pytest.raises(HomeAssistantError) as info:
        await clock_in(hass, {"device_id": anna})
    assert info.value.translation_key == "account_not_loaded"
    assert info.value.translation_placeholders == {"account": "demo"}
    assert stored_outbox(hass_storage, config_entry) == []
    assert posts(simulator) == []
