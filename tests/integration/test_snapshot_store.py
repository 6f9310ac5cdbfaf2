"""The stored state (snapshot.py) as the entry unloads: stored then, and not after.

The entry's coordinators ask for a save after each change; Home Assistant's
store writes it 30 s later. Unloading stores the current state at once (a
reload reads it back), and a change that still comes in while the entry
unloads must not be written over it later, nor bring back a removed entry's
file. Real Home Assistant storage (`hass_storage`), frozen clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.timetrack.catalog import StoredCatalog
from custom_components.timetrack.snapshot import Snapshot, SnapshotStore

from .entity_support import async_advance

KEY = "timetrack.snapshot.entry-1"
EARLIER = datetime(2026, 6, 3, 6, 0, tzinfo=UTC)
LATER = datetime(2026, 6, 3, 6, 1, tzinfo=UTC)


def read_at(moment: datetime) -> Snapshot:
    """A snapshot of what TimeTrack said at `moment` (no users: the time tells)."""
    return Snapshot(moment, {}, StoredCatalog())


def stored_at(hass_storage: dict[str, Any]) -> datetime | None:
    """When the stored state was read, as stored."""
    stored = hass_storage.get(KEY)
    return dt_util.parse_datetime(stored["data"]["saved_at"]) if stored else None


async def test_unloading_stores_the_current_state_at_once(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict[str, Any]
) -> None:
    """The flush stores what the state is now, though the delayed save of an
    earlier change was written already."""
    state = {"now": read_at(EARLIER)}
    store = SnapshotStore(hass, "entry-1")
    store.schedule_save(lambda: state["now"])
    await async_advance(hass, freezer, timedelta(seconds=31))
    assert stored_at(hass_storage) == EARLIER

    state["now"] = read_at(LATER)
    await store.async_flush()

    assert stored_at(hass_storage) == LATER


async def test_nothing_is_stored_after_the_flush(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict[str, Any]
) -> None:
    """A change that comes in after the flush (a poll ending as the entry
    unloads) is not written 30 s later: not over the next set-up's state,
    and not after the entry was removed."""
    store = SnapshotStore(hass, "entry-1")
    store.schedule_save(lambda: read_at(EARLIER))
    await store.async_flush()
    assert stored_at(hass_storage) == EARLIER

    store.schedule_save(lambda: read_at(LATER))
    await async_advance(hass, freezer, timedelta(seconds=31))
    assert stored_at(hass_storage) == EARLIER

    await store.async_remove()
    await async_advance(hass, freezer, timedelta(seconds=31))
    assert KEY not in hass_storage
