"""Work reports: today's finished work and the month's balance, and the live totals.

TimeTrack's work reports (one row a day) are optional data (optional.py): read
hourly, and for one user again after their attendance entry was closed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .api import (
    AttendanceTimer,
    TimeTrackClient,
    TimeTrackUserNotFoundError,
    WorkReportDay,
)
from .concurrency import run_all
from .const import OPTIONAL_REFRESH_INTERVAL
from .optional import OptionalCoordinator

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry


@dataclass(frozen=True, slots=True)
class WorkSummary:
    """A user's figures from TimeTrack's work reports, as of their last read."""

    day: date
    completed_seconds: int
    target_seconds: int
    balance_before_today: int
    # When the last attendance entry counted in `completed_seconds` ended.
    counted_until: datetime | None = None

    @classmethod
    def from_reports(cls, day: date, reports: Iterable[WorkReportDay]) -> WorkSummary:
        """Summarise the month's report rows for `day`."""
        rows = list(reports)
        today = [row for row in rows if row.work_date == day]
        return cls(
            day=day,
            completed_seconds=sum(row.worked_seconds for row in today),
            target_seconds=sum(row.target_seconds for row in today),
            balance_before_today=sum(
                row.work_target_difference for row in rows if row.work_date < day
            ),
            counted_until=max(
                (row.work_end for row in today if row.work_end is not None),
                default=None,
            ),
        )

    def on(self, day: date) -> WorkSummary | None:
        """The figures for `day`: a day after the last read has nothing counted yet."""
        if self.day > day:
            return None
        if self.day == day:
            return self
        return WorkSummary(day, 0, 0, 0)

    def counts(self, ended_at: datetime) -> bool:
        """Whether the figures include an attendance entry that ended at `ended_at`.

        Without an end time in the reports, an entry counts as soon as anything
        was counted today.
        """
        if self.counted_until is None:
            return self.completed_seconds > 0
        return ended_at <= self.counted_until


def worked_today_seconds(
    attendance: AttendanceTimer, work: WorkSummary | None, now: datetime
) -> int:
    """Attendance time worked today: finished entries plus the current one.

    Without work reports, only the current (or last) entry's time today counts.
    """
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = work.on(now.date()) if work is not None else None
    completed = today.completed_seconds if today is not None else 0
    started = attendance.started_at
    if started is None:
        return completed
    if attendance.clocked_in:
        until = now
    elif (
        attendance.ended_at is None
        or (today is not None and today.counts(attendance.ended_at))
        or (work is None and started < midnight)
    ):
        return completed
    else:
        # Closed since the reports were read: count it until they count it.
        until = attendance.ended_at
    since = max(started, midnight)
    uncounted = int((dt_util.as_utc(until) - dt_util.as_utc(since)).total_seconds())
    if not attendance.clocked_in:
        uncounted -= attendance.break_minutes * 60
    return completed + max(0, uncounted)


def overtime_seconds(
    attendance: AttendanceTimer, work: WorkSummary, now: datetime
) -> int | None:
    """Worked minus target this month, today's running work included."""
    if work.day != now.date():
        return None
    worked = worked_today_seconds(attendance, work, now)
    return work.balance_before_today + worked - work.target_seconds


class ReportsCoordinator(OptionalCoordinator[dict[str, WorkSummary]]):
    """Every tracked user's month of work reports."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        client: TimeTrackClient,
        usernames: Iterable[str],
        now: Callable[[], datetime],
    ) -> None:
        """Read the reports of `usernames` in the account's time."""
        # Read beside the timers' polls (after_poll), not on a schedule of its own.
        super().__init__(
            hass,
            entry,
            "work_reports",
            self._async_fetch,
            missing="worked today and the overtime balance are not shown",
            interval=None,
        )
        self._client = client
        self._usernames = tuple(usernames)
        self._now = now
        self._due: set[str] = set()
        self._all_read_at: datetime | None = None

    @callback
    def request_user(self, username: str) -> None:
        """Read a user's reports with the next poll (an entry of theirs closed)."""
        self._due.add(username)

    @callback
    def after_poll(self, now: datetime) -> None:
        """Read what is due beside a poll: every user hourly and each new day."""
        if self._all_due(now) or self._due:
            self._debounced_refresh.async_schedule_call()

    def _all_due(self, now: datetime) -> bool:
        return (
            self._all_read_at is None
            or now - self._all_read_at >= OPTIONAL_REFRESH_INTERVAL
            or self._all_read_at.date() != now.date()
        )

    async def _async_fetch(self) -> dict[str, WorkSummary]:
        now = self._now()
        read_all = self._all_due(now)
        due = set(self._usernames) if read_all else self._due & set(self._usernames)
        today = now.date()
        users = sorted(due)
        # Tried now, whatever comes of it: a failing endpoint is tried again in
        # an hour, not at every poll.
        self._due -= due
        if read_all:
            self._all_read_at = now
        reports = await run_all(self._async_read(name, today) for name in users)
        fresh = {
            username: WorkSummary.from_reports(today, rows)
            for username, rows in zip(users, reports, strict=True)
            if rows is not None
        }
        return {**(self.data or {}), **fresh}

    async def _async_read(
        self, username: str, today: date
    ) -> list[WorkReportDay] | None:
        """A user's month; None for a user TimeTrack no longer knows (see timers)."""
        try:
            return await self._client.get_work_reports(
                username, today.replace(day=1), today
            )
        except TimeTrackUserNotFoundError:
            return None
