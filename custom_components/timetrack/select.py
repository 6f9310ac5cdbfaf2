"""The project select: shows the running project; choosing one starts it."""

from __future__ import annotations

from typing import override

from homeassistant.components.select import SelectEntity, SelectEntityDescription

from .api import Project
from .entity import TimeTrackEntity, user_platform
from .messages import refusal

PARALLEL_UPDATES = 1

PROJECT = SelectEntityDescription(key="project", translation_key="project")


# Each tracked user's project select.
async_setup_entry = user_platform(
    lambda data, username: [ProjectSelect(data, username, PROJECT)]
)


class ProjectSelect(TimeTrackEntity, SelectEntity):
    """The running project as "Client / Project"."""

    _available_offline = True

    @property
    @override
    def options(self) -> list[str]:
        """Every enabled project of the account, and the running one."""
        options = self.account.catalog.project_options()
        running = self.user_state.running_label if self.available else None
        if running is not None and running not in options:
            options.append(running)
        return options

    @property
    @override
    def current_option(self) -> str | None:
        """The running or paused project; unknown while the timer is stopped."""
        return self.user_state.running_label

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the project list too: its options change with it."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.account.catalog.projects.async_add_listener(
                self._handle_coordinator_update
            )
        )

    @override
    async def async_select_option(self, option: str) -> None:
        """Start the chosen project, switching a running timer over to it."""
        project = self.account.catalog.find_label(option)
        timer = self.user_state.project_timer
        if project is None and option == self.user_state.running_label:
            project = Project(None, timer.project_name or "", timer.client_name or "")
        if project is None:
            raise refusal("unknown_project", project=option, client="-")
        await self.coordinator.runner.async_start(self.username, project)
