"""Timers, entries and absences: the records the state holds, and how each is written.

Each ``to_json`` takes the timestamp writer of the dialect answering
(default: ``YYYY-MM-DDTHH:MM:SS.000Z``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from .timestamps import format_date, format_timestamp

if TYPE_CHECKING:
    from datetime import date, datetime

    from .timestamps import Stamp

__all__ = [
    "ABSENCE_STATUSES",
    "APPROVED",
    "LOCATION_FIELDS",
    "Absence",
    "AbsenceDetails",
    "AttendanceEntry",
    "Phase",
    "ProjectTimeEntry",
    "ProjectTimer",
]

Phase = Literal["playing", "paused", "stopped"]

#: The attendance entry's location fields: the simulator knows no location.
LOCATION_FIELDS = ("latitudeStart", "longitudeStart", "latitudeEnd", "longitudeEnd")


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

    @property
    def running(self) -> bool:
        """Playing or paused: not stopped."""
        return self.phase != "stopped"

    def to_json(self, stamp: Stamp = format_timestamp) -> dict[str, Any]:
        """The object as the API writes it."""
        return {
            "username": self.username,
            "startedAt": stamp(self.started_at),
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

    @property
    def running(self) -> bool:
        """Clocked in: no end yet."""
        return self.end is None

    def to_json(self, stamp: Stamp = format_timestamp) -> dict[str, Any]:
        """The object as the API writes it."""
        return {
            "id": self.id,
            "user": self.user,
            **dict.fromkeys(LOCATION_FIELDS),
            "from": stamp(self.start),
            "to": None if self.end is None else stamp(self.end),
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

    def to_json(self, stamp: Stamp = format_timestamp) -> dict[str, Any]:
        """The object as the API writes it."""
        return {
            "ID": self.id,
            "user": self.user,
            "clientName": self.client_name,
            "projectName": self.project_name,
            "task": self.task,
            "from": stamp(self.start),
            "to": stamp(self.end),
            "workedMinutes": self.worked_minutes,
            "breakMinutes": self.break_minutes,
            "billable": True,
            "details": self.details,
        }


#: Absence status values, as the docs give them.
ABSENCE_STATUSES = (0, 1, 2)  # new, approved, disapproved
APPROVED = 1


@dataclass
class Absence:
    """A day or days off, as listed by ``GET absences`` (whole days, inclusive)."""

    id: int
    user: str
    start: date
    end: date
    type_id: int = 1
    type_name: str = "Vacation"
    status: int = APPROVED
    day_segment: str = "full"

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies within the absence."""
        return self.start <= day <= self.end

    def to_json(self) -> dict[str, Any]:
        """The object as the API writes it."""
        return {
            "ID": self.id,
            "user": self.user,
            "from": format_date(self.start),
            "to": format_date(self.end),
            "status": self.status,
            "absenceType": self.type_id,
            "absenceTypeName": self.type_name,
            "day_segment": self.day_segment,
        }


class AbsenceDetails(TypedDict, total=False):
    """What an absence may say beyond who and when (unsaid: :class:`Absence`'s)."""

    type_id: int
    type_name: str
    status: int
    day_segment: str
