"""What changed between two states of a user: the timer event's types."""

from __future__ import annotations

from typing import Any

from .api import AttendanceTimer, ProjectTimer, TimerState
from .model import UserState, same_moment

EVENT_TYPES = (
    "started",
    "paused",
    "resumed",
    "stopped",
    "clocked_in",
    "clocked_out",
    "action_dropped",
)

type Transition = tuple[str, dict[str, Any]]


def transitions(old: UserState, new: UserState) -> list[Transition]:
    """The events that lead from `old` to `new`, in the order they happened."""
    return (
        _attendance_before(old.attendance, new.attendance)
        + _project_timer(old.project_timer, new.project_timer)
        + _attendance_after(old.attendance, new.attendance)
    )


def _project_attributes(timer: ProjectTimer) -> dict[str, Any]:
    return {
        "client": timer.client_name,
        "project": timer.project_name,
        "task": timer.task_name,
    }


def _project_timer(old: ProjectTimer, new: ProjectTimer) -> list[Transition]:
    events: list[Transition] = []
    same_timer = same_moment(new.started_at, old.started_at)
    if old.state is not TimerState.STOPPED and (
        new.state is TimerState.STOPPED or not same_timer
    ):
        events.append(("stopped", _project_attributes(old)))
    if new.state is TimerState.STOPPED:
        return events
    if old.state is TimerState.STOPPED or not same_timer:
        events.append(("started", _project_attributes(new)))
        if new.state is TimerState.PAUSED:
            events.append(("paused", _project_attributes(new)))
    elif old.state is TimerState.RUNNING and new.state is TimerState.PAUSED:
        events.append(("paused", _project_attributes(new)))
    elif old.state is TimerState.PAUSED and new.state is TimerState.RUNNING:
        events.append(("resumed", _project_attributes(new)))
    return events


def _attendance_before(old: AttendanceTimer, new: AttendanceTimer) -> list[Transition]:
    """Clocking in comes before the project timer starts."""
    if not new.clocked_in or (
        old.clocked_in and same_moment(new.started_at, old.started_at)
    ):
        return []
    if old.clocked_in:
        return [("clocked_out", {}), ("clocked_in", {})]
    return [("clocked_in", {})]


def _attendance_after(old: AttendanceTimer, new: AttendanceTimer) -> list[Transition]:
    """Clocking out comes after the project timer stops."""
    if old.clocked_in and not new.clocked_in:
        return [("clocked_out", {})]
    return []
