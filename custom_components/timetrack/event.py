"""The timer event: fires on every change of a user's timers, wherever it was made."""

from __future__ import annotations

from typing import override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import TimeTrackConfigEntry, TimeTrackCoordinator
from .entity import TimeTrackEntity, add_user_entities
from .transitions import EVENT_TYPES, transitions

PARALLEL_UPDATES = 0

TIMER = EventEntityDescription(
    key="timer", translation_key="timer", event_types=list(EVENT_TYPES)
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TimeTrackConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each tracked user's timer event."""
    add_user_entities(
        entry,
        async_add_entities,
        lambda coordinator, username: [TimerEvent(coordinator, username, TIMER)],
    )


class TimerEvent(TimeTrackEntity, EventEntity):
    """Fires started, paused, resumed, stopped, clocked_in and clocked_out."""

    def __init__(
        self,
        coordinator: TimeTrackCoordinator,
        username: str,
        description: EventEntityDescription,
    ) -> None:
        """Remember the state the first events are measured against."""
        super().__init__(coordinator, username, description)
        self._last = (coordinator.data or {}).get(username)

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Fire one event for each change since the last state seen."""
        current = (self.coordinator.data or {}).get(self.username)
        if current is not None:
            if self._last is not None:
                for event_type, attributes in transitions(self._last, current):
                    self._trigger_event(event_type, attributes)
                    self.async_write_ha_state()
            self._last = current
        super()._handle_coordinator_update()
