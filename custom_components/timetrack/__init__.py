"""The TimeTrack integration: project timer and attendance in Home Assistant."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.const import (
    CONF_API_KEY,
    CONF_SCAN_INTERVAL,
    CONF_URL,
    CONF_USERNAME,
    Platform,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

from .api import TRANSIENT_ERRORS, TimeTrackClient
from .catalog import Catalog, StoredCatalog
from .const import (
    CONF_API_SECRET,
    CONF_TIME_ZONE,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    SUBENTRY_TYPE_USER,
)
from .data import TimeTrackConfigEntry, TimeTrackData
from .entity import register_user_devices
from .history import History
from .intent import async_setup_intents
from .outbox import Outbox
from .reports import ReportsCoordinator
from .services import async_setup_services
from .snapshot import Snapshot, SnapshotStore
from .statistics import StatisticsImporter, recorder_loaded
from .timers import TimerCoordinator

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

# Turns of the event loop the first read gets before the entities are added.
FIRST_READ_HEAD_START = 10
# Seconds the entities wait for the first read before showing what is known
# without it (unavailable): well within Home Assistant's 10 s before it warns
# of a slow platform.
FIRST_STATES_WAIT = 5.0

PLATFORMS: list[Platform] = [
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.EVENT,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions, which exist whether or not an account is set up."""
    async_setup_services(hass)
    await async_setup_intents(hass)
    return True


def tracked_usernames(entry: ConfigEntry) -> dict[str, str]:
    """The entry's tracked users: username → subentry id."""
    return {
        subentry.data[CONF_USERNAME]: subentry.subentry_id
        for subentry in entry.get_subentries_of_type(SUBENTRY_TYPE_USER)
    }


async def async_setup_entry(hass: HomeAssistant, entry: TimeTrackConfigEntry) -> bool:
    """Read the tracked users' timers; the lists and reports follow in the background.

    An entry set up before starts from its stored state when TimeTrack cannot
    be reached (snapshot.py); a refused key still stops it for reauthentication.
    """
    zone = entry.options.get(CONF_TIME_ZONE) or hass.config.time_zone
    time_zone = (
        await dt_util.async_get_time_zone(zone) or dt_util.get_default_time_zone()
    )
    client = TimeTrackClient(
        entry.data[CONF_URL],
        entry.data[CONF_API_KEY],
        entry.data[CONF_API_SECRET],
        session=async_get_clientsession(hass),
        time_zone=time_zone,
    )
    usernames = tracked_usernames(entry)
    store = SnapshotStore(hass, entry.entry_id)
    snapshot = await store.async_load(time_zone)
    # Registered first, so run last as the entry unloads: once nothing can
    # change the state any more, it is stored for the next set-up (a reload).
    entry.async_on_unload(store.async_flush)
    titles = {
        subentry.data[CONF_USERNAME]: subentry.title
        for subentry in entry.get_subentries_of_type(SUBENTRY_TYPE_USER)
    }
    catalog = Catalog(
        hass, entry, client, titles, snapshot.catalog if snapshot else StoredCatalog()
    )
    scan_interval = entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL)
    timers = TimerCoordinator(
        hass,
        entry,
        client,
        usernames,
        scan_interval,
        display_name=catalog.display_name,
    )
    reports = ReportsCoordinator(hass, entry, client, usernames, timers.now)
    # The calendar's and the statistics' lists, read when they ask.
    history = History(hass, entry, client, timers.now, timedelta(seconds=scan_interval))
    statistics = (
        StatisticsImporter(hass, entry, history, timers)
        if recorder_loaded(hass)
        else None
    )

    @callback
    def entry_closed(username: str) -> None:
        reports.request_user(username)
        if statistics is not None:
            statistics.request_user(username)

    entry.runtime_data = TimeTrackData(
        client, timers, catalog, reports, store, history, statistics
    )

    @callback
    def save_snapshot() -> None:
        store.schedule_save(
            lambda: Snapshot(
                timers.last_read_at or dt_util.utcnow(),
                dict(timers.data or {}),
                catalog.stored(),
            )
        )

    for coordinator in catalog.coordinators:
        entry.async_on_unload(coordinator.async_add_listener(save_snapshot))

    @callback
    def reload_on_new_users(change: ConfigEntryChange, changed: ConfigEntry) -> None:
        """Reload once when a tracked user is added or removed (a subentry change).

        The reload's own state changes are signalled as updates too: only a
        loaded entry's change counts, and the first one ends the listening.
        """
        if (
            change is ConfigEntryChange.UPDATED
            and changed.entry_id == entry.entry_id
            and changed.state is ConfigEntryState.LOADED
            and tracked_usernames(changed) != usernames
        ):
            stop_listening()
            hass.config_entries.async_schedule_reload(entry.entry_id)

    stop_listening = async_dispatcher_connect(
        hass, SIGNAL_CONFIG_ENTRY_CHANGED, reload_on_new_users
    )
    entry.async_on_unload(stop_listening)
    await _async_first_read_and_entities(hass, entry, snapshot)
    timers.on_entry_closed = entry_closed
    timers.after_poll = reports.after_poll
    entry.async_on_unload(timers.async_add_listener(save_snapshot))
    loads = [optional.async_load for optional in (*catalog.coordinators, reports)]
    if statistics is not None:
        # What came since the last import, once TimeTrack answers.
        loads.append(statistics.async_load)
        entry.async_on_unload(timers.async_add_listener(statistics.timers_updated))
    _once_timetrack_answers(hass, entry, loads)
    return True


async def _async_first_read_and_entities(
    hass: HomeAssistant, entry: TimeTrackConfigEntry, snapshot: Snapshot | None
) -> None:
    """Read the timers for the first time, and add the entities.

    A new entry reads first, so that a set-up that fails creates nothing. An
    entry set up before (it has a snapshot) has its entities in the registry
    already: they are registered while the read's answers are on their way,
    which overlaps Home Assistant's own work of adding them (as long as a
    round trip for 50 users) with the round trip. Each writes its first state
    once the read has ended (entity.py), so none shows a state that was not
    read, and none shows unavailable for a moment without a reason; they wait
    at most FIRST_STATES_WAIT. A read that fails the set-up takes them away
    again.
    """
    data = entry.runtime_data
    if snapshot is None:
        await _async_first_read(data.timers, None)
        await _async_add_entities(hass, entry)
        return
    first_read = entry.async_create_task(
        hass, _async_first_read(data.timers, snapshot), "first read", eager_start=True
    )
    data.first_states = _done_or_after(hass, first_read, FIRST_STATES_WAIT)
    try:
        # Adding the entities keeps the event loop busy: the read's requests
        # leave first, within a few turns (its tasks start, take pooled
        # connections, write their requests).
        for _ in range(FIRST_READ_HEAD_START):
            if first_read.done():
                break
            await asyncio.sleep(0)
        await _async_add_entities(hass, entry)
    except BaseException:
        first_read.cancel()
        data.first_states = None
        raise
    try:
        await first_read
    except BaseException:
        await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
        raise
    finally:
        data.first_states = None


async def _async_first_read(
    timers: TimerCoordinator, snapshot: Snapshot | None
) -> None:
    """The first read; without TimeTrack, the stored state if there is one."""
    try:
        await timers.async_config_entry_first_refresh()
    except ConfigEntryNotReady as err:
        if snapshot is None or not _unreachable(err):
            raise
        timers.start_from(snapshot.users, snapshot.saved_at, err)
        # Entities that stopped waiting for the read show it at once.
        timers.async_update_listeners()


def _done_or_after(
    hass: HomeAssistant, task: asyncio.Task[None], seconds: float
) -> asyncio.Future[None]:
    """A future done once `task` is, or after `seconds` if that comes first."""
    done: asyncio.Future[None] = hass.loop.create_future()

    def release(*_: object) -> None:
        if not done.done():
            done.set_result(None)

    task.add_done_callback(release)
    later = hass.loop.call_later(seconds, release)
    done.add_done_callback(lambda _: later.cancel())
    return done


async def _async_add_entities(hass: HomeAssistant, entry: TimeTrackConfigEntry) -> None:
    """The tracked users' devices, then every platform's entities."""
    register_user_devices(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)


def _once_timetrack_answers(
    hass: HomeAssistant,
    entry: TimeTrackConfigEntry,
    loads: list[Callable[[], Coroutine[Any, Any, None]]],
) -> None:
    """Read the lists beside the timers, once TimeTrack answers.

    Started without TimeTrack, they would only fail (and say so): the stored
    lists serve until the first poll succeeds.
    """
    timers = entry.runtime_data.timers

    @callback
    def start() -> None:
        for load in loads:
            _in_background(hass, entry, load())

    if timers.last_update_success:
        start()
        return

    waiting: list[Callable[[], None]] = []

    @callback
    def stop_waiting() -> None:
        while waiting:
            waiting.pop()()

    @callback
    def when_back() -> None:
        if timers.last_update_success:
            stop_waiting()
            start()

    waiting.append(timers.async_add_listener(when_back))
    entry.async_on_unload(stop_waiting)


def _in_background(
    hass: HomeAssistant, entry: TimeTrackConfigEntry, job: Coroutine[Any, Any, None]
) -> None:
    """Run `job` beside the timers; unloading the entry ends it."""
    task = entry.async_create_task(hass, job, eager_start=True)

    @callback
    def cancel() -> None:
        task.cancel()

    entry.async_on_unload(cancel)


def _unreachable(err: BaseException) -> bool:
    """Whether a failed set-up was TimeTrack not answering (not a refusal)."""
    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, TRANSIENT_ERRORS):
            return True
        cause = cause.__cause__
    return False


async def async_unload_entry(hass: HomeAssistant, entry: TimeTrackConfigEntry) -> bool:
    """Unload the account's entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: TimeTrackConfigEntry) -> None:
    """Delete what the account stored: its waiting actions and its last state."""
    await Outbox(hass, entry.entry_id).async_remove_store()
    await SnapshotStore(hass, entry.entry_id).async_remove()
