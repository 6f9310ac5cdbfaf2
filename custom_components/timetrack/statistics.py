"""Long-term statistics: each tracked user's worked hours, and their daily target.

Worked time is imported per hour as an external statistic
(`timetrack:<username>_worked_time`, in hours, with a sum) from TimeTrack's
attendance entries: each entry's time less its break, spread evenly over its
hours. At setup the last 90 days are imported, or whatever came since the
last row imported (days Home Assistant was off included); after each
clock-out, what came since. The last row imported is imported again each
time, since it may still grow; the rows stop at the hour the current
attendance began, which counts once it is closed. Where the work reports give
a daily target, it is imported the same way (`timetrack:<username>_target_time`,
one row a day, at the day's first hour), once a day.

Nothing is imported without Home Assistant's recorder, and nothing waits for
it: the import runs beside the timers, and a list that cannot be read (see
history.py) only means nothing is imported until the next clock-out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    StatisticsRow,
    async_add_external_statistics,
    get_last_statistics,
)
from homeassistant.const import UnitOfTime
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util, slugify
from homeassistant.util.unit_conversion import DurationConverter

from .api import AttendanceTimer
from .const import DOMAIN, LOGGER
from .history import History, days_between
from .messages import async_message
from .timers import TimerCoordinator

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry

BACKFILL_DAYS: Final = 90
ONE_HOUR: Final = timedelta(hours=1)
ONE_DAY: Final = timedelta(days=1)
SECONDS_PER_HOUR: Final = 3600


def recorder_loaded(hass: HomeAssistant) -> bool:
    """Whether Home Assistant records statistics (the recorder is set up)."""
    return "recorder" in hass.config.components


def statistic_ids(username: str) -> tuple[str, str]:
    """The ids of a user's worked time and daily target statistics."""
    name = slugify(username) or "user"
    return f"{DOMAIN}:{name}_worked_time", f"{DOMAIN}:{name}_target_time"


class StatisticsImporter:
    """Imports every tracked user's worked hours (and targets) into the recorder."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        history: History,
        timers: TimerCoordinator,
    ) -> None:
        """Import from `history`, for the users of `timers`."""
        self.hass = hass
        self._entry = entry
        self.imports = 0
        self.last_error: str | None = None
        self._history = history
        self._timers = timers
        self._due: set[str] = set()
        self._locks: dict[str, asyncio.Lock] = {}

    async def async_load(self) -> None:
        """The import at setup: every user's past, or what came since last time."""
        await asyncio.gather(
            *(self._async_import(username) for username in self._timers.usernames)
        )

    @callback
    def request_user(self, username: str) -> None:
        """An entry of the user's was closed: import once the timers show it."""
        self._due.add(username)
        state = self._timers.confirmed(username)
        if state is not None and not state.attendance.clocked_in:
            self._start_due()

    @callback
    def timers_updated(self) -> None:
        """The timers changed: a closed entry seen by a poll now shows."""
        if self._due:
            self._start_due()

    def _start_due(self) -> None:
        """Import for the users due, beside everything else (ended by an unload)."""
        due, self._due = sorted(self._due), set()
        for username in due:
            self._entry.async_create_background_task(
                self.hass, self._async_import(username), "timetrack statistics"
            )

    async def _async_import(self, username: str) -> None:
        async with self._locks.setdefault(username, asyncio.Lock()):
            try:
                await self._async_import_worked(username)
                await self._async_import_target(username)
            except HomeAssistantError as err:
                self.last_error = type(err).__name__
                LOGGER.warning(
                    "The statistics of %s could not be imported: %s", username, err
                )

    async def _async_import_worked(self, username: str) -> None:
        statistic_id = statistic_ids(username)[0]
        now = self._timers.now()
        last = await self._async_last(statistic_id)
        if last is None:
            begin = _hour_floor(_midnight(now.date() - BACKFILL_DAYS * ONE_DAY, now))
            base = 0.0
        else:
            # The last row may still grow: it is imported again.
            begin = dt_util.utc_from_timestamp(last["start"])
            base = (last.get("sum") or 0.0) - (last.get("state") or 0.0)
        state = self._timers.confirmed(username)
        found = await self._history.async_attendances(
            username,
            begin.astimezone(now.tzinfo).date() - ONE_DAY,
            now.date(),
            state.attendance if state is not None else None,
        )
        if not found.complete:
            return
        open_since = min(
            (e.started_at for e in found.rows if e.clocked_in and e.started_at),
            default=None,
        )
        until = _hour_floor(min(now, open_since or now)) + ONE_HOUR
        if until <= begin:
            return
        hours = worked_hours(found.rows, begin, until)
        await self._async_add(
            username,
            statistic_id,
            "statistic_worked_time",
            _rows(
                (
                    (begin + index * ONE_HOUR, value)
                    for index, value in enumerate(hours)
                ),
                base,
            ),
        )

    async def _async_import_target(self, username: str) -> None:
        statistic_id = statistic_ids(username)[1]
        now = self._timers.now()
        today = now.date()
        last = await self._async_last(statistic_id)
        if last is None:
            first, base = today - BACKFILL_DAYS * ONE_DAY, 0.0
        else:
            stored = dt_util.utc_from_timestamp(last["start"])
            last_day = stored.astimezone(now.tzinfo).date()
            if last_day >= today:
                return  # today's target is in: the next one comes tomorrow
            first, base = last_day + ONE_DAY, last.get("sum") or 0.0
        found = await self._history.async_work_reports(username, first, today)
        if not found.complete or not found.rows:
            return
        targets = dict.fromkeys(days_between(first, today), 0.0)
        for row in found.rows:
            if row.work_date in targets:
                targets[row.work_date] += row.target_seconds / SECONDS_PER_HOUR
        rows = _rows(
            (
                (_hour_ceil(_midnight(day, now)), hours)
                for day, hours in targets.items()
            ),
            base,
        )
        await self._async_add(username, statistic_id, "statistic_target_time", rows)

    async def _async_last(self, statistic_id: str) -> StatisticsRow | None:
        found = await get_instance(self.hass).async_add_executor_job(
            get_last_statistics, self.hass, 1, statistic_id, False, {"state", "sum"}
        )
        rows = found.get(statistic_id)
        return rows[0] if rows else None

    async def _async_add(
        self,
        username: str,
        statistic_id: str,
        name_key: str,
        rows: list[StatisticData],
    ) -> None:
        name = await async_message(
            self.hass, name_key, {"name": self._timers.display_name(username)}
        )
        metadata = StatisticMetaData(
            mean_type=StatisticMeanType.NONE,
            has_sum=True,
            name=name,
            source=DOMAIN,
            statistic_id=statistic_id,
            unit_class=DurationConverter.UNIT_CLASS,
            unit_of_measurement=UnitOfTime.HOURS,
        )
        async_add_external_statistics(self.hass, metadata, rows)
        self.imports += 1

    def diagnostics(self) -> dict[str, Any]:
        """How the import fares (no figures, no names)."""
        return {"imports": self.imports, "last_error": self.last_error}


def worked_hours(
    entries: Iterable[AttendanceTimer], begin: datetime, until: datetime
) -> list[float]:
    """Hours worked in each hour from `begin` to `until` (whole UTC hours).

    Only closed entries count: each one's time less its break, spread evenly
    over its span.
    """
    hours = [0.0] * round((until - begin) / ONE_HOUR)
    for entry in entries:
        if entry.started_at is None or entry.ended_at is None:
            continue
        start, end = dt_util.as_utc(entry.started_at), dt_util.as_utc(entry.ended_at)
        span = (end - start).total_seconds()
        if span <= 0:
            continue
        rate = max(0.0, span - entry.break_minutes * 60) / span / SECONDS_PER_HOUR
        low, high = max(start, begin), min(end, until)
        hour = _hour_floor(low)
        while hour < high:
            overlap = min(high, hour + ONE_HOUR) - max(low, hour)
            hours[round((hour - begin) / ONE_HOUR)] += overlap.total_seconds() * rate
            hour += ONE_HOUR
    return hours


def _rows(points: Iterable[tuple[datetime, float]], base: float) -> list[StatisticData]:
    """Statistic rows of (start, value) points, each with the running sum."""
    rows: list[StatisticData] = []
    total = base
    for start, value in points:
        total += value
        rows.append(StatisticData(start=start, state=value, sum=total))
    return rows


def _midnight(day: date, like: datetime) -> datetime:
    """The start of `day` in the time zone of `like` (the account's)."""
    return datetime.combine(day, time.min, tzinfo=like.tzinfo)


def _hour_floor(moment: datetime) -> datetime:
    return dt_util.as_utc(moment).replace(minute=0, second=0, microsecond=0)


def _hour_ceil(moment: datetime) -> datetime:
    floor = _hour_floor(moment)
    return floor if floor == dt_util.as_utc(moment) else floor + ONE_HOUR
