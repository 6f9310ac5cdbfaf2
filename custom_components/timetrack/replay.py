"""Replaying the outbox when TimeTrack answers again: each action once, at its time.

The replay runs after a poll has read the timers, on what TimeTrack just
said: an action whose request reached TimeTrack before its answer was lost is
not sent again; one that no longer makes sense, or that TimeTrack refuses, is
taken out at once with a repair issue. Only a transient fault keeps an action
for the next poll, and only so many times.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from homeassistant.util import dt as dt_util

from . import effects
from .api import (
    TRANSIENT_ERRORS,
    TimerState,
    TimeTrackAuthenticationError,
    TimeTrackError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)
from .const import LOGGER, MAX_ACTION_AGE, MAX_REPLAY_ATTEMPTS
from .model import UserState
from .outbox import PendingAction
from .runner import ActionRunner
from .timer_action import TimerAction


@dataclass(slots=True)
class RefusedError(Exception):
    """A kept action that can no longer be taken, and why (a translation key)."""

    reason: str
    values: dict[str, str] = field(default_factory=dict)


async def async_replay(
    runner: ActionRunner, states: dict[str, UserState], unknown_users: set[str]
) -> dict[str, UserState]:
    """Send the kept actions on TimeTrack's fresh `states`; the states they lead to.

    `unknown_users` are users TimeTrack no longer knows. A user whose timers
    could not be read now keeps their actions for the next poll.
    """
    async with runner.lock:
        waiting: set[str] = set()
        for item in list(runner.outbox.items):
            user = item.username
            if user in waiting:
                continue
            if user in unknown_users:
                await _async_drop(runner, item, "user_not_found", {})
                continue
            if (state := states.get(user)) is None:
                waiting.add(user)
                continue
            try:
                states[user] = await _async_replay_one(runner, item, state)
            except RefusedError as err:
                await _async_drop(runner, item, err.reason, err.values)
            except TimeTrackRateLimitError:
                waiting.add(user)
            except TRANSIENT_ERRORS as err:
                counted = await runner.outbox.async_count_attempt(item)
                if counted.attempts < MAX_REPLAY_ATTEMPTS:
                    waiting.add(user)
                    continue
                await _async_drop(
                    runner,
                    counted,
                    "kept_failing",
                    {"attempts": str(counted.attempts), "error": type(err).__name__},
                )
            except Exception as err:  # noqa: BLE001 - nothing may jam the outbox
                reason, values = _reason(err)
                await _async_drop(runner, item, reason, values)
            else:
                await runner.outbox.async_remove(item)
                if item.action.ends_work:
                    runner.board.closed_entry(user)
    return states


async def _async_replay_one(
    runner: ActionRunner, item: PendingAction, state: UserState
) -> UserState:
    """Replay one action on TimeTrack's `state`; the state it leads to."""
    if effects.is_recorded(state, item):
        LOGGER.debug(
            "The %s of %s reached TimeTrack already", item.action, item.username
        )
        return state
    if dt_util.as_utc(item.at) < dt_util.utcnow() - MAX_ACTION_AGE:
        raise RefusedError("time_too_old", {"days": str(MAX_ACTION_AGE.days)})
    timer = state.project_timer
    if item.action is TimerAction.START and timer.state is not TimerState.STOPPED:
        if timer.started_at is None or timer.started_at > item.at:
            raise RefusedError("timer_already_running")
        stop = PendingAction.create(item.username, TimerAction.STOP, item.at)
        state = effects.after_answer(
            state, stop, await effects.send(runner.client, stop)
        )
    elif reason := item.action.refusal(state, item.at):
        raise RefusedError(reason)
    answer = await effects.send(runner.client, item)
    return effects.after_answer(state, item, answer)


def _reason(err: Exception) -> tuple[str, dict[str, str]]:
    """Why TimeTrack will never take an action that failed with `err`."""
    if isinstance(err, TimeTrackUserNotFoundError):
        return "user_not_found", {}
    if isinstance(err, TimeTrackAuthenticationError):
        return "action_forbidden", {}
    if isinstance(err, TimeTrackRequestError):
        return "action_rejected", {"reason": err.detail or err.title or "-"}
    if isinstance(err, TimeTrackUnrecognizedError):
        return "unrecognized_answer", {"error": str(err)}
    if isinstance(err, TimeTrackError | ValueError):
        return "action_invalid", {"error": str(err)}
    LOGGER.exception("Unexpected error replaying a kept action", exc_info=err)
    return "action_invalid", {"error": type(err).__name__}


async def _async_drop(
    runner: ActionRunner, item: PendingAction, reason: str, values: dict[str, str]
) -> None:
    await runner.outbox.async_remove(item)
    runner.board.dropped(item, reason, values)
