"""Buttons that pause, resume and stop the project timer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import TimeTrackConfigEntry
from .entity import TimeTrackEntity, add_user_entities
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


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TimeTrackConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each tracked user's timer buttons."""
    add_user_entities(
        entry,
        async_add_entities,
        lambda data, username: (
            TimeTrackButton(data, username, description) for description in BUTTONS
        ),
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
