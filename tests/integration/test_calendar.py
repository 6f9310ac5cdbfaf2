"""The calendar: attendance, project time entries and absences of a tracked user.

Through Home Assistant against the simulator, time frozen on Wednesday
3 June 2026 at 13:00 in Vienna. Anna's week, as made in the phone app:

- Monday 1 June: sick leave, asked for (not yet approved).
- Tuesday 2 June: clocked in 08:00-12:00 (a 30-minute break, note "Office")
  and 12:30-16:30; ACME / Website (task Development, note "Landing page")
  08:00-12:00.
- Today: clocked in since 08:30; ACME / Mobile App (task Design) running
  since 09:00.
- Monday 8 to Wednesday 10 June: vacation, approved.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import DOMAIN as CALENDAR_DOMAIN
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.timetrack.api import (
    Absence,
    AttendanceTimer,
    ProjectTimeEntry,
    ProjectTimer,
    TimerState,
)
from custom_components.timetrack.calendar_events import (
    Texts,
    absence_event,
    attendance_event,
    ongoing_end,
    overlaps,
    project_event,
    timer_event,
)
from custom_components.timetrack.const import DOMAIN
from custom_components.timetrack.history import with_current
from simulator import Simulator

from .entity_support import (
    ATTENDANCE,
    CALENDAR,
    ENTITY_TESTS,
    NOW,
    PROJECT_TIMER,
    TODAY,
    VIENNA,
    async_advance,
    async_move_to,
    async_poll,
    async_setup,
    local,
    start_in_app,
    state_of,
    wall,
)

pytestmark = ENTITY_TESTS

LOGGER = "custom_components.timetrack"
MONDAY = date(2026, 6, 1)
YESTERDAY = date(2026, 6, 2)
NEXT_MONDAY = date(2026, 6, 8)
LISTS = ("attendances", "project_time_entries", "absences")


def seed_week(simulator: Simulator) -> None:
    """Anna's week (see the module's docstring)."""
    simulator.add_absence("anna", MONDAY, MONDAY, "Sick leave", 2, status=0)
    simulator.act(
        "anna", "attendance_timer/start", wall(8, day=YESTERDAY), notes="Office"
    )
    simulator.act("anna", "attendance_timer/stop", wall(12, day=YESTERDAY))
    simulator.state.attendances[-1].break_minutes = 30
    simulator.act("anna", "attendance_timer/start", wall(12, 30, day=YESTERDAY))
    simulator.act("anna", "attendance_timer/stop", wall(16, 30, day=YESTERDAY))
    start_in_app(
        simulator,
        wall(8, day=YESTERDAY),
        "ACME",
        "Website",
        task="Development",
        note="Landing page",
    )
    simulator.act("anna", "project_timer/stop", wall(12, day=YESTERDAY))
    simulator.act("anna", "attendance_timer/start", wall(8, 30))
    start_in_app(simulator, wall(9), "ACME", "Mobile App", task="Design")
    simulator.add_absence("anna", NEXT_MONDAY, date(2026, 6, 10))


async def get_events(
    hass: HomeAssistant, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """`calendar.get_events` for anna's calendar, as an automation calls it."""
    response = await hass.services.async_call(
        CALENDAR_DOMAIN,
        "get_events",
        {
            ATTR_ENTITY_ID: CALENDAR,
            "start_date_time": start,
            "end_date_time": end,
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    events: list[dict[str, Any]] = response[CALENDAR]["events"]  # type: ignore[index,assignment]
    return events


async def week(hass: HomeAssistant) -> list[dict[str, Any]]:
    """This week's events, Monday to Sunday."""
    return await get_events(
        hass,
        datetime(2026, 6, 1, tzinfo=VIENNA),
        datetime(2026, 6, 8, tzinfo=VIENNA),
    )


def brief(events: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """Each event as (summary, start, end, description)."""
    return [
        (event["summary"], event["start"], event["end"], event.get("description", ""))
        for event in events
    ]


def reads(simulator: Simulator) -> Counter[str]:
    """How often each of the calendar's lists was read."""
    return Counter(
        name for name in LISTS for _ in simulator.requests_to(name, method="GET")
    )


def ranges(simulator: Simulator, name: str) -> list[tuple[str, str]]:
    """The days each read of a list asked for."""
    return [
        (request.query["from"], request.query["to"])
        for request in simulator.requests_to(name, method="GET")
    ]


async def test_events_of_a_week(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Attendance, project and absence events, and the ongoing ones of today."""
    seed_week(simulator)
    assert await async_setup(hass, config_entry)
    # Nothing is read before the calendar is asked.
    assert reads(simulator) == Counter()

    events = await week(hass)

    assert brief(events) == [
        ("Sick leave", "2026-06-01", "2026-06-02", "Status: new"),
        (
            "Attendance",
            "2026-06-02T08:00:00+02:00",
            "2026-06-02T12:00:00+02:00",
            "Break: 30 min\nNote: Office",
        ),
        (
            "ACME / Website",
            "2026-06-02T08:00:00+02:00",
            "2026-06-02T12:00:00+02:00",
            "Task: Development\nNote: Landing page",
        ),
        (
            "Attendance",
            "2026-06-02T12:30:00+02:00",
            "2026-06-02T16:30:00+02:00",
            "Break: 0 min",
        ),
        # Ongoing: shown until the next whole hour at least 20 minutes ahead.
        (
            "Attendance",
            "2026-06-03T08:30:00+02:00",
            "2026-06-03T14:00:00+02:00",
            "Break: 0 min\nClocked in, ongoing",
        ),
        (
            "ACME / Mobile App",
            "2026-06-03T09:00:00+02:00",
            "2026-06-03T14:00:00+02:00",
            "Task: Design\nRunning",
        ),
    ]
    # Next week's vacation is not in this week.
    assert "Vacation" not in {event["summary"] for event in events}
    # One read of each list, from the day before the range (an entry of
    # Sunday night may reach into Monday) to today, or to the range's end for
    # absences (planned ahead).
    assert reads(simulator) == Counter(dict.fromkeys(LISTS, 1))
    assert ranges(simulator, "attendances") == [("2026-05-31", "2026-06-03")]
    assert ranges(simulator, "project_time_entries") == [("2026-05-31", "2026-06-03")]
    assert ranges(simulator, "absences") == [("2026-05-31", "2026-06-08")]


async def test_all_day_absences_with_type_and_status(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Absences are all-day events, each once, whatever part of them is asked."""
    seed_week(simulator)
    simulator.add_absence("anna", date(2026, 6, 11), date(2026, 6, 11), status=2)
    assert await async_setup(hass, config_entry)

    events = await get_events(
        hass,
        datetime(2026, 6, 9, 12, tzinfo=VIENNA),
        datetime(2026, 6, 12, tzinfo=VIENNA),
    )

    assert brief(events) == [
        ("Vacation", "2026-06-08", "2026-06-11", "Status: approved"),
        ("Vacation", "2026-06-11", "2026-06-12", "Status: disapproved"),
    ]


async def test_calendar_is_on_while_clocked_in(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """The state follows the attendance, with the ongoing entry as its event."""
    seed_week(simulator)
    assert await async_setup(hass, config_entry)

    state = state_of(hass, CALENDAR)
    assert state.state == STATE_ON
    assert state.attributes["message"] == "Attendance"
    assert state.attributes["start_time"] == "2026-06-03 08:30:00"
    assert state.attributes["end_time"] == "2026-06-03 14:00:00"
    assert state.attributes["all_day"] is False

    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: ATTENDANCE}, blocking=True
    )
    assert state_of(hass, CALENDAR).state == STATE_OFF
    assert "message" not in state_of(hass, CALENDAR).attributes

    # Clocked in from the phone: on at the next poll.
    simulator.act("anna", "attendance_timer/start", wall(13, 0, 30))
    await async_poll(hass, freezer)
    assert state_of(hass, CALENDAR).state == STATE_ON
    assert state_of(hass, CALENDAR).attributes["start_time"] == "2026-06-03 13:00:30"

    # Still clocked in when the shown end comes: it moves on, and stays on.
    await async_move_to(hass, freezer, local(14, 0, 5))
    assert state_of(hass, CALENDAR).state == STATE_ON
    assert state_of(hass, CALENDAR).attributes["end_time"] == "2026-06-03 15:00:00"


async def test_past_days_are_read_once_and_today_once_per_poll(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """However often the calendar is asked, TimeTrack is read only where it changed."""
    seed_week(simulator)
    assert await async_setup(hass, config_entry)
    await week(hass)
    first = await week(hass)
    # Asked again within the polling interval: nothing is read.
    assert reads(simulator) == Counter(dict.fromkeys(LISTS, 1))

    # A clock-out in the phone app shows at the next poll, from the timers.
    simulator.act("anna", "attendance_timer/stop", wall(13, 0, 30))
    await async_poll(hass, freezer)
    events = await week(hass)
    assert len(events) == len(first)
    assert (
        "Attendance",
        "2026-06-03T08:30:00+02:00",
        "2026-06-03T13:00:30+02:00",
        "Break: 0 min",
    ) in brief(events)
    # A polling interval later, only today is read again (and the days
    # ahead, for absences).
    assert ranges(simulator, "attendances")[1:] == [("2026-06-03", "2026-06-03")]
    assert ranges(simulator, "project_time_entries")[1:] == [
        ("2026-06-03", "2026-06-03")
    ]
    assert ranges(simulator, "absences")[1:] == [("2026-06-03", "2026-06-08")]

    # Asked ten times within the next poll: no read.
    simulator.clear_requests()
    for _ in range(10):
        await week(hass)
    assert reads(simulator) == Counter()

    # The next day, yesterday is read once more (it was read before it
    # ended), then never again.
    await async_move_to(hass, freezer, local(9, day=date(2026, 6, 4)))
    await week(hass)
    await async_poll(hass, freezer)
    await week(hass)
    assert ranges(simulator, "attendances") == [
        ("2026-06-03", "2026-06-04"),
        ("2026-06-04", "2026-06-04"),
    ]


async def test_a_failing_absences_endpoint_leaves_the_rest_working(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Absences answer an HTML 500: the other events and the timers work on."""
    seed_week(simulator)
    simulator.break_endpoint("absences", status=500, html=True)
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert await async_setup(hass, config_entry)

    events = await week(hass)

    assert [event["summary"] for event in events] == [
        "Attendance",
        "ACME / Website",
        "Attendance",
        "Attendance",
        "ACME / Mobile App",
    ]
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.name == LOGGER and record.levelno >= logging.WARNING
    ]
    assert warnings == [
        (
            "TimeTrack's absences cannot be read (a server error, HTTP 500); the "
            "timers work on, the calendar shows no absences meanwhile (the days "
            "read before stay in use)"
        )
    ]
    # Not asked again before a polling interval has passed.
    await week(hass)
    assert len(simulator.requests_to("absences")) == 1
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, config_entry
    )
    assert diagnostics["history"]["absences"]["status"] == "failing"
    assert diagnostics["history"]["absences"]["error"] == "a server error, HTTP 500"
    assert diagnostics["history"]["attendances"]["status"] == "ok"

    # The timers work on: a change in the phone app shows, an action works.
    simulator.act("anna", "project_timer/stop", wall(13, 0, 30))
    await async_poll(hass, freezer)
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: ATTENDANCE}, blocking=True
    )
    assert state_of(hass, ATTENDANCE).state == STATE_OFF

    # Failing for over an hour: a repair issue says what is missing.
    await async_advance(hass, freezer, timedelta(minutes=61))
    await week(hass)
    issue = issue_registry.async_get_issue(
        DOMAIN, f"history_{config_entry.entry_id}_absences"
    )
    assert issue is not None
    assert issue.translation_key == "history_absences_unavailable"
    assert issue.translation_placeholders == {
        "account": "demo",
        "error": "a server error, HTTP 500",
    }

    # Repaired: the absences are back, and so is the quiet.
    simulator.repair_endpoint("absences")
    await async_poll(hass, freezer)
    events = await week(hass)
    assert events[0]["summary"] == "Sick leave"
    assert "TimeTrack's absences can be read again" in caplog.text
    assert (
        issue_registry.async_get_issue(
            DOMAIN, f"history_{config_entry.entry_id}_absences"
        )
        is None
    )


async def test_odd_lists_leave_the_current_entries(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Lists of another shape: today's attendance and timer still show."""
    seed_week(simulator)
    for name in LISTS:
        simulator.break_endpoint(name, kind="odd")
    assert await async_setup(hass, config_entry)

    events = await week(hass)

    assert [event["summary"] for event in events] == [
        "Attendance",
        "ACME / Mobile App",
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_ON


async def test_lists_the_account_does_not_offer(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 404: said once, at info level, and asked for again only hourly."""
    seed_week(simulator)
    simulator.break_endpoint("project_time_entries", status=404, html=False)
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert await async_setup(hass, config_entry)

    await week(hass)
    await async_poll(hass, freezer)
    await week(hass)

    assert len(simulator.requests_to("project_time_entries")) == 1
    assert (
        "This TimeTrack account does not offer its project_time_entries "
        "(not found, HTTP 404): the calendar shows only the running project timer"
    ) in caplog.text
    await async_advance(hass, freezer, timedelta(hours=1))
    await week(hass)
    assert len(simulator.requests_to("project_time_entries")) == 2


async def test_a_user_timetrack_no_longer_knows(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """A list is not blamed for a deleted user (the timers tell of that)."""
    assert await async_setup(hass, config_entry)
    simulator.remove_user("anna")
    history = config_entry.runtime_data.history

    found = await history.async_work_reports("anna", YESTERDAY, TODAY)

    assert (found.rows, found.complete) == ([], False)
    assert history.work_reports.health.status == "ok"
    assert len(simulator.requests_to("work_reports")) == 2  # the reports' own, and this


async def test_calendar_trigger_on_a_vacation_day(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An automation runs at the start of an approved vacation day."""
    simulator.add_absence("anna", date(2026, 6, 4), date(2026, 6, 4))
    simulator.add_absence("anna", date(2026, 6, 5), date(2026, 6, 5), status=2)
    assert await async_setup(hass, config_entry)
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "triggers": [
                    {"trigger": "calendar", "event": "start", "entity_id": CALENDAR}
                ],
                "conditions": [
                    "{{ trigger.calendar_event.all_day }}",
                    "{{ trigger.calendar_event.summary == 'Vacation' }}",
                    "{{ 'Status: approved' in trigger.calendar_event.description }}",
                ],
                "actions": [
                    {
                        "event": "vacation_day",
                        "event_data": {"day": "{{ trigger.calendar_event.start }}"},
                    }
                ],
            }
        },
    )
    fired = async_capture_events(hass, "vacation_day")

    while dt_now(freezer) < datetime(2026, 6, 6, 1, tzinfo=VIENNA):
        await async_advance(hass, freezer, timedelta(minutes=15))

    # Once, for the approved day; not for the disapproved one.
    assert [event.data["day"] for event in fired] == ["2026-06-04"]
    await stop_automations(hass)


async def test_calendar_trigger_on_the_first_clock_in_of_the_day(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A calendar trigger with an offset sees a clock-in made in the phone app.

    A calendar trigger looks 15 minutes ahead and a clock-in shows at the
    next poll: with an offset of 20 minutes it runs 20 minutes after the
    first clock-in, and (by its condition) not for the second.
    """
    assert await async_setup(hass, config_entry)
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "id": "first_clock_in",
                "triggers": [
                    {
                        "trigger": "calendar",
                        "event": "start",
                        "entity_id": CALENDAR,
                        "offset": "0:20:00",
                    }
                ],
                "conditions": [
                    "{{ trigger.calendar_event.summary == 'Attendance' }}",
                    (
                        "{{ this.attributes.last_triggered is none or "
                        "as_local(this.attributes.last_triggered).date() "
                        "< now().date() }}"
                    ),
                ],
                "actions": [
                    {
                        "event": "first_clock_in",
                        "event_data": {"at": "{{ trigger.calendar_event.start }}"},
                    }
                ],
            }
        },
    )
    fired = async_capture_events(hass, "first_clock_in")

    async def minutes(count: int) -> None:
        for _ in range(count):
            await async_poll(hass, freezer)

    simulator.act("anna", "attendance_timer/start", wall(13, 5))
    await minutes(30)
    simulator.act("anna", "attendance_timer/stop", wall(13, 40))
    await minutes(10)
    simulator.act("anna", "attendance_timer/start", wall(13, 50))
    await minutes(60)

    assert [event.data["at"] for event in fired] == ["2026-06-03T13:05:00+02:00"]
    assert dt_now(freezer).hour == 14
    await stop_automations(hass)


async def stop_automations(hass: HomeAssistant) -> None:
    """Detach the calendar triggers (their refresh timers)."""
    await hass.services.async_call(
        "automation", "turn_off", {ATTR_ENTITY_ID: "all"}, blocking=True
    )


def dt_now(freezer: FrozenDateTimeFactory) -> datetime:
    """The frozen clock in Vienna."""
    return datetime.now(VIENNA)


# The events' shapes for what the simulator never sends --------------------

TEXTS = Texts({"calendar_attendance": "Attendance"})


def test_entries_without_an_end_or_times() -> None:
    """A project entry without `to` ends after its minutes; odd ones are left out."""
    start = local(9)
    entry = ProjectTimeEntry(None, "anna", None, None, None, start, None, 30, 15, None)
    event = project_event(entry, TEXTS)
    assert event is not None
    assert event.end == local(9, 45)
    assert event.summary == " / -"
    assert event.uid == "entry-2026-06-03T09:00:00+02:00"
    backwards = ProjectTimeEntry(
        1, "anna", "ACME", "Website", None, start, local(8), 0, 0, None
    )
    assert project_event(backwards, TEXTS) is None
    assert attendance_event(AttendanceTimer("anna"), TEXTS, NOW) is None
    assert (
        attendance_event(
            AttendanceTimer("anna", started_at=start, ended_at=local(8)), TEXTS, NOW
        )
        is None
    )
    assert timer_event(ProjectTimer("anna"), TEXTS, NOW) is None
    paused = ProjectTimer(
        "anna", TimerState.PAUSED, start, client_name="ACME", project_name="Website"
    )
    event = timer_event(paused, TEXTS, NOW)
    assert event is not None
    assert event.description == "paused"


def test_absence_without_type_or_status_and_zero_length_events() -> None:
    absence = Absence(None, "anna", TODAY, TODAY, None, None)
    event = absence_event(absence, TEXTS)
    assert (event.summary, event.description) == ("absence", "status_unknown")
    instant = AttendanceTimer("anna", started_at=local(9), ended_at=local(9))
    event = attendance_event(instant, TEXTS, NOW)
    assert event is not None
    assert overlaps(event, local(8), local(10))
    assert not overlaps(event, local(9, 30), local(10))


def test_ongoing_entries_end_on_a_whole_hour_at_least_20_minutes_ahead() -> None:
    assert ongoing_end(local(13)) == local(14)
    assert ongoing_end(local(13, 40)) == local(14)
    assert ongoing_end(local(13, 41)) == local(15)


def test_the_timers_entry_replaces_the_one_read() -> None:
    read = [
        AttendanceTimer("anna", 1, local(8), local(12)),
        AttendanceTimer("anna", 2, local(12, 30)),
    ]
    closed = AttendanceTimer("anna", 2, local(12, 30), local(13))
    assert with_current(read, closed, TODAY, TODAY) == [read[0], closed]
    assert with_current(read, None, TODAY, TODAY) == read
    # A current entry of another day replaces nothing it is not.
    other = AttendanceTimer("anna", 3, local(8, day=date(2026, 6, 4)))
    assert with_current(read, other, TODAY, TODAY) == [read[0]]
