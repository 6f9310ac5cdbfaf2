"""What is not accepted at start-up: a refused key, and an entry that has no
stored state to start from (see test_offline_start.py).

A refused key still stops the entry and starts reauthentication; an entry
without a stored state still waits in setup-retry while TimeTrack is down. An
action for either is refused for the true reason, and nothing is kept.
Time is frozen on Wednesday 3 June 2026 at 07:50 in Vienna.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.exceptions import HomeAssistantError
import pytest

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .actions_support import Home
from .entity_support import device_id
from .outage_support import OFFLINE_START_TESTS, posts, set_up_stored, stored_outbox

pytestmark = OFFLINE_START_TESTS


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
    home: Home, hass_storage: dict[str, Any], refuse: Callable[[Simulator], None]
) -> None:
    """The key refused at start-up, though a state is stored: the entry does not
    load, reauthentication starts, and an action is refused for that reason
    (by the user's device, or without a target), and nothing is kept."""
    await set_up_stored(home.hass, home.freezer, home.entry, hass_storage)
    anna = device_id(home.hass, home.entry, "anna")
    refuse(home.simulator)
    home.simulator.clear_requests()

    assert not await home.restart()

    assert home.entry.state is ConfigEntryState.SETUP_ERROR
    flows = home.hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert 401 in {request.status for request in home.simulator.requests}
    for target in ({"device_id": anna}, {}):
        with pytest.raises(HomeAssistantError) as info:
            await home.action("clock_in", target)
        assert info.value.translation_key == "account_needs_reauth"
        assert info.value.translation_placeholders == {"account": "demo"}
    assert stored_outbox(hass_storage, home.entry) == []
    assert posts(home.simulator) == []
    assert home.simulator.attendance_timer("anna") == {}


async def test_brand_new_entry_offline_waits_in_setup_retry(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """Never set up, nothing stored, TimeTrack down: setup is retried, and an
    action is refused because the account is not set up (the true reason)."""
    await home.simulator.go_down()

    assert not await home.set_up()

    assert home.entry.state is ConfigEntryState.SETUP_RETRY
    # It never loaded, so it has no device yet: the action without a target
    # (the one account meant).
    with pytest.raises(HomeAssistantError) as info:
        await home.action("clock_in")
    assert info.value.translation_key == "account_not_loaded"
    assert info.value.translation_placeholders == {"account": "demo"}
    assert f"timetrack.outbox.{home.entry.entry_id}" not in hass_storage
    assert f"timetrack.snapshot.{home.entry.entry_id}" not in hass_storage


async def test_entry_without_stored_state_offline_refuses_on_its_device(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """Set up before, but nothing stored (as after an update from a version
    without snapshots): it waits in setup-retry like a new entry, and an action
    on its user's device is refused as "not set up", not as "not a TimeTrack
    device"."""
    await set_up_stored(home.hass, home.freezer, home.entry, hass_storage)
    anna = device_id(home.hass, home.entry, "anna")
    await home.simulator.go_down()
    assert await home.hass.config_entries.async_unload(home.entry.entry_id)
    await home.hass.async_block_till_done()
    del hass_storage[f"timetrack.snapshot.{home.entry.entry_id}"]

    assert not await home.hass.config_entries.async_setup(home.entry.entry_id)
    await home.hass.async_block_till_done()

    assert home.entry.state is ConfigEntryState.SETUP_RETRY
    home.simulator.clear_requests()
    with pytest.raises(HomeAssistantError) as info:
        await home.action("clock_in", {"device_id": anna})
    assert info.value.translation_key == "account_not_loaded"
    assert info.value.translation_placeholders == {"account": "demo"}
    assert stored_outbox(hass_storage, home.entry) == []
    assert posts(home.simulator) == []
