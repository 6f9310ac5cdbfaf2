"""The rows of TimeTrack's lists: users, clients, projects, tasks, reports, entries.

None of these endpoints is part of the documented timer API; their fields come
from the other resources' pages and from third-party clients (see
docs/timetrack-api.md). A row without its identifying field raises
TimeTrackUnrecognizedError: a list of other things is not an empty list.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any, Self

from .values import count, day, flag, moment, number, pick, text, unrecognized

__all__ = [
    "Absence",
    "Client",
    "Project",
    "ProjectTimeEntry",
    "Task",
    "User",
    "WorkReportDay",
]


def _identifier(data: Mapping[str, Any]) -> int | None:
    value = number(pick(data, "ID", "id", "Id"), "ID", strict=False)
    return None if value is None else int(value)


def _required(value: str | None, name: str) -> str:
    if value is None:
        raise unrecognized(name)
    return value


@dataclass(frozen=True, slots=True)
class User:
    """A user of the TimeTrack account."""

    username: str
    first_name: str | None = None
    last_name: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Read a row of ``users`` (only what the integration uses)."""
        return cls(
            username=_required(text(pick(data, "username", "userName")), "username"),
            first_name=text(data.get("firstName")),
            last_name=text(data.get("lastName")),
        )

    @property
    def full_name(self) -> str:
        """The first and last name, or the username when neither is known."""
        parts = (part for part in (self.first_name, self.last_name) if part)
        return " ".join(parts) or self.username


@dataclass(frozen=True, slots=True)
class Client:
    """A client (customer) of the account."""

    id: int | None
    name: str
    enabled: bool = True

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Read a row of ``clients``."""
        return cls(
            id=_identifier(data),
            name=_required(text(pick(data, "name", "clientName")), "name"),
            enabled=flag(pick(data, "enabled", "clientEnabled"), "enabled")
            is not False,
        )


@dataclass(frozen=True, slots=True)
class Project:
    """A project of a client."""

    id: int | None
    name: str
    client_name: str = ""
    enabled: bool = True

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Read a row of ``projects``."""
        enabled = flag(pick(data, "projectEnabled", "enabled"), "projectEnabled")
        return cls(
            id=_identifier(data),
            name=_required(text(pick(data, "projectName", "name")), "projectName"),
            client_name=text(data.get("clientName")) or "",
            enabled=enabled is not False,
        )


@dataclass(frozen=True, slots=True)
class Task:
    """A task that time can be booked on."""

    id: int | None
    name: str

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Read a row of ``tasks``."""
        return cls(
            id=_identifier(data),
            name=_required(text(pick(data, "name", "taskName")), "name"),
        )


@dataclass(frozen=True, slots=True)
class WorkReportDay:
    """One day of a user's work report (timesheet)."""

    work_date: date
    work_start: datetime | None = None
    work_end: datetime | None = None
    target_seconds: int = 0
    worked_seconds: int = 0
    break_seconds: int = 0
    work_target_difference: int = 0
    holiday: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, Any], time_zone: tzinfo) -> Self:
        """Read one row of ``work_reports``."""
        work_date = day(pick(data, "workDate", "date"), time_zone, "workDate")
        difference = number(data.get("workTargetDifference"), "workTargetDifference")
        return cls(
            work_date=work_date,
            work_start=_day_time(data.get("workStart"), work_date, time_zone),
            work_end=_day_time(data.get("workEnd"), work_date, time_zone),
            target_seconds=count(data.get("targetSeconds"), "targetSeconds"),
            worked_seconds=count(data.get("workedSeconds"), "workedSeconds"),
            break_seconds=count(data.get("breakSeconds"), "breakSeconds"),
            work_target_difference=int(difference or 0),
            holiday=bool(flag(data.get("holiday"), "holiday")),
        )


def _day_time(value: Any, on: date, time_zone: tzinfo) -> datetime | None:
    """A work start or end: a timestamp, or a time of day on `on`."""
    if isinstance(value, str) and "T" not in value and ":" in value:
        try:
            clock = time.fromisoformat(value.strip())
        except ValueError:
            raise unrecognized("workStart/workEnd") from None
        value = f"{on.isoformat()}T{clock.replace(tzinfo=None).isoformat()}"
    return moment(value, time_zone, "workStart/workEnd")


@dataclass(frozen=True, slots=True)
class ProjectTimeEntry:
    """A finished project timer, from ``project_time_entries``."""

    id: int | None
    username: str | None
    client_name: str | None
    project_name: str | None
    task_name: str | None
    started_at: datetime
    ended_at: datetime | None
    worked_minutes: int
    break_minutes: int
    note: str | None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], time_zone: tzinfo) -> Self:
        """Read a row of ``project_time_entries``."""
        started_at = moment(data.get("from"), time_zone, "from")
        if started_at is None:
            raise unrecognized("from")
        return cls(
            id=_identifier(data),
            username=text(pick(data, "user", "username")),
            client_name=text(data.get("clientName")),
            project_name=text(data.get("projectName")),
            task_name=text(pick(data, "task", "taskName")),
            started_at=started_at,
            ended_at=moment(data.get("to"), time_zone, "to"),
            worked_minutes=count(data.get("workedMinutes"), "workedMinutes"),
            break_minutes=count(data.get("breakMinutes"), "breakMinutes"),
            note=text(pick(data, "details", "note", "notes")),
        )


@dataclass(frozen=True, slots=True)
class Absence:
    """A day or days off, from ``absences``."""

    id: int | None
    username: str | None
    start: date
    end: date
    type_name: str | None
    status: int | None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], time_zone: tzinfo) -> Self:
        """Read a row of ``absences``."""
        start = day(data.get("from"), time_zone, "from")
        end = day(pick(data, "to", "from"), time_zone, "to")
        status = number(data.get("status"), "status", strict=False)
        return cls(
            id=_identifier(data),
            username=text(pick(data, "user", "username")),
            start=start,
            end=max(start, end),
            type_name=text(pick(data, "absenceTypeName", "absenceType")),
            status=None if status is None else int(status),
        )
