"""The loaded TimeTrack entries and their tracked users, for actions and voice."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .const import CONF_PERSON, DOMAIN, PERSON_DOMAIN
from .data import TimeTrackConfigEntry, TimeTrackData

# The state attribute of a person entity that holds its Home Assistant user.
ATTR_USER_ID = "user_id"


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


def linked_users(
    hass: HomeAssistant, user_id: str | None
) -> list[tuple[TimeTrackData, str]]:
    """The tracked users linked to the person of Home Assistant user `user_id`.

    The link is read from the subentries as it is now, so a changed link
    counts at once, without a reload.
    """
    if user_id is None:
        return []
    persons = {
        state.entity_id
        for state in hass.states.async_all(PERSON_DOMAIN)
        if state.attributes.get(ATTR_USER_ID) == user_id
    }
    if not persons:
        return []
    return [
        (entry.runtime_data, username)
        for entry in loaded_entries(hass)
        for username, subentry_id in entry.runtime_data.usernames.items()
        if (subentry := entry.subentries.get(subentry_id)) is not None
        and subentry.data.get(CONF_PERSON) in persons
    ]


def default_user(
    tracked: list[tuple[TimeTrackData, str]], hass: HomeAssistant, user_id: str | None
) -> tuple[TimeTrackData, str] | None:
    """Whom a request naming nobody is for; None when that cannot be told.

    The only one of `tracked`, else the one linked to the person of Home
    Assistant user `user_id`.
    """
    if len(tracked) == 1:
        return tracked[0]
    linked = linked_users(hass, user_id) if tracked else []
    return linked[0] if len(linked) == 1 else None
