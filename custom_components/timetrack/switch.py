"""The attendance switch: on while clocked in; turning it clocks in or out."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import TimeTrackConfigEntry
from .entity import TimeTrackEntity, add_user_entities
from .timer_action import TimerAction

PARALLEL_UPDATES = 1

ATTENDANCE = SwitchEntityDescription(key="attendance", translation_key="attendance")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TimeTrackConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each tracked user's attendance switch."""
    add_user_entities(
        entry,
        async_add_entities,
        lambda data, username: [AttendanceSwitch(data, username, ATTENDANCE)],
    )


class AttendanceSwitch(TimeTrackEntity, SwitchEntity):
    """On while the user is clocked in."""

    _available_offline = True

    @property
    @override
    def is_on(self) -> bool:
        """Whether the user is clocked in."""
        return self.user_state.attendance.clocked_in

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Clock in."""
        await self.coordinator.runner.async_act(self.username, TimerAction.CLOCK_IN)

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Clock out."""
        await self.coordinator.runner.async_act(self.username, TimerAction.CLOCK_OUT)
