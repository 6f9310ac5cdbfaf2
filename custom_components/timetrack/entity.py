"""The base of every TimeTrack entity: one device per tracked user."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable
from typing import Any, override

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .data import TimeTrackConfigEntry, TimeTrackData
from .model import UserState
from .timers import TimerCoordinator


def device_identifier(account: str | None, username: str) -> tuple[str, str]:
    """The device registry identifier of a tracked user of `account` (its unique id)."""
    return (DOMAIN, f"{account}:{username}")


class TimeTrackEntity(CoordinatorEntity[TimerCoordinator]):
    """An entity of one tracked user."""

    _attr_has_entity_name = True
    # Controls (switch, buttons, select) keep taking actions while TimeTrack
    # cannot be reached: the outbox records them later. Home Assistant skips
    # unavailable entities in actions, so they stay available with the last
    # known state; readings go unavailable.
    _available_offline = False
    _removed_while_waiting = False

    def __init__(
        self, data: TimeTrackData, username: str, description: EntityDescription
    ) -> None:
        """Describe the entity and the user's device."""
        super().__init__(data.timers)
        self.account = data
        self.entity_description = description
        self.username = username
        entry = data.timers.config_entry
        unique_id = entry.unique_id if entry is not None else None
        self._attr_unique_id = f"{unique_id}_{username}_{description.key}"
        # As the registry holds it now (renamed since set-up, perhaps).
        self.device_entry = dr.async_get(data.timers.hass).async_get(
            data.devices[username]
        )

    @override
    async def async_added_to_hass(self) -> None:
        """Write the first state once the set-up's first read has ended."""
        if (first_states := self.account.first_states) is not None:
            waiting = True

            @callback
            def removed_while_waiting() -> None:
                if waiting:
                    self._removed_while_waiting = True

            self.async_on_remove(removed_while_waiting)
            await first_states
            waiting = False
            if self._removed_while_waiting:
                # Removed (registry, subentry) while it waited: Home Assistant
                # still finishes adding it. It writes nothing, and what it
                # (and its subclasses) start listening to now is undone.
                self.hass.loop.call_soon(self._call_on_remove_callbacks)
        await super().async_added_to_hass()

    @callback
    @override
    def _async_write_ha_state(self) -> None:
        """Write the state, unless the entity was removed while it waited."""
        if not self._removed_while_waiting:
            super()._async_write_ha_state()

    @property
    def user_state(self) -> UserState:
        """What the user's entities show (read only while available)."""
        return self.coordinator.view(self.username)

    @property
    @override
    def available(self) -> bool:
        """Whether there is something true to show.

        Only a successful poll makes readings available. While TimeTrack cannot
        be reached, a user's entities show the state their kept actions lead
        to; controls show the last known state so that they can be used.
        """
        if self.coordinator.confirmed(self.username) is None:
            return False
        return (
            self.coordinator.last_update_success
            or self._available_offline
            or bool(self.coordinator.pending(self.username))
        )


type EntitySetup = Callable[
    [HomeAssistant, TimeTrackConfigEntry, AddConfigEntryEntitiesCallback],
    Coroutine[Any, Any, None],
]


def user_platform(
    create: Callable[[TimeTrackData, str], Iterable[Entity]],
) -> EntitySetup:
    """A platform's async_setup_entry: `create`'s entities for each tracked user."""

    async def async_setup_entry(
        hass: HomeAssistant,
        entry: TimeTrackConfigEntry,
        async_add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        add_user_entities(entry, async_add_entities, create)

    return async_setup_entry


def register_user_devices(hass: HomeAssistant, entry: TimeTrackConfigEntry) -> None:
    """Register each tracked user's device once, before their entities are added."""
    data = entry.runtime_data
    registry = dr.async_get(hass)
    for username, subentry_id in data.usernames.items():
        data.devices[username] = registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            config_subentry_id=subentry_id,
            identifiers={device_identifier(entry.unique_id, username)},
            name=data.catalog.display_name(username),
            manufacturer="TimeTrack",
            model="User",
            entry_type=dr.DeviceEntryType.SERVICE,
            configuration_url=data.client.url,
        ).id


def add_user_entities(
    entry: TimeTrackConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    create: Callable[[TimeTrackData, str], Iterable[Entity]],
) -> None:
    """Add `create`'s entities for each tracked user, under the user's subentry."""
    data = entry.runtime_data
    for username, subentry_id in data.usernames.items():
        # One at a time: Home Assistant adds the entities of one call in turn,
        # and one waiting for the first read would hold up the rest.
        for entity in create(data, username):
            async_add_entities([entity], config_subentry_id=subentry_id)
