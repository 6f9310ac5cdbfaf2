"""Sensors: the project timer's state and times, attendance, today's figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .api import TimerState
from .data import TimeTrackConfigEntry, TimeTrackData
from .entity import TimeTrackEntity, add_user_entities
from .model import UserState
from .reports import WorkSummary, overtime_seconds, worked_today_seconds

PARALLEL_UPDATES = 0

ONE_MINUTE = timedelta(minutes=1)

type Value = int | str | datetime | None


@dataclass(frozen=True, kw_only=True)
class TimeTrackSensorDescription(SensorEntityDescription):
    """A sensor of a tracked user, read from the user's state at a moment."""

    value_fn: Callable[[UserState, WorkSummary | None, datetime], Value]
    # While this returns a moment, the value counts whole minutes since it: the
    # sensor then updates itself at each whole minute, without a request.
    anchor_fn: Callable[[UserState, WorkSummary | None, datetime], datetime | None] = (
        lambda _state, _work, _now: None
    )
    attributes_fn: Callable[[UserState], dict[str, Any]] | None = None


def _minutes(seconds: int | None) -> int | None:
    return None if seconds is None else seconds // 60


def _worked_anchor(state: UserState, _work: object, _now: datetime) -> datetime | None:
    timer = state.project_timer
    if timer.state is not TimerState.RUNNING or timer.started_at is None:
        return None
    return dt_util.as_utc(timer.started_at) + timedelta(seconds=timer.break_seconds)


def _break_anchor(state: UserState, _work: object, _now: datetime) -> datetime | None:
    timer = state.project_timer
    if timer.state is not TimerState.PAUSED or timer.started_at is None:
        return None
    return dt_util.as_utc(timer.started_at) + timedelta(seconds=timer.worked_seconds)


def _today_anchor(
    state: UserState, work: WorkSummary | None, now: datetime
) -> datetime | None:
    since = state.attendance.started_at
    today = work.on(now.date()) if work is not None else None
    if today is None or not state.attendance.clocked_in or since is None:
        return None
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = dt_util.as_utc(max(since, midnight))
    return start - timedelta(seconds=today.completed_seconds)


def _overtime_anchor(
    state: UserState, work: WorkSummary | None, now: datetime
) -> datetime | None:
    anchor = _today_anchor(state, work, now)
    if anchor is None or work is None or work.day != now.date():
        return None
    offset = work.balance_before_today - work.target_seconds
    return anchor - timedelta(seconds=offset)


def _worked_today(state: UserState, work: WorkSummary | None, now: datetime) -> Value:
    if work is None:
        return None
    return _minutes(worked_today_seconds(state.attendance, work, now))


def _overtime(state: UserState, work: WorkSummary | None, now: datetime) -> Value:
    if work is None:
        return None
    return _minutes(overtime_seconds(state.attendance, work, now))


def _timer_attributes(state: UserState) -> dict[str, Any]:
    timer = state.project_timer
    return {
        "client": timer.client_name,
        "project": timer.project_name,
        "task": timer.task_name,
    }


def _minutes_sensor(
    key: str,
    value_fn: Callable[[UserState, WorkSummary | None, datetime], Value],
    anchor_fn: Callable[[UserState, WorkSummary | None, datetime], datetime | None],
    **more: Any,
) -> TimeTrackSensorDescription:
    """A duration in whole minutes that counts on by itself from an anchor."""
    return TimeTrackSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=more.pop("suggested_display_precision", 0),
        value_fn=value_fn,
        anchor_fn=anchor_fn,
        **more,
    )


def _timestamp_sensor(
    key: str, value_fn: Callable[[UserState], datetime | None]
) -> TimeTrackSensorDescription:
    """When something began; unknown while it has not."""
    return TimeTrackSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda state, _, __: value_fn(state),
    )


SENSORS: tuple[TimeTrackSensorDescription, ...] = (
    TimeTrackSensorDescription(
        key="project_timer",
        translation_key="project_timer",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in TimerState],
        value_fn=lambda state, _, __: state.project_timer.state.value,
        attributes_fn=_timer_attributes,
    ),
    _minutes_sensor(
        "worked_time",
        lambda state, _, now: _minutes(state.project_timer.worked_seconds_at(now)),
        _worked_anchor,
    ),
    _minutes_sensor(
        "break_time",
        lambda state, _, now: _minutes(state.project_timer.break_seconds_at(now)),
        _break_anchor,
    ),
    _timestamp_sensor(
        "timer_started",
        lambda state: (
            state.project_timer.started_at
            if state.project_timer.state is not TimerState.STOPPED
            else None
        ),
    ),
    _timestamp_sensor(
        "clocked_in_since",
        lambda state: (
            state.attendance.started_at if state.attendance.clocked_in else None
        ),
    ),
)

# Built on the work reports: added once the account has answered them.
REPORT_SENSORS: tuple[TimeTrackSensorDescription, ...] = (
    _minutes_sensor(
        "worked_today",
        _worked_today,
        _today_anchor,
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
    _minutes_sensor(
        "overtime",
        _overtime,
        _overtime_anchor,
        suggested_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=1,
    ),
)

PENDING_ACTIONS = SensorEntityDescription(
    key="pending_actions",
    translation_key="pending_actions",
    entity_category=EntityCategory.DIAGNOSTIC,
    state_class=SensorStateClass.MEASUREMENT,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TimeTrackConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each tracked user's sensors; those of the reports once they answer."""

    def create(data: TimeTrackData, username: str) -> list[SensorEntity]:
        sensors: list[SensorEntity] = [
            TimeTrackSensor(data, username, description) for description in SENSORS
        ]
        sensors.append(PendingActionsSensor(data, username, PENDING_ACTIONS))
        return sensors

    add_user_entities(entry, async_add_entities, create)
    reports = entry.runtime_data.reports
    added = False

    @callback
    def add_report_sensors() -> None:
        nonlocal added
        if added or not reports.offered:
            return
        added = True
        add_user_entities(
            entry,
            async_add_entities,
            lambda data, username: [
                ReportSensor(data, username, description)
                for description in REPORT_SENSORS
            ],
        )

    add_report_sensors()
    entry.async_on_unload(reports.async_add_listener(add_report_sensors))


class TimeTrackSensor(TimeTrackEntity, SensorEntity):
    """A sensor of a tracked user; duration sensors count the minutes themselves."""

    entity_description: TimeTrackSensorDescription
    _unsub_tick: CALLBACK_TYPE | None = None

    @property
    def work(self) -> WorkSummary | None:
        """The user's work report figures (none for the timers' own sensors)."""
        return None

    @property
    @override
    def native_value(self) -> Value:
        """The value at this moment."""
        return self.entity_description.value_fn(
            self.user_state, self.work, self.coordinator.now()
        )

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Attributes of the project timer sensor."""
        if self.entity_description.attributes_fn is None or not self.available:
            return None
        return self.entity_description.attributes_fn(self.user_state)

    @override
    async def async_added_to_hass(self) -> None:
        """Start counting once the entity is in Home Assistant."""
        await super().async_added_to_hass()
        self.async_on_remove(self._cancel_tick)
        self._schedule_tick()

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Show the new state and count on from it."""
        self._schedule_tick()
        super()._handle_coordinator_update()

    @callback
    def _schedule_tick(self) -> None:
        """Wake at the next whole minute of the counted time, if it is counting."""
        self._cancel_tick()
        if not self.available:
            return
        anchor = self.entity_description.anchor_fn(
            self.user_state, self.work, self.coordinator.now()
        )
        if anchor is None:
            return
        # Anchors are in UTC, so that a DST change does not shift the count.
        minutes = (dt_util.utcnow() - anchor) // ONE_MINUTE
        self._unsub_tick = async_track_point_in_utc_time(
            self.hass, self._tick, anchor + (minutes + 1) * ONE_MINUTE
        )

    @callback
    def _tick(self, _now: datetime) -> None:
        self._unsub_tick = None
        self.async_write_ha_state()
        self._schedule_tick()

    @callback
    def _cancel_tick(self) -> None:
        if self._unsub_tick is not None:
            self._unsub_tick()
            self._unsub_tick = None


class ReportSensor(TimeTrackSensor):
    """Today's worked time or the month's balance: the reports and the live attendance.

    Worked today never falls within a day: a clock-out made elsewhere is seen
    up to one poll late, after the sensor has counted on; it then holds the
    figure it showed until the day's work passes it.
    """

    _highest: tuple[date, int] | None = None

    @property
    @override
    def work(self) -> WorkSummary | None:
        """The user's figures as of the last read of the reports."""
        return (self.account.reports.data or {}).get(self.username)

    @property
    @override
    def available(self) -> bool:
        """Available while the timers are, and the reports have figures for the user."""
        return super().available and self.work is not None

    @property
    @override
    def native_value(self) -> Value:
        """The value at this moment; worked today never below what it showed today."""
        value = super().native_value
        if self.entity_description.key != "worked_today" or not isinstance(value, int):
            return value
        today = self.coordinator.now().date()
        if self._highest is not None and self._highest[0] == today:
            value = max(value, self._highest[1])
        self._highest = (today, value)
        return value

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the reports too."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.account.reports.async_add_listener(self._handle_coordinator_update)
        )


class PendingActionsSensor(TimeTrackEntity, SensorEntity):
    """How many of the user's actions wait for TimeTrack to answer again."""

    @property
    @override
    def available(self) -> bool:
        """The outbox is local: known even while TimeTrack cannot be reached."""
        return self.coordinator.confirmed(self.username) is not None

    @property
    @override
    def native_value(self) -> int:
        """The number of waiting actions."""
        return len(self.coordinator.pending(self.username))

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """Each waiting action and the time it was taken."""
        return {
            "actions": [
                {"action": item.action.value, "time": item.at.isoformat()}
                for item in self.coordinator.pending(self.username)
            ]
        }
