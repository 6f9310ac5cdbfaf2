"""The timers' coordinator: the one place that decides when to read the two timers.

`data` holds what TimeTrack said (a poll, or an action's answer) per user.
What entities show is that with the user's kept actions applied (`view`).
Only a poll decides availability: an action kept while TimeTrack is down
shows on its user's entities without making anyone else's stale data look
fresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, override

from homeassistant.core import callback
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from . import effects, issues
from .api import (
    TimerState,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)
from .concurrency import run_all, run_pair
from .const import (
    DOMAIN,
    LOGGER,
    OUTBOX_RETRY_INTERVAL,
    PENDING_ISSUE_AFTER,
)
from .messages import async_message
from .model import UserState, same_moment
from .outbox import Dropped, Outbox, PendingAction
from .replay import async_replay
from .runner import ActionRunner

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry
    from homeassistant.core import HomeAssistant


class TimerCoordinator(DataUpdateCoordinator[dict[str, UserState]]):
    """Polls every tracked user's two timers; carries out and replays actions."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: TimeTrackClient,
        usernames: Mapping[str, str],
        scan_interval: int,
        *,
        display_name: Callable[[str], str] = str,
    ) -> None:
        """Track `usernames` (username → subentry id) of `client`'s account."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"TimeTrack {entry.title}",
            update_interval=timedelta(seconds=scan_interval),
            # A poll that finds nothing new writes no state: the durations
            # count the minutes themselves.
            always_update=False,
        )
        self.client = client
        self.display_name = display_name
        self.usernames = dict(usernames)
        self.outbox = Outbox(hass, entry.entry_id)
        self.runner = ActionRunner(client, self.outbox, self)
        self._scan_interval = scan_interval
        # Bumped whenever an action confirms a user's state: a poll that was
        # already under way must not overwrite that newer state.
        self._generation: dict[str, int] = {}
        self.missing: set[str] = set()
        self.unreadable: dict[str, str] = {}
        self._dropped: dict[str, list[Dropped]] = {}
        self._notify_after = False
        # When a poll last succeeded: what the stored state is as of.
        self.last_read_at: datetime | None = None
        self.on_entry_closed: Callable[[str], None] = lambda _: None
        self.after_poll: Callable[[datetime], None] = lambda _: None

    @property
    def time_zone(self) -> tzinfo:
        """The account's time zone, in which TimeTrack reads timestamps."""
        return self.client.time_zone

    def now(self) -> datetime:
        """The current time in the account's time zone."""
        return dt_util.now(self.client.time_zone)

    # What entities show ---------------------------------------------------

    def confirmed(self, username: str) -> UserState | None:
        """What TimeTrack last said of the user; None when unknown."""
        return (self.data or {}).get(username)

    def pending(self, username: str) -> list[PendingAction]:
        """The user's actions that TimeTrack has not recorded yet."""
        return self.outbox.for_user(username)

    def view(self, username: str) -> UserState:
        """What TimeTrack said, with the user's kept actions applied."""
        state = self.confirmed(username)
        if state is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="user_unavailable",
                translation_placeholders={"username": username},
            )
        return effects.apply_all(state, self.pending(username))

    def take_dropped(self, username: str) -> list[Dropped]:
        """The user's actions dropped since this was last asked."""
        return self._dropped.pop(username, [])

    # Polling --------------------------------------------------------------

    @override
    async def _async_setup(self) -> None:
        """Load the actions kept when Home Assistant stopped."""
        await self.outbox.async_load()
        self._set_interval()

    @override
    async def _async_update_data(self) -> dict[str, UserState]:
        """Read every user's timers, then replay what waits in the outbox."""
        now = self.now()
        generation = dict(self._generation)
        try:
            read = await run_all(
                self._async_read(username, now) for username in self.usernames
            )
        except TimeTrackAuthenticationError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="auth_failed"
            ) from err
        except TimeTrackError as err:
            self._update_pending_issue()
            raise _update_failed(err) from err
        states = {state.username: state for state in read if state is not None}
        self._note_closed_entries(states)
        if self.outbox.items:
            waiting = list(self.outbox.items)
            states = await async_replay(self.runner, states, set(self.missing))
            self._set_interval()
            self._update_pending_issue()
            # Entities show the outbox too: they must hear of a change in it even
            # when TimeTrack's states are as before (which notifies no one).
            self._notify_after = waiting != self.outbox.items and states == self.data
        for username, state in (self.data or {}).items():
            if username in states and self._generation.get(username) != generation.get(
                username
            ):
                states[username] = state
        self.after_poll(now)
        self.last_read_at = dt_util.utcnow()
        return states

    async def _async_read(self, username: str, now: datetime) -> UserState | None:
        """One user's timers; None (and a note why) when they cannot be shown."""
        try:
            timer, attendance = await run_pair(
                self.client.get_project_timer(username, now),
                self.client.get_attendance_timer(username, now),
            )
        except TimeTrackUserNotFoundError:
            self._set_missing(username, missing=True)
            return None
        except (TimeTrackNotFoundError, TimeTrackUnrecognizedError) as err:
            if self.unreadable.get(username) != str(err):
                LOGGER.warning(
                    "The timers of %s cannot be shown: %s (see the diagnostics)",
                    username,
                    err,
                )
            self.unreadable[username] = str(err)
            return None
        self._set_missing(username, missing=False)
        if self.unreadable.pop(username, None) is not None:
            LOGGER.info("The timers of %s can be shown again", username)
        return _settled(
            self.confirmed(username), UserState(username, timer, attendance)
        )

    @callback
    @override
    def _async_refresh_finished(self) -> None:
        if self._notify_after:
            self._notify_after = False
            self.async_update_listeners()

    def start_from(
        self, users: Mapping[str, UserState], saved_at: datetime, err: Exception
    ) -> None:
        """Start without TimeTrack, from what it said before the restart.

        The readings stay unavailable until a poll succeeds; the controls show
        the last known state, and take actions into the outbox.
        """
        self.data = {
            name: state for name, state in users.items() if name in self.usernames
        }
        self.last_update_success = False
        self.last_read_at = saved_at
        LOGGER.warning(
            "TimeTrack cannot be reached (%s); starting from what it said at %s. "
            "Actions are kept and sent when it answers",
            err,
            dt_util.as_local(saved_at).strftime("%Y-%m-%d %H:%M"),
        )
        self._update_pending_issue()

    def _note_closed_entries(self, states: Mapping[str, UserState]) -> None:
        """Ask for the reports of users whose attendance entry closed elsewhere."""
        for username, state in states.items():
            before = self.confirmed(username)
            if before is None or not before.attendance.clocked_in:
                continue
            after = state.attendance
            if not after.clocked_in or not same_moment(
                after.started_at, before.attendance.started_at
            ):
                self.on_entry_closed(username)

    def _set_missing(self, username: str, *, missing: bool) -> None:
        """Raise or clear the repair issue for a user TimeTrack no longer knows."""
        entry = self.config_entry
        if entry is None:
            return
        if missing and username not in self.missing:
            self.missing.add(username)
            LOGGER.warning("TimeTrack no longer knows the user %s", username)
            issues.raise_user_not_found(self.hass, entry, username)
        elif not missing and username in self.missing:
            self.missing.discard(username)
            issues.delete_issue(self.hass, issues.user_not_found_id(entry, username))

    # The runner's board ---------------------------------------------------

    def confirm(self, state: UserState) -> None:
        """Show a state TimeTrack answered an action with, without polling."""
        username = state.username
        self._generation[username] = self._generation.get(username, 0) + 1
        self.data = {**(self.data or {}), username: state}
        self.async_update_listeners()

    def kept(self) -> None:
        """The outbox changed: poll sooner while actions wait, show them at once."""
        self._set_interval()
        if self._listeners:
            self._schedule_refresh()
        self._update_pending_issue()
        self.async_update_listeners()

    def closed_entry(self, username: str) -> None:
        """An action closed an entry: its user's reports are due."""
        self.on_entry_closed(username)

    def dropped(self, item: PendingAction, reason: str, values: dict[str, str]) -> None:
        """A kept action will never be recorded: tell the user, and its event."""
        self._dropped.setdefault(item.username, []).append(
            Dropped(item, reason, values)
        )
        # Not the entry's task: a reload right after a drop must not cancel
        # the only word the user gets of an action that is gone.
        self.hass.async_create_task(
            _async_report_drop(self, item, reason, values), eager_start=True
        )

    def start_reauth(self) -> None:
        """TimeTrack refused the key: ask for a new one."""
        if self.config_entry is not None:
            self.config_entry.async_start_reauth(self.hass)

    def _set_interval(self) -> None:
        seconds = self._scan_interval
        if self.outbox.items:
            seconds = min(seconds, OUTBOX_RETRY_INTERVAL)
        self.update_interval = timedelta(seconds=seconds)

    def _update_pending_issue(self) -> None:
        entry = self.config_entry
        if entry is None:
            return
        oldest = self.outbox.oldest_queued
        if oldest is None:
            issues.delete_issue(self.hass, issues.pending_id(entry))
        elif dt_util.utcnow() - dt_util.as_utc(oldest) >= PENDING_ISSUE_AFTER:
            issues.raise_actions_pending(
                self.hass, entry, len(self.outbox.items), oldest
            )


def _update_failed(err: TimeTrackError) -> UpdateFailed:
    """A failed poll, translated; after a 429, the next one waits as asked."""
    if isinstance(err, TimeTrackRateLimitError):
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="rate_limited",
            translation_placeholders={"seconds": str(round(err.retry_after or 0))},
            retry_after=err.retry_after,
        )
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key="update_failed",
        translation_placeholders={"error": type(err).__name__},
    )


def _settled(known: UserState | None, read: UserState) -> UserState:
    """What a read says, keeping what it confirms without repeating it.

    A service that answers "no timer" once a timer stopped (or "not clocked
    in" once an entry closed) says the same as the stopped timer or closed
    entry known here, which also tell which project it was and how long.
    """
    if known is None:
        return read
    timer, attendance = read.project_timer, read.attendance
    if (
        timer.started_at is None
        and timer.state is TimerState.STOPPED
        and known.project_timer.state is TimerState.STOPPED
    ):
        timer = known.project_timer
    if attendance.started_at is None and not known.attendance.clocked_in:
        attendance = known.attendance
    return UserState(read.username, timer, attendance)


async def _async_report_drop(
    coordinator: TimerCoordinator,
    item: PendingAction,
    reason: str,
    values: dict[str, str],
) -> None:
    """The log line and the repair issue of a dropped action."""
    hass = coordinator.hass
    entry = coordinator.config_entry
    name = coordinator.display_name(item.username)
    why = await async_message(hass, reason, {"username": name, **values})
    placeholders = {
        "action": await async_message(hass, f"action_{item.action.value}"),
        "username": name,
        "time": dt_util.as_local(item.at).strftime("%Y-%m-%d %H:%M"),
        "reason": why,
    }
    LOGGER.warning(
        "A kept %s of %s taken at %s will not be recorded: %s",
        item.action.value,
        item.username,
        placeholders["time"],
        why,
    )
    if entry is not None:
        issues.raise_action_dropped(hass, entry, item.id, placeholders)
