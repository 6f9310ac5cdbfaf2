"""The base of every TimeTrack entity: one device per tracked user."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import override

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import TimeTrackConfigEntry, TimeTrackCoordinator
from .state import UserState


def device_identifier(entry: TimeTrackConfigEntry, username: str) -> tuple[str, str]:
    """The device registry identifier of a tracked user."""
    return (DOMAIN, f"{entry.unique_id}:{username}")


class TimeTrackEntity(CoordinatorEntity[TimeTrackCoordinator]):
    """An entity of one tracked user."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: TimeTrackCoordinator,
        username: str,
        description: EntityDescription,
    ) -> None:
        """Describe the entity and the user's device."""
        super().__init__(coordinator)
        self.entity_description = description
        self.username = username
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.unique_id}_{username}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={device_identifier(entry, username)},
            name=coordinator.catalog.display_name(username),
            manufacturer="TimeTrack",
            model="User",
            entry_type=DeviceEntryType.SERVICE,
            configuration_url=coordinator.client.url,
        )

    @property
    def user_state(self) -> UserState:
        """The user's last known state (only read while available)."""
        return self.coordinator.data[self.username]

    # Controls (switch, buttons, select) keep taking actions while TimeTrack
    # cannot be reached: the outbox records them later. Readings go unavailable.
    _available_offline = False

    @property
    @override
    def available(self) -> bool:
        """Available while the account answers and still knows the user.

        While TimeTrack cannot be reached, controls stay available with the
        last known state, and every entity of a user whose actions wait in
        the outbox shows the state those actions lead to.
        """
        if self.username not in (self.coordinator.data or {}):
            return False
        return (
            super().available
            or self._available_offline
            or bool(self.coordinator.pending(self.username))
        )


def add_user_entities(
    entry: TimeTrackConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    create: Callable[[TimeTrackCoordinator, str], Iterable[Entity]],
) -> None:
    """Add `create`'s entities for each tracked user, under the user's subentry."""
    coordinator = entry.runtime_data
    for username, subentry_id in coordinator.usernames.items():
        async_add_entities(
            create(coordinator, username), config_subentry_id=subentry_id
        )
