"""The automation blueprints in blueprints/automation/timetrack/, run for real.

Each test copies the blueprints into a fresh configuration directory, creates
an automation from one of them as a user would (``use_blueprint`` with the
user's inputs), then plays the day: a phone's device tracker moving in and out
of a zone, the clock moving on (frozen time, also the simulator's "now"), the
attendance switch flipping. The outcome is read where it lands: the requests
the simulator received, the simulator's own timers and the entity states.
The only stand-in is the phone's notify action, registered by the test to
capture the reminder (Home Assistant's notify, not the thing under test).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN

from .blueprint_support import (
    BLUEPRINT_DIR,
    CLOCK_IN,
    CLOCK_OUT,
    OFFICE,
    PERSON,
    PHONE,
    SATURDAY,
    TIMER_START,
    TIMER_STOP,
    AddAutomations,
    Day,
    anna_sent,
    at,
    automation,
    from_blueprint,
    load_blueprint,
    set_up_presence,
    timetrack_inputs,
    wire,
    without_inputs,
)
from .entity_support import ATTENDANCE, PROJECT, PROJECT_TIMER, device_id

BLUEPRINT_FILES = sorted(path.name for path in BLUEPRINT_DIR.glob("*.yaml"))
AUTOMATION = "automation.timetrack_test"


# -- every blueprint ---------------------------------------------------------


def test_all_blueprints_are_tested() -> None:
    assert BLUEPRINT_FILES == [
        "clock_in_out_by_zone.yaml",
        "forgot_to_track.yaml",  # test_blueprint_forgot.py
        "late_clock_out_reminder.yaml",
        "project_with_attendance.yaml",
    ]


@pytest.mark.parametrize("file", BLUEPRINT_FILES)
async def test_blueprint_loads(
    hass: HomeAssistant, config_dir: Path, file: str
) -> None:
    """Home Assistant accepts the blueprint; its metadata and inputs are complete."""
    await load_blueprint(hass, file)


@pytest.mark.parametrize("file", BLUEPRINT_FILES)
async def test_blueprint_selectors_point_at_timetrack(
    hass: HomeAssistant, config_dir: Path, file: str
) -> None:
    """The user or switch to drive is picked among the TimeTrack integration's."""
    blueprint = await async_get_blueprints(hass).async_get_blueprint(
        f"timetrack/{file}"
    )
    assert len(timetrack_inputs(blueprint)) == 1


async def test_missing_input_is_refused(hass: HomeAssistant, config_dir: Path) -> None:
    """Without its required inputs an automation from a blueprint does not start."""
    file = "clock_in_out_by_zone.yaml"
    blueprint = await async_get_blueprints(hass).async_get_blueprint(
        f"timetrack/{file}"
    )
    inputs = without_inputs(blueprint, file)
    assert set(inputs.inputs_with_default) == {
        "grace_period",
        "weekdays",
        "after",
        "before",
    }


# -- clock in and out by zone -------------------------------------------------


@pytest.fixture
async def zone_automation(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    add_automations: AddAutomations,
    request: pytest.FixtureRequest,
) -> None:
    """The zone blueprint for Anna with a 5 minute grace period (and `schedule`)."""
    schedule: dict[str, Any] = getattr(request, "param", {})
    await set_up_presence(hass)
    inputs = {
        "person": PERSON,
        "zone": OFFICE,
        "timetrack_user": device_id(hass, setup_integration, "anna"),
        "grace_period": {"minutes": 5},
        **schedule,
    }
    await add_automations(from_blueprint("clock_in_out_by_zone.yaml", inputs))


@pytest.mark.freeze_time(at("08:00"))
@automation("zone_automation")
async def test_zone_clocks_in_and_out_after_grace_period(day: Day) -> None:
    """Arrive: clock in; a short walk: nothing; a long absence: clock out at leaving."""
    day.simulator.clear_requests()
    await day.move_to("08:02")
    await day.walk("office")

    assert day.posted(CLOCK_IN) == anna_sent("08:02:00")
    assert day.state(ATTENDANCE) == STATE_ON

    # Lunch in the park: 4 minutes, less than the grace period.
    await day.move_to("12:00")
    await day.walk("park")
    await day.move_to("12:04")
    await day.walk("office")
    await day.move_to("12:30")
    assert day.posted(CLOCK_OUT) == []
    # Coming back while clocked in does not clock in again.
    assert len(day.simulator.requests_to(CLOCK_IN, "POST")) == 1
    assert day.state(ATTENDANCE) == STATE_ON

    # Home time: gone for good. Clocked out once the grace period is over,
    # dated back to the moment she left.
    await day.move_to("17:00")
    await day.walk("park")
    await day.move_to("17:04:59")
    assert day.posted(CLOCK_OUT) == []
    await day.move_to("17:05:01")

    assert day.posted(CLOCK_OUT) == anna_sent("17:00:00")
    assert day.state(ATTENDANCE) == STATE_OFF
    assert day.simulator.attendance_timer("anna")["to"] == wire("17:00:00")
    assert len(day.simulator.requests_to(CLOCK_IN, "POST")) == 1


@pytest.mark.freeze_time(at("07:55"))
@automation("zone_automation")
async def test_zone_leaves_alone_who_is_already_clocked_in_or_out(day: Day) -> None:
    """Clocked in from the phone before arriving; clocked out by hand before leaving."""
    day.in_app(CLOCK_IN, "07:50")
    await day.move_to("07:56")  # the next poll sees it
    assert day.state(ATTENDANCE) == STATE_ON
    day.simulator.clear_requests()

    await day.walk("office")
    # Not even asked: the automation read the attendance switch.
    assert day.simulator.requests == []

    await day.move_to("16:00")
    await day.call("switch", "turn_off", {"entity_id": ATTENDANCE})
    await day.walk("park")
    await day.move_to("16:10")

    assert day.posted(CLOCK_OUT) == anna_sent("16:00:00")
    assert day.state(ATTENDANCE) == STATE_OFF


@pytest.mark.freeze_time(at("09:00", SATURDAY))
@automation("zone_automation", weekdays=["mon", "tue", "wed", "thu", "fri"])
async def test_zone_does_not_clock_in_on_other_weekdays(day: Day) -> None:
    """A Saturday in the office (weekdays only): nothing happens."""
    day.simulator.clear_requests()
    await day.walk("office")
    await day.move_to("09:10", SATURDAY)
    await day.walk("park")
    await day.move_to("09:30", SATURDAY)

    assert day.simulator.requests_to("attendance_timer/", "POST") == []
    assert day.state(ATTENDANCE) == STATE_OFF

    # The following Monday it works.
    await day.move_to("09:00", "2026-02-16")
    await day.walk("office")
    assert day.posted(CLOCK_IN) == anna_sent("09:00:00", "2026-02-16")


@pytest.mark.freeze_time(at("06:30"))
@automation("zone_automation", after="07:00:00", before="10:00:00")
async def test_zone_clocks_in_only_within_time_window(day: Day) -> None:
    """Before 07:00 or after 10:00 entering the office does not clock in."""
    day.simulator.clear_requests()
    await day.walk("office")  # 06:30: too early
    await day.move_to("06:40")
    await day.walk("park")
    await day.move_to("10:30")
    await day.walk("office")  # 10:30: too late
    assert day.simulator.requests_to(CLOCK_IN, "POST") == []

    await day.walk("park")
    await day.move_to("10:36")
    assert day.simulator.requests_to("attendance_timer/", "POST") == []

    # The next morning at 07:00 sharp it clocks in.
    await day.move_to("07:00", "2026-02-10")
    await day.walk("office")
    assert day.posted(CLOCK_IN) == anna_sent("07:00:00", "2026-02-10")
    assert day.state(ATTENDANCE) == STATE_ON


@pytest.mark.freeze_time(at("21:00"))
@automation("zone_automation", after="20:00:00", before="06:00:00")
async def test_zone_time_window_spans_midnight(day: Day) -> None:
    """A night shift window (20:00 to 06:00): 21:00 clocks in, noon would not."""
    await day.walk("office")
    assert day.posted(CLOCK_IN) == anna_sent("21:00:00")

    # Leaving after the window has closed still clocks out.
    await day.move_to("07:00", "2026-02-10")
    await day.walk("park")
    await day.move_to("07:06", "2026-02-10")
    assert day.posted(CLOCK_OUT) == anna_sent("07:00:00", "2026-02-10")

    await day.move_to("12:00", "2026-02-10")
    await day.walk("office")
    assert len(day.posted(CLOCK_IN)) == 1


# -- project timer with attendance -------------------------------------------


@pytest.fixture
async def project_automation(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    add_automations: AddAutomations,
    request: pytest.FixtureRequest,
) -> None:
    """The project blueprint on Anna's attendance (inputs from `param`)."""
    inputs: dict[str, Any] = getattr(request, "param", {"project": "Mobile App"})
    await add_automations(
        from_blueprint(
            "project_with_attendance.yaml", {"attendance_switch": ATTENDANCE, **inputs}
        )
    )


@pytest.mark.freeze_time(at("08:30"))
@automation("project_automation")
async def test_project_starts_and_stops_with_attendance(day: Day) -> None:
    """Clock in with the switch: Mobile App runs; clock out: it stops."""
    day.simulator.clear_requests()
    await day.call("switch", "turn_on", {"entity_id": ATTENDANCE})
    await day.settle()

    assert day.posted(TIMER_START) == anna_sent(
        "08:30:00", clientName="ACME", projectName="Mobile App"
    )
    assert day.state(PROJECT_TIMER) == "running"
    assert day.state(PROJECT) == "ACME / Mobile App"

    await day.move_to("16:45")
    await day.call("switch", "turn_off", {"entity_id": ATTENDANCE})
    await day.settle()

    assert day.posted(TIMER_STOP) == anna_sent("16:45:00")
    assert day.state(PROJECT_TIMER) == "stopped"
    assert day.simulator.project_timer("anna")["stopped"] is True
    assert len(day.posted(TIMER_START)) == 1


@pytest.mark.freeze_time(at("08:30"))
@automation("project_automation", project="Website", client="Globex", task="Design")
async def test_project_follows_attendance_from_the_phone_app(day: Day) -> None:
    """Clocked in and out in the phone app: the next poll starts and stops the timer."""
    day.in_app(CLOCK_IN, "08:30")
    await day.move_to("08:31")

    assert day.state(ATTENDANCE) == STATE_ON
    assert day.posted(TIMER_START) == anna_sent(
        "08:31:00", clientName="Globex", projectName="Website", taskName="Design"
    )
    assert day.state(PROJECT) == "Globex / Website"

    # She pauses in the app, then clocks out there: the paused timer is stopped.
    day.in_app("project_timer/pause", "12:00")
    day.in_app(CLOCK_OUT, "12:05")
    await day.move_to("12:06")

    assert day.state(ATTENDANCE) == STATE_OFF
    assert day.posted(TIMER_STOP) == anna_sent("12:06:00")
    assert day.state(PROJECT_TIMER) == "stopped"


@pytest.mark.freeze_time(at("08:00"))
@automation("project_automation")
async def test_project_not_stopped_when_no_timer_runs(day: Day) -> None:
    """Stopped by hand before clocking out: clocking out sends no stop."""
    await day.call("switch", "turn_on", {"entity_id": ATTENDANCE})
    await day.settle()
    await day.move_to("15:00")
    await day.call("button", "press", {"entity_id": "button.anna_berger_stop_timer"})
    await day.move_to("15:30")
    await day.call("switch", "turn_off", {"entity_id": ATTENDANCE})
    await day.settle()

    assert day.posted(TIMER_STOP) == anna_sent("15:00:00")
    assert day.state(ATTENDANCE) == STATE_OFF


@pytest.mark.freeze_time(at("08:00"))
@automation("project_automation", project="Intranet", start_time="09:00:00")
async def test_project_start_time_switches_back_while_clocked_in(day: Day) -> None:
    """At the start time the project is started again when another one runs."""
    await day.call("switch", "turn_on", {"entity_id": ATTENDANCE})
    await day.settle()
    assert day.state(PROJECT) == "Globex / Intranet"

    # Early support call, chosen in the dashboard's project select.
    await day.move_to("08:15")
    await day.call(
        "select", "select_option", {"entity_id": PROJECT, "option": "Initech / Support"}
    )
    day.simulator.clear_requests()
    await day.move_to("08:59:30")
    assert day.posted(TIMER_START) == []

    await day.move_to("09:00:00")
    assert day.posted(TIMER_START) == anna_sent(
        "09:00:00", clientName="Globex", projectName="Intranet"
    )
    assert day.state(PROJECT) == "Globex / Intranet"

    # Once a day only: the rest of the day it stays quiet.
    await day.move_to("09:30")
    assert len(day.posted(TIMER_START)) == 1


@pytest.mark.freeze_time(at("08:00"))
@automation("project_automation", project="Intranet", start_time="09:00:00")
async def test_project_start_time_needs_attendance(day: Day) -> None:
    """Not clocked in at the start time: nothing starts."""
    day.simulator.clear_requests()
    await day.move_to("09:00")
    await day.move_to("09:01")

    assert day.simulator.requests_to("project_timer/", "POST") == []
    assert day.state(PROJECT_TIMER) == "stopped"


# -- late clock-out reminder --------------------------------------------------


@pytest.fixture
async def reminder_automation(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    add_automations: AddAutomations,
    notifications: list[ServiceCall],
    request: pytest.FixtureRequest,
) -> None:
    """The reminder blueprint for Anna: at 18:00 by default (inputs from `param`)."""
    inputs = {
        "attendance_switch": ATTENDANCE,
        "notify_action": PHONE,
        **getattr(request, "param", {}),
    }
    await add_automations(from_blueprint("late_clock_out_reminder.yaml", inputs))


def button_of(call: ServiceCall) -> str:
    """The action id of the notification's one button, titled Clock out."""
    buttons = call.data["data"]["actions"]
    assert [button["title"] for button in buttons] == ["Clock out"]
    return str(buttons[0]["action"])


@pytest.mark.freeze_time(at("09:00"))
@automation("reminder_automation")
async def test_reminder_at_time_and_clock_out_button(day: Day) -> None:
    """Still clocked in at 18:00: a reminder; its button clocks out."""
    await day.clock_in()
    reminder = await day.reminded_at("18:00:00", quiet_until="17:59:59")
    assert reminder.data["title"] == "Still clocked in"
    assert reminder.data["message"] == "Anna Berger is still clocked in. Clock out now?"
    assert reminder.data["data"]["tag"] == f"timetrack-clock-out-{ATTENDANCE}"
    button = button_of(reminder)

    assert button == f"TIMETRACK_CLOCK_OUT|{ATTENDANCE}|{int(at('18:00').timestamp())}"

    # Other notifications' buttons do nothing, nor does a forged one.
    await day.move_to("18:10")
    await day.tap("SOMETHING_ELSE")
    await day.tap("TIMETRACK_CLOCK_OUT|switch.ben_meyer_attendance|" + button[-10:])
    await day.tap(f"TIMETRACK_CLOCK_OUT|{ATTENDANCE}|soon")
    assert day.simulator.requests_to(CLOCK_OUT, "POST") == []

    # The button keeps working when the automation was reloaded meanwhile.
    for service in ("turn_off", "turn_on"):
        await day.call("automation", service, {"entity_id": AUTOMATION})

    await day.move_to("18:12")
    await day.tap(button)

    assert day.posted(CLOCK_OUT) == anna_sent("18:12:00")
    assert day.state(ATTENDANCE) == STATE_OFF
    # A second tap on the same button: she is clocked out, nothing is sent.
    await day.tap(button)
    assert len(day.simulator.requests_to(CLOCK_OUT, "POST")) == 1


@pytest.mark.freeze_time(at("09:00"))
@automation("reminder_automation")
async def test_reminder_not_sent_when_clocked_out(day: Day) -> None:
    """Clocked out before 18:00: no reminder."""
    await day.clock_in()
    await day.move_to("17:00")
    await day.call(DOMAIN, "clock_out", {})
    await day.move_to("18:00")
    await day.move_to("18:01")

    assert day.notifications == []


@pytest.mark.freeze_time(at("09:00"))
@automation(
    "reminder_automation",
    remind_at="23:00:00",
    remind_after={"hours": 2},
    button_timeout={"minutes": 30},
)
async def test_reminder_after_hours_and_button_timeout(day: Day) -> None:
    """Clocked in for 2 hours: a reminder; its button stops working after 30 min."""
    await day.clock_in()
    button = button_of(await day.reminded_at("11:00:01", quiet_until="10:59:59"))

    await day.move_to("11:31")
    await day.tap(button)

    assert day.simulator.requests_to(CLOCK_OUT, "POST") == []
    assert day.state(ATTENDANCE) == STATE_ON


@pytest.mark.freeze_time(at("09:00"))
@automation("reminder_automation", remind_after={"hours": 0})
async def test_reminder_after_zero_hours_is_off(day: Day) -> None:
    """ "Remind after" 0 sends nothing on clocking in; 18:00 still reminds."""
    await day.clock_in()
    await day.reminded_at("18:00", quiet_until="09:01")


@pytest.mark.freeze_time(at("09:00"))
@automation("reminder_automation")
async def test_reminder_button_after_clocking_out_elsewhere(day: Day) -> None:
    """Clocked out in the phone app after the reminder: the button sends nothing."""
    await day.clock_in()
    await day.move_to("18:00")
    button = button_of(day.notifications[0])
    day.in_app(CLOCK_OUT, "18:01")
    await day.move_to("18:02")
    assert day.state(ATTENDANCE) == STATE_OFF
    day.simulator.clear_requests()

    await day.tap(button)

    assert day.simulator.requests_to(CLOCK_OUT, "POST") == []
