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

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path
import shutil
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import Credentials
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.components.blueprint import BlueprintInputs
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall, State, callback
from homeassistant.helpers import device_registry as dr, selector
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    CLIENT_ID,
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
import yaml

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

BLUEPRINT_DIR = Path(__file__).parents[2] / "blueprints" / "automation" / "timetrack"
FILE = "forgot_to_track.yaml"
SOURCE_URL = (
    "https://github.com/timetrack-homeassistant/timetrack/blob/main/"
    "blueprints/automation/timetrack/forgot_to_track.yaml"
)

VIENNA = ZoneInfo("Europe/Vienna")
MONDAY = "2026-02-09"  # winter: Vienna is UTC+1
SATURDAY = "2026-02-14"
NEXT_MONDAY = "2026-02-16"

ATTENDANCE = "switch.anna_berger_attendance"
PROJECT_TIMER = "sensor.anna_berger_project_timer"
PROJECT_SELECT = "select.anna_berger_project"
AUTOMATION = "automation.forgot_to_track"
TRACKER = "device_tracker.annas_phone"
PERSON = "person.anna"
OFFICE = "zone.office"
HOME = "zone.home"
OFFICE_LOCATION = {"latitude": 48.2082, "longitude": 16.3738}
PARK_LOCATION = {"latitude": 48.2150, "longitude": 16.3600}
PHONE = "notify.mobile_app_annas_phone"

CLOCK_IN = "attendance_timer/start"
CLOCK_OUT = "attendance_timer/stop"
TIMER_START = "project_timer/start"


def at(clock: str, day: str = MONDAY) -> datetime:
    """An aware time in Vienna."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=VIENNA)


def wire(clock: str, day: str = MONDAY) -> str:
    """How TimeTrack writes a local wall-clock time (the Z is not UTC)."""
    return f"{day}T{clock}.000Z"


def sent_at(clock: str, day: str = MONDAY) -> int:
    """The time a reminder was sent, as its buttons carry it."""
    return int(at(clock, day).timestamp())


def posted(simulator: Simulator, suffix: str) -> list[dict[str, Any]]:
    """The bodies of the POST requests to `suffix` the simulator applied."""
    return [
        request.body
        for request in simulator.requests_to(suffix, "POST")
        if request.status == 200
    ]


def actions_sent(simulator: Simulator) -> list[Any]:
    """Every action (POST request) the simulator received."""
    return simulator.requests_to("", "POST")


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """The entity's state, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, f"{entity_id} has no state"
    return state


async def settle(hass: HomeAssistant) -> None:
    """Let everything that was started finish, the coordinator's polls included."""
    await hass.async_block_till_done(wait_background_tasks=True)


async def move_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Move the frozen clock to `when` and run whatever became due."""
    freezer.move_to(when)
    async_fire_time_changed(hass, dt_util.as_utc(when))
    await settle(hass)


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Iterator[Path]:
    """A configuration directory holding this project's blueprints."""
    shutil.copytree(BLUEPRINT_DIR, tmp_path / "blueprints" / "automation" / "timetrack")
    original = hass.config.config_dir
    hass.config.config_dir = str(tmp_path)
    yield tmp_path
    hass.config.config_dir = original


def anna_device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The device of the tracked user anna."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{entry.unique_id}:anna"), entry.entry_id
    )
    assert device is not None
    return device.id


type AddAutomations = Callable[..., Awaitable[None]]


@pytest.fixture
async def add_automations(
    hass: HomeAssistant,
    config_dir: Path,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    hass_admin_credential: Credentials,
) -> AsyncIterator[AddAutomations]:
    """Create automations from the blueprint, in configuration.yaml.

    Each argument holds one automation's inputs besides Anna's defaults (her
    person, the office, her TimeTrack user, her phone, the project Mobile
    App), and may name it with "alias". At the end of the test, every run of
    every automation must have ended without an error (as its traces tell):
    a blueprint that relies on the integration refusing a pointless action
    would fail here.
    """
    ids: list[str] = []

    async def add(*automations: dict[str, Any]) -> None:
        config = []
        for number, given in enumerate(automations or ({},)):
            inputs = {
                "person": PERSON,
                "zone": OFFICE,
                "timetrack_user": anna_device_id(hass, setup_integration),
                "notify_action": PHONE,
                "project": "Mobile App",
                **given,
            }
            alias = inputs.pop("alias", "Forgot to track")
            config.append(
                {
                    "id": f"forgot_{number}",
                    "alias": alias,
                    "use_blueprint": {"path": f"timetrack/{FILE}", "input": inputs},
                }
            )
            ids.append(f"forgot_{number}")
        # Written down, so that automation.reload finds them again.
        (config_dir / "configuration.yaml").write_text(
            yaml.safe_dump({"automation": config}), encoding="utf-8"
        )
        assert await async_setup_component(hass, "automation", {"automation": config})
        await settle(hass)
        for entity_id in hass.states.async_entity_ids("automation"):
            assert state_of(hass, entity_id).state == STATE_ON

    yield add
    if ids:
        # A fresh login: the clock has moved on since the test began.
        refresh_token = await hass.auth.async_create_refresh_token(
            hass_admin_user, CLIENT_ID, credential=hass_admin_credential
        )
        client = await hass_ws_client(
            hass, hass.auth.async_create_access_token(refresh_token)
        )
        for item_id in ids:
            await client.send_json_auto_id(
                {"type": "trace/list", "domain": "automation", "item_id": item_id}
            )
            answer = await client.receive_json()
            assert answer["success"], answer
            failed = [
                trace
                for trace in answer["result"]
                if trace.get("error") or trace.get("script_execution") == "error"
            ]
            assert failed == [], f"a run of {item_id} ended in an error"
        # Detach the triggers before Home Assistant stops.
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": "all"}, blocking=True
        )


# -- Anna, her phone and her day -----------------------------------------------


@pytest.fixture
async def presence(hass: HomeAssistant) -> None:
    """An office zone (and home); Anna (a person) tracked by her phone, in the park."""
    assert await async_setup_component(
        hass,
        "zone",
        {"zone": [{"name": "Office", **OFFICE_LOCATION, "radius": 150}]},
    )
    phone_at(hass, "park")
    assert await async_setup_component(
        hass,
        "person",
        {"person": [{"id": "anna", "name": "Anna", "device_trackers": [TRACKER]}]},
    )
    await hass.async_block_till_done()
    assert state_of(hass, PERSON).attributes["in_zones"] == []


@callback
def phone_at(hass: HomeAssistant, where: str, accuracy: int = 10) -> None:
    """Anna's phone reports a GPS fix at home, in the office or in the park."""
    places = {
        "office": ("Office", OFFICE_LOCATION, [OFFICE]),
        "home": (
            "home",
            {"latitude": hass.config.latitude, "longitude": hass.config.longitude},
            [HOME],
        ),
        "park": ("not_home", PARK_LOCATION, []),
    }
    state, location, in_zones = places[where]
    hass.states.async_set(
        TRACKER,
        state,
        {
            "source_type": "gps",
            "gps_accuracy": accuracy,
            **location,
            "in_zones": in_zones,
        },
    )


async def walk(hass: HomeAssistant, where: str) -> None:
    """Anna walks home, into the office or out to the park."""
    phone_at(hass, where)
    await settle(hass)
    in_zones = state_of(hass, PERSON).attributes["in_zones"]
    assert in_zones == ({"office": [OFFICE], "home": [HOME]}.get(where, []))


@pytest.fixture
def notifications(hass: HomeAssistant) -> list[ServiceCall]:
    """Calls of Anna's phone's notify action (a stand-in for the Companion app)."""
    return capture_notify(hass, "mobile_app_annas_phone")


def capture_notify(hass: HomeAssistant, service: str) -> list[ServiceCall]:
    """Register notify.`service`, keeping its calls."""
    calls: list[ServiceCall] = []

    @callback
    def capture(call: ServiceCall) -> None:
        calls.append(call)

    hass.services.async_register("notify", service, capture)
    return calls


def buttons_of(call: ServiceCall) -> dict[str, str]:
    """The notification's buttons: title to action id."""
    return {
        button["title"]: str(button["action"])
        for button in call.data["data"]["actions"]
    }


async def tap(hass: HomeAssistant, action: str) -> None:
    """The Companion app reports a tap on a notification button."""
    hass.bus.async_fire("mobile_app_notification_action", {"action": action})
    await settle(hass)


async def clock_in(hass: HomeAssistant) -> None:
    """Anna clocks in from Home Assistant."""
    await hass.services.async_call(DOMAIN, "clock_in", {}, blocking=True)
    await settle(hass)
    assert state_of(hass, ATTENDANCE).state == STATE_ON


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
    add_automations: AddAutomations,
    request: pytest.FixtureRequest,
) -> None:
    """The blueprint for Anna with its defaults (other inputs from `param`)."""
    await add_automations(getattr(request, "param", {}))


# -- the blueprint -------------------------------------------------------------


async def test_blueprint_loads(hass: HomeAssistant, config_dir: Path) -> None:
    """Home Assistant accepts the blueprint; its inputs are complete and sensible."""
    blueprint = await async_get_blueprints(hass).async_get_blueprint(
        f"timetrack/{FILE}"
    )

    assert blueprint.domain == "automation"
    assert blueprint.name == "TimeTrack: forgot to track"
    assert blueprint.metadata["description"]
    assert blueprint.metadata["author"]
    assert blueprint.metadata["source_url"] == SOURCE_URL
    assert blueprint.metadata["homeassistant"]["min_version"] == "2026.10.0"
    assert blueprint.validate() is None  # the running version is new enough
    for name, spec in blueprint.inputs.items():
        assert spec.get("name"), name
        schema = selector.selector(spec["selector"])
        if spec.get("default") not in (None, ""):
            schema(spec["default"])  # each default suits its own selector
    text = (BLUEPRINT_DIR / FILE).read_text(encoding="utf-8")
    assert "!input" in text
    assert "TODO" not in text

    # Without its required inputs an automation from it does not start.
    inputs = BlueprintInputs(
        blueprint, {"use_blueprint": {"path": f"timetrack/{FILE}", "input": {}}}
    )
    with pytest.raises(Exception, match="Missing input"):
        inputs.validate()
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

    timetrack = [
        name
        for name, spec in selectors.items()
        if any(
            flt.get("integration") == DOMAIN
            for kind in ("device", "entity")
            for flt in (spec.get(kind) or {}).get("filter", [])
        )
    ]
    assert timetrack == ["timetrack_user"]
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
@pytest.mark.usefixtures("forgot")
async def test_not_clocked_in_reminder_and_clock_in_button(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """In the office for 15 minutes, not clocked in: a reminder; Clock in clocks in."""
    assert state_of(hass, ATTENDANCE).state == STATE_OFF
    simulator.clear_requests()
    await move_to(hass, freezer, at("08:30"))
    await walk(hass, "office")
    await move_to(hass, freezer, at("08:44:59"))
    assert notifications == []

    await move_to(hass, freezer, at("08:45:00"))
    assert len(notifications) == 1
    reminder = notifications[0]
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
    await move_to(hass, freezer, at("08:47"))
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
        await tap(hass, forged)
    assert actions_sent(simulator) == []

    # The buttons keep working when the automations were reloaded meanwhile
    # (the automation was created anew; the reminder is not sent again).
    await reload_automations(hass)
    await move_to(hass, freezer, at("08:50"))
    await tap(hass, buttons_of(reminder)["Clock in"])

    assert posted(simulator, CLOCK_IN) == [
        {"username": "anna", "date": wire("08:50:00")}
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_ON
    assert simulator.attendance_timer("anna")["from"] == wire("08:50:00")
    assert simulator.requests_to(TIMER_START, "POST") == []
    # A second tap on the same button: she is clocked in, nothing is sent.
    await tap(hass, buttons_of(reminder)["Clock in"])
    assert len(simulator.requests_to(CLOCK_IN, "POST")) == 1
    assert len(notifications) == 1


@pytest.mark.freeze_time(at("08:20"))
@pytest.mark.parametrize(
    "forgot",
    [{"project": " Website ", "client": "Globex", "task": "Design"}],
    indirect=True,
)
@pytest.mark.usefixtures("forgot")
async def test_start_button_clocks_in_and_starts_the_project(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Not clocked in: "Start Website" clocks in and starts it, both at the tap."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("08:35"))
    assert len(notifications) == 1
    start = buttons_of(notifications[0])["Start Website"]
    simulator.clear_requests()

    await move_to(hass, freezer, at("08:52"))
    await tap(hass, start)

    assert posted(simulator, CLOCK_IN) == [
        {"username": "anna", "date": wire("08:52:00")}
    ]
    assert posted(simulator, TIMER_START) == [
        {
            "username": "anna",
            "date": wire("08:52:00"),
            "clientName": "Globex",
            "projectName": "Website",
            "taskName": "Design",
        }
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_ON
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert state_of(hass, PROJECT_SELECT).state == "Globex / Website"
    assert simulator.project_timer("anna")["projectName"] == "Website"

    # Tapped again: clocked in, the project runs: nothing is sent.
    await tap(hass, start)
    assert len(actions_sent(simulator)) == 2
    # Clocked in with a project running: no further reminder all day.
    await move_to(hass, freezer, at("12:00"))
    await move_to(hass, freezer, at("17:59"))
    assert len(notifications) == 1


# -- no project running --------------------------------------------------------


@pytest.mark.freeze_time(at("09:00"))
@pytest.mark.usefixtures("forgot")
async def test_no_project_reminder_and_start_button(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Clocked in for 15 minutes without a project: a reminder; Start starts it."""
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    await clock_in(hass)  # wherever she is: this reminder does not need the zone
    await move_to(hass, freezer, at("09:14:59"))
    assert notifications == []

    await move_to(hass, freezer, at("09:15:00"))
    assert len(notifications) == 1
    reminder = notifications[0]
    assert reminder.data["title"] == "No project running"
    assert (
        reminder.data["message"]
        == "Anna Berger is clocked in, but no project timer is running."
    )
    assert reminder.data["data"]["tag"] == f"timetrack-forgot-{AUTOMATION}"
    assert buttons_of(reminder) == {
        "Start Mobile App": f"TIMETRACK_FORGOT|{AUTOMATION}|START|{sent_at('09:15')}"
    }
    simulator.clear_requests()

    await reload_automations(hass)
    await move_to(hass, freezer, at("09:20"))
    await tap(hass, buttons_of(reminder)["Start Mobile App"])

    assert posted(simulator, TIMER_START) == [
        {
            "username": "anna",
            "date": wire("09:20:00"),
            "clientName": "ACME",
            "projectName": "Mobile App",
        }
    ]
    assert simulator.requests_to("attendance_timer/", "POST") == []
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert state_of(hass, PROJECT_SELECT).state == "ACME / Mobile App"
    await move_to(hass, freezer, at("11:00"))
    assert len(notifications) == 1


@pytest.mark.freeze_time(at("08:00"))
@pytest.mark.usefixtures("forgot")
async def test_no_reminder_while_a_project_runs_or_is_paused(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Clocked in from the phone app before arriving, a project started: all quiet.

    A paused project is a break, not forgetting. Stopping the project (and
    staying clocked in) begins a new stretch without one: reminded again.
    """
    simulator.act("anna", CLOCK_IN, at("08:00").replace(tzinfo=None))
    simulator.act(
        "anna",
        TIMER_START,
        at("08:05").replace(tzinfo=None),
        clientName="ACME",
        projectName="Website",
    )
    await move_to(hass, freezer, at("08:06"))  # the next poll sees both
    assert state_of(hass, ATTENDANCE).state == STATE_ON
    assert state_of(hass, PROJECT_TIMER).state == "running"
    await walk(hass, "office")
    await move_to(hass, freezer, at("09:00"))

    await hass.services.async_call(DOMAIN, "pause_project_timer", {}, blocking=True)
    await move_to(hass, freezer, at("12:00"))
    assert state_of(hass, PROJECT_TIMER).state == "paused"
    assert notifications == []

    # Stopped after the break: 15 minutes without a project from now on.
    await hass.services.async_call(DOMAIN, "stop_project_timer", {}, blocking=True)
    await move_to(hass, freezer, at("12:14:59"))
    assert notifications == []
    await move_to(hass, freezer, at("12:15:00"))
    assert len(notifications) == 1
    assert notifications[0].data["title"] == "No project running"
    await move_to(hass, freezer, at("17:00"))
    assert len(notifications) == 1


# -- when not to remind --------------------------------------------------------


@pytest.mark.freeze_time(at("07:00", SATURDAY))
@pytest.mark.usefixtures("forgot")
async def test_no_reminder_outside_working_hours(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Saturday in the office, clocked in without a project; Monday evening: quiet."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("10:00", SATURDAY))
    await clock_in(hass)
    await move_to(hass, freezer, at("12:00", SATURDAY))
    await hass.services.async_call(DOMAIN, "clock_out", {}, blocking=True)
    await walk(hass, "park")
    await move_to(hass, freezer, at("18:30", SATURDAY))
    assert notifications == []

    # Monday after work (18:00): in the office, then clocked in, no reminder.
    await move_to(hass, freezer, at("18:05", NEXT_MONDAY))
    await walk(hass, "office")
    await move_to(hass, freezer, at("19:00", NEXT_MONDAY))
    await clock_in(hass)
    await move_to(hass, freezer, at("23:59", NEXT_MONDAY))
    assert notifications == []


@pytest.mark.freeze_time(at("07:00", SATURDAY))
@pytest.mark.parametrize(
    "forgot",
    [
        {
            "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "after": "00:00:00",
            "before": "00:00:00",
        }
    ],
    indirect=True,
)
@pytest.mark.usefixtures("forgot")
async def test_working_hours_all_day_every_day(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    notifications: list[ServiceCall],
) -> None:
    """The same start and end time means all day: a Saturday morning reminds."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("07:15", SATURDAY))
    assert [call.data["title"] for call in notifications] == ["Not clocked in"]


@pytest.mark.freeze_time(at("07:30"))
@pytest.mark.usefixtures("forgot")
async def test_reminder_when_working_hours_begin(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """In the office before 08:00: reminded 15 minutes into the working hours."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("07:59"))
    await move_to(hass, freezer, at("08:00"))
    await move_to(hass, freezer, at("08:14:30"))
    assert notifications == []

    await move_to(hass, freezer, at("08:15"))
    assert len(notifications) == 1
    assert notifications[0].data["title"] == "Not clocked in"


@pytest.mark.freeze_time(at("07:50"))
@pytest.mark.usefixtures("forgot")
async def test_no_reminder_when_clocked_in(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Clocked in soon after arriving (from the phone app): no "not clocked in"."""
    await move_to(hass, freezer, at("08:30"))
    await walk(hass, "office")
    simulator.act("anna", CLOCK_IN, at("08:40").replace(tzinfo=None))
    simulator.act(
        "anna",
        TIMER_START,
        at("08:40").replace(tzinfo=None),
        clientName="Initech",
        projectName="Support",
    )
    await move_to(hass, freezer, at("08:41"))  # the next poll sees it
    simulator.clear_requests()
    await move_to(hass, freezer, at("09:30"))

    assert notifications == []
    assert actions_sent(simulator) == []


# -- once for each situation -----------------------------------------------------


@pytest.mark.freeze_time(at("08:00"))
@pytest.mark.usefixtures("forgot")
async def test_reminded_once_for_each_arrival(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """In the office all morning: one reminder, whatever the phone or a reload do."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("08:15"))
    assert len(notifications) == 1

    # The phone reports new fixes inside the zone; the automations are reloaded.
    for minute in range(20, 60, 10):
        await move_to(hass, freezer, at(f"08:{minute}"))
        phone_at(hass, "office", accuracy=minute)
        await settle(hass)
    await reload_automations(hass)
    await move_to(hass, freezer, at("11:55"))
    assert len(notifications) == 1

    # Lunch outside; back in the office, still not clocked in: a new arrival.
    await walk(hass, "park")
    await move_to(hass, freezer, at("12:45"))
    await walk(hass, "office")
    await move_to(hass, freezer, at("13:00"))
    assert len(notifications) == 2
    assert notifications[1].data["title"] == "Not clocked in"
    first, second = (buttons_of(call)["Clock in"] for call in notifications)
    assert first != second
    await move_to(hass, freezer, at("17:59"))
    assert len(notifications) == 2


@pytest.mark.freeze_time(at("08:00"))
@pytest.mark.usefixtures("forgot")
async def test_reminded_once_for_each_clock_in(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Clocked in all day without a project: one reminder, reload or not."""
    await clock_in(hass)
    await move_to(hass, freezer, at("08:15"))
    assert len(notifications) == 1
    await reload_automations(hass)
    await move_to(hass, freezer, at("12:00"))
    await move_to(hass, freezer, at("17:00"))
    assert len(notifications) == 1

    # Clocked out and in again: a new clock-in, a new reminder.
    await hass.services.async_call(DOMAIN, "clock_out", {}, blocking=True)
    await move_to(hass, freezer, at("17:10"))
    await clock_in(hass)
    await move_to(hass, freezer, at("17:25"))
    assert len(notifications) == 2


# -- the buttons -----------------------------------------------------------------


@pytest.mark.freeze_time(at("08:30"))
@pytest.mark.parametrize("forgot", [{"button_timeout": {"minutes": 30}}], indirect=True)
@pytest.mark.usefixtures("forgot")
async def test_buttons_expire(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Buttons older than "Buttons work for" (30 minutes) do nothing."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("08:45"))
    buttons = buttons_of(notifications[0])
    simulator.clear_requests()

    await move_to(hass, freezer, at("09:15:01"))
    await tap(hass, buttons["Clock in"])
    await tap(hass, buttons["Start Mobile App"])

    assert actions_sent(simulator) == []
    assert state_of(hass, ATTENDANCE).state == STATE_OFF


@pytest.mark.freeze_time(at("08:30"))
@pytest.mark.usefixtures("forgot")
async def test_buttons_do_only_what_is_left_to_do(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Clocked in and a project started in the phone app: the buttons send nothing."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("08:45"))
    buttons = buttons_of(notifications[0])
    simulator.act("anna", CLOCK_IN, at("08:46").replace(tzinfo=None))
    simulator.act(
        "anna",
        TIMER_START,
        at("08:46").replace(tzinfo=None),
        clientName="Initech",
        projectName="Support",
    )
    await move_to(hass, freezer, at("08:47"))  # the next poll sees it
    assert state_of(hass, PROJECT_TIMER).state == "running"
    simulator.clear_requests()

    await tap(hass, buttons["Clock in"])
    await tap(hass, buttons["Start Mobile App"])

    assert actions_sent(simulator) == []
    assert simulator.project_timer("anna")["projectName"] == "Support"


@pytest.mark.freeze_time(at("08:30"))
@pytest.mark.parametrize(
    "forgot", [{"notify_action": "notify.team_chat"}], indirect=True
)
@pytest.mark.usefixtures("forgot")
async def test_other_notify_actions_get_no_buttons(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    notifications: list[ServiceCall],
) -> None:
    """A notify action that is not the Companion app's gets title and message only."""
    team_chat = capture_notify(hass, "team_chat")
    await walk(hass, "office")
    await move_to(hass, freezer, at("08:45"))
    await clock_in(hass)
    await move_to(hass, freezer, at("09:00"))

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
    assert notifications == []


@pytest.mark.freeze_time(at("08:30"))
@pytest.mark.parametrize(
    "forgot",
    [
        {
            "project": "",
            "title_not_clocked_in": "Hello {{ user }}",
            "message_not_clocked_in": "You are at {{ place }}.",
        }
    ],
    indirect=True,
)
@pytest.mark.usefixtures("forgot")
async def test_without_a_project_no_start_button(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """No project chosen: "Clock in" only, then a reminder without buttons."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("08:45"))
    assert notifications[0].data["title"] == "Hello Anna Berger"
    assert notifications[0].data["message"] == "You are at Office."
    assert list(buttons_of(notifications[0])) == ["Clock in"]
    clock_in_button = buttons_of(notifications[0])["Clock in"]

    # A Start button forged from it does nothing.
    await tap(hass, clock_in_button.replace("|CLOCK_IN|", "|START|"))
    assert actions_sent(simulator) == []

    await tap(hass, clock_in_button)
    await move_to(hass, freezer, at("09:00"))
    assert len(notifications) == 2
    assert notifications[1].data["title"] == "No project running"
    assert notifications[1].data["data"]["actions"] == []
    assert len(actions_sent(simulator)) == len(posted(simulator, CLOCK_IN)) == 1


@pytest.mark.freeze_time(at("08:55"))
@pytest.mark.usefixtures("presence")
async def test_each_automation_has_its_own_buttons(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
    add_automations: AddAutomations,
) -> None:
    """Two automations for Anna: a tap on one's button leaves the other alone."""
    await add_automations(
        {},
        {"alias": "Forgot to track at home", "zone": HOME, "project": "Intranet"},
    )
    await clock_in(hass)
    await move_to(hass, freezer, at("09:10"))
    assert len(notifications) == 2
    buttons = {
        title: action
        for call in notifications
        for title, action in buttons_of(call).items()
    }
    assert buttons["Start Intranet"].startswith(
        "TIMETRACK_FORGOT|automation.forgot_to_track_at_home|START|"
    )
    simulator.clear_requests()

    await tap(hass, buttons["Start Intranet"])
    await tap(hass, buttons["Start Mobile App"])  # a project runs by now

    assert posted(simulator, TIMER_START) == [
        {
            "username": "anna",
            "date": wire("09:10:00"),
            "clientName": "Globex",
            "projectName": "Intranet",
        }
    ]
    assert len(actions_sent(simulator)) == 1


# -- inputs ------------------------------------------------------------------------


@pytest.mark.freeze_time(at("07:00"))
@pytest.mark.parametrize("forgot", [{"zone": HOME}], indirect=True)
@pytest.mark.usefixtures("forgot")
async def test_home_zone_during_working_hours(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Working from home: reminded each working morning, not in the evening."""
    await walk(hass, "home")
    await move_to(hass, freezer, at("08:00"))
    await move_to(hass, freezer, at("08:15"))
    assert len(notifications) == 1
    assert notifications[0].data["message"] == (
        "Anna Berger is at test home but not clocked in."
    )

    # She took the day off; still at home the next morning: reminded again.
    await move_to(hass, freezer, at("18:00"))
    await move_to(hass, freezer, at("23:00"))
    assert len(notifications) == 1
    await move_to(hass, freezer, at("08:00", "2026-02-10"))
    await move_to(hass, freezer, at("08:15", "2026-02-10"))
    assert len(notifications) == 2


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
@pytest.mark.usefixtures("forgot")
async def test_remind_after(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    notifications: list[ServiceCall],
    titles: list[str],
) -> None:
    """Each reminder waits its own time; 0 turns it off."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("08:59"))
    await clock_in(hass)
    await move_to(hass, freezer, at("09:30"))
    await move_to(hass, freezer, at("10:30"))

    assert [call.data["title"] for call in notifications] == titles


@pytest.mark.freeze_time(at("19:00"))
@pytest.mark.parametrize(
    "forgot",
    [
        {
            "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "after": "20:00",
            "before": "6:00",
        }
    ],
    indirect=True,
)
@pytest.mark.usefixtures("forgot")
async def test_working_hours_span_midnight(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """A night shift (20:00 to 06:00): reminded at 20:15 and after midnight."""
    await walk(hass, "office")
    await move_to(hass, freezer, at("20:00"))
    await move_to(hass, freezer, at("20:14"))
    assert notifications == []
    await move_to(hass, freezer, at("20:15"))
    assert [call.data["title"] for call in notifications] == ["Not clocked in"]

    await move_to(hass, freezer, at("23:59"))
    await clock_in(hass)
    await move_to(hass, freezer, at("00:14", "2026-02-10"))
    await move_to(hass, freezer, at("00:15", "2026-02-10"))
    assert [call.data["title"] for call in notifications] == [
        "Not clocked in",
        "No project running",
    ]
    # At 06:00 the working hours end.
    await hass.services.async_call(DOMAIN, "clock_out", {}, blocking=True)
    await move_to(hass, freezer, at("05:50", "2026-02-10"))
    await clock_in(hass)
    await move_to(hass, freezer, at("07:00", "2026-02-10"))
    assert len(notifications) == 2


@pytest.mark.freeze_time(at("09:00"))
@pytest.mark.usefixtures("forgot")
async def test_timetrack_unreachable_for_a_while_is_not_a_new_clock_in(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """The project timer unknown for a while (TimeTrack down): no second reminder."""
    await clock_in(hass)
    await move_to(hass, freezer, at("09:15"))
    assert len(notifications) == 1

    await simulator.go_down()
    await move_to(hass, freezer, at("09:31"))
    assert state_of(hass, PROJECT_TIMER).state == "unavailable"
    await move_to(hass, freezer, at("09:50"))
    await simulator.come_back()
    await move_to(hass, freezer, at("09:51"))
    await move_to(hass, freezer, at("09:52"))
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert state_of(hass, ATTENDANCE).state == STATE_ON
    await move_to(hass, freezer, at("11:00"))

    assert len(notifications) == 1
