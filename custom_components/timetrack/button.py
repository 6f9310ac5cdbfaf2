"""Buttons that pause, resume and stop the project timer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription

from .entity import TimeTrackEntity, user_platform
from .timer_action import TimerAction

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class TimeTrackButtonDescription(ButtonEntityDescription):
    """A button that carries out one timer action."""

    action: TimerAction


BUTTONS: tuple[TimeTrackButtonDescription, ...] = (
    TimeTrackButtonDescription(
        key="pause_timer", translation_key="pause_timer", action=TimerAction.PAUSE
    ),
    TimeTrackButtonDescription(
        key="resume_timer", translation_key="resume_timer", action=TimerAction.RESUME
    ),
    TimeTrackButtonDescription(
        key="stop_timer", translation_key="stop_timer", action=TimerAction.STOP
    ),
)


# Each tracked user's timer buttons.
async_setup_entry = user_platform(
    lambda data, username: (
        TimeTrackButton(data, username, description) for description in BUTTONS
    )
)


class TimeTrackButton(TimeTrackEntity, ButtonEntity):
    """Pause, resume or stop the project timer."""

    _available_offline = True

    entity_description: TimeTrackButtonDescription

    @override
    async def async_press(self) -> None:
        """Carry out the button's action now."""
        await self.coordinator.runner.async_act(
            self.username, self.entity_description.action
        )
