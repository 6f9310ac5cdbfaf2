"""The timer actions: when each makes sense, and the request that carries it out."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from .api import AttendanceTimer, ProjectTimer, TimerState, TimeTrackClient
from .state import UserState


class TimerAction(StrEnum):
    """An action on a user's project timer or attendance timer."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    CLOCK_IN = "clock_in"
    CLOCK_OUT = "clock_out"

    @property
    def is_attendance(self) -> bool:
        """Whether the action concerns the attendance timer."""
        return self in (TimerAction.CLOCK_IN, TimerAction.CLOCK_OUT)

    @property
    def ends_work(self) -> bool:
        """Whether the action closes an entry that the work reports will count."""
        return self in (TimerAction.STOP, TimerAction.CLOCK_OUT)

    def refusal(self, state: UserState, moment: datetime) -> str | None:
        """Why the action makes no sense for `state` at `moment` (a translation key)."""
        timer = state.project_timer
        attendance = state.attendance
        match self:
            case TimerAction.PAUSE if timer.state is not TimerState.RUNNING:
                return "timer_not_running"
            case TimerAction.RESUME if timer.state is not TimerState.PAUSED:
                return "timer_not_paused"
            case TimerAction.STOP if timer.state is TimerState.STOPPED:
                return "timer_not_started"
            case TimerAction.CLOCK_IN if attendance.clocked_in:
                return "already_clocked_in"
            case TimerAction.CLOCK_OUT if not attendance.clocked_in:
                return "not_clocked_in"
            case TimerAction.CLOCK_OUT if _before(moment, attendance.started_at):
                return "time_before_clock_in"
            case TimerAction.PAUSE | TimerAction.RESUME | TimerAction.STOP if _before(
                moment, timer.started_at
            ):
                return "time_before_start"
        return None

    async def send(
        self, client: TimeTrackClient, username: str, moment: datetime
    ) -> ProjectTimer | AttendanceTimer | None:
        """Carry out the action (all but START, which needs a project)."""
        match self:
            case TimerAction.PAUSE:
                return await client.pause_project_timer(username, at=moment)
            case TimerAction.RESUME:
                return await client.resume_project_timer(username, at=moment)
            case TimerAction.STOP:
                return await client.stop_project_timer(username, at=moment)
            case TimerAction.CLOCK_IN:
                return await client.clock_in(username, at=moment)
            case TimerAction.CLOCK_OUT:
                return await client.clock_out(username, at=moment)
        raise ValueError(f"{self} needs a project: use the coordinator's start")


def _before(moment: datetime, start: datetime | None) -> bool:
    return start is not None and moment < start
