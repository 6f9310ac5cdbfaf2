"""Carrying out timer actions: check, send, show at once, or keep them in the outbox.

The coordinator owns one runner. Every action goes through its lock, so that
actions reach TimeTrack in the order they were taken, whether sent at once or
replayed from the outbox later.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import TYPE_CHECKING

from homeassistant.components import persistent_notification
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from .actions import TimerAction
from .api import (
    AttendanceTimer,
    Project,
    ProjectTimer,
    TimerState,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackUserNotFoundError,
)
from .const import DOMAIN, FUTURE_TOLERANCE, LOGGER, MAX_ACTION_AGE
from .messages import async_message, refusal
from .outbox import Outbox, PendingAction
from .state import UserState

if TYPE_CHECKING:
    from .coordinator import TimeTrackCoordinator

# Faults after which an action is kept and replayed: TimeTrack may answer later.
TRANSIENT_ERRORS = (
    TimeTrackConnectionError,
    TimeTrackServerError,
    TimeTrackRateLimitError,
)

type Answer = ProjectTimer | AttendanceTimer | None


class ActionRunner:
    """Sends a coordinator's actions, and replays those TimeTrack missed."""

    def __init__(self, coordinator: TimeTrackCoordinator, outbox: Outbox) -> None:
        """Act for `coordinator`, keeping missed actions in `outbox`."""
        self._coordinator = coordinator
        self.outbox = outbox
        self._lock = asyncio.Lock()

    # Taking actions --------------------------------------------------------

    async def async_act(
        self, username: str, action: TimerAction, at: datetime | None = None
    ) -> UserState:
        """Pause, resume or stop the project timer, or clock in or out."""
        moment = self.checked_time(at)
        async with self._lock:
            if at is None:
                moment = _not_before_last_change(self._state(username), action, moment)
            if self.outbox.items:
                return await self._async_keep(
                    username, [PendingAction.create(username, action, moment)]
                )
            return await self._async_act(username, action, moment)

    async def async_start(
        self,
        username: str,
        project: Project,
        *,
        task: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
    ) -> UserState:
        """Start `project`; a timer running on another project is stopped first."""
        moment = self.checked_time(at)
        async with self._lock:
            state = self._state(username)
            if _is_running_on(
                state.project_timer, project.client_name, project.name, task
            ):
                return state
            if at is None:
                moment = _not_before_last_change(state, TimerAction.START, moment)
            start = PendingAction.create(
                username,
                TimerAction.START,
                moment,
                client=project.client_name,
                project=project.name,
                task=task,
                note=note,
            )
            if self.outbox.items:
                items = [start]
                if state.project_timer.state is not TimerState.STOPPED:
                    items.insert(
                        0, PendingAction.create(username, TimerAction.STOP, moment)
                    )
                return await self._async_keep(username, items)
            return await self._async_start(start, retry=True)

    def checked_time(self, at: datetime | None) -> datetime:
        """The action's time in the account's zone; refuses future or stale times."""
        now = self._coordinator.now().replace(microsecond=0)
        if at is None:
            return now
        moment = at if at.tzinfo else at.replace(tzinfo=dt_util.get_default_time_zone())
        moment = moment.astimezone(self._coordinator.time_zone).replace(microsecond=0)
        if dt_util.as_utc(moment) > dt_util.as_utc(now) + FUTURE_TOLERANCE:
            raise refusal("time_in_future")
        if dt_util.as_utc(moment) < dt_util.as_utc(now) - MAX_ACTION_AGE:
            raise refusal("time_too_old", days=str(MAX_ACTION_AGE.days))
        return moment

    async def _async_act(
        self, username: str, action: TimerAction, moment: datetime
    ) -> UserState:
        state = self._state(username)
        if action.refusal(state, moment) is not None:
            state = await self._async_look_again(username, action)
            if (key := action.refusal(state, moment)) is not None:
                raise refusal(key, username=username)
        item = PendingAction.create(username, action, moment)
        return await self._async_send(
            item, lambda: action.send(self._client, username, moment)
        )

    async def _async_start(self, start: PendingAction, *, retry: bool) -> UserState:
        username = start.username
        if self._state(username).project_timer.state is not TimerState.STOPPED:
            await self._async_act(username, TimerAction.STOP, start.at)
            if self.outbox.items:
                # The stop was kept for later: the start waits behind it.
                return await self._async_keep(username, [start])
        try:
            return await self._async_send(start, lambda: self._send_start(start))
        except HomeAssistantError as err:
            # Refused because a timer was started elsewhere since the last poll:
            # the re-read shows it; stop it (or keep it, if it is this project).
            timer = self._state(username).project_timer
            if not retry or not _is_conflict(err) or timer.state is TimerState.STOPPED:
                raise
        timer = self._state(username).project_timer
        if _is_running_on(timer, start.client, start.project, start.task):
            return self._state(username)
        return await self._async_start(start, retry=False)

    async def _async_look_again(self, username: str, action: TimerAction) -> UserState:
        """Read the timer an action concerns again, before refusing it.

        When TimeTrack cannot be reached, the last known state has to do.
        """
        try:
            return await self._async_reread(username, action)
        except HomeAssistantError as err:
            if isinstance(err.__cause__, TRANSIENT_ERRORS):
                return self._state(username)
            raise

    async def _async_reread(self, username: str, action: TimerAction) -> UserState:
        state = self._state(username)
        now = self._coordinator.now()

        async def read() -> UserState:
            if action.is_attendance:
                attendance = await self._client.get_attendance_timer(username, now)
                return replace(state, attendance=attendance)
            timer = await self._client.get_project_timer(username, now)
            return replace(state, project_timer=timer)

        fresh = await translate_errors(self._coordinator, read)
        self._coordinator.publish(fresh)
        return fresh

    async def _async_send(
        self, item: PendingAction, send: Callable[[], Awaitable[Answer]]
    ) -> UserState:
        """Send an action and show its answer at once; keep it if TimeTrack is away."""
        username, action = item.username, item.action
        LOGGER.debug("Sending %s for %s at %s", action.value, username, item.at)
        try:
            answer = await translate_errors(self._coordinator, send)
        except HomeAssistantError as err:
            if isinstance(err.__cause__, TRANSIENT_ERRORS):
                LOGGER.warning(
                    "TimeTrack did not take the %s of %s (%s); it is kept and sent "
                    "again when TimeTrack answers",
                    action.value,
                    username,
                    type(err.__cause__).__name__,
                )
                return await self._async_keep(username, [item], checked=True)
            if not _is_conflict(err):
                raise
            # TimeTrack refused the action for the timer's state: it changed
            # elsewhere since the last poll. Show the true state, and refuse the
            # action as if the cache had known it.
            fresh = await self._async_reread(username, action)
            if (key := action.refusal(fresh, item.at)) is not None:
                raise refusal(key, username=username) from err.__cause__
            raise
        if action.ends_work:
            self._coordinator.mark_reports_due(username)
        if answer is None:
            try:
                return await self._async_reread(username, action)
            except HomeAssistantError as err:
                if not isinstance(err.__cause__, TRANSIENT_ERRORS):
                    raise
                # Taken, but its state could not be read: show what it leads to.
                state = item.apply(self._state(username))
                self._coordinator.publish(state)
                return state
        state = _with_answer(self._state(username), answer)
        self._coordinator.publish(state)
        return state

    async def _async_keep(
        self, username: str, items: list[PendingAction], *, checked: bool = False
    ) -> UserState:
        """Keep actions for later, and show the state they will lead to."""
        state = self._state(username)
        for item in items:
            if not checked and (key := item.action.refusal(state, item.at)):
                raise refusal(key, username=username)
            state = item.apply(state)
        await self.outbox.async_append(*items)
        # The shorter poll interval first: publishing schedules the next poll.
        self._coordinator.outbox_changed()
        self._coordinator.publish(state)
        return state

    def _state(self, username: str) -> UserState:
        data = self._coordinator.data
        if data is None or username not in data:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="user_unavailable",
                translation_placeholders={"username": username},
            )
        return data[username]

    @property
    def _client(self) -> TimeTrackClient:
        return self._coordinator.client

    async def _send_start(self, start: PendingAction) -> Answer:
        return await self._client.start_project_timer(
            start.username,
            client_name=start.client or "",
            project_name=start.project or "",
            task_name=start.task,
            note=start.note,
            at=start.at,
        )

    # Replaying the outbox --------------------------------------------------

    async def async_replay(self) -> None:
        """Send the kept actions in order, each with its original time.

        Raises the client's error (and keeps the rest) while TimeTrack cannot
        be reached. Each action is compared with TimeTrack's state first: one
        whose request reached TimeTrack before its answer was lost is not sent
        again; one that no longer makes sense is dropped with a notification.
        """
        async with self._lock:
            states: dict[str, UserState | None] = {}
            for item in list(self.outbox.items):
                if item.username not in states:
                    states[item.username] = await self._async_read_user(item.username)
                state = states[item.username]
                if state is not None:
                    states[item.username] = await self._async_replay(item, state)
                else:
                    await self._async_drop(item, "user_unavailable", {})
                await self.outbox.async_remove(item)
            for state in states.values():
                if state is not None:
                    self._coordinator.publish(state)
            self._coordinator.outbox_changed()

    async def _async_read_user(self, username: str) -> UserState | None:
        now = self._coordinator.now()
        try:
            timer, attendance = await asyncio.gather(
                self._client.get_project_timer(username, now),
                self._client.get_attendance_timer(username, now),
            )
        except TimeTrackUserNotFoundError:
            return None
        known = (self._coordinator.data or {}).get(username)
        return UserState(
            username=username,
            project_timer=timer,
            attendance=attendance,
            work=known.work if known is not None else None,
        )

    async def _async_replay(self, item: PendingAction, state: UserState) -> UserState:
        """Replay one action on TimeTrack's `state`; the state it leads to."""
        if item.is_recorded(state):
            LOGGER.debug(
                "The %s of %s reached TimeTrack already", item.action, item.username
            )
            return state
        now = self._coordinator.now()
        if dt_util.as_utc(item.at) < dt_util.as_utc(now) - MAX_ACTION_AGE:
            await self._async_drop(
                item, "time_too_old", {"days": str(MAX_ACTION_AGE.days)}
            )
            return state
        timer = state.project_timer
        if item.action is TimerAction.START and timer.state is not TimerState.STOPPED:
            if timer.started_at is None or timer.started_at > item.at:
                await self._async_drop(item, "timer_already_running", {})
                return state
            state = await self._async_replay(
                PendingAction.create(item.username, TimerAction.STOP, item.at), state
            )
        elif reason := item.action.refusal(state, item.at):
            await self._async_drop(item, reason, {})
            return state
        try:
            if item.action is TimerAction.START:
                answer = await self._send_start(item)
            else:
                answer = await item.action.send(self._client, item.username, item.at)
        except TimeTrackRequestError as err:
            await self._async_drop(
                item, "action_rejected", {"reason": err.detail or "-"}
            )
            return state
        if answer is None:
            return await self._async_read_user(item.username) or state
        return _with_answer(state, answer)

    async def _async_drop(
        self, item: PendingAction, reason: str, placeholders: dict[str, str]
    ) -> None:
        """Tell the user that a kept action will not be recorded, and why."""
        hass = self._coordinator.hass
        name = self._coordinator.catalog.display_name(item.username)
        why = await async_message(hass, reason, {"username": name, **placeholders})
        local = dt_util.as_local(item.at)
        message = await async_message(
            hass,
            "action_dropped",
            {
                "action": await async_message(hass, f"action_{item.action.value}"),
                "username": name,
                "time": local.strftime("%Y-%m-%d %H:%M"),
                "reason": why,
            },
        )
        LOGGER.warning("Dropped a kept action: %s", message)
        persistent_notification.async_create(
            hass,
            message,
            title="TimeTrack",
            notification_id=f"{DOMAIN}_dropped_{item.id}",
        )


def _last_change(state: UserState, action: TimerAction) -> datetime | None:
    """When the timer an action concerns last changed, as TimeTrack counts it."""
    if action.is_attendance:
        attendance = state.attendance
        return attendance.started_at if attendance.clocked_in else attendance.ended_at
    timer = state.project_timer
    if timer.started_at is None:
        return None
    # Start, or the last pause, resume or stop: where the saved durations end.
    return timer.started_at + timedelta(
        seconds=timer.worked_seconds + timer.break_seconds
    )


def _not_before_last_change(
    state: UserState, action: TimerAction, moment: datetime
) -> datetime:
    """The time for an action taken now: not before the timer's last change.

    A host clock running a little behind TimeTrack's (a timer started in the
    app "in Home Assistant's future") must not make actions taken now refused
    as earlier than that change; within FUTURE_TOLERANCE, they are taken at
    the moment of the change instead.
    """
    last = _last_change(state, action)
    if last is None or not moment < last:
        return moment
    if dt_util.as_utc(last) - dt_util.as_utc(moment) > FUTURE_TOLERANCE:
        return moment
    return last


def _with_answer(state: UserState, answer: ProjectTimer | AttendanceTimer) -> UserState:
    if isinstance(answer, AttendanceTimer):
        return replace(state, attendance=answer)
    return replace(state, project_timer=answer)


def _is_running_on(
    timer: ProjectTimer, client: str | None, project: str | None, task: str | None
) -> bool:
    return (
        timer.state is not TimerState.STOPPED
        and timer.client_name == client
        and timer.project_name == project
        and (task is None or timer.task_name == task)
    )


def _is_conflict(err: HomeAssistantError) -> bool:
    """Whether TimeTrack refused an action with 409 (the timer's state differs)."""
    cause = err.__cause__
    return (
        isinstance(cause, TimeTrackRequestError) and cause.status == HTTPStatus.CONFLICT
    )


async def translate_errors[T](
    coordinator: TimeTrackCoordinator, call: Callable[[], Awaitable[T]]
) -> T:
    """Run one request for an action, turning failures into translated errors."""
    try:
        return await call()
    except TimeTrackAuthenticationError as err:
        coordinator.config_entry.async_start_reauth(coordinator.hass)
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="auth_failed"
        ) from err
    except TimeTrackRateLimitError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="rate_limited",
            translation_placeholders={"seconds": str(round(err.retry_after or 0))},
        ) from err
    except TimeTrackRequestError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_rejected",
            translation_placeholders={"reason": err.detail or err.title or "-"},
        ) from err
    except TimeTrackError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"error": type(err).__name__},
        ) from err
