"""Nothing lost: actions taken while TimeTrack cannot take them (issue 5).

Each test drives the integration through a fault of the service or the
network with the simulator — refused connections (``go_down``), requests that
never reached TimeTrack (``drop_next``), requests that reached it but whose
answer was lost (``apply_then_drop_next``, what a timeout after sending looks
like), 5xx, nginx HTML pages, cut-off JSON, 429 with and without Retry-After —
and through outages of several minutes with restarts in between. Then it
checks the simulator's request log: every action arrived exactly once, in the
order it was taken, with the local wall-clock time it was taken at.

Time is frozen on Wednesday 3 June 2026 at 08:00 in Vienna and moved with the
freezer; while actions wait, TimeTrack is polled every 30 seconds.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import persistent_notification
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_API_KEY,
    SERVICE_TURN_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.timetrack.const import CONF_API_SECRET, DOMAIN
from simulator import DEMO_API_KEY, Simulator

from .entity_support import (
    ALL_ANNA_ENTITIES,
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    PAUSE,
    PENDING_ACTIONS,
    PROJECT,
    PROJECT_TIMER,
    RESUME,
    STOP,
    TIMER_EVENT,
    TIMER_STARTED,
    WORKED_TIME,
    account_entry,
    async_setup,
    dropped_notices,
    event_types,
    record_states,
    state_of,
)

VIENNA = ZoneInfo("Europe/Vienna")
TODAY = date(2026, 6, 3)
START = datetime(2026, 6, 3, 8, 0, tzinfo=VIENNA)
pytestmark = pytest.mark.freeze_time(START)

API = "/api/v2/ext/"
CLOCK_IN = "attendance_timer/start"
CLOCK_OUT = "attendance_timer/stop"
TIMER_START = "timers/project_timer/start"
TIMER_PAUSE = "timers/project_timer/pause"
TIMER_RESUME = "timers/project_timer/resume"
TIMER_STOP = "timers/project_timer/stop"

BEN_ATTENDANCE = "switch.ben_hofer_attendance"
BEN_PENDING = "sensor.ben_hofer_pending_actions"

MOBILE_APP = {"clientName": "ACME", "projectName": "Mobile App"}
# What a dropped action's repair issue says between the action and the reason.
DROPPED = (
    "will not be recorded in the TimeTrack account demo. It was kept while "
    "TimeTrack could not be reached; record it in TimeTrack by hand if it should "
    "count. Why: "
)


@pytest.fixture
def config_entry(
    simulator: Simulator, usernames: list[str], options: dict[str, Any]
) -> MockConfigEntry:
    """The account entry (title "demo")."""
    return account_entry(simulator, usernames, options)


# --- helpers ------------------------------------------------------------------


def wire(hour: int, minute: int = 0, second: int = 0, day: date = TODAY) -> str:
    """How TimeTrack writes a Vienna wall-clock time (and how it is sent)."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}.000Z"


def wall(hour: int, minute: int = 0, day: date = TODAY) -> datetime:
    """A naive Vienna wall-clock time, as the simulator's `act` takes it."""
    return datetime(day.year, day.month, day.day, hour, minute)


def at(hour: int, minute: int = 0, second: int = 0, day: date = TODAY) -> datetime:
    """An aware time in Vienna."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=VIENNA)


def applied(simulator: Simulator) -> list[tuple[str, str]]:
    """Every action TimeTrack took, in order of arrival: (path, body's date).

    Taken means answered with success, or applied before the answer was lost
    (``apply_then_drop``); requests that met any other fault were not taken.
    """
    return [
        (request.path.removeprefix(API), (request.body or {}).get("date", ""))
        for request in simulator.requests
        if request.method == "POST"
        and (
            (request.fault is None and 200 <= request.status < 300)
            or request.fault == "apply_then_drop"
        )
    ]


def posts(simulator: Simulator) -> list[str]:
    """The paths of every action request that arrived, taken or not."""
    return [
        request.path.removeprefix(API)
        for request in simulator.requests
        if request.method == "POST"
    ]


def pending(hass: HomeAssistant, entity_id: str = PENDING_ACTIONS) -> list[str]:
    """The waiting actions the pending sensor lists ("action@time")."""
    state = state_of(hass, entity_id)
    actions = state.attributes["actions"]
    assert state.state == str(len(actions))
    return [f"{item['action']}@{item['time']}" for item in actions]


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta
) -> None:
    """Let `delta` pass and the polls that became due finish."""
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def advance_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: datetime
) -> None:
    """Move on to `moment` in steps of 30 s, so that every poll on the way runs."""
    while (step := min(moment - datetime.now(VIENNA), timedelta(seconds=30))) > (
        timedelta(0)
    ):
        await advance(hass, freezer, step)


async def service(hass: HomeAssistant, name: str, data: dict[str, Any] | None = None):
    """Call one of the integration's actions; its response."""
    return await hass.services.async_call(
        DOMAIN, name, data or {}, blocking=True, return_response=True
    )


async def press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def switch(hass: HomeAssistant, turn: str, entity_id: str = ATTENDANCE) -> None:
    await hass.services.async_call(
        SWITCH_DOMAIN, turn, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.fixture
async def notices(hass: HomeAssistant) -> AsyncGenerator[dict[str, Any]]:
    """The persistent notifications shown, kept up to date as the frontend's."""
    shown: dict[str, Any] = {}

    @callback
    def updated(kind: persistent_notification.UpdateType, changed: dict) -> None:
        if kind is persistent_notification.UpdateType.REMOVED:
            for notification_id in changed:
                shown.pop(notification_id, None)
        else:
            shown.update(changed)

    unsubscribe = persistent_notification.async_register_callback(hass, updated)
    yield shown
    unsubscribe()


async def messages(hass: HomeAssistant, notices: dict[str, Any]) -> list[str]:
    """What the user is told of dropped actions: repair issues, never notifications."""
    assert notices == {}
    return await dropped_notices(hass)


def pending_issue(issue_registry: ir.IssueRegistry, entry: MockConfigEntry):
    return issue_registry.async_get_issue(DOMAIN, f"actions_pending_{entry.entry_id}")


# --- an action while TimeTrack cannot be reached --------------------------------


async def test_clock_in_offline_is_recorded_with_its_time(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Clocked in at 08:00 while TimeTrack is down; back at 08:10: in since 08:00."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()

    await switch(hass, SERVICE_TURN_ON)  # 08:00

    # Shown at once, and kept (nothing reached TimeTrack).
    assert state_of(hass, ATTENDANCE).state == "on"
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T06:00:00+00:00"
    assert pending(hass) == ["clock_in@2026-06-03T08:00:00+02:00"]
    assert simulator.attendance_timer("anna") == {}

    # Ten minutes down: every poll fails, the entities keep what was done.
    for minute in range(1, 10):
        await advance_to(hass, freezer, at(8, minute))
        for entity_id in ALL_ANNA_ENTITIES:
            assert state_of(hass, entity_id).state != STATE_UNAVAILABLE, entity_id
        assert state_of(hass, ATTENDANCE).state == "on"
        assert len(pending(hass)) == 1

    await simulator.come_back()
    await advance_to(hass, freezer, at(8, 10))

    assert applied(simulator) == [(CLOCK_IN, wire(8))]
    assert posts(simulator) == [CLOCK_IN]
    assert simulator.attendance_timer("anna")["from"] == wire(8)
    assert simulator.attendance_timer("anna")["to"] is None
    assert pending(hass) == []
    assert state_of(hass, ATTENDANCE).state == "on"
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T06:00:00+00:00"

    # Nothing is sent again later.
    await advance_to(hass, freezer, at(8, 15))
    assert posts(simulator) == [CLOCK_IN]


async def test_switch_turned_on_while_timetrack_is_down(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """TimeTrack went down a minute ago: the switch still clocks in (later)."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await advance(hass, freezer, timedelta(minutes=1))  # a poll failed: 08:01

    await switch(hass, SERVICE_TURN_ON)

    assert state_of(hass, ATTENDANCE).state == "on"
    await simulator.come_back()
    await advance(hass, freezer, timedelta(minutes=1))
    assert applied(simulator) == [(CLOCK_IN, wire(8, 1))]


async def test_a_morning_offline_is_replayed_in_order(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Clock in, start a project, pause, resume, stop — all while TimeTrack is
    down — arrive in that order, each with the time it was taken."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()

    await service(hass, "clock_in")  # 08:00
    await advance_to(hass, freezer, at(8, 5))
    response = await service(
        hass, "start_project_timer", {"project": "Mobile App", "task": "Design"}
    )
    assert response["project_timer"]["state"] == "running"
    assert response["project_timer"]["project"] == "Mobile App"
    assert state_of(hass, PROJECT).state == "ACME / Mobile App"
    await advance_to(hass, freezer, at(8, 20))
    assert state_of(hass, WORKED_TIME).state == "15"
    await press(hass, PAUSE)
    assert state_of(hass, PROJECT_TIMER).state == "paused"
    await advance_to(hass, freezer, at(8, 30))
    await press(hass, RESUME)
    assert state_of(hass, PROJECT_TIMER).state == "running"
    await advance_to(hass, freezer, at(8, 50))
    assert state_of(hass, WORKED_TIME).state == "35"
    await press(hass, STOP)
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert state_of(hass, WORKED_TIME).state == "35"
    assert pending(hass) == [
        "clock_in@2026-06-03T08:00:00+02:00",
        "start@2026-06-03T08:05:00+02:00",
        "pause@2026-06-03T08:20:00+02:00",
        "resume@2026-06-03T08:30:00+02:00",
        "stop@2026-06-03T08:50:00+02:00",
    ]
    assert simulator.requests_to("project_timer", "POST") == []

    await simulator.come_back()
    await advance_to(hass, freezer, at(9))

    assert applied(simulator) == [
        (CLOCK_IN, wire(8)),
        (TIMER_START, wire(8, 5)),
        (TIMER_PAUSE, wire(8, 20)),
        (TIMER_RESUME, wire(8, 30)),
        (TIMER_STOP, wire(8, 50)),
    ]
    assert len(posts(simulator)) == 5
    start = simulator.requests_to(TIMER_START, "POST")[0].body
    assert start == {
        "date": wire(8, 5),
        "username": "anna",
        "clientName": "ACME",
        "projectName": "Mobile App",
        "taskName": "Design",
    }
    timer = simulator.project_timer("anna")
    assert timer["stopped"] is True
    assert timer["startedAt"] == wire(8, 5)
    assert timer["workedSeconds"] == 35 * 60
    assert timer["breakSeconds"] == 10 * 60
    assert pending(hass) == []
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert state_of(hass, WORKED_TIME).state == "35"
    assert state_of(hass, "sensor.anna_berger_break_time").state == "10"
    assert state_of(hass, ATTENDANCE).state == "on"


async def test_actions_queue_behind_a_waiting_one(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """One 502, then TimeTrack answers again: later actions still wait their turn,
    so that TimeTrack gets them in the order they were taken."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    simulator.fail_next(1, 502)

    await service(hass, "clock_in")  # 08:00: met the 502
    await advance(hass, freezer, timedelta(seconds=10))
    await service(hass, "start_project_timer", {"project": "Support"})  # 08:00:10

    # The start was not sent before the clock-in.
    assert posts(simulator) == [CLOCK_IN]
    assert pending(hass) == [
        "clock_in@2026-06-03T08:00:00+02:00",
        "start@2026-06-03T08:00:10+02:00",
    ]
    await advance(hass, freezer, timedelta(seconds=30))  # the 30 s retry

    assert applied(simulator) == [(CLOCK_IN, wire(8)), (TIMER_START, wire(8, 0, 10))]
    assert pending(hass) == []
    assert simulator.project_timer("anna")["projectName"] == "Support"

    # With nothing waiting, an action is sent at once again.
    await service(hass, "pause_project_timer")
    assert applied(simulator)[-1] == (TIMER_PAUSE, wire(8, 0, 40))
    assert pending(hass) == []


async def test_start_waits_behind_a_kept_stop(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Starting another project stops the running one first: when that stop is
    kept, the start is kept behind it (not sent ahead, to be refused)."""
    simulator.act("anna", "project_timer/start", wall(7, 30), **MOBILE_APP)
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    simulator.fail_next(1, 502)

    response = await service(hass, "start_project_timer", {"project": "Support"})

    assert response["project_timer"]["project"] == "Support"
    assert response["project_timer"]["started_at"] == "2026-06-03T08:00:00+02:00"
    assert posts(simulator) == [TIMER_STOP]
    assert pending(hass) == [
        "stop@2026-06-03T08:00:00+02:00",
        "start@2026-06-03T08:00:00+02:00",
    ]
    await advance(hass, freezer, timedelta(seconds=30))

    assert applied(simulator) == [(TIMER_STOP, wire(8)), (TIMER_START, wire(8))]
    assert simulator.project_timer("anna")["projectName"] == "Support"
    assert simulator.project_timer("anna")["startedAt"] == wire(8)
    assert pending(hass) == []


async def test_start_behind_a_waiting_action_stops_the_running_timer_first(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Another project started while a clock-in waits: a stop of the running
    timer and the start are kept behind it, and replayed in that order."""
    simulator.act("anna", "project_timer/start", wall(7, 30), **MOBILE_APP)
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    await simulator.go_down()
    await switch(hass, SERVICE_TURN_ON)  # 08:00
    await advance(hass, freezer, timedelta(seconds=5))

    await service(hass, "start_project_timer", {"project": "Intranet"})  # 08:00:05

    assert state_of(hass, PROJECT).state == "Globex / Intranet"
    assert pending(hass) == [
        "clock_in@2026-06-03T08:00:00+02:00",
        "stop@2026-06-03T08:00:05+02:00",
        "start@2026-06-03T08:00:05+02:00",
    ]
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))

    assert applied(simulator) == [
        (CLOCK_IN, wire(8)),
        (TIMER_STOP, wire(8, 0, 5)),
        (TIMER_START, wire(8, 0, 5)),
    ]
    assert simulator.project_timer("anna")["projectName"] == "Intranet"
    assert pending(hass) == []


async def test_kept_start_after_a_start_in_the_app_stops_it_first(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Started in the phone app at 08:01, and another project in Home Assistant
    at 08:02 while TimeTrack could not be reached from it: the later start
    wins, the app's timer is stopped at 08:02."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    await simulator.go_down()
    simulator.act("anna", "project_timer/start", wall(8, 1), **MOBILE_APP)
    await advance_to(hass, freezer, at(8, 2))
    await service(hass, "start_project_timer", {"project": "Support"})  # 08:02
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))

    assert applied(simulator) == [(TIMER_STOP, wire(8, 2)), (TIMER_START, wire(8, 2))]
    timer = simulator.project_timer("anna")
    assert (timer["projectName"], timer["startedAt"]) == ("Support", wire(8, 2))
    assert pending(hass) == []
    assert state_of(hass, PROJECT).state == "Initech / Support"


async def test_kept_start_before_a_start_in_the_app_is_dropped(
    hass: HomeAssistant,
    notices: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Started in Home Assistant at 08:01 while TimeTrack could not be reached,
    and another project in the phone app at 08:02: the app's later start
    stands; the kept one cannot go before it, and is dropped with a notice."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    await simulator.go_down()
    await advance_to(hass, freezer, at(8, 1))
    await service(hass, "start_project_timer", {"project": "Support"})  # 08:01
    simulator.act("anna", "project_timer/start", wall(8, 2), **MOBILE_APP)
    await advance_to(hass, freezer, at(8, 3))
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))

    assert posts(simulator) == []
    assert simulator.project_timer("anna")["projectName"] == "Mobile App"
    assert state_of(hass, PROJECT).state == "ACME / Mobile App"
    assert pending(hass) == []
    assert await messages(hass, notices) == [
        (
            "The start of the project timer of Anna Berger taken at 2026-06-03 "
            "08:01 will not be recorded in the TimeTrack account demo. It was "
            "kept while TimeTrack could not be reached; record it in TimeTrack by "
            "hand if it should count. Why: A project timer was already "
            "running at that time."
        )
    ]


async def test_replay_answered_without_body(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """An account that answers actions with 204: the replayed action's state is
    read back from TimeTrack."""
    simulator.empty_action_responses = True
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    await simulator.go_down()
    await service(hass, "start_project_timer", {"project": "Support"})
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))

    assert applied(simulator) == [(TIMER_START, wire(8))]
    assert [r.status for r in simulator.requests_to(TIMER_START, "POST")] == [204]
    assert pending(hass) == []
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T06:00:00+00:00"
    assert state_of(hass, PROJECT_TIMER).attributes["project"] == "Support"


async def test_refusal_stays_a_refusal_while_timetrack_is_down(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """An action that makes no sense for the last known state is refused, not
    kept, when TimeTrack cannot be asked whether that state changed."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()

    with pytest.raises(ServiceValidationError) as info:
        await service(hass, "clock_out")

    assert info.value.translation_key == "not_clocked_in"
    assert pending(hass) == []


# --- each kind of fault -----------------------------------------------------------

FAULTS = [
    pytest.param(lambda sim: sim.fail_next(1, 500), id="500"),
    pytest.param(lambda sim: sim.fail_next(1, 502, html=True), id="502_html"),
    pytest.param(lambda sim: sim.fail_next(1, 503), id="503"),
    pytest.param(lambda sim: sim.fail_next(1, 504, html=True), id="504_html"),
    pytest.param(lambda sim: sim.malformed_next(1), id="malformed"),
    pytest.param(lambda sim: sim.drop_next(1), id="not_reached"),
    pytest.param(lambda sim: sim.apply_then_drop_next(1), id="answer_lost"),
    pytest.param(lambda sim: sim.rate_limit_next(1, retry_after=30), id="429"),
]

# Each action, prepared in the phone app before Home Assistant starts:
# (app actions at 07:00, the service, its data, the path, Home Assistant's state).
ACTIONS = [
    pytest.param((), "clock_in", {}, CLOCK_IN, (ATTENDANCE, "on"), id="clock_in"),
    pytest.param(
        (("attendance_timer/start", {}),),
        "clock_out",
        {},
        CLOCK_OUT,
        (ATTENDANCE, "off"),
        id="clock_out",
    ),
    pytest.param(
        (),
        "start_project_timer",
        {"project": "Mobile App"},
        TIMER_START,
        (PROJECT_TIMER, "running"),
        id="start",
    ),
    pytest.param(
        (("project_timer/start", MOBILE_APP),),
        "pause_project_timer",
        {},
        TIMER_PAUSE,
        (PROJECT_TIMER, "paused"),
        id="pause",
    ),
    pytest.param(
        (("project_timer/start", MOBILE_APP), ("project_timer/pause", {})),
        "resume_project_timer",
        {},
        TIMER_RESUME,
        (PROJECT_TIMER, "running"),
        id="resume",
    ),
    pytest.param(
        (("project_timer/start", MOBILE_APP),),
        "stop_project_timer",
        {},
        TIMER_STOP,
        (PROJECT_TIMER, "stopped"),
        id="stop",
    ),
]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(("in_app", "name", "data", "path", "shown"), ACTIONS)
async def test_every_action_arrives_once_through_every_fault(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    fault: Callable[[Simulator], None],
    in_app: tuple[tuple[str, dict[str, str]], ...],
    name: str,
    data: dict[str, str],
    path: str,
    shown: tuple[str, str],
) -> None:
    """Whatever the fault, the action is shown at once, kept, and taken by
    TimeTrack exactly once with its time — also when the request had reached
    TimeTrack and only its answer was lost."""
    for action, fields in in_app:
        simulator.act("anna", action, wall(7), **fields)
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    fault(simulator)

    await service(hass, name, data)  # 08:00

    entity_id, intended = shown
    assert state_of(hass, entity_id).state == intended
    assert len(pending(hass)) == 1
    await advance(hass, freezer, timedelta(seconds=30))

    assert applied(simulator) == [(path, wire(8))]
    assert pending(hass) == []
    assert state_of(hass, entity_id).state == intended
    assert not simulator.faults.pending()
    # Nothing more is sent on later polls.
    await advance(hass, freezer, timedelta(minutes=3))
    assert applied(simulator) == [(path, wire(8))]


async def test_answer_lost_is_not_sent_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """A clock-in whose answer was lost reached TimeTrack: the next poll sees it
    recorded at 08:00 and does not send it a second time."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    simulator.apply_then_drop_next(1)

    await switch(hass, SERVICE_TURN_ON)
    assert [request.fault for request in simulator.requests] == ["apply_then_drop"]
    assert simulator.attendance_timer("anna")["from"] == wire(8)
    assert pending(hass) == ["clock_in@2026-06-03T08:00:00+02:00"]

    await advance(hass, freezer, timedelta(seconds=30))

    assert posts(simulator) == [CLOCK_IN]
    assert pending(hass) == []
    assert state_of(hass, ATTENDANCE).state == "on"


@pytest.mark.parametrize(("retry_after", "held"), [(90, 90), (None, 60)])
async def test_rate_limited_action_waits_for_retry_after(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    retry_after: int | None,
    held: int,
) -> None:
    """A 429 holds every request for Retry-After (60 s without one); then the
    kept action is sent with its original time."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    simulator.rate_limit_next(1, retry_after=retry_after)

    await switch(hass, SERVICE_TURN_ON)  # 08:00
    assert state_of(hass, ATTENDANCE).state == "on"

    await advance_to(hass, freezer, START + timedelta(seconds=held - 1))
    assert len(simulator.requests) == 1  # held: nothing sent meanwhile
    assert state_of(hass, ATTENDANCE).state == "on"
    assert len(pending(hass)) == 1

    await advance_to(hass, freezer, START + timedelta(seconds=held + 30))
    assert applied(simulator) == [(CLOCK_IN, wire(8))]
    assert pending(hass) == []


async def test_timer_event_fires_at_once_and_only_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """The event entity fires for an action taken offline when it is taken, and
    not again when TimeTrack records it."""
    assert await async_setup(hass, config_entry)
    log = record_states(hass, TIMER_EVENT)
    await simulator.go_down()

    await switch(hass, SERVICE_TURN_ON)
    assert event_types(log) == ["clocked_in"]
    await service(hass, "start_project_timer", {"project": "Support"})
    assert event_types(log) == ["clocked_in", "started"]
    assert log.changes[-1].attributes["project"] == "Support"

    await advance(hass, freezer, timedelta(minutes=2))
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))
    assert applied(simulator)[-2:] == [(CLOCK_IN, wire(8)), (TIMER_START, wire(8))]
    await advance(hass, freezer, timedelta(minutes=2))
    assert event_types(log) == ["clocked_in", "started"]


# --- actions that no longer make sense --------------------------------------------


async def test_action_made_obsolete_in_the_app_is_dropped_with_a_notice(
    hass: HomeAssistant,
    notices: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Clocked in offline at 08:00, and in the phone app at 08:02 meanwhile: the
    kept clock-in is dropped, the user told why, and it is never retried."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await switch(hass, SERVICE_TURN_ON)  # 08:00
    await advance_to(hass, freezer, at(8, 5))
    simulator.act("anna", "attendance_timer/start", wall(8, 2))  # the phone app

    await simulator.come_back()
    await advance_to(hass, freezer, at(8, 6))

    assert posts(simulator) == []
    assert pending(hass) == []
    assert simulator.attendance_timer("anna")["from"] == wire(8, 2)
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T06:02:00+00:00"
    [notice] = await messages(hass, notices)
    assert notice == (
        "The clock-in of Anna Berger taken at 2026-06-03 08:00 "
        + DROPPED
        + "Anna Berger is already clocked in."
    )

    # Not retried: no request, no second notice.
    await advance_to(hass, freezer, at(8, 30))
    assert posts(simulator) == []
    assert len(await messages(hass, notices)) == 1


async def test_notice_in_home_assistants_language(
    hass: HomeAssistant,
    notices: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """The notice is written in the language Home Assistant is set to."""
    simulator.act("anna", "project_timer/start", wall(7), **MOBILE_APP)
    assert await async_setup(hass, config_entry)
    await hass.config.async_update(language="de")
    await simulator.go_down()
    await press(hass, PAUSE)  # 08:00
    simulator.act("anna", "project_timer/stop", wall(8, 1))  # the phone app
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=90))

    [notice] = await messages(hass, notices)
    assert notice == (
        "Die Pause des Projekt-Timers von Anna Berger um 2026-06-03 08:00 wird im "
        "TimeTrack-Konto demo nicht erfasst. Die Aktion war gespeichert, solange "
        "TimeTrack nicht erreichbar war; erfasse sie von Hand in TimeTrack, wenn "
        "sie zählen soll. Grund: Der Projekt-Timer von Anna Berger läuft nicht."
    )
    assert posts(simulator) == []
    assert simulator.project_timer("anna")["stopped"] is True


async def test_action_refused_by_timetrack_on_replay_is_dropped(
    hass: HomeAssistant,
    notices: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """TimeTrack answers the replayed action with a 4xx: dropped with its reason,
    and the actions behind it are still sent."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    await simulator.go_down()
    await service(hass, "start_project_timer", {"project": "Support"})  # 08:00
    await advance(hass, freezer, timedelta(seconds=10))
    await switch(hass, SERVICE_TURN_ON)  # 08:00:10
    # The project is disabled meanwhile: TimeTrack refuses the start (404).
    simulator.set_project_enabled("Initech", "Support", False)
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))

    assert [
        (request.path.removeprefix(API), request.status)
        for request in simulator.requests
        if request.method == "POST"
    ] == [(TIMER_START, 404), (CLOCK_IN, 200)]
    assert applied(simulator) == [(CLOCK_IN, wire(8, 0, 10))]
    assert pending(hass) == []
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    [notice] = await messages(hass, notices)
    assert notice.startswith(
        "The start of the project timer of Anna Berger taken at 2026-06-03 08:00 "
        "will not be recorded in the TimeTrack account demo. It was "
        "kept while TimeTrack could not be reached; record it in TimeTrack by "
        "hand if it should count. Why: TimeTrack refused the action: "
    )
    await advance(hass, freezer, timedelta(minutes=5))
    assert len(posts(simulator)) == 2


async def test_action_older_than_a_week_is_dropped(
    hass: HomeAssistant,
    notices: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Down for eight days: the kept clock-in is too old for TimeTrack."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await switch(hass, SERVICE_TURN_ON)
    await advance(hass, freezer, timedelta(days=8))
    assert pending(hass) == ["clock_in@2026-06-03T08:00:00+02:00"]
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))

    assert posts(simulator) == []
    assert pending(hass) == []
    assert state_of(hass, ATTENDANCE).state == "off"
    [notice] = await messages(hass, notices)
    assert notice == (
        "The clock-in of Anna Berger taken at 2026-06-03 08:00 "
        + DROPPED
        + "The time is more than 7 days ago."
    )


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_user_deleted_meanwhile(
    hass: HomeAssistant,
    notices: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Ben's kept clock-in, and Ben deleted in TimeTrack before it could be sent:
    dropped with a notice; Anna's kept action is still sent."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await switch(hass, SERVICE_TURN_ON, BEN_ATTENDANCE)  # 08:00
    await advance(hass, freezer, timedelta(seconds=5))
    await switch(hass, SERVICE_TURN_ON)  # anna, 08:00:05
    assert pending(hass, BEN_PENDING) == ["clock_in@2026-06-03T08:00:00+02:00"]
    simulator.remove_user("ben")
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))

    assert applied(simulator) == [(CLOCK_IN, wire(8, 0, 5))]
    assert [
        request.body["username"] for request in simulator.requests_to(CLOCK_IN, "POST")
    ] == ["anna"]
    assert pending(hass) == []
    assert state_of(hass, BEN_ATTENDANCE).state == STATE_UNAVAILABLE
    assert state_of(hass, BEN_PENDING).state == STATE_UNAVAILABLE
    [notice] = await messages(hass, notices)
    assert notice == (
        "The clock-in of Ben Hofer taken at 2026-06-03 08:00 "
        + DROPPED
        + "TimeTrack no longer knows the user Ben Hofer."
    )
    assert issue_registry.async_get_issue(
        DOMAIN, f"user_not_found_{config_entry.entry_id}_ben"
    )


# --- authentication -----------------------------------------------------------------


async def test_auth_failure_is_never_kept(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """A 401 is not a fault to wait out: the action fails and reauth starts."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    simulator.fail_next(1, 401)

    with pytest.raises(HomeAssistantError) as info:
        await switch(hass, SERVICE_TURN_ON)

    assert info.value.translation_key == "auth_failed"
    assert pending(hass) == []
    assert state_of(hass, ATTENDANCE).state == "off"
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    await advance(hass, freezer, timedelta(minutes=2))
    assert posts(simulator) == [CLOCK_IN]
    assert simulator.attendance_timer("anna") == {}


async def test_key_revoked_while_actions_wait(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Kept actions are not lost when the key is refused on replay: reauth asks
    for a new key, and once given they are sent with their original times."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    await simulator.go_down()
    await switch(hass, SERVICE_TURN_ON)  # 08:00
    simulator.api_secret = "a-new-secret"
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))

    assert posts(simulator) == []
    assert simulator.requests
    assert {request.status for request in simulator.requests} == {401}
    [flow] = [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]
    assert pending(hass) == ["clock_in@2026-06-03T08:00:00+02:00"]

    await advance(hass, freezer, timedelta(minutes=5))
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_API_KEY: DEMO_API_KEY, CONF_API_SECRET: "a-new-secret"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)

    assert config_entry.state is ConfigEntryState.LOADED
    assert applied(simulator) == [(CLOCK_IN, wire(8))]
    assert pending(hass) == []
    assert state_of(hass, CLOCKED_IN_SINCE).state == "2026-06-03T06:00:00+00:00"


# --- long outages and restarts ------------------------------------------------------


async def test_repair_issue_after_half_an_hour(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Actions waiting longer than 30 minutes raise a repair issue, which goes
    away by itself once they are sent."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await switch(hass, SERVICE_TURN_ON)  # 08:00
    await advance_to(hass, freezer, at(8, 10))
    await service(hass, "start_project_timer", {"project": "Support"})  # 08:10

    await advance_to(hass, freezer, at(8, 29, 30))
    assert pending_issue(issue_registry, config_entry) is None

    await advance_to(hass, freezer, at(8, 30, 30))
    issue = pending_issue(issue_registry, config_entry)
    assert issue is not None
    assert issue.translation_key == "actions_pending"
    assert issue.severity is ir.IssueSeverity.WARNING
    assert issue.translation_placeholders == {
        "account": "demo",
        "count": "2",
        "since": "2026-06-03 08:00",
    }
    await advance_to(hass, freezer, at(8, 45))
    assert len(issue_registry.issues) == 1

    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))
    assert applied(simulator) == [(CLOCK_IN, wire(8)), (TIMER_START, wire(8, 10))]
    assert pending_issue(issue_registry, config_entry) is None
    assert pending(hass) == []


async def test_pending_actions_survive_a_reload(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Reloaded while an action waits: it is sent once, after the reload."""
    assert await async_setup(hass, config_entry)
    simulator.clear_requests()
    simulator.fail_next(1, 503)
    await switch(hass, SERVICE_TURN_ON)  # 08:00
    stored = hass_storage[f"timetrack.outbox.{config_entry.entry_id}"]["data"]
    assert [(item["action"], item["at"]) for item in stored["actions"]] == [
        ("clock_in", "2026-06-03T08:00:00+02:00")
    ]
    await advance(hass, freezer, timedelta(seconds=10))

    # Reloaded before the retry: the new coordinator reads the stored action
    # and sends it on its first poll.
    assert await hass.config_entries.async_reload(config_entry.entry_id)
    await hass.async_block_till_done()

    assert config_entry.state is ConfigEntryState.LOADED
    assert applied(simulator) == [(CLOCK_IN, wire(8))]
    assert pending(hass) == []
    assert hass_storage[f"timetrack.outbox.{config_entry.entry_id}"]["data"] == {
        "actions": []
    }
    await advance(hass, freezer, timedelta(minutes=2))
    assert applied(simulator) == [(CLOCK_IN, wire(8))]


async def test_outage_with_restarts_in_between(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """A 40-minute outage, Home Assistant restarted twice meanwhile (once while
    TimeTrack is down, once while it is back): every action arrives once."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await switch(hass, SERVICE_TURN_ON)  # 08:00
    await advance_to(hass, freezer, at(8, 5))
    await service(hass, "start_project_timer", {"project": "Intranet"})  # 08:05

    # Restart 1 (08:10), TimeTrack still down: the entry starts from what
    # TimeTrack said last, and shows both actions waiting.
    await advance_to(hass, freezer, at(8, 10))
    assert await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.LOADED
    assert pending(hass) == [
        "clock_in@2026-06-03T08:00:00+02:00",
        "start@2026-06-03T08:05:00+02:00",
    ]
    assert state_of(hass, ATTENDANCE).state == "on"
    await advance_to(hass, freezer, at(8, 30))
    assert posts(simulator) == []

    # TimeTrack back at 08:40: both actions are replayed, once, at their times.
    await simulator.come_back()
    await advance(hass, freezer, timedelta(seconds=30))
    assert applied(simulator) == [(CLOCK_IN, wire(8)), (TIMER_START, wire(8, 5))]
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T06:05:00+00:00"
    assert pending(hass) == []

    # Another stop offline, then restart 2 right after TimeTrack is back.
    await simulator.go_down()
    now = datetime.now(VIENNA).replace(microsecond=0)
    await press(hass, STOP)
    assert pending(hass) == [f"stop@{now.isoformat()}"]
    assert await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()
    await simulator.come_back()
    await advance(hass, freezer, timedelta(minutes=3))
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    stop_time = now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert applied(simulator) == [
        (CLOCK_IN, wire(8)),
        (TIMER_START, wire(8, 5)),
        (TIMER_STOP, stop_time),
    ]
    assert pending(hass) == []
    assert state_of(hass, PROJECT_TIMER).state == "stopped"


async def test_outbox_written_before_a_restart_is_replayed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """What a previous run of Home Assistant left in storage is sent at start."""
    hass_storage[f"timetrack.outbox.{config_entry.entry_id}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"timetrack.outbox.{config_entry.entry_id}",
        "data": {
            "actions": [
                {
                    "id": "01JX0000000000000000000001",
                    "username": "anna",
                    "action": "clock_in",
                    "at": "2026-06-03T07:45:00+02:00",
                    "client": None,
                    "project": None,
                    "task": None,
                    "note": None,
                },
                {
                    "id": "01JX0000000000000000000002",
                    "username": "anna",
                    "action": "start",
                    "at": "2026-06-03T07:50:00+02:00",
                    "client": "Globex",
                    "project": "Website",
                    "task": "Meeting",
                    "note": "Kick-off",
                },
            ]
        },
    }
    assert await async_setup(hass, config_entry)

    assert applied(simulator) == [(CLOCK_IN, wire(7, 45)), (TIMER_START, wire(7, 50))]
    assert simulator.requests_to(TIMER_START, "POST")[0].body == {
        "date": wire(7, 50),
        "username": "anna",
        "clientName": "Globex",
        "projectName": "Website",
        "taskName": "Meeting",
        "note": "Kick-off",
    }
    assert pending(hass) == []
    assert state_of(hass, PROJECT).state == "Globex / Website"
    assert state_of(hass, WORKED_TIME).state == "10"


async def test_removing_the_account_deletes_its_outbox(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Waiting actions belong to the account: removing it removes them."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await switch(hass, SERVICE_TURN_ON)
    key = f"timetrack.outbox.{config_entry.entry_id}"
    assert len(hass_storage[key]["data"]["actions"]) == 1

    assert await hass.config_entries.async_remove(config_entry.entry_id)
    await hass.async_block_till_done()

    assert key not in hass_storage
    await simulator.come_back()
