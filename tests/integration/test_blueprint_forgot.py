"""The "forgot to track" blueprint, run for real.

As in test_blueprints.py: the blueprints are copied into a fresh configuration
directory, automations are created from the blueprint as a user would
(``use_blueprint`` with the user's inputs, written to configuration.yaml so
that ``automation.reload`` reads them again), and the day is played: Anna's
phone moving in and out of a zone, the clock moving on (frozen time, also the
simulator's "now"), Anna clocking in and starting projects. The outcome is
read where it lands: the requests the simulator received, its timers and the
entity states. The only stand-in is the phone's notify action, registered by
the test to capture the reminders, and the Companion app's report of a tapped
button (the ``mobile_app_notification_action`` event).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .blueprint_support import (
    BLUEPRINT_DIR,
    CLOCK_IN,
    EVERY_DAY,
    HOME,
    MONDAY,
    OFFICE,
    PERSON,
    PHONE,
    SATURDAY,
    TIMER_START,
    AddAutomations,
    Day,
    anna_sent,
    at,
    automation,
    capture_notify,
    from_blueprint,
    load_blueprint,
    phone_at,
    set_up_presence,
    settle,
    timetrack_inputs,
    wire,
    without_inputs,
)
from .entity_support import ATTENDANCE, PROJECT, PROJECT_TIMER, device_id, state_of

FILE = "forgot_to_track.yaml"
NEXT_MONDAY = "2026-02-16"
AUTOMATION = "automation.forgot_to_track"


def sent_at(clock: str, day: str = MONDAY) -> int:
    """The time a reminder was sent, as its buttons carry it."""
    return int(at(clock, day).timestamp())


def actions_sent(simulator: Simulator) -> list[Any]:
    """Every action (POST request) the simulator received."""
    return simulator.requests_to("", "POST")


@pytest.fixture
async def add_forgot(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    add_automations: AddAutomations,
) -> AddAutomations:
    """Create automations from the blueprint.

    Each argument holds one automation's inputs besides Anna's defaults (her
    person, the office, her TimeTrack user, her phone, the project Mobile
    App), and may name it with "alias".
    """

    async def add(*automations: dict[str, Any]) -> None:
        config = []
        for number, given in enumerate(automations or ({},)):
            inputs = {
                "person": PERSON,
                "zone": OFFICE,
                "timetrack_user": device_id(hass, setup_integration, "anna"),
                "notify_action": PHONE,
                "project": "Mobile App",
                **given,
            }
            alias = inputs.pop("alias", "Forgot to track")
            config.append(from_blueprint(FILE, inputs, f"forgot_{number}", alias))
        await add_automations(*config)

    return add


# -- Anna, her phone and her day -----------------------------------------------


@pytest.fixture
async def presence(hass: HomeAssistant) -> None:
    """An office zone (and home); Anna (a person) tracked by her phone, in the park."""
    await set_up_presence(hass)


def buttons_of(call: ServiceCall) -> dict[str, str]:
    """The notification's buttons: title to action id."""
    return {
        button["title"]: str(button["action"])
        for button in call.data["data"]["actions"]
    }


async def reload_automations(hass: HomeAssistant) -> None:
    """Reload the automations from configuration.yaml (new automation entities)."""
    await hass.services.async_call("automation", "reload", {}, blocking=True)
    await settle(hass)
    assert state_of(hass, AUTOMATION).state == STATE_ON


@pytest.fixture
async def forgot(
    hass: HomeAssistant,
    presence: None,
    notifications: list[ServiceCall],
    add_forgot: AddAutomations,
    request: pytest.FixtureRequest,
) -> None:
    """The blueprint for Anna with its defaults (other inputs from `param`)."""
    await add_forgot(getattr(request, "param", {}))


# -- the blueprint -------------------------------------------------------------


async def test_blueprint_loads(hass: HomeAssistant, config_dir: Path) -> None:
    """Home Assistant accepts the blueprint; its inputs are complete and sensible."""
    blueprint = await load_blueprint(hass, FILE)
    assert blueprint.name == "TimeTrack: forgot to track"
    assert blueprint.metadata["homeassistant"]["min_version"] == "2026.10.0"

    # Without its required inputs an automation from it does not start.
    inputs = without_inputs(blueprint, FILE)
    assert set(blueprint.inputs) - set(inputs.inputs_with_default) == {
        "person",
        "timetrack_user",
        "notify_action",
    }
    assert inputs.inputs_with_default["zone"] == OFFICE
    assert inputs.inputs_with_default["weekdays"] == ["mon", "tue", "wed", "thu", "fri"]


async def test_blueprint_selectors_point_at_timetrack(
    hass: HomeAssistant, config_dir: Path
) -> None:
    """The user is picked among the TimeTrack integration's devices; the rest fits."""
    blueprint = await async_get_blueprints(hass).async_get_blueprint(
        f"timetrack/{FILE}"
    )
    selectors = {name: spec["selector"] for name, spec in blueprint.inputs.items()}
    assert timetrack_inputs(blueprint) == ["timetrack_user"]
    assert selectors["timetrack_user"]["device"]["filter"] == [{"integration": DOMAIN}]
    assert not selectors["timetrack_user"]["device"].get("multiple")
    assert selectors["person"]["entity"]["filter"] == [{"domain": ["person"]}]
    assert selectors["zone"]["entity"]["filter"] == [{"domain": ["zone"]}]
    # The blueprint calls only Home Assistant's and this integration's actions.
    text = (BLUEPRINT_DIR / FILE).read_text(encoding="utf-8")
    assert "timetrack.clock_in" in text
    assert "timetrack.start_project_timer" in text


# -- not clocked in ------------------------------------------------------------


@pytest.mark.freeze_time(at("08:20"))
@automation("forgot")
async def test_not_clocked_in_reminder_and_clock_in_button(day: Day) -> None:
    """In the office for 15 minutes, not clocked in: a reminder; Clock in clocks in."""
    assert day.state(ATTENDANCE) == STATE_OFF
    day.simulator.clear_requests()
    await day.move_to("08:30")
    await day.walk("office")
    reminder = await day.reminded_at("08:45:00", quiet_until="08:44:59")
    assert reminder.data["title"] == "Not clocked in"
    assert reminder.data["message"] == "Anna Berger is at Office but not clocked in."
    assert reminder.data["data"]["tag"] == f"timetrack-forgot-{AUTOMATION}"
    prefix = f"TIMETRACK_FORGOT|{AUTOMATION}|"
    sent = sent_at("08:45")
    assert buttons_of(reminder) == {
        "Clock in": f"{prefix}CLOCK_IN|{sent}",
        "Start Mobile App": f"{prefix}START|{sent}",
    }

    # Other notifications' buttons do nothing, nor do forged ones.
    await day.move_to("08:47")
    for forged in (
        "SOMETHING_ELSE",
        f"TIMETRACK_CLOCK_OUT|{ATTENDANCE}|{sent}",
        f"TIMETRACK_FORGOT|automation.other|CLOCK_IN|{sent}",
        f"{prefix}CLOCK_OUT|{sent}",
        f"{prefix}CLOCK_IN|soon",
        f"{prefix}CLOCK_IN|nan",
        f"{prefix}CLOCK_IN|{sent_at('09:00')}",  # from the future
        f"{prefix}CLOCK_IN|{sent}|x",
        f"{prefix}CLOCK_IN",
    ):
        await day.tap(forged)
    assert actions_sent(day.simulator) == []

    # The buttons keep working when the automations were reloaded meanwhile
    # (the automation was created anew; the reminder is not sent again).
    await reload_automations(day.hass)
    await day.move_to("08:50")
    await day.tap(buttons_of(reminder)["Clock in"])

    assert day.posted(CLOCK_IN) == anna_sent("08:50:00")
    assert day.state(ATTENDANCE) == STATE_ON
    assert day.simulator.attendance_timer("anna")["from"] == wire("08:50:00")
    assert day.simulator.requests_to(TIMER_START, "POST") == []
    # A second tap on the same button: she is clocked in, nothing is sent.
    await day.tap(buttons_of(reminder)["Clock in"])
    assert len(day.simulator.requests_to(CLOCK_IN, "POST")) == 1
    assert len(day.notifications) == 1


@pytest.mark.freeze_time(at("08:20"))
@automation("forgot", project=" Website ", client="Globex", task="Design")
async def test_start_button_clocks_in_and_starts_the_project(day: Day) -> None:
    """Not clocked in: "Start Website" clocks in and starts it, both at the tap."""
    await day.walk("office")
    await day.move_to("08:35")
    assert len(day.notifications) == 1
    start = buttons_of(day.notifications[0])["Start Website"]
    day.simulator.clear_requests()

    await day.move_to("08:52")
    await day.tap(start)

    assert day.posted(CLOCK_IN) == anna_sent("08:52:00")
    assert day.posted(TIMER_START) == anna_sent(
        "08:52:00", clientName="Globex", projectName="Website", taskName="Design"
    )
    assert day.state(ATTENDANCE) == STATE_ON
    assert day.state(PROJECT_TIMER) == "running"
    assert day.state(PROJECT) == "Globex / Website"
    assert day.simulator.project_timer("anna")["projectName"] == "Website"

    # Tapped again: clocked in, the project runs: nothing is sent.
    await day.tap(start)
    assert len(actions_sent(day.simulator)) == 2
    # Clocked in with a project running: no further reminder all day.
    await day.move_to("12:00")
    await day.move_to("17:59")
    assert len(day.notifications) == 1


# -- no project running --------------------------------------------------------


@pytest.mark.freeze_time(at("09:00"))
@automation("forgot")
async def test_no_project_reminder_and_start_button(day: Day) -> None:
    """Clocked in for 15 minutes without a project: a reminder; Start starts it."""
    assert day.state(PROJECT_TIMER) == "stopped"
    await day.clock_in()  # wherever she is: this reminder does not need the zone
    reminder = await day.reminded_at("09:15:00", quiet_until="09:14:59")
    assert reminder.data["title"] == "No project running"
    assert (
        reminder.data["message"]
        == "Anna Berger is clocked in, but no project timer is running."
    )
    assert reminder.data["data"]["tag"] == f"timetrack-forgot-{AUTOMATION}"
    assert buttons_of(reminder) == {
        "Start Mobile App": f"TIMETRACK_FORGOT|{AUTOMATION}|START|{sent_at('09:15')}"
    }
    day.simulator.clear_requests()

    await reload_automations(day.hass)
    await day.move_to("09:20")
    await day.tap(buttons_of(reminder)["Start Mobile App"])

    assert day.posted(TIMER_START) == anna_sent(
        "09:20:00", clientName="ACME", projectName="Mobile App"
    )
    assert day.simulator.requests_to("attendance_timer/", "POST") == []
    assert day.state(PROJECT_TIMER) == "running"
    assert day.state(PROJECT) == "ACME / Mobile App"
    await day.move_to("11:00")
    assert len(day.notifications) == 1


@pytest.mark.freeze_time(at("08:00"))
@automation("forgot")
async def test_no_reminder_while_a_project_runs_or_is_paused(day: Day) -> None:
    """Clocked in from the phone app before arriving, a project started: all quiet.

    A paused project is a break, not forgetting. Stopping the project (and
    staying clocked in) begins a new stretch without one: reminded again.
    """
    day.at_work_in_app("08:00", "08:05", clientName="ACME", projectName="Website")
    await day.move_to("08:06")  # the next poll sees both
    assert day.state(ATTENDANCE) == STATE_ON
    assert day.state(PROJECT_TIMER) == "running"
    await day.walk("office")
    await day.move_to("09:00")

    await day.call(DOMAIN, "pause_project_timer", {})
    await day.move_to("12:00")
    assert day.state(PROJECT_TIMER) == "paused"
    assert day.notifications == []

    # Stopped after the break: 15 minutes without a project from now on.
    await day.call(DOMAIN, "stop_project_timer", {})
    reminder = await day.reminded_at("12:15:00", quiet_until="12:14:59")
    assert reminder.data["title"] == "No project running"
    await day.move_to("17:00")
    assert len(day.notifications) == 1


# -- when not to remind --------------------------------------------------------


@pytest.mark.freeze_time(at("07:00", SATURDAY))
@automation("forgot")
async def test_no_reminder_outside_working_hours(day: Day) -> None:
    """Saturday in the office, clocked in without a project; Monday evening: quiet."""
    await day.walk("office")
    await day.move_to("10:00", SATURDAY)
    await day.clock_in()
    await day.move_to("12:00", SATURDAY)
    await day.call(DOMAIN, "clock_out", {})
    await day.walk("park")
    await day.move_to("18:30", SATURDAY)
    assert day.notifications == []

    # Monday after work (18:00): in the office, then clocked in, no reminder.
    await day.move_to("18:05", NEXT_MONDAY)
    await day.walk("office")
    await day.move_to("19:00", NEXT_MONDAY)
    await day.clock_in()
    await day.move_to("23:59", NEXT_MONDAY)
    assert day.notifications == []


@pytest.mark.freeze_time(at("07:00", SATURDAY))
@automation("forgot", weekdays=EVERY_DAY, after="00:00:00", before="00:00:00")
async def test_working_hours_all_day_every_day(day: Day) -> None:
    """The same start and end time means all day: a Saturday morning reminds."""
    await day.walk("office")
    await day.move_to("07:15", SATURDAY)
    assert [call.data["title"] for call in day.notifications] == ["Not clocked in"]


@pytest.mark.freeze_time(at("07:30"))
@automation("forgot")
async def test_reminder_when_working_hours_begin(day: Day) -> None:
    """In the office before 08:00: reminded 15 minutes into the working hours."""
    await day.walk("office")
    await day.move_to("07:59")
    await day.move_to("08:00")
    reminder = await day.reminded_at("08:15", quiet_until="08:14:30")
    assert reminder.data["title"] == "Not clocked in"


@pytest.mark.freeze_time(at("07:50"))
@automation("forgot")
async def test_no_reminder_when_clocked_in(day: Day) -> None:
    """Clocked in soon after arriving (from the phone app): no "not clocked in"."""
    await day.move_to("08:30")
    await day.walk("office")
    day.at_work_in_app("08:40", "08:40", clientName="Initech", projectName="Support")
    await day.move_to("08:41")  # the next poll sees it
    day.simulator.clear_requests()
    await day.move_to("09:30")

    assert day.notifications == []
    assert actions_sent(day.simulator) == []


# -- once for each situation -----------------------------------------------------


@pytest.mark.freeze_time(at("08:00"))
@automation("forgot")
async def test_reminded_once_for_each_arrival(day: Day) -> None:
    """In the office all morning: one reminder, whatever the phone or a reload do."""
    await day.walk("office")
    await day.move_to("08:15")
    assert len(day.notifications) == 1

    # The phone reports new fixes inside the zone; the automations are reloaded.
    for minute in range(20, 60, 10):
        await day.move_to(f"08:{minute}")
        phone_at(day.hass, "office", accuracy=minute)
        await day.settle()
    await reload_automations(day.hass)
    await day.move_to("11:55")
    assert len(day.notifications) == 1

    # Lunch outside; back in the office, still not clocked in: a new arrival.
    await day.walk("park")
    await day.move_to("12:45")
    await day.walk("office")
    await day.move_to("13:00")
    assert len(day.notifications) == 2
    assert day.notifications[1].data["title"] == "Not clocked in"
    first, second = (buttons_of(call)["Clock in"] for call in day.notifications)
    assert first != second
    await day.move_to("17:59")
    assert len(day.notifications) == 2


@pytest.mark.freeze_time(at("08:00"))
@automation("forgot")
async def test_reminded_once_for_each_clock_in(day: Day) -> None:
    """Clocked in all day without a project: one reminder, reload or not."""
    await day.clock_in()
    await day.move_to("08:15")
    assert len(day.notifications) == 1
    await reload_automations(day.hass)
    await day.move_to("12:00")
    await day.move_to("17:00")
    assert len(day.notifications) == 1

    # Clocked out and in again: a new clock-in, a new reminder.
    await day.call(DOMAIN, "clock_out", {})
    await day.move_to("17:10")
    await day.clock_in()
    await day.move_to("17:25")
    assert len(day.notifications) == 2


# -- the buttons -----------------------------------------------------------------


@pytest.mark.freeze_time(at("08:30"))
@automation("forgot", button_timeout={"minutes": 30})
async def test_buttons_expire(day: Day) -> None:
    """Buttons older than "Buttons work for" (30 minutes) do nothing."""
    await day.walk("office")
    await day.move_to("08:45")
    buttons = buttons_of(day.notifications[0])
    day.simulator.clear_requests()

    await day.move_to("09:15:01")
    await day.tap(buttons["Clock in"])
    await day.tap(buttons["Start Mobile App"])

    assert actions_sent(day.simulator) == []
    assert day.state(ATTENDANCE) == STATE_OFF


@pytest.mark.freeze_time(at("08:30"))
@automation("forgot")
async def test_buttons_do_only_what_is_left_to_do(day: Day) -> None:
    """Clocked in and a project started in the phone app: the buttons send nothing."""
    await day.walk("office")
    await day.move_to("08:45")
    buttons = buttons_of(day.notifications[0])
    day.at_work_in_app("08:46", "08:46", clientName="Initech", projectName="Support")
    await day.move_to("08:47")  # the next poll sees it
    assert day.state(PROJECT_TIMER) == "running"
    day.simulator.clear_requests()

    await day.tap(buttons["Clock in"])
    await day.tap(buttons["Start Mobile App"])

    assert actions_sent(day.simulator) == []
    assert day.simulator.project_timer("anna")["projectName"] == "Support"


@pytest.mark.freeze_time(at("08:30"))
@automation("forgot", notify_action="notify.team_chat")
async def test_other_notify_actions_get_no_buttons(day: Day) -> None:
    """A notify action that is not the Companion app's gets title and message only."""
    team_chat = capture_notify(day.hass, "team_chat")
    await day.walk("office")
    await day.move_to("08:45")
    await day.clock_in()
    await day.move_to("09:00")

    assert [call.data for call in team_chat] == [
        {
            "title": "Not clocked in",
            "message": "Anna Berger is at Office but not clocked in.",
        },
        {
            "title": "No project running",
            "message": "Anna Berger is clocked in, but no project timer is running.",
        },
    ]
    assert day.notifications == []


@pytest.mark.freeze_time(at("08:30"))
@automation(
    "forgot",
    project="",
    title_not_clocked_in="Hello {{ user }}",
    message_not_clocked_in="You are at {{ place }}.",
)
async def test_without_a_project_no_start_button(day: Day) -> None:
    """No project chosen: "Clock in" only, then a reminder without buttons."""
    await day.walk("office")
    await day.move_to("08:45")
    assert day.notifications[0].data["title"] == "Hello Anna Berger"
    assert day.notifications[0].data["message"] == "You are at Office."
    assert list(buttons_of(day.notifications[0])) == ["Clock in"]
    clock_in_button = buttons_of(day.notifications[0])["Clock in"]

    # A Start button forged from it does nothing.
    await day.tap(clock_in_button.replace("|CLOCK_IN|", "|START|"))
    assert actions_sent(day.simulator) == []

    await day.tap(clock_in_button)
    await day.move_to("09:00")
    assert len(day.notifications) == 2
    assert day.notifications[1].data["title"] == "No project running"
    assert day.notifications[1].data["data"]["actions"] == []
    assert len(actions_sent(day.simulator)) == len(day.posted(CLOCK_IN)) == 1


@pytest.mark.freeze_time(at("08:55"))
@pytest.mark.usefixtures("presence")
async def test_each_automation_has_its_own_buttons(
    day: Day, add_forgot: AddAutomations
) -> None:
    """Two automations for Anna: a tap on one's button leaves the other alone."""
    await add_forgot(
        {},
        {"alias": "Forgot to track at home", "zone": HOME, "project": "Intranet"},
    )
    await day.clock_in()
    await day.move_to("09:10")
    assert len(day.notifications) == 2
    buttons = {
        title: action
        for call in day.notifications
        for title, action in buttons_of(call).items()
    }
    assert buttons["Start Intranet"].startswith(
        "TIMETRACK_FORGOT|automation.forgot_to_track_at_home|START|"
    )
    day.simulator.clear_requests()

    await day.tap(buttons["Start Intranet"])
    await day.tap(buttons["Start Mobile App"])  # a project runs by now

    assert day.posted(TIMER_START) == anna_sent(
        "09:10:00", clientName="Globex", projectName="Intranet"
    )
    assert len(actions_sent(day.simulator)) == 1


# -- inputs ------------------------------------------------------------------------


@pytest.mark.freeze_time(at("07:00"))
@automation("forgot", zone=HOME)
async def test_home_zone_during_working_hours(day: Day) -> None:
    """Working from home: reminded each working morning, not in the evening."""
    await day.walk("home")
    await day.move_to("08:00")
    await day.move_to("08:15")
    assert len(day.notifications) == 1
    assert day.notifications[0].data["message"] == (
        "Anna Berger is at test home but not clocked in."
    )

    # She took the day off; still at home the next morning: reminded again.
    await day.move_to("18:00")
    await day.move_to("23:00")
    assert len(day.notifications) == 1
    await day.move_to("08:00", "2026-02-10")
    await day.move_to("08:15", "2026-02-10")
    assert len(day.notifications) == 2


@pytest.mark.freeze_time(at("08:30"))
@pytest.mark.parametrize(
    ("forgot", "titles"),
    [
        ({"remind_not_clocked_in": {"minutes": 0}}, ["No project running"]),
        ({"remind_no_project": {"hours": 0}}, ["Not clocked in"]),
        ({"remind_not_clocked_in": {"minutes": 45}}, ["No project running"]),
        (
            {
                "remind_not_clocked_in": {"minutes": 5},
                "remind_no_project": {"hours": 1},
            },
            ["Not clocked in", "No project running"],
        ),
    ],
    indirect=["forgot"],
)
@automation("forgot")
async def test_remind_after(day: Day, titles: list[str]) -> None:
    """Each reminder waits its own time; 0 turns it off."""
    await day.walk("office")
    await day.move_to("08:59")
    await day.clock_in()
    await day.move_to("09:30")
    await day.move_to("10:30")

    assert [call.data["title"] for call in day.notifications] == titles


@pytest.mark.freeze_time(at("19:00"))
@automation("forgot", weekdays=EVERY_DAY, after="20:00", before="6:00")
async def test_working_hours_span_midnight(day: Day) -> None:
    """A night shift (20:00 to 06:00): reminded at 20:15 and after midnight."""
    await day.walk("office")
    await day.move_to("20:00")
    await day.move_to("20:14")
    assert day.notifications == []
    await day.move_to("20:15")
    assert [call.data["title"] for call in day.notifications] == ["Not clocked in"]

    await day.move_to("23:59")
    await day.clock_in()
    await day.move_to("00:14", "2026-02-10")
    await day.move_to("00:15", "2026-02-10")
    assert [call.data["title"] for call in day.notifications] == [
        "Not clocked in",
        "No project running",
    ]
    # At 06:00 the working hours end.
    await day.call(DOMAIN, "clock_out", {})
    await day.move_to("05:50", "2026-02-10")
    await day.clock_in()
    # The clock passes 06:00 on its way, as it does in life: one jump past the
    # end of the hours and past the reminder's due time would leave the order
    # of the two to Home Assistant's timers.
    await day.move_to("06:00", "2026-02-10")
    await day.move_to("07:00", "2026-02-10")
    assert len(day.notifications) == 2


@pytest.mark.freeze_time(at("09:00"))
@automation("forgot")
async def test_timetrack_unreachable_for_a_while_is_not_a_new_clock_in(
    day: Day,
) -> None:
    """The project timer unknown for a while (TimeTrack down): no second reminder."""
    await day.clock_in()
    await day.move_to("09:15")
    assert len(day.notifications) == 1

    await day.simulator.go_down()
    await day.move_to("09:31")
    assert day.state(PROJECT_TIMER) == "unavailable"
    await day.move_to("09:50")
    await day.simulator.come_back()
    await day.move_to("09:51")
    await day.move_to("09:52")
    assert day.state(PROJECT_TIMER) == "stopped"
    assert day.state(ATTENDANCE) == STATE_ON
    await day.move_to("11:00")

    assert len(day.notifications) == 1
