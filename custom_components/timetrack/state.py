"""What the integration knows about an account: per-user timers and the catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from homeassistant.util import dt as dt_util

from .api import (
    AttendanceTimer,
    Project,
    ProjectTimer,
    Task,
    TimerState,
    User,
    WorkReportDay,
)


@dataclass(frozen=True, slots=True)
class WorkSummary:
    """A user's figures from TimeTrack's work reports, as of their last fetch."""

    day: date
    completed_seconds: int
    target_seconds: int
    balance_before_today: int
    # When the last attendance entry counted in `completed_seconds` ended.
    counted_until: datetime | None = None

    @classmethod
    def from_reports(cls, day: date, reports: list[WorkReportDay]) -> WorkSummary:
        """Summarise the month's report rows for `day`."""
        today = [row for row in reports if row.work_date == day]
        earlier = [row for row in reports if row.work_date < day]
        return cls(
            day=day,
            completed_seconds=sum(row.worked_seconds for row in today),
            target_seconds=sum(row.target_seconds for row in today),
            balance_before_today=sum(row.work_target_difference for row in earlier),
            counted_until=max(
                (row.work_end for row in today if row.work_end is not None),
                default=None,
            ),
        )

    def counts(self, ended_at: datetime) -> bool:
        """Whether the figures include an attendance entry that ended at `ended_at`.

        An entry that ended after the reports were read (a clock-out since the
        last fetch) is not in them yet. Without an end time in the reports,
        an entry is taken as counted as soon as anything was counted today.
        """
        if self.counted_until is None:
            return self.completed_seconds > 0
        return ended_at <= self.counted_until


@dataclass(frozen=True, slots=True)
class UserState:
    """One tracked user's timers, as last read from (or written to) TimeTrack."""

    username: str
    project_timer: ProjectTimer
    attendance: AttendanceTimer
    work: WorkSummary | None = None

    def work_on(self, day: date) -> WorkSummary | None:
        """The report figures for `day`.

        A day after the last fetch (just past midnight) has nothing counted in
        TimeTrack's reports yet; its target and balance are unknown until they
        are read.
        """
        work = self.work
        if work is None or work.day > day:
            return None
        if work.day == day:
            return work
        return WorkSummary(
            day=day, completed_seconds=0, target_seconds=0, balance_before_today=0
        )

    def worked_today_seconds(self, now: datetime) -> int | None:
        """Attendance time worked today: finished entries plus the running one."""
        work = self.work_on(now.date())
        if work is None:
            return None
        attendance = self.attendance
        if attendance.started_at is None:
            return work.completed_seconds
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        since = max(attendance.started_at, midnight)
        if attendance.clocked_in:
            until = now
        elif attendance.ended_at is not None and not work.counts(attendance.ended_at):
            # Clocked out since the reports were read: keep that entry's time
            # until the next fetch counts it, instead of dropping it.
            until = attendance.ended_at
        else:
            return work.completed_seconds
        # In UTC: a difference of two local times would miss a DST change.
        uncounted = int((dt_util.as_utc(until) - dt_util.as_utc(since)).total_seconds())
        if not attendance.clocked_in:
            uncounted -= attendance.break_minutes * 60
        return work.completed_seconds + max(0, uncounted)

    def overtime_seconds(self, now: datetime) -> int | None:
        """Worked minus target this month, today's running work included."""
        worked_today = self.worked_today_seconds(now)
        if self.work is None or self.work.day != now.date() or worked_today is None:
            return None
        return self.work.balance_before_today + worked_today - self.work.target_seconds

    def as_response(self, now: datetime) -> dict[str, object]:
        """The user's state as actions return it, exact to the second at `now`."""
        timer = self.project_timer
        attendance = self.attendance
        return {
            "project_timer": {
                "state": timer.state.value,
                "client": timer.client_name,
                "project": timer.project_name,
                "task": timer.task_name,
                "note": timer.note,
                "started_at": _iso(timer.started_at)
                if timer.state is not TimerState.STOPPED
                else None,
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


def project_label(project: Project) -> str:
    """How a project is shown and chosen: "Client / Project"."""
    return f"{project.client_name} / {project.name}"


@dataclass(frozen=True, slots=True)
class Catalog:
    """The account's slow-changing lists; None where the account does not offer one."""

    fetched_at: datetime
    projects: tuple[Project, ...] | None = None
    tasks: tuple[Task, ...] | None = None
    people: dict[str, User] = field(default_factory=dict)

    @property
    def enabled_projects(self) -> list[Project]:
        """Projects a timer can be started on, sorted as they are shown."""
        return sorted(
            (project for project in self.projects or () if project.enabled),
            key=lambda project: (
                project.client_name.casefold(),
                project.name.casefold(),
            ),
        )

    def find_projects(self, name: str, client: str | None) -> list[Project]:
        """Enabled projects matching `name` (and `client`), ignoring case."""
        wanted = name.strip().casefold()
        found = [p for p in self.enabled_projects if p.name.casefold() == wanted]
        if client is not None:
            wanted_client = client.strip().casefold()
            found = [p for p in found if p.client_name.casefold() == wanted_client]
        return found

    def find_label(self, label: str) -> Project | None:
        """The enabled project shown as `label`."""
        for project in self.enabled_projects:
            if project_label(project) == label:
                return project
        return None

    def find_task(self, name: str) -> Task | None:
        """The task called `name`, ignoring case."""
        wanted = name.strip().casefold()
        for task in self.tasks or ():
            if task.name.casefold() == wanted:
                return task
        return None

    def display_name(self, username: str) -> str:
        """The user's full name where the directory has it, else the username."""
        person = self.people.get(username)
        return person.full_name if person is not None else username
