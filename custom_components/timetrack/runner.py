"""Carrying out timer actions: check, send, show at once, or keep them in the outbox.

Every action, and every replay of the outbox (replay.py), goes through one
lock, so that actions reach TimeTrack in the order they were taken.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, tzinfo
from http import HTTPStatus
from typing import Protocol

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from . import effects
from .api import (
    TRANSIENT_ERRORS,
    Project,
    TimerState,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackUnrecognizedError,
)
from .const import DOMAIN, FUTURE_TOLERANCE, LOGGER, MAX_ACTION_AGE
from .messages import refusal
from .model import UserState
from .outbox import Outbox, PendingAction
from .timer_action import TimerAction


class Board(Protocol):
    """What the runner needs of the place that holds the users' states."""

    hass: HomeAssistant

    @property
    def time_zone(self) -> tzinfo:
        """The account's time zone."""

    def now(self) -> datetime:
        """The current time in the account's time zone."""

    def view(self, username: str) -> UserState:
        """What the user's entities show; refuses a user whose state is unknown."""

    def confirm(self, state: UserState) -> None:
        """Show a state TimeTrack answered an action with, at once."""

    def kept(self) -> None:
        """The outbox changed."""

    def closed_entry(self, username: str) -> None:
        """An action closed an entry that the work reports will count."""

    def dropped(self, item: PendingAction, reason: str, values: dict[str, str]) -> None:
        """A kept action will never be recorded, for `reason`."""

    def start_reauth(self) -> None:
        """TimeTrack refused the key."""


class ActionRunner:
    """Sends the account's actions, and keeps those TimeTrack cannot take now."""

    def __init__(self, client: TimeTrackClient, outbox: Outbox, board: Board) -> None:
        """Act through `client`; keep actions in `outbox`; show them on `board`."""
        self.client = client
        self.outbox = outbox
        self.board = board
        self.lock = asyncio.Lock()

    async def async_act(
        self, username: str, action: TimerAction, at: datetime | None = None
    ) -> UserState:
        """Pause, resume or stop the project timer, or clock in or out."""
        moment = self.checked_time(at)
        async with self.lock:
            if at is None:
                moment = _not_before_last_change(
                    self.board.view(username), action, moment
                )
            if self.outbox.for_user(username):
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
        async with self.lock:
            state = self.board.view(username)
            if state.is_running_on(project.client_name, project.name, task):
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
            if self.outbox.for_user(username):
                items = [start]
                if state.project_timer.state is not TimerState.STOPPED:
                    stop = PendingAction.create(username, TimerAction.STOP, moment)
                    items.insert(0, stop)
                return await self._async_keep(username, items)
            return await self._async_start(start, retry=True)

    def checked_time(self, at: datetime | None) -> datetime:
        """The action's time in the account's zone; refuses future or stale times."""
        now = self.board.now().replace(microsecond=0)
        if at is None:
            return now
        moment = at if at.tzinfo else at.replace(tzinfo=dt_util.get_default_time_zone())
        moment = moment.astimezone(self.board.time_zone).replace(microsecond=0)
        if dt_util.as_utc(moment) > dt_util.as_utc(now) + FUTURE_TOLERANCE:
            raise refusal("time_in_future")
        if dt_util.as_utc(moment) < dt_util.as_utc(now) - MAX_ACTION_AGE:
            raise refusal("time_too_old", days=str(MAX_ACTION_AGE.days))
        return moment

    async def _async_act(
        self, username: str, action: TimerAction, moment: datetime
    ) -> UserState:
        if action.refusal(self.board.view(username), moment) is not None:
            state = await self._async_look_again(username, action)
            if (key := action.refusal(state, moment)) is not None:
                raise refusal(key, username=username)
        return await self._async_send(PendingAction.create(username, action, moment))

    async def _async_start(self, start: PendingAction, *, retry: bool) -> UserState:
        username = start.username
        if self.board.view(username).project_timer.state is not TimerState.STOPPED:
            await self._async_act(username, TimerAction.STOP, start.at)
            if self.outbox.for_user(username):
                # The stop was kept for later: the start waits behind it.
                return await self._async_keep(username, [start])
        try:
            return await self._async_send(start)
        except HomeAssistantError as err:
            # Refused because a timer was started elsewhere since the last poll:
            # the re-read shows it; stop it (or keep it, if it is this project).
            timer = self.board.view(username).project_timer
            if not retry or not _is_conflict(err) or timer.state is TimerState.STOPPED:
                raise
        state = self.board.view(username)
        if state.is_running_on(start.client, start.project, start.task):
            return state
        return await self._async_start(start, retry=False)

    async def _async_look_again(self, username: str, action: TimerAction) -> UserState:
        """Read the timer an action concerns again, before refusing it.

        When TimeTrack cannot be reached, the last known state has to do.
        """
        try:
            return await self._async_reread(username, action)
        except HomeAssistantError as err:
            if isinstance(err.__cause__, TRANSIENT_ERRORS):
                return self.board.view(username)
            raise

    async def _async_reread(self, username: str, action: TimerAction) -> UserState:
        state = self.board.view(username)
        now = self.board.now()
        try:
            if action.is_attendance:
                attendance = await self.client.get_attendance_timer(username, now)
                fresh = UserState(username, state.project_timer, attendance)
            else:
                timer = await self.client.get_project_timer(username, now)
                fresh = UserState(username, timer, state.attendance)
        except TimeTrackError as err:
            raise self.translated(err) from err
        self.board.confirm(fresh)
        return fresh

    async def _async_send(self, item: PendingAction) -> UserState:
        """Send an action and show its outcome at once; keep it if TimeTrack is away."""
        username, action = item.username, item.action
        LOGGER.debug("Sending %s for %s at %s", action.value, username, item.at)
        try:
            answer = await effects.send(self.client, item)
        except TRANSIENT_ERRORS as err:
            LOGGER.debug("Keeping the %s of %s: %s", action.value, username, err)
            return await self._async_keep(username, [item], checked=True)
        except TimeTrackError as err:
            if _is_conflict_error(err):
                # TimeTrack refused the action for the timer's state: it changed
                # elsewhere since the last poll. Show the true state, and refuse
                # the action as if it had been known.
                fresh = await self._async_reread(username, action)
                if (key := action.refusal(fresh, item.at)) is not None:
                    raise refusal(key, username=username) from err
            raise self.translated(err) from err
        state = effects.after_answer(self.board.view(username), item, answer)
        self.board.confirm(state)
        if action.ends_work:
            self.board.closed_entry(username)
        return state

    async def _async_keep(
        self, username: str, items: list[PendingAction], *, checked: bool = False
    ) -> UserState:
        """Keep actions for later, and show the state they will lead to."""
        state = self.board.view(username)
        for item in items:
            if not checked and (key := item.action.refusal(state, item.at)):
                raise refusal(key, username=username)
            state = effects.apply(state, item)
        await self.outbox.async_append(*items)
        self.board.kept()
        return self.board.view(username)

    def translated(self, err: TimeTrackError) -> HomeAssistantError:
        """The translated error of a request made for an action."""
        if isinstance(err, TimeTrackAuthenticationError):
            self.board.start_reauth()
            return _error("auth_failed")
        if isinstance(err, TimeTrackRateLimitError):
            return _error("rate_limited", seconds=str(round(err.retry_after or 0)))
        if isinstance(err, TimeTrackRequestError):
            return _error("action_rejected", reason=err.detail or err.title or "-")
        if isinstance(err, TimeTrackUnrecognizedError):
            return _error("unrecognized_answer", error=str(err))
        return _error("cannot_connect", error=type(err).__name__)


def _error(key: str, **placeholders: str) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
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


def _is_conflict_error(err: TimeTrackError) -> bool:
    """Whether TimeTrack refused an action with 409 (the timer's state differs)."""
    return isinstance(err, TimeTrackRequestError) and err.status == HTTPStatus.CONFLICT


def _is_conflict(err: HomeAssistantError) -> bool:
    cause = err.__cause__
    return isinstance(cause, TimeTrackError) and _is_conflict_error(cause)
