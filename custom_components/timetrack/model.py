"""The domain model: one tracked user's two timers, and how they are compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .api import AttendanceTimer, Project, ProjectTimer, TimerState

# TimeTrack keeps whole seconds; some services write times to the minute.
SAME_SECOND = timedelta(seconds=1)
SAME_MINUTE = timedelta(minutes=1)


def same_moment(told: datetime | None, other: datetime | None) -> bool:
    """Whether two times are one moment, as precisely as TimeTrack wrote `told`.

    A time TimeTrack wrote on the whole minute may have been rounded to it:
    within a minute is then the same moment.
    """
    if told is None or other is None:
        return told is other
    tolerance = SAME_MINUTE if told.second == 0 == told.microsecond else SAME_SECOND
    return abs(told - other) < tolerance


def project_label(client: str | None, project: str) -> str:
    """How a project is shown and chosen: "Client / Project"."""
    return f"{client or ''} / {project}"


def label_of(project: Project) -> str:
    """The label of a project of the account's list."""
    return project_label(project.client_name, project.name)


@dataclass(frozen=True, slots=True)
class UserState:
    """One tracked user's timers, as TimeTrack said or an action made them."""

    username: str
    project_timer: ProjectTimer
    attendance: AttendanceTimer

    @property
    def running_label(self) -> str | None:
        """The running or paused project as "Client / Project"; None when stopped."""
        timer = self.project_timer
        if timer.state is TimerState.STOPPED or not timer.project_name:
            return None
        return project_label(timer.client_name, timer.project_name)

    def is_running_on(
        self, client: str | None, project: str | None, task: str | None
    ) -> bool:
        """Whether the timer runs (or is paused) on this project (and task)."""
        timer = self.project_timer
        return (
            timer.state is not TimerState.STOPPED
            and timer.client_name == client
            and timer.project_name == project
            and (task is None or timer.task_name == task)
        )

    def as_response(self, now: datetime) -> dict[str, object]:
        """The user's state as actions return it, exact to the second at `now`."""
        timer = self.project_timer
        attendance = self.attendance
        running = timer.state is not TimerState.STOPPED
        return {
            "project_timer": {
                "state": timer.state.value,
                "client": timer.client_name,
                "project": timer.project_name,
                "task": timer.task_name,
                "note": timer.note,
                "started_at": _iso(timer.started_at) if running else None,
                "worked_seconds": timer.worked_seconds_at(now),
                "break_seconds": timer.break_seconds_at(now),
            },
            "attendance": {
                "clocked_in": attendance.clocked_in,
                "since": _iso(attendance.started_at) if attendance.clocked_in else None,
                "worked_seconds": attendance.worked_seconds_at(now),
            },
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
