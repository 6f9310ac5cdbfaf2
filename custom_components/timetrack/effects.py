"""What an action does: the request that carries it out, and the state it leads to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

from .api import AttendanceTimer, ProjectTimer, TimerState, TimeTrackClient
from .model import UserState, same_moment
from .outbox import PendingAction
from .timer_action import TimerAction

type Answer = ProjectTimer | AttendanceTimer | None

_STATE_AFTER = {
    TimerAction.START: TimerState.RUNNING,
    TimerAction.PAUSE: TimerState.PAUSED,
    TimerAction.RESUME: TimerState.RUNNING,
    TimerAction.STOP: TimerState.STOPPED,
}


async def send(client: TimeTrackClient, item: PendingAction) -> Answer:
    """Carry out an action at its time; what TimeTrack answered with, if anything."""
    username, at = item.username, item.at
    match item.action:
        case TimerAction.START:
            return await client.start_project_timer(
                username,
                client_name=item.client or "",
                project_name=item.project or "",
                task_name=item.task,
                note=item.note,
                at=at,
            )
        case TimerAction.PAUSE:
            return await client.pause_project_timer(username, at=at)
        case TimerAction.RESUME:
            return await client.resume_project_timer(username, at=at)
        case TimerAction.STOP:
            return await client.stop_project_timer(username, at=at)
        case TimerAction.CLOCK_IN:
            return await client.clock_in(username, at=at)
        case TimerAction.CLOCK_OUT:
            return await client.clock_out(username, at=at)


def apply(state: UserState, item: PendingAction) -> UserState:
    """The user's state once TimeTrack has taken `item`, as known here."""
    timer = state.project_timer
    match item.action:
        case TimerAction.CLOCK_IN:
            attendance = AttendanceTimer(username=item.username, started_at=item.at)
            return replace(state, attendance=attendance)
        case TimerAction.CLOCK_OUT:
            return replace(
                state, attendance=replace(state.attendance, ended_at=item.at)
            )
        case TimerAction.START:
            timer = ProjectTimer(
                username=item.username,
                state=TimerState.RUNNING,
                started_at=item.at,
                client_name=item.client,
                project_name=item.project,
                task_name=item.task,
                note=item.note,
            )
        case TimerAction.PAUSE:
            worked = timer.worked_seconds_at(item.at)
            timer = replace(timer, state=TimerState.PAUSED, worked_seconds=worked)
        case TimerAction.RESUME:
            pause = timer.break_seconds_at(item.at)
            timer = replace(timer, state=TimerState.RUNNING, break_seconds=pause)
        case TimerAction.STOP:
            timer = replace(
                timer,
                state=TimerState.STOPPED,
                worked_seconds=timer.worked_seconds_at(item.at),
                break_seconds=timer.break_seconds_at(item.at),
            )
    return replace(state, project_timer=timer)


def apply_all(state: UserState, items: Iterable[PendingAction]) -> UserState:
    """The user's state once TimeTrack has taken every one of `items`, in order."""
    for item in items:
        state = apply(state, item)
    return state


def after_answer(state: UserState, item: PendingAction, answer: Answer) -> UserState:
    """The state an action that TimeTrack took leads to.

    TimeTrack's answer, where it gave the timer and the timer shows the
    action; otherwise (no timer in the answer, or one that does not show the
    action) the state the action leads to as known here: the next poll
    confirms it either way.
    """
    derived = apply(state, item)
    if isinstance(answer, AttendanceTimer) and answer.clocked_in == (
        item.action is TimerAction.CLOCK_IN
    ):
        return replace(derived, attendance=answer)
    if (
        isinstance(answer, ProjectTimer)
        and not item.action.is_attendance
        and answer.state is _STATE_AFTER[item.action]
    ):
        return replace(derived, project_timer=answer)
    return derived


def is_recorded(state: UserState, item: PendingAction) -> bool:
    """Whether TimeTrack's state already shows `item` (sent before, answer lost).

    Where TimeTrack's answers do not tell when a timer stopped (a service that
    answers "no timer" once stopped), a stopped timer or a clock-out counts
    as recorded: sending it again could only be refused.
    """
    timer = state.project_timer
    attendance = state.attendance
    match item.action:
        case TimerAction.CLOCK_IN:
            return same_moment(attendance.started_at, item.at)
        case TimerAction.CLOCK_OUT:
            return not attendance.clocked_in and (
                attendance.ended_at is None or same_moment(attendance.ended_at, item.at)
            )
        case TimerAction.START:
            return (
                same_moment(timer.started_at, item.at)
                and _same_name(timer.project_name, item.project)
                and _same_name(timer.client_name, item.client)
            )
    if timer.state is not _STATE_AFTER[item.action]:
        return False
    if timer.started_at is None:
        return item.action is TimerAction.STOP
    # A timer last changed where its saved durations end.
    saved = timedelta(seconds=timer.worked_seconds + timer.break_seconds)
    return same_moment(timer.started_at, item.at - saved)


def _same_name(name: str | None, other: str | None) -> bool:
    return (name or "").casefold() == (other or "").casefold()
