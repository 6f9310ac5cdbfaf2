"""A tracked user's past, by day: attendance and project entries, absences, reports.

None of these lists is part of the documented timer API. Each is read only
when the calendar or the statistics ask for some days, and kept by day: a day
read after it ended is final and never read again; today (and, for absences,
the days ahead) at most once per polling interval. One request covers the
days that are due. Each endpoint fares on its own, as the lists of optional.py
do: one log line when it fails and one when it is back, a repair issue when it
lasts, and the days read before stay in use. The timers never wait for them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import HomeAssistant

from .api import (
    Absence,
    AttendanceTimer,
    ProjectTimeEntry,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackUserNotFoundError,
    WorkReportDay,
)
from .const import OPTIONAL_REFRESH_INTERVAL
from .health import Health, source_watch
from .model import same_moment

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry

ONE_DAY: Final = timedelta(days=1)

# What is missing while an endpoint cannot be read, as its log line says.
MISSING: Final = {
    "attendances": (
        "the calendar shows only the current attendance, and no worked time "
        "is imported into the statistics"
    ),
    "project_time_entries": "the calendar shows only the running project timer",
    "absences": "the calendar shows no absences",
    "work_reports": "no daily target is imported into the statistics",
}

type Fetch[T] = Callable[[str, date, date], Awaitable[list[T]]]
# The first and last day a row belongs to.
type Span[T] = Callable[[T], tuple[date, date]]


def days_between(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass(frozen=True, slots=True)
class Rows[T]:
    """What is known of some days: their rows, and whether each day was read."""

    rows: list[T]
    complete: bool


class Endpoint[T: Hashable]:
    """One list of TimeTrack's, for every tracked user, kept by day."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        name: str,
        fetch: Fetch[T],
        span: Span[T],
        *,
        now: Callable[[], datetime],
        fresh_for: timedelta,
        ahead: bool = False,
    ) -> None:
        """Read `name` with `fetch`; `ahead`: whether days after today hold rows."""
        self.hass = hass
        self.entry = entry
        self.name = name
        self.watch = source_watch(
            hass,
            entry,
            "history",
            name,
            issue_key=f"history_{name}_unavailable",
            missing=MISSING[name],
            kept="the days read before stay in use",
        )
        # Requests made (a request of a long list may take several pages).
        self.reads = 0
        self._fetch = fetch
        self._span = span
        self._now = now
        self._fresh_for = fresh_for
        self._ahead = ahead
        self._rows: dict[str, dict[date, tuple[T, ...]]] = {}
        self._read_at: dict[str, dict[date, datetime]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._tried_at: datetime | None = None

    async def async_days(self, username: str, first: date, last: date) -> Rows[T]:
        """The user's rows of `first` to `last`, read where they may have changed."""
        if not self._ahead:
            last = min(last, self._now().date())
        if first > last:
            return Rows([], complete=True)
        if self._due(username, first, last, self._now()):
            async with self._locks.setdefault(username, asyncio.Lock()):
                # Another caller may have read them meanwhile.
                now = self._now()
                due = self._due(username, first, last, now)
                if due and self._may_ask(now):
                    await self._async_read(username, due[0], due[-1], now)
        return self._known(username, first, last)

    def days_kept(self) -> int:
        """How many user-days are kept (for diagnostics)."""
        return sum(len(days) for days in self._rows.values())

    def _due(self, username: str, first: date, last: date, now: datetime) -> list[date]:
        read_at = self._read_at.get(username, {})
        return [
            day
            for day in days_between(first, last)
            if _stale(day, read_at.get(day), now, self._fresh_for)
        ]

    def _may_ask(self, now: datetime) -> bool:
        """Whether to ask now: a failing endpoint after a polling interval.

        One the account does not offer is asked for hourly.
        """
        if self.health.status == "ok" or self._tried_at is None:
            return True
        if self.health.status == "not_offered":
            return now - self._tried_at >= OPTIONAL_REFRESH_INTERVAL
        return now - self._tried_at >= self._fresh_for

    async def _async_read(
        self, username: str, first: date, last: date, now: datetime
    ) -> None:
        self._tried_at = now
        self.reads += 1
        try:
            found = await self._fetch(username, first, last)
        except TimeTrackUserNotFoundError:
            # The user, not the list, is missing: the timers tell of that.
            return
        except TimeTrackError as err:
            self.watch.failed(err)
            return
        self.watch.succeeded()
        by_day: dict[date, list[T]] = {day: [] for day in days_between(first, last)}
        for row in found:
            start, end = self._span(row)
            for day in days_between(max(start, first), min(end, last)):
                by_day[day].append(row)
        rows = self._rows.setdefault(username, {})
        read_at = self._read_at.setdefault(username, {})
        for day, day_rows in by_day.items():
            rows[day] = tuple(day_rows)
            read_at[day] = now

    def _known(self, username: str, first: date, last: date) -> Rows[T]:
        kept = self._rows.get(username, {})
        found: dict[T, None] = {}
        complete = True
        for day in days_between(first, last):
            if day not in kept:
                complete = False
                continue
            found.update(dict.fromkeys(kept[day]))
        return Rows(list(found), complete)

    @property
    def health(self) -> Health:
        """How the list fares."""
        return self.watch.health

    def diagnostics(self) -> dict[str, Any]:
        """What diagnostics say of the endpoint: no rows, no names."""
        return {
            **self.health.as_dict(),
            "reads": self.reads,
            "days_kept": self.days_kept(),
        }


def _stale(
    day: date, read_at: datetime | None, now: datetime, fresh_for: timedelta
) -> bool:
    """Whether a day must be read (again).

    It must when it was never read, or read before it ended and longer than
    a polling interval ago.
    """
    if read_at is None:
        return True
    if read_at.date() > day:
        return False
    return now - read_at >= fresh_for


def _one_day(moment: datetime | None) -> tuple[date, date]:
    day = moment.date() if moment is not None else date.min
    return day, day


class History:
    """The four lists the calendar and the statistics read, each on its own."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: TimeTrackClient,
        now: Callable[[], datetime],
        fresh_for: timedelta,
    ) -> None:
        """Read `client`'s account; today is read again after `fresh_for`."""

        def endpoint[T: Hashable](
            name: str, fetch: Fetch[T], span: Span[T], *, ahead: bool = False
        ) -> Endpoint[T]:
            return Endpoint(
                hass,
                entry,
                name,
                fetch,
                span,
                now=now,
                fresh_for=fresh_for,
                ahead=ahead,
            )

        self.attendances = endpoint(
            "attendances",
            client.get_attendances,
            lambda entry: _one_day(entry.started_at),
        )
        self.project_entries = endpoint(
            "project_time_entries",
            client.get_project_time_entries,
            lambda entry: _one_day(entry.started_at),
        )
        self.absences = endpoint(
            "absences",
            client.get_absences,
            lambda absence: (absence.start, absence.end),
            ahead=True,
        )
        self.work_reports = endpoint(
            "work_reports",
            client.get_work_reports,
            lambda row: (row.work_date, row.work_date),
        )

    @property
    def endpoints(self) -> tuple[Endpoint[Any], ...]:
        """The four endpoints."""
        return (
            self.attendances,
            self.project_entries,
            self.absences,
            self.work_reports,
        )

    async def async_attendances(
        self,
        username: str,
        first: date,
        last: date,
        current: AttendanceTimer | None,
    ) -> Rows[AttendanceTimer]:
        """The user's attendance entries begun from `first` to `last`, oldest first.

        `current` is the entry the timers know (open or just closed): it is
        newer than a list read up to a polling interval ago, and it is known
        even when the list cannot be read.
        """
        found = await self.attendances.async_days(username, first, last)
        return Rows(with_current(found.rows, current, first, last), found.complete)

    async def async_project_entries(
        self, username: str, first: date, last: date
    ) -> Rows[ProjectTimeEntry]:
        """The user's finished project timers begun from `first` to `last`."""
        return await self.project_entries.async_days(username, first, last)

    async def async_absences(
        self, username: str, first: date, last: date
    ) -> Rows[Absence]:
        """The user's absences touching `first` to `last`."""
        return await self.absences.async_days(username, first, last)

    async def async_work_reports(
        self, username: str, first: date, last: date
    ) -> Rows[WorkReportDay]:
        """The user's work report rows of `first` to `last`."""
        return await self.work_reports.async_days(username, first, last)

    def diagnostics(self) -> dict[str, Any]:
        """Each endpoint's health and how much it was read."""
        return {endpoint.name: endpoint.diagnostics() for endpoint in self.endpoints}


def with_current(
    rows: Iterable[AttendanceTimer],
    current: AttendanceTimer | None,
    first: date,
    last: date,
) -> list[AttendanceTimer]:
    """The entries read, with the timers' entry in place of the one it is.

    A list read earlier may still show the current entry open, or not at all;
    an open entry the timers do not know of is over (only one can be open).
    """
    entries = list(rows)
    if current is not None and current.started_at is not None:
        entries = [
            entry
            for entry in entries
            if entry.ended_at is not None
            and not same_moment(entry.started_at, current.started_at)
        ]
        if first <= current.started_at.date() <= last:
            entries.append(current)
    return sorted(entries, key=_start)


def _start(entry: AttendanceTimer) -> datetime:
    return entry.started_at or EARLIEST


EARLIEST: Final = datetime.min.replace(tzinfo=UTC)
