"""Calendar: a tracked user's attendance, project time entries and absences.

The events of a range are read when the frontend or an automation asks for
them (history.py keeps them: past days are read once, today at most once per
polling interval). The current attendance and the running project timer come
from the timers, so they show at once and even while the lists cannot be
read. The calendar is `on` while the user is clocked in.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import override

from homeassistant.components.calendar import (
    CalendarEntity,
    CalendarEntityDescription,
    CalendarEvent,
)
from homeassistant.core import HomeAssistant

from .calendar_events import (
    Texts,
    absence_event,
    async_texts,
    attendance_event,
    overlaps,
    project_event,
    timer_event,
)
from .entity import TimeTrackEntity, user_platform
from .model import UserState

PARALLEL_UPDATES = 0

ONE_DAY = timedelta(days=1)

WORK = CalendarEntityDescription(key="work", translation_key="work")


# Each tracked user's calendar.
async_setup_entry = user_platform(
    lambda data, username: [TimeTrackCalendar(data, username, WORK)]
)


class TimeTrackCalendar(TimeTrackEntity, CalendarEntity):
    """A tracked user's work: attendance, project time entries and absences."""

    _texts = Texts()

    @override
    async def async_added_to_hass(self) -> None:
        """Load the events' texts before the first state is written."""
        self._texts = await async_texts(self.hass)
        await super().async_added_to_hass()

    @property
    def _current(self) -> UserState | None:
        """The user's timers as the entities show them; None when unknown."""
        if self.coordinator.confirmed(self.username) is None:
            return None
        return self.user_state

    @property
    @override
    def event(self) -> CalendarEvent | None:
        """The current attendance, while the user is clocked in."""
        state = self._current
        if state is None or not state.attendance.clocked_in:
            return None
        return attendance_event(state.attendance, self._texts, self.coordinator.now())

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """The user's events within the range, the ongoing ones included."""
        zone = self.coordinator.time_zone
        # An entry belongs to the day it began on: one begun the day before
        # may reach into the range.
        first = start_date.astimezone(zone).date() - ONE_DAY
        last = end_date.astimezone(zone).date()
        state = self._current
        history = self.account.history
        attendances, entries, absences = await asyncio.gather(
            history.async_attendances(
                self.username,
                first,
                last,
                state.attendance if state is not None else None,
            ),
            history.async_project_entries(self.username, first, last),
            history.async_absences(self.username, first, last),
        )
        now = self.coordinator.now()
        texts = self._texts
        found = [
            *(attendance_event(entry, texts, now) for entry in attendances.rows),
            *(project_event(entry, texts) for entry in entries.rows),
            timer_event(state.project_timer, texts, now) if state else None,
            *(absence_event(absence, texts) for absence in absences.rows),
        ]
        events = [
            event
            for event in found
            if event is not None and overlaps(event, start_date, end_date)
        ]
        return sorted(events, key=lambda event: event.start_datetime_local)
