"""The account's coordinator: the one place that decides when to talk to TimeTrack."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime, timedelta, tzinfo
from typing import override

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
)
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .actions import TimerAction
from .api import (
    AttendanceTimer,
    Project,
    ProjectTimer,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackUserNotFoundError,
)
from .const import (
    CATALOG_REFRESH_INTERVAL,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    OUTBOX_RETRY_INTERVAL,
    PENDING_ISSUE_AFTER,
    REPORTS_REFRESH_INTERVAL,
)
from .messages import refusal
from .outbox import Outbox, PendingAction
from .runner import ActionRunner, translate_errors
from .state import Catalog, UserState, WorkSummary, project_label

type TimeTrackConfigEntry = ConfigEntry[TimeTrackCoordinator]


class TimeTrackCoordinator(DataUpdateCoordinator[dict[str, UserState]]):
    """Polls every tracked user's two timers and carries out their actions."""

    config_entry: TimeTrackConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        config_entry: TimeTrackConfigEntry,
        client: TimeTrackClient,
        usernames: dict[str, str],
        scan_interval: int = DEFAULT_SCAN_INTERVAL,
    ) -> None:
        """Track `usernames` (username → subentry id) of the account."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=config_entry,
            name=f"TimeTrack {config_entry.title}",
            update_interval=timedelta(seconds=scan_interval),
            # A poll that finds nothing new writes no state: the durations
            # count the minutes themselves.
            always_update=False,
        )
        self.client = client
        self.usernames = usernames
        self.runner = ActionRunner(self, Outbox(hass, config_entry.entry_id))
        self._scan_interval = scan_interval
        # Bumped whenever an action publishes a user's state: a poll that was
        # already under way must not overwrite that newer state.
        self._generation: dict[str, int] = {}
        self.catalog = Catalog(fetched_at=datetime.min.replace(tzinfo=dt_util.UTC))
        self.reports_available = True
        self._reports_due: set[str] = set(usernames)
        self._reports_fetched_at: datetime | None = None
        self._missing_users: set[str] = set()

    @property
    def time_zone(self) -> tzinfo:
        """The account's time zone, in which TimeTrack reads timestamps."""
        return self.client.time_zone

    def now(self) -> datetime:
        """The current time in the account's time zone."""
        return dt_util.now(self.client.time_zone)

    @override
    async def _async_setup(self) -> None:
        """Load the actions kept when Home Assistant stopped."""
        await self.runner.outbox.async_load()
        self.outbox_changed()

    @override
    async def _async_update_data(self) -> dict[str, UserState]:
        """Read every tracked user's timers concurrently."""
        now = self.now()
        try:
            if self.runner.outbox.items:
                await self.runner.async_replay()
            # The lists (due at setup, then hourly) are read beside the timers.
            catalog = (
                self._async_refresh_catalog()
                if now - self.catalog.fetched_at >= CATALOG_REFRESH_INTERVAL
                else _nothing()
            )
            self._schedule_report_refresh(now)
            generation = dict(self._generation)
            _, *results = await asyncio.gather(
                catalog,
                *(self._async_fetch_user(username, now) for username in self.usernames),
            )
        except TimeTrackAuthenticationError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="auth_failed"
            ) from err
        except TimeTrackRateLimitError as err:
            self._update_pending_issue()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="rate_limited",
                translation_placeholders={"seconds": str(round(err.retry_after or 0))},
                retry_after=err.retry_after,
            ) from err
        except TimeTrackError as err:
            self._update_pending_issue()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": type(err).__name__},
            ) from err
        fresh = {state.username: state for state in results if state is not None}
        for username, state in (self.data or {}).items():
            if username in fresh and self._generation.get(username) != generation.get(
                username
            ):
                fresh[username] = state
        return fresh

    def _schedule_report_refresh(self, now: datetime) -> None:
        if not self.reports_available:
            return
        fetched = self._reports_fetched_at
        if (
            fetched is None
            or now - fetched >= REPORTS_REFRESH_INTERVAL
            or (fetched.date() != now.date())
        ):
            self._reports_due = set(self.usernames)
            self._reports_fetched_at = now

    async def _async_fetch_user(self, username: str, now: datetime) -> UserState | None:
        """Read one user's timers; None when TimeTrack no longer knows the user."""
        want_work = self.reports_available and username in self._reports_due
        project, attendance, work = await asyncio.gather(
            self.client.get_project_timer(username, now),
            self.client.get_attendance_timer(username, now),
            self._async_fetch_work(username, now) if want_work else _nothing(),
            return_exceptions=True,
        )
        errors = [
            result
            for result in (project, attendance, work)
            if isinstance(result, BaseException)
        ]
        if any(isinstance(error, TimeTrackUserNotFoundError) for error in errors):
            self._set_user_missing(username, missing=True)
            return None
        if errors:
            raise errors[0]
        if not isinstance(project, ProjectTimer) or not isinstance(
            attendance, AttendanceTimer
        ):
            raise TypeError("unreachable: gather returned no timers")
        self._set_user_missing(username, missing=False)
        previous = self.data.get(username) if self.data else None
        summary = work if isinstance(work, WorkSummary) else None
        if (
            summary is None
            and self.reports_available
            and previous is not None
            and _closed_an_entry(previous.attendance, attendance)
        ):
            # Clocked out elsewhere since the last poll: the reports now hold
            # an entry more, and today's figures must not fall back meanwhile.
            summary = await self._async_fetch_work(username, now)
        if summary is None and previous is not None:
            summary = previous.work
        return UserState(
            username=username,
            project_timer=project,
            attendance=attendance,
            work=summary,
        )

    async def _async_fetch_work(
        self, username: str, now: datetime
    ) -> WorkSummary | None:
        """Read the month's work reports; None when the account does not offer them."""
        today = now.date()
        try:
            reports = await self.client.get_work_reports(
                username, today.replace(day=1), today
            )
        except TimeTrackUserNotFoundError:
            raise
        except TimeTrackNotFoundError, TimeTrackAuthenticationError:
            LOGGER.debug("This account offers no work reports")
            self.reports_available = False
            return None
        self._reports_due.discard(username)
        return WorkSummary.from_reports(today, reports)

    def _set_user_missing(self, username: str, *, missing: bool) -> None:
        """Raise or clear the repair issue for a user TimeTrack no longer knows."""
        issue_id = f"user_not_found_{self.config_entry.entry_id}_{username}"
        if missing and username not in self._missing_users:
            self._missing_users.add(username)
            LOGGER.warning("TimeTrack no longer knows the user %s", username)
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="user_not_found",
                translation_placeholders={
                    "username": username,
                    "account": self.config_entry.title,
                },
            )
        elif not missing and username in self._missing_users:
            self._missing_users.discard(username)
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)

    async def _async_refresh_catalog(self) -> None:
        """Fetch projects, tasks and the user directory; each may be unavailable."""
        projects, tasks, people = await asyncio.gather(
            _optional(self.client.get_projects()),
            _optional(self.client.get_tasks()),
            _optional(self.client.get_users()),
        )
        previous = self.catalog
        self.catalog = Catalog(
            fetched_at=self.now(),
            projects=tuple(projects) if projects is not None else previous.projects,
            tasks=tuple(tasks) if tasks is not None else previous.tasks,
            people={person.username: person for person in people}
            if people is not None
            else previous.people,
        )
        if self.data is not None and (
            self.catalog.enabled_projects != previous.enabled_projects
        ):
            # The select's options changed, though no timer did: polls that
            # find the timers unchanged write no state (always_update=False).
            self.async_update_listeners()

    # Actions ---------------------------------------------------------------

    async def async_resolve_project(self, name: str, client: str | None) -> Project:
        """The one enabled project called `name` (of `client`), or a clear refusal."""
        if self.catalog.projects is None:
            raise refusal("projects_unavailable")
        found = self.catalog.find_projects(name, client)
        if not found:
            await translate_errors(self, self._async_refresh_catalog)
            found = self.catalog.find_projects(name, client)
        if not found:
            raise refusal("unknown_project", project=name, client=client or "-")
        if len(found) > 1:
            raise refusal(
                "ambiguous_project",
                project=name,
                clients=", ".join(p.client_name for p in found),
            )
        return found[0]

    async def async_resolve_label(self, label: str) -> Project:
        """The enabled project shown as "Client / Project"."""
        project = self.catalog.find_label(label)
        if project is None:
            raise refusal("unknown_project", project=label, client="-")
        return project

    def validate_task(self, task: str | None) -> str | None:
        """The task's name as TimeTrack spells it; refuses an unknown task."""
        if task is None or self.catalog.tasks is None:
            return task
        found = self.catalog.find_task(task)
        if found is None:
            raise refusal("unknown_task", task=task)
        return found.name

    async def async_start_project_timer(
        self,
        username: str,
        project: Project,
        *,
        task: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
    ) -> UserState:
        """Start `project`; a timer running on another project is stopped first."""
        return await self.runner.async_start(
            username, project, task=task, note=note, at=at
        )

    async def async_act(
        self, username: str, action: TimerAction, at: datetime | None = None
    ) -> UserState:
        """Pause, resume or stop the project timer, or clock in or out."""
        return await self.runner.async_act(username, action, at)

    def publish(self, state: UserState) -> None:
        """Show a user's new state on every entity without waiting for a poll."""
        self._generation[state.username] = self._generation.get(state.username, 0) + 1
        self.async_set_updated_data({**(self.data or {}), state.username: state})

    def mark_reports_due(self, username: str) -> None:
        """Read the user's work reports on the next poll (an entry was closed)."""
        self._reports_due.add(username)

    def pending(self, username: str) -> list[PendingAction]:
        """The user's actions that TimeTrack has not recorded yet."""
        return self.runner.outbox.for_user(username)

    def outbox_changed(self) -> None:
        """Retry sooner while actions wait, and tell the user when they wait long."""
        waiting = bool(self.runner.outbox.items)
        seconds = self._scan_interval
        if waiting:
            seconds = min(seconds, OUTBOX_RETRY_INTERVAL)
        self.update_interval = timedelta(seconds=seconds)
        self._update_pending_issue()

    def _update_pending_issue(self) -> None:
        oldest = self.runner.outbox.oldest
        issue_id = f"actions_pending_{self.config_entry.entry_id}"
        if oldest is None:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)
            return
        if dt_util.utcnow() - dt_util.as_utc(oldest) < PENDING_ISSUE_AFTER:
            return
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="actions_pending",
            translation_placeholders={
                "account": self.config_entry.title,
                "count": str(len(self.runner.outbox.items)),
                "since": dt_util.as_local(oldest).strftime("%Y-%m-%d %H:%M"),
            },
        )

    def project_options(self) -> list[str]:
        """The select's options: every enabled project as "Client / Project"."""
        return [project_label(project) for project in self.catalog.enabled_projects]


def _closed_an_entry(before: AttendanceTimer, after: AttendanceTimer) -> bool:
    """Whether an attendance entry ended between two readings."""
    return before.clocked_in and (
        not after.clocked_in or after.started_at != before.started_at
    )


async def _nothing() -> None:
    return None


async def _optional[T](call: Awaitable[list[T]]) -> list[T] | None:
    """A list the account may not offer: None on 403/404."""
    try:
        return await call
    except TimeTrackNotFoundError, TimeTrackAuthenticationError:
        return None
