"""Shared steps of the blueprint tests (test_blueprints.py, test_blueprint_forgot.py,
and Ben's zone automation in test_offline_start.py).

The blueprints are copied into a fresh configuration directory (the
`config_dir` fixture), automations are created from them as a user would
(``use_blueprint`` with the user's inputs, written to configuration.yaml so
that ``automation.reload`` reads them again), and the day is played: a phone's
device tracker moving in and out of a zone, the clock moving on (frozen time,
also the simulator's "now"). Times are on Monday 9 February 2026 in Vienna
(winter: UTC+1) unless a test names another day.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.components.blueprint import Blueprint, BlueprintInputs
from homeassistant.const import STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers import selector
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket
import yaml

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import ATTENDANCE, VIENNA, state_of

BLUEPRINT_DIR = Path(__file__).parents[2] / "blueprints" / "automation" / "timetrack"
SOURCE_URL = (
    "https://github.com/timetrack-homeassistant/timetrack/blob/main/"
    "blueprints/automation/timetrack/{file}"
)
MONDAY = "2026-02-09"  # winter: Vienna is UTC+1
SATURDAY = "2026-02-14"

TRACKER = "device_tracker.annas_phone"
PERSON = "person.anna"
OFFICE = "zone.office"
HOME = "zone.home"
OFFICE_LOCATION = {"latitude": 48.2082, "longitude": 16.3738}
PARK_LOCATION = {"latitude": 48.2150, "longitude": 16.3600}
# Anna's phone's notify action (a stand-in for the Companion app's).
PHONE = "notify.mobile_app_annas_phone"

CLOCK_IN = "attendance_timer/start"
CLOCK_OUT = "attendance_timer/stop"
TIMER_START = "project_timer/start"
TIMER_STOP = "project_timer/stop"

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# A test function, as a decorator gets it.
type Test = Callable[..., Any]
# Sets up automations (the `add_automations` fixture).
type AddAutomations = Callable[..., Awaitable[None]]


def at(clock: str, day: str = MONDAY) -> datetime:
    """An aware time in Vienna."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=VIENNA)


def wire(clock: str, day: str = MONDAY) -> str:
    """How TimeTrack writes a local wall-clock time (the Z is not UTC)."""
    return f"{day}T{clock}.000Z"


def anna_sent(clock: str, day: str = MONDAY, **fields: str) -> list[dict[str, Any]]:
    """What `posted` holds after anna's one action at `clock` (with `fields`)."""
    return [{"username": "anna", "date": wire(clock, day), **fields}]


def posted(simulator: Simulator, suffix: str) -> list[dict[str, Any]]:
    """The bodies of the POST requests to `suffix` the simulator applied."""
    return [
        request.body
        for request in simulator.requests_to(suffix, "POST")
        if request.status == 200
    ]


async def settle(hass: HomeAssistant) -> None:
    """Let everything that was started finish, the coordinator's polls included.

    A poll runs as a background task; the next jump of the frozen clock would
    otherwise find its request in flight and time it out.
    """
    await hass.async_block_till_done(wait_background_tasks=True)


async def move_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Move the frozen clock to `when` and run whatever became due."""
    freezer.move_to(when)
    async_fire_time_changed(hass, dt_util.as_utc(when))
    await settle(hass)


# --- the blueprints ---------------------------------------------------------------


async def load_blueprint(hass: HomeAssistant, file: str) -> Blueprint:
    """The blueprint as Home Assistant loads it, which accepts it: its metadata
    and inputs are complete, each default suits its own selector, and the raw
    file uses only the stock YAML tags Home Assistant reads (!input)."""
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
    text = (BLUEPRINT_DIR / file).read_text(encoding="utf-8")
    assert "!input" in text
    assert "TODO" not in text
    return blueprint


def without_inputs(blueprint: Blueprint, file: str) -> BlueprintInputs:
    """An automation from the blueprint given no inputs, which does not start
    (a required input is missing)."""
    inputs = BlueprintInputs(
        blueprint, {"use_blueprint": {"path": f"timetrack/{file}", "input": {}}}
    )
    with pytest.raises(Exception, match="Missing input"):
        inputs.validate()
    return inputs


def timetrack_inputs(blueprint: Blueprint) -> list[str]:
    """The inputs whose selector picks among the TimeTrack integration's devices
    or entities."""
    return [
        name
        for name, spec in blueprint.inputs.items()
        if any(
            flt.get("integration") == DOMAIN
            for kind in ("device", "entity")
            for flt in (spec["selector"].get(kind) or {}).get("filter", [])
        )
    ]


# --- a person, a phone and a zone -----------------------------------------------


@callback
def phone_at(
    hass: HomeAssistant, where: str, *, tracker: str = TRACKER, accuracy: int = 10
) -> None:
    """A phone reports a GPS fix at home, in the office or in the park nearby."""
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
        tracker,
        state,
        {
            "source_type": "gps",
            "gps_accuracy": accuracy,
            **location,
            "in_zones": in_zones,
        },
    )


async def set_up_presence(
    hass: HomeAssistant, person: str = "anna", tracker: str = TRACKER
) -> None:
    """An office zone (and home), and a person tracked by a phone, in the park."""
    assert await async_setup_component(
        hass,
        "zone",
        {"zone": [{"name": "Office", **OFFICE_LOCATION, "radius": 150}]},
    )
    phone_at(hass, "park", tracker=tracker)
    assert await async_setup_component(
        hass,
        "person",
        {
            "person": [
                {"id": person, "name": person.title(), "device_trackers": [tracker]}
            ]
        },
    )
    await hass.async_block_till_done()
    assert state_of(hass, f"person.{person}").attributes["in_zones"] == []


async def walk(hass: HomeAssistant, where: str) -> None:
    """Anna walks home, into the office or out to the park."""
    phone_at(hass, where)
    await settle(hass)
    in_zones = state_of(hass, PERSON).attributes["in_zones"]
    assert in_zones == ({"office": [OFFICE], "home": [HOME]}.get(where, []))


# --- notifications and their buttons ----------------------------------------------


def capture_notify(hass: HomeAssistant, service: str) -> list[ServiceCall]:
    """Register notify.`service`, keeping its calls."""
    calls: list[ServiceCall] = []

    @callback
    def capture(call: ServiceCall) -> None:
        calls.append(call)

    hass.services.async_register("notify", service, capture)
    return calls


async def tap(hass: HomeAssistant, action: str) -> None:
    """The Companion app reports a tap on a notification button."""
    hass.bus.async_fire("mobile_app_notification_action", {"action": action})
    await settle(hass)


async def clock_in(hass: HomeAssistant) -> None:
    """Anna clocks in from Home Assistant."""
    await hass.services.async_call(DOMAIN, "clock_in", {}, blocking=True)
    await settle(hass)
    assert state_of(hass, ATTENDANCE).state == STATE_ON


# --- automations ------------------------------------------------------------------


def automation(fixture: str, **inputs: Any) -> Callable[[Test], Test]:
    """Mark a test to run with the automation `fixture` sets up: with `inputs`
    besides the fixture's own (its parameter), else as the fixture makes it."""

    def mark(test: Test) -> Test:
        test = pytest.mark.usefixtures(fixture)(test)
        if inputs:
            test = pytest.mark.parametrize(fixture, [inputs], indirect=True)(test)
        return test

    return mark


def from_blueprint(
    file: str,
    inputs: dict[str, Any],
    item_id: str = "timetrack_test",
    alias: str = "TimeTrack test",
) -> dict[str, Any]:
    """An automation made from one of this project's blueprints."""
    return {
        "id": item_id,
        "alias": alias,
        "use_blueprint": {"path": f"timetrack/{file}", "input": inputs},
    }


async def set_up_automations(
    hass: HomeAssistant, config_dir: Path, *automations: dict[str, Any]
) -> None:
    """Set the automations up as configuration.yaml holds them (written down, so
    that automation.reload finds them again); every automation is on."""
    config = {"automation": list(automations)}
    (config_dir / "configuration.yaml").write_text(
        yaml.safe_dump(config), encoding="utf-8"
    )
    assert await async_setup_component(hass, "automation", config)
    await settle(hass)
    for entity_id in hass.states.async_entity_ids("automation"):
        assert state_of(hass, entity_id).state == STATE_ON


async def assert_runs_ended_well(
    client: MockHAClientWebSocket, item_ids: list[str]
) -> None:
    """Every run of each automation ended without an error, as its traces in the
    UI tell: a blueprint that relies on the integration refusing a pointless
    action would fail here."""
    for item_id in item_ids:
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


# --- the day ----------------------------------------------------------------------


@dataclass
class Day:
    """Anna's day played through Home Assistant: the frozen clock, her phone and
    the notifications it gets, and TimeTrack (the simulator)."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory
    simulator: Simulator
    notifications: list[ServiceCall]

    async def move_to(self, clock: str, day: str = MONDAY) -> None:
        """Move the frozen clock to `clock` in Vienna; run whatever became due."""
        await move_to(self.hass, self.freezer, at(clock, day))

    async def reminded_at(self, clock: str, quiet_until: str) -> ServiceCall:
        """Nothing is sent up to `quiet_until`; by `clock`, one notification: it."""
        await self.move_to(quiet_until)
        assert self.notifications == []
        await self.move_to(clock)
        assert len(self.notifications) == 1
        return self.notifications[0]

    async def settle(self) -> None:
        """Let everything that was started finish (see `settle`)."""
        await settle(self.hass)

    async def walk(self, where: str) -> None:
        """Anna walks home, into the office or out to the park."""
        await walk(self.hass, where)

    async def tap(self, action: str) -> None:
        """The Companion app reports a tap on a notification button."""
        await tap(self.hass, action)

    async def clock_in(self) -> None:
        """Anna clocks in from Home Assistant."""
        await clock_in(self.hass)

    async def call(self, domain: str, service: str, data: dict[str, Any]) -> None:
        """Call an action and wait for it."""
        await self.hass.services.async_call(domain, service, data, blocking=True)

    def in_app(self, action: str, clock: str, day: str = MONDAY, **fields: str) -> None:
        """Anna acts in the phone app at `clock` (TimeTrack's own wall-clock time)."""
        self.simulator.act(
            "anna", action, at(clock, day).replace(tzinfo=None), **fields
        )

    def at_work_in_app(self, clock: str, started: str, **project: str) -> None:
        """Anna clocks in at `clock` and starts a project at `started` (its
        clientName and projectName) in the phone app."""
        self.in_app(CLOCK_IN, clock)
        self.in_app(TIMER_START, started, **project)

    def posted(self, suffix: str) -> list[dict[str, Any]]:
        """The bodies of the POST requests to `suffix` the simulator applied."""
        return posted(self.simulator, suffix)

    def state(self, entity_id: str) -> str:
        """An entity's state, which must exist."""
        return state_of(self.hass, entity_id).state
