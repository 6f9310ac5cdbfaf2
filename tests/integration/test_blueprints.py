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

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

BLUEPRINT_DIR = Path(__file__).parents[2] / "blueprints" / "automation" / "timetrack"
BLUEPRINT_FILES = sorted(path.name for path in BLUEPRINT_DIR.glob("*.yaml"))
SOURCE_URL = (
    "https://github.com/timetrack-homeassistant/timetrack/blob/main/"
    "blueprints/automation/timetrack/{file}"
)

VIENNA = ZoneInfo("Europe/Vienna")
MONDAY = "2026-02-09"  # winter: Vienna is UTC+1
SATURDAY = "2026-02-14"

ATTENDANCE = "switch.anna_berger_attendance"
PROJECT_TIMER = "sensor.anna_berger_project_timer"
PROJECT_SELECT = "select.anna_berger_project"
AUTOMATION = "automation.timetrack_test"
TRACKER = "device_tracker.annas_phone"
PERSON = "person.anna"
OFFICE = "zone.office"
OFFICE_LOCATION = {"latitude": 48.2082, "longitude": 16.3738}
PARK_LOCATION = {"latitude": 48.2150, "longitude": 16.3600}

CLOCK_IN = "attendance_timer/start"
CLOCK_OUT = "attendance_timer/stop"
TIMER_START = "project_timer/start"
TIMER_STOP = "project_timer/stop"


def at(clock: str, day: str = MONDAY) -> datetime:
    """An aware time in Vienna."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=VIENNA)


def wire(clock: str, day: str = MONDAY) -> str:
    """How TimeTrack writes a local wall-clock time (the Z is not UTC)."""
    return f"{day}T{clock}.000Z"


def posted(simulator: Simulator, suffix: str) -> list[dict[str, Any]]:
    """The bodies of the POST requests to `suffix` the simulator applied."""
    return [
        request.body
        for request in simulator.requests_to(suffix, "POST")
        if request.status == 200
    ]


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """The entity's state, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, f"{entity_id} has no state"
    return state


async def move_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Move the frozen clock to `when` and run whatever became due."""
    freezer.move_to(when)
    async_fire_time_changed(hass, dt_util.as_utc(when))
    await settle(hass)


async def settle(hass: HomeAssistant) -> None:
    """Let everything that was started finish, the coordinator's polls included.

    A poll runs as a background task; the next jump of the frozen clock would
    otherwise find its request in flight and time it out.
    """
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Iterator[Path]:
    """A configuration directory holding this project's blueprints."""
    shutil.copytree(BLUEPRINT_DIR, tmp_path / "blueprints" / "automation" / "timetrack")
    original = hass.config.config_dir
    hass.config.config_dir = str(tmp_path)
    yield tmp_path
    hass.config.config_dir = original


type AddAutomation = Callable[[str, dict[str, Any]], Awaitable[None]]


@pytest.fixture
async def add_automation(
    hass: HomeAssistant,
    config_dir: Path,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    hass_admin_credential: Credentials,
) -> AsyncIterator[AddAutomation]:
    """Create an automation from one blueprint, as configuration.yaml would.

    At the end of the test, every run of the automation must have ended
    without an error (as its traces in the UI tell): a blueprint that relies
    on the integration refusing a pointless action would fail here.
    """

    added: list[str] = []

    async def add(file: str, inputs: dict[str, Any]) -> None:
        assert await async_setup_component(
            hass,
            "automation",
            {
                "automation": [
                    {
                        "id": "timetrack_test",
                        "alias": "TimeTrack test",
                        "use_blueprint": {
                            "path": f"timetrack/{file}",
                            "input": inputs,
                        },
                    }
                ]
            },
        )
        await settle(hass)
        assert state_of(hass, AUTOMATION).state == STATE_ON
        added.append(file)

    yield add
    if added:
        # A fresh login: the clock has moved on since the test began.
        refresh_token = await hass.auth.async_create_refresh_token(
            hass_admin_user, CLIENT_ID, credential=hass_admin_credential
        )
        client = await hass_ws_client(
            hass, hass.auth.async_create_access_token(refresh_token)
        )
        await client.send_json_auto_id(
            {"type": "trace/list", "domain": "automation", "item_id": "timetrack_test"}
        )
        answer = await client.receive_json()
        assert answer["success"], answer
        failed = [
            trace
            for trace in answer["result"]
            if trace.get("error") or trace.get("script_execution") == "error"
        ]
        assert failed == [], "an automation run ended in an error"
        # Detach the triggers (and stop waiting runs) before Home Assistant stops.
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": AUTOMATION}, blocking=True
        )


def anna_device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The device of the tracked user anna."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{entry.unique_id}:anna"), entry.entry_id
    )
    assert device is not None
    return device.id


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
    blueprint = await async_get_blueprints(hass).async_get_blueprint(
        f"timetrack/{file}"
    )

    assert blueprint.domain == "automation"
    assert blueprint.name.startswith("TimeTrack: ")
    metadata = blueprint.metadata
    assert metadata["description"]
    assert metadata["author"]
    assert metadata["source_url"] == SOURCE_URL.format(file=file)
    assert blueprint.validate() is None  # the running version is new enough
    for name, spec in blueprint.inputs.items():
        assert spec.get("name"), name
        schema = selector.selector(spec["selector"])
        if spec.get("default") not in (None, ""):
            schema(spec["default"])  # each default suits its own selector
    # The raw file uses only the stock YAML tags Home Assistant reads (!input).
    text = (BLUEPRINT_DIR / file).read_text(encoding="utf-8")
    assert "!input" in text
    assert "TODO" not in text


@pytest.mark.parametrize("file", BLUEPRINT_FILES)
async def test_blueprint_selectors_point_at_timetrack(
    hass: HomeAssistant, config_dir: Path, file: str
) -> None:
    """The user or switch to drive is picked among the TimeTrack integration's."""
    blueprint = await async_get_blueprints(hass).async_get_blueprint(
        f"timetrack/{file}"
    )
    timetrack_inputs = [
        spec["selector"]
        for spec in blueprint.inputs.values()
        if any(
            flt.get("integration") == DOMAIN
            for kind in ("device", "entity")
            for flt in (spec["selector"].get(kind) or {}).get("filter", [])
        )
    ]
    assert len(timetrack_inputs) == 1


async def test_missing_input_is_refused(hass: HomeAssistant, config_dir: Path) -> None:
    """Without its required inputs an automation from a blueprint does not start."""
    blueprints = async_get_blueprints(hass)
    blueprint = await blueprints.async_get_blueprint(
        "timetrack/clock_in_out_by_zone.yaml"
    )
    inputs = BlueprintInputs(
        blueprint,
        {"use_blueprint": {"path": "timetrack/clock_in_out_by_zone.yaml", "input": {}}},
    )
    with pytest.raises(Exception, match="Missing input"):
        inputs.validate()
    assert set(inputs.inputs_with_default) == {
        "grace_period",
        "weekdays",
        "after",
        "before",
    }


# -- clock in and out by zone -------------------------------------------------


async def set_up_presence(hass: HomeAssistant) -> None:
    """An office zone, and Anna (a person) tracked by her phone, away from it."""
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
def phone_at(hass: HomeAssistant, where: str) -> None:
    """Anna's phone reports a GPS fix in the office or in the park nearby."""
    in_office = where == "office"
    hass.states.async_set(
        TRACKER,
        "Office" if in_office else "not_home",
        {
            "source_type": "gps",
            "gps_accuracy": 10,
            **(OFFICE_LOCATION if in_office else PARK_LOCATION),
            "in_zones": [OFFICE] if in_office else [],
        },
    )


async def walk(hass: HomeAssistant, where: str) -> None:
    """Anna walks into the office or out to the park."""
    phone_at(hass, where)
    await settle(hass)
    assert (OFFICE in state_of(hass, PERSON).attributes["in_zones"]) == (
        where == "office"
    )


@pytest.fixture
async def zone_automation(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    add_automation: AddAutomation,
    request: pytest.FixtureRequest,
) -> None:
    """The zone blueprint for Anna with a 5 minute grace period (and `schedule`)."""
    schedule: dict[str, Any] = getattr(request, "param", {})
    await set_up_presence(hass)
    await add_automation(
        "clock_in_out_by_zone.yaml",
        {
            "person": PERSON,
            "zone": OFFICE,
            "timetrack_user": anna_device_id(hass, setup_integration),
            "grace_period": {"minutes": 5},
            **schedule,
        },
    )


@pytest.mark.freeze_time(at("08:00"))
@pytest.mark.usefixtures("zone_automation")
async def test_zone_clocks_in_and_out_after_grace_period(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """Arrive: clock in; a short walk: nothing; a long absence: clock out at leaving."""
    simulator.clear_requests()
    await move_to(hass, freezer, at("08:02"))
    await walk(hass, "office")

    assert posted(simulator, CLOCK_IN) == [
        {"username": "anna", "date": wire("08:02:00")}
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_ON

    # Lunch in the park: 4 minutes, less than the grace period.
    await move_to(hass, freezer, at("12:00"))
    await walk(hass, "park")
    await move_to(hass, freezer, at("12:04"))
    await walk(hass, "office")
    await move_to(hass, freezer, at("12:30"))
    assert posted(simulator, CLOCK_OUT) == []
    # Coming back while clocked in does not clock in again.
    assert len(simulator.requests_to(CLOCK_IN, "POST")) == 1
    assert state_of(hass, ATTENDANCE).state == STATE_ON

    # Home time: gone for good. Clocked out once the grace period is over,
    # dated back to the moment she left.
    await move_to(hass, freezer, at("17:00"))
    await walk(hass, "park")
    await move_to(hass, freezer, at("17:04:59"))
    assert posted(simulator, CLOCK_OUT) == []
    await move_to(hass, freezer, at("17:05:01"))

    assert posted(simulator, CLOCK_OUT) == [
        {"username": "anna", "date": wire("17:00:00")}
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_OFF
    assert simulator.attendance_timer("anna")["to"] == wire("17:00:00")
    assert len(simulator.requests_to(CLOCK_IN, "POST")) == 1


@pytest.mark.freeze_time(at("07:55"))
@pytest.mark.usefixtures("zone_automation")
async def test_zone_leaves_alone_who_is_already_clocked_in_or_out(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """Clocked in from the phone before arriving; clocked out by hand before leaving."""
    simulator.act("anna", CLOCK_IN, at("07:50").replace(tzinfo=None))
    await move_to(hass, freezer, at("07:56"))  # the next poll sees it
    assert state_of(hass, ATTENDANCE).state == STATE_ON
    simulator.clear_requests()

    await walk(hass, "office")
    # Not even asked: the automation read the attendance switch.
    assert simulator.requests == []

    await move_to(hass, freezer, at("16:00"))
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": ATTENDANCE}, blocking=True
    )
    await walk(hass, "park")
    await move_to(hass, freezer, at("16:10"))

    assert posted(simulator, CLOCK_OUT) == [
        {"username": "anna", "date": wire("16:00:00")}
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_OFF


@pytest.mark.freeze_time(at("09:00", SATURDAY))
@pytest.mark.parametrize(
    "zone_automation",
    [{"weekdays": ["mon", "tue", "wed", "thu", "fri"]}],
    indirect=True,
)
@pytest.mark.usefixtures("zone_automation")
async def test_zone_does_not_clock_in_on_other_weekdays(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """A Saturday in the office (weekdays only): nothing happens."""
    simulator.clear_requests()
    await walk(hass, "office")
    await move_to(hass, freezer, at("09:10", SATURDAY))
    await walk(hass, "park")
    await move_to(hass, freezer, at("09:30", SATURDAY))

    assert simulator.requests_to("attendance_timer/", "POST") == []
    assert state_of(hass, ATTENDANCE).state == STATE_OFF

    # The following Monday it works.
    await move_to(hass, freezer, at("09:00", "2026-02-16"))
    await walk(hass, "office")
    assert posted(simulator, CLOCK_IN) == [
        {"username": "anna", "date": wire("09:00:00", "2026-02-16")}
    ]


@pytest.mark.freeze_time(at("06:30"))
@pytest.mark.parametrize(
    "zone_automation",
    [{"after": "07:00:00", "before": "10:00:00"}],
    indirect=True,
)
@pytest.mark.usefixtures("zone_automation")
async def test_zone_clocks_in_only_within_time_window(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """Before 07:00 or after 10:00 entering the office does not clock in."""
    simulator.clear_requests()
    await walk(hass, "office")  # 06:30: too early
    await move_to(hass, freezer, at("06:40"))
    await walk(hass, "park")
    await move_to(hass, freezer, at("10:30"))
    await walk(hass, "office")  # 10:30: too late
    assert simulator.requests_to(CLOCK_IN, "POST") == []

    await walk(hass, "park")
    await move_to(hass, freezer, at("10:36"))
    assert simulator.requests_to("attendance_timer/", "POST") == []

    # The next morning at 07:00 sharp it clocks in.
    await move_to(hass, freezer, at("07:00", "2026-02-10"))
    await walk(hass, "office")
    assert posted(simulator, CLOCK_IN) == [
        {"username": "anna", "date": wire("07:00:00", "2026-02-10")}
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_ON


@pytest.mark.freeze_time(at("21:00"))
@pytest.mark.parametrize(
    "zone_automation",
    [{"after": "20:00:00", "before": "06:00:00"}],
    indirect=True,
)
@pytest.mark.usefixtures("zone_automation")
async def test_zone_time_window_spans_midnight(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """A night shift window (20:00 to 06:00): 21:00 clocks in, noon would not."""
    await walk(hass, "office")
    assert posted(simulator, CLOCK_IN) == [
        {"username": "anna", "date": wire("21:00:00")}
    ]

    # Leaving after the window has closed still clocks out.
    await move_to(hass, freezer, at("07:00", "2026-02-10"))
    await walk(hass, "park")
    await move_to(hass, freezer, at("07:06", "2026-02-10"))
    assert posted(simulator, CLOCK_OUT) == [
        {"username": "anna", "date": wire("07:00:00", "2026-02-10")}
    ]

    await move_to(hass, freezer, at("12:00", "2026-02-10"))
    await walk(hass, "office")
    assert len(posted(simulator, CLOCK_IN)) == 1


# -- project timer with attendance -------------------------------------------


@pytest.fixture
async def project_automation(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    add_automation: AddAutomation,
    request: pytest.FixtureRequest,
) -> None:
    """The project blueprint on Anna's attendance (inputs from `param`)."""
    inputs: dict[str, Any] = getattr(request, "param", {"project": "Mobile App"})
    await add_automation(
        "project_with_attendance.yaml",
        {"attendance_switch": ATTENDANCE, **inputs},
    )


@pytest.mark.freeze_time(at("08:30"))
@pytest.mark.usefixtures("project_automation")
async def test_project_starts_and_stops_with_attendance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """Clock in with the switch: Mobile App runs; clock out: it stops."""
    simulator.clear_requests()
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": ATTENDANCE}, blocking=True
    )
    await settle(hass)

    assert posted(simulator, TIMER_START) == [
        {
            "username": "anna",
            "date": wire("08:30:00"),
            "clientName": "ACME",
            "projectName": "Mobile App",
        }
    ]
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert state_of(hass, PROJECT_SELECT).state == "ACME / Mobile App"

    await move_to(hass, freezer, at("16:45"))
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": ATTENDANCE}, blocking=True
    )
    await settle(hass)

    assert posted(simulator, TIMER_STOP) == [
        {"username": "anna", "date": wire("16:45:00")}
    ]
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert simulator.project_timer("anna")["stopped"] is True
    assert len(posted(simulator, TIMER_START)) == 1


@pytest.mark.freeze_time(at("08:30"))
@pytest.mark.parametrize(
    "project_automation",
    [{"project": "Website", "client": "Globex", "task": "Design"}],
    indirect=True,
)
@pytest.mark.usefixtures("project_automation")
async def test_project_follows_attendance_from_the_phone_app(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """Clocked in and out in the phone app: the next poll starts and stops the timer."""
    simulator.act("anna", CLOCK_IN, at("08:30").replace(tzinfo=None))
    await move_to(hass, freezer, at("08:31"))

    assert state_of(hass, ATTENDANCE).state == STATE_ON
    assert posted(simulator, TIMER_START) == [
        {
            "username": "anna",
            "date": wire("08:31:00"),
            "clientName": "Globex",
            "projectName": "Website",
            "taskName": "Design",
        }
    ]
    assert state_of(hass, PROJECT_SELECT).state == "Globex / Website"

    # She pauses in the app, then clocks out there: the paused timer is stopped.
    simulator.act("anna", "project_timer/pause", at("12:00").replace(tzinfo=None))
    simulator.act("anna", CLOCK_OUT, at("12:05").replace(tzinfo=None))
    await move_to(hass, freezer, at("12:06"))

    assert state_of(hass, ATTENDANCE).state == STATE_OFF
    assert posted(simulator, TIMER_STOP) == [
        {"username": "anna", "date": wire("12:06:00")}
    ]
    assert state_of(hass, PROJECT_TIMER).state == "stopped"


@pytest.mark.freeze_time(at("08:00"))
@pytest.mark.usefixtures("project_automation")
async def test_project_not_stopped_when_no_timer_runs(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """Stopped by hand before clocking out: clocking out sends no stop."""
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": ATTENDANCE}, blocking=True
    )
    await settle(hass)
    await move_to(hass, freezer, at("15:00"))
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.anna_berger_stop_timer"}, blocking=True
    )
    await move_to(hass, freezer, at("15:30"))
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": ATTENDANCE}, blocking=True
    )
    await settle(hass)

    assert posted(simulator, TIMER_STOP) == [
        {"username": "anna", "date": wire("15:00:00")}
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_OFF


@pytest.mark.freeze_time(at("08:00"))
@pytest.mark.parametrize(
    "project_automation",
    [{"project": "Intranet", "start_time": "09:00:00"}],
    indirect=True,
)
@pytest.mark.usefixtures("project_automation")
async def test_project_start_time_switches_back_while_clocked_in(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """At the start time the project is started again when another one runs."""
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": ATTENDANCE}, blocking=True
    )
    await settle(hass)
    assert state_of(hass, PROJECT_SELECT).state == "Globex / Intranet"

    # Early support call, chosen in the dashboard's project select.
    await move_to(hass, freezer, at("08:15"))
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": PROJECT_SELECT, "option": "Initech / Support"},
        blocking=True,
    )
    simulator.clear_requests()
    await move_to(hass, freezer, at("08:59:30"))
    assert posted(simulator, TIMER_START) == []

    await move_to(hass, freezer, at("09:00:00"))
    assert posted(simulator, TIMER_START) == [
        {
            "username": "anna",
            "date": wire("09:00:00"),
            "clientName": "Globex",
            "projectName": "Intranet",
        }
    ]
    assert state_of(hass, PROJECT_SELECT).state == "Globex / Intranet"

    # Once a day only: the rest of the day it stays quiet.
    await move_to(hass, freezer, at("09:30"))
    assert len(posted(simulator, TIMER_START)) == 1


@pytest.mark.freeze_time(at("08:00"))
@pytest.mark.parametrize(
    "project_automation",
    [{"project": "Intranet", "start_time": "09:00:00"}],
    indirect=True,
)
@pytest.mark.usefixtures("project_automation")
async def test_project_start_time_needs_attendance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """Not clocked in at the start time: nothing starts."""
    simulator.clear_requests()
    await move_to(hass, freezer, at("09:00"))
    await move_to(hass, freezer, at("09:01"))

    assert simulator.requests_to("project_timer/", "POST") == []
    assert state_of(hass, PROJECT_TIMER).state == "stopped"


# -- late clock-out reminder --------------------------------------------------


@pytest.fixture
def notifications(hass: HomeAssistant) -> list[ServiceCall]:
    """Calls of Anna's phone's notify action (a stand-in for the Companion app)."""
    calls: list[ServiceCall] = []

    @callback
    def capture(call: ServiceCall) -> None:
        calls.append(call)

    hass.services.async_register("notify", "mobile_app_annas_phone", capture)
    return calls


@pytest.fixture
async def reminder_automation(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    add_automation: AddAutomation,
    notifications: list[ServiceCall],
    request: pytest.FixtureRequest,
) -> None:
    """The reminder blueprint for Anna: at 18:00 by default (inputs from `param`)."""
    inputs: dict[str, Any] = getattr(request, "param", {})
    await add_automation(
        "late_clock_out_reminder.yaml",
        {
            "attendance_switch": ATTENDANCE,
            "notify_action": "notify.mobile_app_annas_phone",
            **inputs,
        },
    )


async def clock_in(hass: HomeAssistant) -> None:
    """Anna clocks in from Home Assistant."""
    await hass.services.async_call(DOMAIN, "clock_in", {}, blocking=True)
    await settle(hass)
    assert state_of(hass, ATTENDANCE).state == STATE_ON


def button_of(call: ServiceCall) -> str:
    """The action id of the notification's one button, titled Clock out."""
    buttons = call.data["data"]["actions"]
    assert [button["title"] for button in buttons] == ["Clock out"]
    return str(buttons[0]["action"])


async def tap(hass: HomeAssistant, action: str) -> None:
    """The Companion app reports a tap on a notification button."""
    hass.bus.async_fire("mobile_app_notification_action", {"action": action})
    await settle(hass)


@pytest.mark.freeze_time(at("09:00"))
@pytest.mark.usefixtures("reminder_automation")
async def test_reminder_at_time_and_clock_out_button(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Still clocked in at 18:00: a reminder; its button clocks out."""
    await clock_in(hass)
    await move_to(hass, freezer, at("17:59:59"))
    assert notifications == []

    await move_to(hass, freezer, at("18:00:00"))
    assert len(notifications) == 1
    reminder = notifications[0]
    assert reminder.data["title"] == "Still clocked in"
    assert reminder.data["message"] == "Anna Berger is still clocked in. Clock out now?"
    assert reminder.data["data"]["tag"] == f"timetrack-clock-out-{ATTENDANCE}"
    button = button_of(reminder)

    assert button == f"TIMETRACK_CLOCK_OUT|{ATTENDANCE}|{int(at('18:00').timestamp())}"

    # Other notifications' buttons do nothing, nor does a forged one.
    await move_to(hass, freezer, at("18:10"))
    await tap(hass, "SOMETHING_ELSE")
    await tap(hass, "TIMETRACK_CLOCK_OUT|switch.ben_meyer_attendance|" + button[-10:])
    await tap(hass, f"TIMETRACK_CLOCK_OUT|{ATTENDANCE}|soon")
    assert simulator.requests_to(CLOCK_OUT, "POST") == []

    # The button keeps working when the automation was reloaded meanwhile.
    for service in ("turn_off", "turn_on"):
        await hass.services.async_call(
            "automation", service, {"entity_id": AUTOMATION}, blocking=True
        )

    await move_to(hass, freezer, at("18:12"))
    await tap(hass, button)

    assert posted(simulator, CLOCK_OUT) == [
        {"username": "anna", "date": wire("18:12:00")}
    ]
    assert state_of(hass, ATTENDANCE).state == STATE_OFF
    # A second tap on the same button: she is clocked out, nothing is sent.
    await tap(hass, button)
    assert len(simulator.requests_to(CLOCK_OUT, "POST")) == 1


@pytest.mark.freeze_time(at("09:00"))
@pytest.mark.usefixtures("reminder_automation")
async def test_reminder_not_sent_when_clocked_out(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Clocked out before 18:00: no reminder."""
    await clock_in(hass)
    await move_to(hass, freezer, at("17:00"))
    await hass.services.async_call(DOMAIN, "clock_out", {}, blocking=True)
    await move_to(hass, freezer, at("18:00"))
    await move_to(hass, freezer, at("18:01"))

    assert notifications == []


@pytest.mark.freeze_time(at("09:00"))
@pytest.mark.parametrize(
    "reminder_automation",
    [
        {
            "remind_at": "23:00:00",
            "remind_after": {"hours": 2},
            "button_timeout": {"minutes": 30},
        }
    ],
    indirect=True,
)
@pytest.mark.usefixtures("reminder_automation")
async def test_reminder_after_hours_and_button_timeout(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Clocked in for 2 hours: a reminder; its button stops working after 30 min."""
    await clock_in(hass)
    await move_to(hass, freezer, at("10:59:59"))
    assert notifications == []
    await move_to(hass, freezer, at("11:00:01"))
    assert len(notifications) == 1
    button = button_of(notifications[0])

    await move_to(hass, freezer, at("11:31"))
    await tap(hass, button)

    assert simulator.requests_to(CLOCK_OUT, "POST") == []
    assert state_of(hass, ATTENDANCE).state == STATE_ON


@pytest.mark.freeze_time(at("09:00"))
@pytest.mark.parametrize(
    "reminder_automation",
    [{"remind_after": {"hours": 0}}],
    indirect=True,
)
@pytest.mark.usefixtures("reminder_automation")
async def test_reminder_after_zero_hours_is_off(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """ "Remind after" 0 sends nothing on clocking in; 18:00 still reminds."""
    await clock_in(hass)
    await move_to(hass, freezer, at("09:01"))
    assert notifications == []

    await move_to(hass, freezer, at("18:00"))
    assert len(notifications) == 1


@pytest.mark.freeze_time(at("09:00"))
@pytest.mark.usefixtures("reminder_automation")
async def test_reminder_button_after_clocking_out_elsewhere(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> None:
    """Clocked out in the phone app after the reminder: the button sends nothing."""
    await clock_in(hass)
    await move_to(hass, freezer, at("18:00"))
    button = button_of(notifications[0])
    simulator.act("anna", CLOCK_OUT, at("18:01").replace(tzinfo=None))
    await move_to(hass, freezer, at("18:02"))
    assert state_of(hass, ATTENDANCE).state == STATE_OFF
    simulator.clear_requests()

    await tap(hass, button)

    assert simulator.requests_to(CLOCK_OUT, "POST") == []
