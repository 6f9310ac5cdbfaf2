"""The account's lists: projects, tasks and the user directory, and lookups in them.

Each list is optional (optional.py): without projects a project is started by
its name and client, without tasks a task is passed on unchecked, without the
directory a user is called by the name their subentry was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .api import Project, Task, TimeTrackClient, User
from .const import FORCED_LIST_REFRESH_GAP
from .messages import refusal
from .model import label_of
from .optional import OptionalCoordinator

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry


@dataclass(frozen=True, slots=True)
class StoredCatalog:
    """The lists as stored last time (for a start without TimeTrack)."""

    projects: tuple[Project, ...] | None = None
    tasks: tuple[Task, ...] | None = None
    people: dict[str, User] = field(default_factory=dict)


class Catalog:
    """The account's three lists, each read on its own."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: TimeTrackClient,
        titles: Mapping[str, str],
        stored: StoredCatalog,
    ) -> None:
        """Read the lists of `client`'s account; `titles` are the subentries' names."""

        async def projects() -> tuple[Project, ...]:
            return tuple(await client.get_projects())

        async def tasks() -> tuple[Task, ...]:
            return tuple(await client.get_tasks())

        async def people() -> dict[str, User]:
            return {user.username: user for user in await client.get_users()}

        self.projects = OptionalCoordinator(
            hass,
            entry,
            "projects",
            projects,
            stored.projects,
            missing="a project is started by its name and client",
        )
        self.tasks = OptionalCoordinator(
            hass,
            entry,
            "tasks",
            tasks,
            stored.tasks,
            missing="tasks are passed on unchecked",
        )
        self.people = OptionalCoordinator(
            hass,
            entry,
            "users",
            people,
            stored.people or None,
            missing="users keep the names they were added with",
        )
        self._titles = dict(titles)
        self._forced: dict[str, datetime] = {}

    @property
    def coordinators(self) -> tuple[OptionalCoordinator[Any], ...]:
        """The three lists' coordinators."""
        return (self.projects, self.tasks, self.people)

    def stored(self) -> StoredCatalog:
        """The lists as they are to be stored."""
        return StoredCatalog(
            self.projects.data, self.tasks.data, self.people.data or {}
        )

    # Projects ---------------------------------------------------------------

    @property
    def enabled_projects(self) -> list[Project]:
        """Projects a timer can be started on, sorted as they are shown."""
        return sorted(
            (project for project in self.projects.data or () if project.enabled),
            key=lambda project: (
                project.client_name.casefold(),
                project.name.casefold(),
            ),
        )

    def project_options(self) -> list[str]:
        """Every enabled project as "Client / Project"."""
        return [label_of(project) for project in self.enabled_projects]

    def find_projects(self, name: str, client: str | None) -> list[Project]:
        """Enabled projects matching `name` (and `client`), ignoring case."""
        wanted = name.strip().casefold()
        found = [p for p in self.enabled_projects if p.name.casefold() == wanted]
        if client is not None:
            wanted_client = client.strip().casefold()
            found = [p for p in found if p.client_name.casefold() == wanted_client]
        return found

    def find_label(self, label: str) -> Project | None:
        """The enabled project shown as `label`."""
        return next((p for p in self.enabled_projects if label_of(p) == label), None)

    async def async_resolve_project(self, name: str, client: str | None) -> Project:
        """The one enabled project called `name` (of `client`), or a clear refusal.

        Without the account's project list, a project named with its client is
        passed on for TimeTrack to check.
        """
        found = self.find_projects(name, client)
        if not found and await self._async_refresh("projects"):
            found = self.find_projects(name, client)
        if not found and self.projects.data is None:
            if client is None:
                raise refusal("projects_unavailable", project=name)
            return Project(id=None, name=name, client_name=client)
        if not found:
            raise refusal("unknown_project", project=name, client=client or "-")
        if len(found) > 1:
            clients = ", ".join(project.client_name for project in found)
            raise refusal("ambiguous_project", project=name, clients=clients)
        return found[0]

    # Tasks ------------------------------------------------------------------

    def find_task(self, name: str) -> Task | None:
        """The task called `name`, ignoring case."""
        wanted = name.strip().casefold()
        return next(
            (t for t in self.tasks.data or () if t.name.casefold() == wanted), None
        )

    async def async_validate_task(self, task: str | None) -> str | None:
        """The task's name as TimeTrack spells it; refuses an unknown task."""
        if task is None:
            return None
        found = self.find_task(task)
        if found is None and await self._async_refresh("tasks"):
            found = self.find_task(task)
        if found is not None:
            return found.name
        if self.tasks.data is None:
            return task
        raise refusal("unknown_task", task=task)

    # People -----------------------------------------------------------------

    def person(self, username: str) -> User | None:
        """The user's entry in the account's directory, where it can be read."""
        return (self.people.data or {}).get(username)

    def display_name(self, username: str) -> str:
        """The user's full name: from the directory, else as their subentry."""
        if (person := self.person(username)) is not None:
            return person.full_name
        return self._titles.get(username) or username

    async def _async_refresh(self, which: str) -> bool:
        """Read a list again for an action, unless it was just forced.

        A list the account does not offer (403, 404) is asked for hourly only.
        """
        coordinator = self.projects if which == "projects" else self.tasks
        now = dt_util.utcnow()
        last = self._forced.get(which)
        if coordinator.health.status == "not_offered" or (
            last is not None and now - last < FORCED_LIST_REFRESH_GAP
        ):
            return False
        self._forced[which] = now
        await coordinator.async_refresh()
        return True
