"""Timers and their state machines: the simulator's mutable state.

Both HTTP handlers and :meth:`simulator.Simulator.act` go through
:meth:`State.act`, so phone/web-app changes made by tests follow exactly the
same rules as requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .data import Account, Project, User, seed_account
from .errors import (
    ALREADY_CLOCKED_IN,
    DATE_BEFORE_LAST_CHANGE,
    INVALID_FIELD,
    NOT_CLOCKED_IN,
    NOT_FOUND_OR_DISABLED,
    TIMER_NOT_PAUSED,
    TIMER_NOT_RUNNING,
    TIMER_RUNNING,
    USER_NOT_FOUND,
    SimulatorError,
)
from .timestamps import format_timestamp, wall_clock

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

__all__ = [
    "ACTIONS",
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

Phase = Literal["playing", "paused", "stopped"]


def _seconds(later: datetime, earlier: datetime) -> int:
    return int((later - earlier).total_seconds())


@dataclass
class ProjectTimer:
    """A user's project timer (the last one, stopped or not)."""

    username: str
    started_at: datetime
    client_name: str
    project_name: str
    task_name: str | None
    note: str | None
    last_change: datetime
    worked_seconds: int = 0
    break_seconds: int = 0
    phase: Phase = "playing"

    def to_json(self) -> dict[str, Any]:
        """The object as the API writes it."""
        return {
            "username": self.username,
            "startedAt": format_timestamp(self.started_at),
            "workedSeconds": self.worked_seconds,
            "breakSeconds": self.break_seconds,
            "playing": self.phase == "playing",
            "stopped": self.phase == "stopped",
            "paused": self.phase == "paused",
            "clientName": self.client_name,
            "projectName": self.project_name,
            "taskName": self.task_name,
            "note": self.note,
        }


@dataclass
class AttendanceEntry:
    """One attendance entry; ``end`` is None while the user is clocked in."""

    id: int
    user: str
    start: datetime
    end: datetime | None = None
    worked_minutes: int = 0
    break_minutes: int = 0
    notes: str | None = None
    manual: bool = False

    def to_json(self) -> dict[str, Any]:
        """The object as the API writes it."""
        return {
            "id": self.id,
            "user": self.user,
            "latitudeStart": None,
            "longitudeStart": None,
            "latitudeEnd": None,
            "longitudeEnd": None,
            "from": format_timestamp(self.start),
            "to": None if self.end is None else format_timestamp(self.end),
            "workedMinutes": self.worked_minutes,
            "breakMinutes": self.break_minutes,
            "manual": self.manual,
            "notes": self.notes,
        }


@dataclass
class ProjectTimeEntry:
    """A completed project timer, as listed by ``GET project_time_entries``."""

    id: int
    user: str
    client_name: str
    project_name: str
    task: str | None
    start: datetime
    end: datetime
    worked_minutes: int
    break_minutes: int
    details: str | None

    def to_json(self) -> dict[str, Any]:
        """The object as the API writes it."""
        return {
            "ID": self.id,
            "user": self.user,
            "clientName": self.client_name,
            "projectName": self.project_name,
            "task": self.task,
            "from": format_timestamp(self.start),
            "to": format_timestamp(self.end),
            "workedMinutes": self.worked_minutes,
            "breakMinutes": self.break_minutes,
            "billable": True,
            "details": self.details,
        }


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


_USER_FIELDS = {
    "email": "email",
    "admin": "admin",
    "team_lead": "team_lead",
    "teamLead": "team_lead",
    "language": "language",
    "personal_number": "personal_number",
    "personalNumber": "personal_number",
}


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

    # -- account data -------------------------------------------------------

    def user(self, username: str) -> User:
        """The user, or a 404 refusal (code 15020)."""
        user = self.account.users.get(username)
        if user is None:
            raise SimulatorError(
                404, USER_NOT_FOUND, "User not found", f"no user {username!r}"
            )
        return user

    def add_user(
        self, username: str, first_name: str = "", last_name: str = "", **kw: Any
    ) -> dict[str, Any]:
        """Add a user; ``kw``: email, admin, team_lead, language, personal_number."""
        if not username:
            raise ValueError("username must not be empty")
        if username in self.account.users:
            raise ValueError(f"user {username!r} exists")
        extra: dict[str, Any] = {}
        for key, value in kw.items():
            if key not in _USER_FIELDS:
                raise TypeError(f"unknown user field {key!r}")
            extra[_USER_FIELDS[key]] = value
        extra.setdefault("email", f"{username}@demo.example")
        user = User(
            id=self.account.next_user_id(),
            username=username,
            first_name=first_name,
            last_name=last_name,
            **extra,
        )
        self.account.users[username] = user
        return user.to_json()

    def remove_user(self, username: str) -> None:
        """Remove a user and their timers; past entries stay listed."""
        self.user(username)
        del self.account.users[username]
        self.project_timers.pop(username, None)
        self._latest_attendance.pop(username, None)

    def find_project(self, client_name: str, project_name: str) -> Project:
        """The project of that client, enabled or not, or a 404 refusal (15030)."""
        for project in self.account.projects:
            if project.client_name == client_name and project.name == project_name:
                return project
        raise SimulatorError(
            404,
            NOT_FOUND_OR_DISABLED,
            "Project not found",
            f"no project {project_name!r} of client {client_name!r}",
        )

    def set_project_enabled(
        self, client_name: str, project_name: str, enabled: bool
    ) -> None:
        """Enable or disable a project (404 / 15030 when there is no such project)."""
        self.find_project(client_name, project_name).enabled = enabled

    # -- reads --------------------------------------------------------------

    def project_timer_json(self, username: str) -> dict[str, Any]:
        """The project timer read: the last timer, or ``{}`` if there never was one."""
        self.user(username)
        timer = self.project_timers.get(username)
        return {} if timer is None else timer.to_json()

    def attendance_timer_json(self, username: str) -> dict[str, Any]:
        """The attendance read: running entry, else the most recent one, else ``{}``."""
        self.user(username)
        latest = self._latest_attendance.get(username)
        return {} if latest is None else latest.to_json()

    # -- actions ------------------------------------------------------------

    def act(
        self, username: str, action: str, at: datetime, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Apply an action at wall-clock time ``at``; answer the updated object.

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
    ) -> dict[str, Any]:
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
        return timer.to_json()

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

    def _project_pause(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        timer = self._running_timer(username, ("playing",))
        self._check_order(at, timer.last_change)
        timer.worked_seconds = _seconds(at, timer.started_at) - timer.break_seconds
        timer.phase = "paused"
        timer.last_change = at
        return timer.to_json()

    def _project_resume(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        timer = self._running_timer(username, ("paused",))
        self._check_order(at, timer.last_change)
        timer.break_seconds = _seconds(at, timer.started_at) - timer.worked_seconds
        timer.phase = "playing"
        timer.last_change = at
        return timer.to_json()

    def _project_stop(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        timer = self._running_timer(username, ("playing", "paused"))
        self._check_order(at, timer.last_change)
        if timer.phase == "playing":
            timer.worked_seconds = _seconds(at, timer.started_at) - timer.break_seconds
        else:
            timer.break_seconds = _seconds(at, timer.started_at) - timer.worked_seconds
        timer.phase = "stopped"
        timer.last_change = at
        self.project_time_entries.append(
            ProjectTimeEntry(
                id=len(self.project_time_entries) + 1,
                user=username,
                client_name=timer.client_name,
                project_name=timer.project_name,
                task=timer.task_name,
                start=timer.started_at,
                end=at,
                worked_minutes=timer.worked_seconds // 60,
                break_minutes=timer.break_seconds // 60,
                details=timer.note,
            )
        )
        return timer.to_json()

    def _attendance_start(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
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
        return entry.to_json()

    def _attendance_stop(
        self, username: str, at: datetime, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        self.user(username)
        entry = self._latest_attendance.get(username)
        if entry is None or entry.end is not None:
            raise SimulatorError(409, NOT_CLOCKED_IN, "Not clocked in")
        self._check_order(at, entry.start)
        entry.end = at
        entry.worked_minutes = _seconds(at, entry.start) // 60
        return entry.to_json()
