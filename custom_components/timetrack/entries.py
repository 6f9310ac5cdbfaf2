"""The loaded TimeTrack entries and their tracked users, for actions and voice."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .const import DOMAIN
from .data import TimeTrackConfigEntry, TimeTrackData


def loaded_entries(hass: HomeAssistant) -> list[TimeTrackConfigEntry]:
    """Every TimeTrack entry that is set up."""
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]


def tracked_users(hass: HomeAssistant) -> list[tuple[TimeTrackData, str]]:
    """Every tracked user of every loaded entry: (the entry's data, username)."""
    return [
        (entry.runtime_data, username)
        for entry in loaded_entries(hass)
        for username in entry.runtime_data.usernames
    ]
