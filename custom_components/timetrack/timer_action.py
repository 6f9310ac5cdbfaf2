"""The timer actions, and when each makes sense."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from .api import TimerState
from .model import UserState


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


def _before(moment: datetime, start: datetime | None) -> bool:
    return start is not None and moment < start
