"""Timers and their state machines: the simulator's mutable state.

Both HTTP handlers and :meth:`simulator.Simulator.act` go through
:meth:`State.act`, so phone/web-app changes made by tests follow exactly the
same rules as requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from .data import Account, Project, User, seed_account
from .entries import (
    ABSENCE_STATUSES,
    Absence,
    AbsenceDetails,
    AttendanceEntry,
    Phase,
    ProjectTimeEntry,
    ProjectTimer,
)
from .errors import (
    ALREADY_CLOCKED_IN,
    DATE_BEFORE_LAST_CHANGE,
    INVALID_FIELD,
    NOT_CLOCKED_IN,
    NOT_FOUND_OR_DISABLED,
    TIMER_NOT_PAUSED,
    TIMER_NOT_RUNNING,
    TIMER_RUNNING,
    SimulatorError,
)
from .timestamps import format_timestamp, wall_clock

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date, datetime

__all__ = [
    "ACTIONS",
    "Absence",
    "Answer",
    "AttendanceEntry",
    "ProjectTimeEntry",
    "ProjectTimer",
    "State",
]

ACTIONS = (
    "project_timer/start",
    "project_timer/pause",
    "project_timer/resume",
    "project_timer/stop",
    "attendance_timer/start",
    "attendance_timer/stop",
)

type Answer = ProjectTimer | AttendanceEntry


def _seconds(later: datetime, earlier: datetime) -> int:
    return int((later - earlier).total_seconds())


def _optional_text(fields: Mapping[str, Any], name: str) -> str | None:
    """A text field, None when absent or empty; 400 (15001) when not text."""
    value = fields.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SimulatorError(
            400, INVALID_FIELD, "Invalid field", f"{name} must be a string"
        )
    return value


def _required_text(fields: Mapping[str, Any], name: str) -> str:
    """A non-empty text field; 400 (15001) when absent, empty or not text."""
    value = _optional_text(fields, name)
    if value is None:
        raise SimulatorError(400, INVALID_FIELD, "Missing field", f"{name} is required")
    return value


class State:
    """Account data, timers and entries of one simulated TimeTrack account."""

    def __init__(self, extra_users: int = 0) -> None:
        """The seeded demo account with no timer and no entry."""
        self.account: Account = seed_account(extra_users)
        self.project_timers: dict[str, ProjectTimer] = {}
        self.attendances: list[AttendanceEntry] = []
        # Each user's latest attendance entry: entries never overlap, so the
        # newest one is the running one if any, else the most recent.
        self._latest_attendance: dict[str, AttendanceEntry] = {}
        self.project_time_entries: list[ProjectTimeEntry] = []
        self.absences: list[Absence] = []

    # -- account data -------------------------------------------------------

    def user(self, username: str) -> User:
        """The user, or a 404 refusal (code 15020)."""
        return self.account.user(username)

    def add_user(
        self, username: str, first_name: str = "", last_name: str = "", **kw: Any
    ) -> dict[str, Any]:
        """Add a user; ``kw``: email, admin, team_lead, language, personal_number."""
        return self.account.add_user(username, first_name, last_name, **kw).to_json()

    def remove_user(self, username: str) -> None:
        """Remove a user and their timers; past entries stay listed."""
        self.user(username)
        del self.account.users[username]
        self.project_timers.pop(username, None)
        self._latest_attendance.pop(username, None)

    def find_project(self, client_name: str, project_name: str) -> Project:
        """The project of that client, enabled or not, or a 404 refusal (15030)."""
        return self.account.find_project(client_name, project_name)

    def set_project_enabled(
        self, client_name: str, project_name: str, enabled: bool
    ) -> None:
        """Enable or disable a project (404 / 15030 when there is no such project)."""
        self.find_project(client_name, project_name).enabled = enabled

    # -- reads --------------------------------------------------------------

    def project_timer(self, username: str) -> ProjectTimer | None:
        """The user's last project timer, stopped or not (404 / 15020: no such user)."""
        self.user(username)
        return self.project_timers.get(username)

    def latest_attendance(self, username: str) -> AttendanceEntry | None:
        """The user's running entry, else their most recent one (404 / 15020)."""
        self.user(username)
        return self._latest_attendance.get(username)

    def latest_attendances(self) -> list[AttendanceEntry]:
        """Every user's running entry, else their most recent one."""
        return list(self._latest_attendance.values())

    def project_timer_json(self, username: str) -> dict[str, Any]:
        """The project timer read: the last timer, or ``{}`` if there never was one."""
        timer = self.project_timer(username)
        return {} if timer is None else timer.to_json()

    def attendance_timer_json(self, username: str) -> dict[str, Any]:
        """The attendance read: running entry, else the most recent one, else ``{}``."""
        latest = self.latest_attendance(username)
        return {} if latest is None else latest.to_json()

    # -- records made outside the timers (absences, history) -----------------

    def add_absence(
        self, username: str, start: date, end: date, **details: Unpack[AbsenceDetails]
    ) -> Absence:
        """Store an absence; ValueError on bad values, 404 (15020) for no such user."""
        self.user(username)
        if end < start:
            raise ValueError("end must not be before start")
        absence = Absence(
            id=len(self.absences) + 1, user=username, start=start, end=end, **details
        )
        if absence.status not in ABSENCE_STATUSES:
            raise ValueError("status must be 0 (new), 1 (approved) or 2 (disapproved)")
        self.absences.append(absence)
        return absence

    def add_attendance(self, username: str, start: datetime, end: datetime) -> None:
        """Store a completed attendance entry as the web app would (no checks)."""
        entry = AttendanceEntry(
            id=len(self.attendances) + 1,
            user=username,
            start=start,
            end=end,
            worked_minutes=_seconds(end, start) // 60,
        )
        self.attendances.append(entry)
        latest = self._latest_attendance.get(username)
        if latest is None or latest.start < start:
            self._latest_attendance[username] = entry

    def add_project_entry(
        self,
        username: str,
        start: datetime,
        end: datetime,
        project: Project,
        task: str | None,
    ) -> None:
        """Store a completed project timer: an entry, and the user's stopped timer."""
        stopped = ProjectTimer(
            username=username,
            started_at=start,
            client_name=project.client_name,
            project_name=project.name,
            task_name=task,
            note=None,
            last_change=end,
            worked_seconds=_seconds(end, start),
            phase="stopped",
        )
        self._book(stopped)
        timer = self.project_timers.get(username)
        if timer is None or timer.last_change <= start:
            self.project_timers[username] = stopped

    def _book(self, timer: ProjectTimer) -> None:
        """Store the project time entry of a timer stopped at its last change."""
        self.project_time_entries.append(
            ProjectTimeEntry(
                id=len(self.project_time_entries) + 1,
                user=timer.username,
                client_name=timer.client_name,
                project_name=timer.project_name,
                task=timer.task_name,
                details=timer.note,
                worked_minutes=timer.worked_seconds // 60,
                break_minutes=timer.break_seconds // 60,
                start=timer.started_at,
                end=timer.last_change,
            )
        )

    # -- actions ------------------------------------------------------------

    def act(
        self, username: str, action: str, at: datetime, fields: Mapping[str, Any]
    ) -> Answer:
        """Apply an action at wall-clock time ``at``; answer the updated timer or entry.

        Checks, in order: the action and field types (400 / 15001), the user
        (404 / 15020), the timer's state (409), the date against the last
        change (400 / 15013), then client/project/task (404 / 15030).
        """
        at = wall_clock(at)
        handlers = {
            "project_timer/start": self._project_start,
            "project_timer/pause": self._project_pause,
            "project_timer/resume": self._project_resume,
            "project_timer/stop": self._project_stop,
            "attendance_timer/start": self._attendance_start,
            "attendance_timer/stop": self._attendance_stop,
        }
        handler = handlers.get(action)
        if handler is None:
            raise SimulatorError(
                400, INVALID_FIELD, "Invalid field", f"unknown action {action!r}"
            )
        return handler(username, at, fields)

    @staticmethod
    def _check_order(at: datetime, last_change: datetime) -> None:
        if at < last_change:
            raise SimulatorError(
                400,
                DATE_BEFORE_LAST_CHANGE,
                "Date before last change",
                f"{format_timestamp(at)} is before {format_timestamp(last_change)}",
            )

    def _project_start(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> Answer:
        client_name = _required_text(fields, "clientName")
        project_name = _required_text(fields, "projectName")
        task_name = _optional_text(fields, "taskName")
        note = _optional_text(fields, "note")
        self.user(username)
        previous = self.project_timers.get(username)
        if previous is not None and previous.phase != "stopped":
            raise SimulatorError(
                409,
                TIMER_RUNNING,
                "Timer already running",
                f"timer is {previous.phase}",
            )
        if previous is not None:
            self._check_order(at, previous.last_change)
        if not any(client.name == client_name for client in self.account.clients):
            raise SimulatorError(
                404,
                NOT_FOUND_OR_DISABLED,
                "Client not found",
                f"no client {client_name!r}",
            )
        project = self.find_project(client_name, project_name)
        if not project.enabled:
            raise SimulatorError(
                404,
                NOT_FOUND_OR_DISABLED,
                "Project disabled",
                f"project {project_name!r} of client {client_name!r} is disabled",
            )
        if task_name is not None and not any(
            t.name == task_name for t in self.account.tasks
        ):
            raise SimulatorError(
                404, NOT_FOUND_OR_DISABLED, "Task not found", f"no task {task_name!r}"
            )
        timer = ProjectTimer(
            username=username,
            started_at=at,
            client_name=client_name,
            project_name=project_name,
            task_name=task_name,
            note=note,
            last_change=at,
        )
        self.project_timers[username] = timer
        return timer

    def _running_timer(self, username: str, wanted: tuple[Phase, ...]) -> ProjectTimer:
        self.user(username)
        timer = self.project_timers.get(username)
        phase: Phase = "stopped" if timer is None else timer.phase
        if timer is None or phase not in wanted:
            if wanted == ("paused",):
                raise SimulatorError(
                    409, TIMER_NOT_PAUSED, "Timer not paused", f"timer is {phase}"
                )
            raise SimulatorError(
                409, TIMER_NOT_RUNNING, "Timer not running", f"timer is {phase}"
            )
        return timer

    def _change_phase(
        self, username: str, at: datetime, wanted: tuple[Phase, ...], phase: Phase
    ) -> ProjectTimer:
        """Close the phase at ``at`` (its worked or break seconds); enter ``phase``."""
        timer = self._running_timer(username, wanted)
        self._check_order(at, timer.last_change)
        if timer.phase == "playing":
            timer.worked_seconds = _seconds(at, timer.started_at) - timer.break_seconds
        else:
            timer.break_seconds = _seconds(at, timer.started_at) - timer.worked_seconds
        timer.phase = phase
        timer.last_change = at
        return timer

    def _project_pause(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> Answer:
        return self._change_phase(username, at, ("playing",), "paused")

    def _project_resume(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> Answer:
        return self._change_phase(username, at, ("paused",), "playing")

    def _project_stop(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> Answer:
        timer = self._change_phase(username, at, ("playing", "paused"), "stopped")
        self._book(timer)
        return timer

    def _attendance_start(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> Answer:
        notes = _optional_text(fields, "notes")
        self.user(username)
        last = self._latest_attendance.get(username)
        if last is not None:
            if last.end is None:
                raise SimulatorError(409, ALREADY_CLOCKED_IN, "Already clocked in")
            self._check_order(at, last.end)
        entry = AttendanceEntry(
            id=len(self.attendances) + 1, user=username, start=at, notes=notes
        )
        self.attendances.append(entry)
        self._latest_attendance[username] = entry
        return entry

    def _attendance_stop(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> Answer:
        self.user(username)
        entry = self._latest_attendance.get(username)
        if entry is None or entry.end is not None:
            raise SimulatorError(409, NOT_CLOCKED_IN, "Not clocked in")
        self._check_order(at, entry.start)
        entry.end = at
        entry.worked_minutes = _seconds(at, entry.start) // 60
        return entry
