"""The TimeTrack integration: project timer and attendance in Home Assistant."""

from __future__ import annotations

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
)
from homeassistant.const import (
    CONF_API_KEY,
    CONF_SCAN_INTERVAL,
    CONF_URL,
    CONF_USERNAME,
    Platform,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

from .api import TimeTrackClient
from .const import (
    CONF_API_SECRET,
    CONF_TIME_ZONE,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    SUBENTRY_TYPE_USER,
)
from .coordinator import TimeTrackConfigEntry, TimeTrackCoordinator
from .intent import async_setup_intents
from .outbox import Outbox
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

PLATFORMS: list[Platform] = [
    Platform.BUTTON,
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
    """Connect to the account and poll its tracked users."""
    zone_name = entry.options.get(CONF_TIME_ZONE) or hass.config.time_zone
    client = TimeTrackClient(
        entry.data[CONF_URL],
        entry.data[CONF_API_KEY],
        entry.data[CONF_API_SECRET],
        session=async_get_clientsession(hass),
        time_zone=dt_util.get_time_zone(zone_name) or dt_util.get_default_time_zone(),
    )
    usernames = tracked_usernames(entry)
    coordinator = TimeTrackCoordinator(
        hass,
        entry,
        client,
        usernames,
        entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL),
    )
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator

    @callback
    def reload_on_new_users(change: ConfigEntryChange, changed: ConfigEntry) -> None:
        """Reload when a tracked user is added or removed (a subentry change)."""
        if (
            change is ConfigEntryChange.UPDATED
            and changed.entry_id == entry.entry_id
            and tracked_usernames(changed) != usernames
        ):
            hass.config_entries.async_schedule_reload(entry.entry_id)

    entry.async_on_unload(
        async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, reload_on_new_users)
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: TimeTrackConfigEntry) -> bool:
    """Unload the account's entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: TimeTrackConfigEntry) -> None:
    """Delete the account's outbox: its waiting actions go with the account."""
    await Outbox(hass, entry.entry_id).async_remove_store()
