"""The project select: shows the running project; choosing one starts it."""

from __future__ import annotations

from typing import override

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import TimerState
from .coordinator import TimeTrackConfigEntry
from .entity import TimeTrackEntity, add_user_entities

PARALLEL_UPDATES = 1

PROJECT = SelectEntityDescription(key="project", translation_key="project")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TimeTrackConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each tracked user's project select."""
    add_user_entities(
        entry,
        async_add_entities,
        lambda coordinator, username: [ProjectSelect(coordinator, username, PROJECT)],
    )


class ProjectSelect(TimeTrackEntity, SelectEntity):
    """The running project as "Client / Project"."""

    _available_offline = True

    @property
    def _running_label(self) -> str | None:
        timer = self.user_state.project_timer
        if timer.state is TimerState.STOPPED or not timer.project_name:
            return None
        return f"{timer.client_name or ''} / {timer.project_name}"

    @property
    @override
    def options(self) -> list[str]:
        """Every enabled project of the account, and the running one."""
        options = self.coordinator.project_options()
        running = self._running_label if self.available else None
        if running is not None and running not in options:
            options.append(running)
        return options

    @property
    @override
    def current_option(self) -> str | None:
        """The running or paused project; unknown while the timer is stopped."""
        return self._running_label

    @override
    async def async_select_option(self, option: str) -> None:
        """Start the chosen project, switching a running timer over to it."""
        project = await self.coordinator.async_resolve_label(option)
        await self.coordinator.async_start_project_timer(self.username, project)
