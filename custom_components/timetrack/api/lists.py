"""The lists beside the timers: users, clients, projects, tasks, reports, entries.

None of them is part of the documented timer API (see records.py); each reads
every page of its list and keeps the rows of one user and range of days.
"""

from collections.abc import Callable, Mapping
from datetime import date, tzinfo
from typing import Any, Final

from .models import AttendanceTimer
from .paging import every_row
from .records import (
    Absence,
    Client,
    Project,
    ProjectTimeEntry,
    Task,
    User,
    WorkReportDay,
)
from .timestamps import encode_date
from .transport import Transport, require_text

__all__ = ["ListReads"]


type _Read[T] = Callable[[Mapping[str, Any], tzinfo], T]


# Beside `username`, `from` and `to`: the filters other lists were seen to take.
_MORE_FILTERS: Final = {
    "project_time_entries": ("user",),
    "absences": ("user", "startDate", "endDate"),
}


class ListReads:
    """The list endpoints of a client (see client.py)."""

    _transport: Transport
    time_zone: tzinfo

    async def get_users(self, username: str | None = None) -> list[User]:
        """The account's users (asked for one `username` only, when given)."""
        params = {"username": username} if username else {}
        return await self._list("users", params, User.from_api)

    async def get_clients(self) -> list[Client]:
        """The account's clients."""
        return await self._list("clients", {}, Client.from_api)

    async def get_projects(self) -> list[Project]:
        """The account's projects, of every client, enabled or not."""
        return await self._list("projects", {}, Project.from_api)

    async def get_tasks(self) -> list[Task]:
        """The account's tasks."""
        return await self._list("tasks", {}, Task.from_api)

    async def get_work_reports(
        self, username: str, start: date, end: date
    ) -> list[WorkReportDay]:
        """The user's work report, one row a day from `start` to `end`."""
        days = await self._ranged(
            "work_reports", username, (start, end), WorkReportDay.from_api
        )
        return [row for row in days if start <= row.work_date <= end]

    async def get_attendances(
        self, username: str, start: date, end: date
    ) -> list[AttendanceTimer]:
        """The user's attendance entries that started from `start` to `end`."""
        return await self._entries(
            "attendances", username, start, end, AttendanceTimer.from_api
        )

    async def get_project_time_entries(
        self, username: str, start: date, end: date
    ) -> list[ProjectTimeEntry]:
        """The user's finished project timers that started from `start` to `end`."""
        endpoint = "project_time_entries"
        return await self._entries(
            endpoint, username, start, end, ProjectTimeEntry.from_api
        )

    async def _entries[T: AttendanceTimer | ProjectTimeEntry](
        self, endpoint: str, username: str, start: date, end: date, read: _Read[T]
    ) -> list[T]:
        """Entries of `username` that started from `start` to `end`.

        A list that ignores its filters answers other users' and days' too.
        """
        entries = await self._ranged(endpoint, username, (start, end), read)
        return [
            entry
            for entry in entries
            if entry.started_at is not None
            and entry.username in {None, "", username}
            and start <= entry.started_at.date() <= end
        ]

    async def get_absences(
        self, username: str, start: date, end: date
    ) -> list[Absence]:
        """The user's absences that overlap `start` to `end`."""
        found = await self._ranged("absences", username, (start, end), Absence.from_api)
        return [
            absence
            for absence in found
            if absence.username in {None, username}
            and absence.start <= end
            and absence.end >= start
        ]

    async def _ranged[T](
        self,
        endpoint: str,
        username: str,
        days: tuple[date, date],
        read: _Read[T],
    ) -> list[T]:
        """A list filtered to one user and a range of days, as it names them."""
        start, end = days
        params = _range(username, start, end)
        more = {"user": username, "startDate": params["from"], "endDate": params["to"]}
        params |= {name: more[name] for name in _MORE_FILTERS.get(endpoint, ())}
        return await self._list(
            endpoint, params, lambda found: read(found, self.time_zone)
        )

    async def _list[T](
        self, endpoint: str, params: Mapping[str, str], read: Callable[[Any], T]
    ) -> list[T]:
        rows = await every_row(self._transport, endpoint, params)
        return self._transport.parse(endpoint, lambda: [read(row) for row in rows])


def _range(username: str, start: date, end: date) -> dict[str, str]:
    if start > end:
        raise ValueError("start must not be after end")
    return {
        "username": require_text(username, "username"),
        "from": encode_date(start),
        "to": encode_date(end),
    }
