"""The attendance switch: on while clocked in; turning it clocks in or out."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription

from .entity import TimeTrackEntity, user_platform
from .timer_action import TimerAction

PARALLEL_UPDATES = 1

ATTENDANCE = SwitchEntityDescription(key="attendance", translation_key="attendance")


# Each tracked user's attendance switch.
async_setup_entry = user_platform(
    lambda data, username: [AttendanceSwitch(data, username, ATTENDANCE)]
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
