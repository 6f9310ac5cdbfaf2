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

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_API_KEY, SERVICE_TURN_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import CONF_API_SECRET, DOMAIN
from simulator import DEMO_API_KEY, Simulator

from .actions_support import (
    API,
    CLOCK_IN,
    CLOCK_OUT,
    TIMER_PAUSE,
    TIMER_RESUME,
    TIMER_START,
    TIMER_STOP,
    Home,
    wire,
)
from .entity_support import (
    ALL_ANNA_ENTITIES,
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    DEMO_ACCOUNT,
    PAUSE,
    PROJECT,
    PROJECT_TIMER,
    RESUME,
    STOP,
    TIMER_EVENT,
    TIMER_STARTED,
    VIENNA,
    WORKED_TIME,
    dropped_notices,
    event_types,
    local,
    record_states,
    state_of,
    wall,
)
from .outage_support import BEN_ATTENDANCE, BEN_PENDING

START = datetime(2026, 6, 3, 8, 0, tzinfo=VIENNA)
pytestmark = [pytest.mark.freeze_time(START), DEMO_ACCOUNT]

MOBILE_APP = {"clientName": "ACME", "projectName": "Mobile App"}
# What a dropped action's repair issue says between the action and the reason.
DROPPED = (
    "will not be recorded in the TimeTrack account demo. It was kept while "
    "TimeTrack could not be reached; record it in TimeTrack by hand if it should "
    "count. Why: "
)


def clock_in_dropped(reason: str, user: str = "Anna Berger") -> str:
    """What the repair issue of a clock-in taken at 08:00 and dropped says."""
    return f"The clock-in of {user} taken at 2026-06-03 08:00 " + DROPPED + reason


# --- helpers ------------------------------------------------------------------


async def messages(hass: HomeAssistant, notices: dict[str, Any]) -> list[str]:
    """What the user is told of dropped actions: repair issues, never notifications."""
    assert notices == {}
    return await dropped_notices(hass)


def pending_issue(issue_registry: ir.IssueRegistry, entry: MockConfigEntry):
    return issue_registry.async_get_issue(DOMAIN, f"actions_pending_{entry.entry_id}")


# --- an action while TimeTrack cannot be reached --------------------------------


async def test_clock_in_offline_is_recorded_with_its_time(home: Home) -> None:
    """Clocked in at 08:00 while TimeTrack is down; back at 08:10: in since 08:00."""
    assert await home.set_up()
    await home.simulator.go_down()

    await home.switch(SERVICE_TURN_ON)  # 08:00

    # Shown at once, and kept (nothing reached TimeTrack).
    assert home.state(ATTENDANCE) == "on"
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T06:00:00+00:00"
    assert home.pending() == ["clock_in@2026-06-03T08:00:00+02:00"]
    assert home.simulator.attendance_timer("anna") == {}

    # Ten minutes down: every poll fails, the entities keep what was done.
    for minute in range(1, 10):
        await home.advance_to(local(8, minute))
        for entity_id in ALL_ANNA_ENTITIES:
            assert home.state(entity_id) != STATE_UNAVAILABLE, entity_id
        assert home.state(ATTENDANCE) == "on"
        assert len(home.pending()) == 1

    await home.simulator.come_back()
    await home.advance_to(local(8, 10))

    assert home.applied() == [(CLOCK_IN, wire(8))]
    assert home.posts() == [CLOCK_IN]
    assert home.simulator.attendance_timer("anna")["from"] == wire(8)
    assert home.simulator.attendance_timer("anna")["to"] is None
    assert home.pending() == []
    assert home.state(ATTENDANCE) == "on"
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T06:00:00+00:00"

    # Nothing is sent again later.
    await home.advance_to(local(8, 15))
    assert home.posts() == [CLOCK_IN]


async def test_switch_turned_on_while_timetrack_is_down(home: Home) -> None:
    """TimeTrack went down a minute ago: the switch still clocks in (later)."""
    assert await home.set_up()
    await home.simulator.go_down()
    await home.advance(timedelta(minutes=1))  # a poll failed: 08:01

    await home.switch(SERVICE_TURN_ON)

    assert home.state(ATTENDANCE) == "on"
    await home.simulator.come_back()
    await home.advance(timedelta(minutes=1))
    assert home.applied() == [(CLOCK_IN, wire(8, 1))]


async def test_a_morning_offline_is_replayed_in_order(home: Home) -> None:
    """Clock in, start a project, pause, resume, stop — all while TimeTrack is
    down — arrive in that order, each with the time it was taken."""
    assert await home.set_up()
    await home.simulator.go_down()

    await home.action("clock_in")  # 08:00
    await home.advance_to(local(8, 5))
    response = await home.action(
        "start_project_timer", {"project": "Mobile App", "task": "Design"}
    )
    assert response["project_timer"]["state"] == "running"
    assert response["project_timer"]["project"] == "Mobile App"
    assert home.state(PROJECT) == "ACME / Mobile App"
    await home.advance_to(local(8, 20))
    assert home.state(WORKED_TIME) == "15"
    await home.press(PAUSE)
    assert home.state(PROJECT_TIMER) == "paused"
    await home.advance_to(local(8, 30))
    await home.press(RESUME)
    assert home.state(PROJECT_TIMER) == "running"
    await home.advance_to(local(8, 50))
    assert home.state(WORKED_TIME) == "35"
    await home.press(STOP)
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.state(WORKED_TIME) == "35"
    assert home.pending() == [
        "clock_in@2026-06-03T08:00:00+02:00",
        "start@2026-06-03T08:05:00+02:00",
        "pause@2026-06-03T08:20:00+02:00",
        "resume@2026-06-03T08:30:00+02:00",
        "stop@2026-06-03T08:50:00+02:00",
    ]
    assert home.simulator.requests_to("project_timer", "POST") == []

    await home.simulator.come_back()
    await home.advance_to(local(9))

    assert home.applied() == [
        (CLOCK_IN, wire(8)),
        (TIMER_START, wire(8, 5)),
        (TIMER_PAUSE, wire(8, 20)),
        (TIMER_RESUME, wire(8, 30)),
        (TIMER_STOP, wire(8, 50)),
    ]
    assert len(home.posts()) == 5
    start = home.simulator.requests_to(TIMER_START, "POST")[0].body
    assert start == {
        "date": wire(8, 5),
        "username": "anna",
        "clientName": "ACME",
        "projectName": "Mobile App",
        "taskName": "Design",
    }
    timer = home.simulator.project_timer("anna")
    assert timer["stopped"] is True
    assert timer["startedAt"] == wire(8, 5)
    assert timer["workedSeconds"] == 35 * 60
    assert timer["breakSeconds"] == 10 * 60
    assert home.pending() == []
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.state(WORKED_TIME) == "35"
    assert home.state("sensor.anna_berger_break_time") == "10"
    assert home.state(ATTENDANCE) == "on"


async def test_actions_queue_behind_a_waiting_one(home: Home) -> None:
    """One 502, then TimeTrack answers again: later actions still wait their turn,
    so that TimeTrack gets them in the order they were taken."""
    assert await home.set_up()
    home.simulator.clear_requests()
    home.simulator.fail_next(1, 502)

    await home.action("clock_in")  # 08:00: met the 502
    await home.advance(timedelta(seconds=10))
    await home.action("start_project_timer", {"project": "Support"})  # 08:00:10

    # The start was not sent before the clock-in.
    assert home.posts() == [CLOCK_IN]
    assert home.pending() == [
        "clock_in@2026-06-03T08:00:00+02:00",
        "start@2026-06-03T08:00:10+02:00",
    ]
    await home.advance(timedelta(seconds=30))  # the 30 s retry

    assert home.applied() == [(CLOCK_IN, wire(8)), (TIMER_START, wire(8, 0, 10))]
    assert home.pending() == []
    assert home.simulator.project_timer("anna")["projectName"] == "Support"

    # With nothing waiting, an action is sent at once again.
    await home.action("pause_project_timer")
    assert home.applied()[-1] == (TIMER_PAUSE, wire(8, 0, 40))
    assert home.pending() == []


async def test_start_waits_behind_a_kept_stop(home: Home) -> None:
    """Starting another project stops the running one first: when that stop is
    kept, the start is kept behind it (not sent ahead, to be refused)."""
    home.simulator.act("anna", "project_timer/start", wall(7, 30), **MOBILE_APP)
    assert await home.set_up()
    home.simulator.clear_requests()
    home.simulator.fail_next(1, 502)

    response = await home.action("start_project_timer", {"project": "Support"})

    assert response["project_timer"]["project"] == "Support"
    assert response["project_timer"]["started_at"] == "2026-06-03T08:00:00+02:00"
    assert home.posts() == [TIMER_STOP]
    assert home.pending() == [
        "stop@2026-06-03T08:00:00+02:00",
        "start@2026-06-03T08:00:00+02:00",
    ]
    await home.advance(timedelta(seconds=30))

    assert home.applied() == [(TIMER_STOP, wire(8)), (TIMER_START, wire(8))]
    assert home.simulator.project_timer("anna")["projectName"] == "Support"
    assert home.simulator.project_timer("anna")["startedAt"] == wire(8)
    assert home.pending() == []


async def test_start_behind_a_waiting_action_stops_the_running_timer_first(
    home: Home,
) -> None:
    """Another project started while a clock-in waits: a stop of the running
    timer and the start are kept behind it, and replayed in that order."""
    home.simulator.act("anna", "project_timer/start", wall(7, 30), **MOBILE_APP)
    assert await home.set_up()
    home.simulator.clear_requests()
    await home.clock_in_while_down()  # 08:00
    await home.advance(timedelta(seconds=5))

    await home.action("start_project_timer", {"project": "Intranet"})  # 08:00:05

    assert home.state(PROJECT) == "Globex / Intranet"
    assert home.pending() == [
        "clock_in@2026-06-03T08:00:00+02:00",
        "stop@2026-06-03T08:00:05+02:00",
        "start@2026-06-03T08:00:05+02:00",
    ]
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert home.applied() == [
        (CLOCK_IN, wire(8)),
        (TIMER_STOP, wire(8, 0, 5)),
        (TIMER_START, wire(8, 0, 5)),
    ]
    assert home.simulator.project_timer("anna")["projectName"] == "Intranet"
    assert home.pending() == []


async def test_kept_start_after_a_start_in_the_app_stops_it_first(home: Home) -> None:
    """Started in the phone app at 08:01, and another project in Home Assistant
    at 08:02 while TimeTrack could not be reached from it: the later start
    wins, the app's timer is stopped at 08:02."""
    assert await home.set_up()
    home.simulator.clear_requests()
    await home.simulator.go_down()
    home.simulator.act("anna", "project_timer/start", wall(8, 1), **MOBILE_APP)
    await home.advance_to(local(8, 2))
    await home.action("start_project_timer", {"project": "Support"})  # 08:02
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert home.applied() == [(TIMER_STOP, wire(8, 2)), (TIMER_START, wire(8, 2))]
    timer = home.simulator.project_timer("anna")
    assert (timer["projectName"], timer["startedAt"]) == ("Support", wire(8, 2))
    assert home.pending() == []
    assert home.state(PROJECT) == "Initech / Support"


async def test_kept_start_before_a_start_in_the_app_is_dropped(
    home: Home, notices: dict[str, Any]
) -> None:
    """Started in Home Assistant at 08:01 while TimeTrack could not be reached,
    and another project in the phone app at 08:02: the app's later start
    stands; the kept one cannot go before it, and is dropped with a notice."""
    assert await home.set_up()
    home.simulator.clear_requests()
    await home.simulator.go_down()
    await home.advance_to(local(8, 1))
    await home.action("start_project_timer", {"project": "Support"})  # 08:01
    home.simulator.act("anna", "project_timer/start", wall(8, 2), **MOBILE_APP)
    await home.advance_to(local(8, 3))
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert home.posts() == []
    assert home.simulator.project_timer("anna")["projectName"] == "Mobile App"
    assert home.state(PROJECT) == "ACME / Mobile App"
    assert home.pending() == []
    assert await messages(home.hass, notices) == [
        (
            "The start of the project timer of Anna Berger taken at 2026-06-03 "
            "08:01 will not be recorded in the TimeTrack account demo. It was "
            "kept while TimeTrack could not be reached; record it in TimeTrack by "
            "hand if it should count. Why: A project timer was already "
            "running at that time."
        )
    ]


async def test_replay_answered_without_body(home: Home) -> None:
    """An account that answers actions with 204: the replayed action's state is
    read back from TimeTrack."""
    home.simulator.empty_action_responses = True
    assert await home.set_up()
    home.simulator.clear_requests()
    await home.simulator.go_down()
    await home.action("start_project_timer", {"project": "Support"})
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert home.applied() == [(TIMER_START, wire(8))]
    assert [r.status for r in home.simulator.requests_to(TIMER_START, "POST")] == [204]
    assert home.pending() == []
    assert home.state(TIMER_STARTED) == "2026-06-03T06:00:00+00:00"
    assert state_of(home.hass, PROJECT_TIMER).attributes["project"] == "Support"


async def test_refusal_stays_a_refusal_while_timetrack_is_down(home: Home) -> None:
    """An action that makes no sense for the last known state is refused, not
    kept, when TimeTrack cannot be asked whether that state changed."""
    assert await home.set_up()
    await home.simulator.go_down()

    with pytest.raises(ServiceValidationError) as info:
        await home.action("clock_out")

    assert info.value.translation_key == "not_clocked_in"
    assert home.pending() == []


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

# What anna did in the phone app at 07:00, before Home Assistant starts.
CLOCKED_IN = (("attendance_timer/start", {}),)
RUNNING = (("project_timer/start", MOBILE_APP),)
PAUSED = (*RUNNING, ("project_timer/pause", {}))
# Each action, after what it needs was done in the app: (the app's actions,
# the service, its data, the path, Home Assistant's state).
TIMER = PROJECT_TIMER
ACTIONS = {
    "clock_in": ((), "clock_in", {}, CLOCK_IN, (ATTENDANCE, "on")),
    "clock_out": (CLOCKED_IN, "clock_out", {}, CLOCK_OUT, (ATTENDANCE, "off")),
    "start": (
        (),
        "start_project_timer",
        {"project": "Mobile App"},
        TIMER_START,
        (TIMER, "running"),
    ),
    "pause": (RUNNING, "pause_project_timer", {}, TIMER_PAUSE, (TIMER, "paused")),
    "resume": (PAUSED, "resume_project_timer", {}, TIMER_RESUME, (TIMER, "running")),
    "stop": (RUNNING, "stop_project_timer", {}, TIMER_STOP, (TIMER, "stopped")),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(
    ("in_app", "name", "data", "path", "shown"), ACTIONS.values(), ids=ACTIONS
)
async def test_every_action_arrives_once_through_every_fault(
    home: Home,
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
        home.simulator.act("anna", action, wall(7), **fields)
    assert await home.set_up()
    home.simulator.clear_requests()
    fault(home.simulator)

    await home.action(name, data)  # 08:00

    entity_id, intended = shown
    assert home.state(entity_id) == intended
    assert len(home.pending()) == 1
    await home.advance(timedelta(seconds=30))

    assert home.applied() == [(path, wire(8))]
    assert home.pending() == []
    assert home.state(entity_id) == intended
    assert not home.simulator.faults.pending()
    # Nothing more is sent on later polls.
    await home.advance(timedelta(minutes=3))
    assert home.applied() == [(path, wire(8))]


async def test_answer_lost_is_not_sent_again(home: Home) -> None:
    """A clock-in whose answer was lost reached TimeTrack: the next poll sees it
    recorded at 08:00 and does not send it a second time."""
    assert await home.set_up()
    home.simulator.clear_requests()
    home.simulator.apply_then_drop_next(1)

    await home.switch(SERVICE_TURN_ON)
    assert [request.fault for request in home.simulator.requests] == ["apply_then_drop"]
    assert home.simulator.attendance_timer("anna")["from"] == wire(8)
    assert home.pending() == ["clock_in@2026-06-03T08:00:00+02:00"]

    await home.advance(timedelta(seconds=30))

    assert home.posts() == [CLOCK_IN]
    assert home.pending() == []
    assert home.state(ATTENDANCE) == "on"


@pytest.mark.parametrize(("retry_after", "held"), [(90, 90), (None, 60)])
async def test_rate_limited_action_waits_for_retry_after(
    home: Home, retry_after: int | None, held: int
) -> None:
    """A 429 holds every request for Retry-After (60 s without one); then the
    kept action is sent with its original time."""
    assert await home.set_up()
    home.simulator.clear_requests()
    home.simulator.rate_limit_next(1, retry_after=retry_after)

    await home.switch(SERVICE_TURN_ON)  # 08:00
    assert home.state(ATTENDANCE) == "on"

    await home.advance_to(START + timedelta(seconds=held - 1))
    assert len(home.simulator.requests) == 1  # held: nothing sent meanwhile
    assert home.state(ATTENDANCE) == "on"
    assert len(home.pending()) == 1

    await home.advance_to(START + timedelta(seconds=held + 30))
    assert home.applied() == [(CLOCK_IN, wire(8))]
    assert home.pending() == []


async def test_timer_event_fires_at_once_and_only_once(home: Home) -> None:
    """The event entity fires for an action taken offline when it is taken, and
    not again when TimeTrack records it."""
    assert await home.set_up()
    log = record_states(home.hass, TIMER_EVENT)
    await home.simulator.go_down()

    await home.switch(SERVICE_TURN_ON)
    assert event_types(log) == ["clocked_in"]
    await home.action("start_project_timer", {"project": "Support"})
    assert event_types(log) == ["clocked_in", "started"]
    assert log.changes[-1].attributes["project"] == "Support"

    await home.advance(timedelta(minutes=2))
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))
    assert home.applied()[-2:] == [(CLOCK_IN, wire(8)), (TIMER_START, wire(8))]
    await home.advance(timedelta(minutes=2))
    assert event_types(log) == ["clocked_in", "started"]


# --- actions that no longer make sense --------------------------------------------


async def test_action_made_obsolete_in_the_app_is_dropped_with_a_notice(
    home: Home, notices: dict[str, Any]
) -> None:
    """Clocked in offline at 08:00, and in the phone app at 08:02 meanwhile: the
    kept clock-in is dropped, the user told why, and it is never retried."""
    assert await home.set_up()
    await home.clock_in_while_down()  # 08:00
    await home.advance_to(local(8, 5))
    home.simulator.act("anna", "attendance_timer/start", wall(8, 2))  # the phone app

    await home.simulator.come_back()
    await home.advance_to(local(8, 6))

    assert home.posts() == []
    assert home.pending() == []
    assert home.simulator.attendance_timer("anna")["from"] == wire(8, 2)
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T06:02:00+00:00"
    [notice] = await messages(home.hass, notices)
    assert notice == clock_in_dropped("Anna Berger is already clocked in.")

    # Not retried: no request, no second notice.
    await home.advance_to(local(8, 30))
    assert home.posts() == []
    assert len(await messages(home.hass, notices)) == 1


async def test_notice_in_home_assistants_language(
    home: Home, notices: dict[str, Any]
) -> None:
    """The notice is written in the language Home Assistant is set to."""
    home.simulator.act("anna", "project_timer/start", wall(7), **MOBILE_APP)
    assert await home.set_up()
    await home.hass.config.async_update(language="de")
    await home.simulator.go_down()
    await home.press(PAUSE)  # 08:00
    home.simulator.act("anna", "project_timer/stop", wall(8, 1))  # the phone app
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=90))

    [notice] = await messages(home.hass, notices)
    assert notice == (
        "Die Pause des Projekt-Timers von Anna Berger um 2026-06-03 08:00 wird im "
        "TimeTrack-Konto demo nicht erfasst. Die Aktion war gespeichert, solange "
        "TimeTrack nicht erreichbar war; erfasse sie von Hand in TimeTrack, wenn "
        "sie zählen soll. Grund: Der Projekt-Timer von Anna Berger läuft nicht."
    )
    assert home.posts() == []
    assert home.simulator.project_timer("anna")["stopped"] is True


async def test_action_refused_by_timetrack_on_replay_is_dropped(
    home: Home, notices: dict[str, Any]
) -> None:
    """TimeTrack answers the replayed action with a 4xx: dropped with its reason,
    and the actions behind it are still sent."""
    assert await home.set_up()
    home.simulator.clear_requests()
    await home.simulator.go_down()
    await home.action("start_project_timer", {"project": "Support"})  # 08:00
    await home.advance(timedelta(seconds=10))
    await home.switch(SERVICE_TURN_ON)  # 08:00:10
    # The project is disabled meanwhile: TimeTrack refuses the start (404).
    home.simulator.set_project_enabled("Initech", "Support", False)
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert [
        (request.path.removeprefix(API), request.status)
        for request in home.simulator.requests
        if request.method == "POST"
    ] == [(TIMER_START, 404), (CLOCK_IN, 200)]
    assert home.applied() == [(CLOCK_IN, wire(8, 0, 10))]
    assert home.pending() == []
    assert home.state(PROJECT_TIMER) == "stopped"
    [notice] = await messages(home.hass, notices)
    assert notice.startswith(
        "The start of the project timer of Anna Berger taken at 2026-06-03 08:00 "
        "will not be recorded in the TimeTrack account demo. It was "
        "kept while TimeTrack could not be reached; record it in TimeTrack by "
        "hand if it should count. Why: TimeTrack refused the action: "
    )
    await home.advance(timedelta(minutes=5))
    assert len(home.posts()) == 2


async def test_action_older_than_a_week_is_dropped(
    home: Home, notices: dict[str, Any]
) -> None:
    """Down for eight days: the kept clock-in is too old for TimeTrack."""
    assert await home.set_up()
    await home.clock_in_while_down()
    await home.advance(timedelta(days=8))
    assert home.pending() == ["clock_in@2026-06-03T08:00:00+02:00"]
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert home.posts() == []
    assert home.pending() == []
    assert home.state(ATTENDANCE) == "off"
    [notice] = await messages(home.hass, notices)
    assert notice == clock_in_dropped("The time is more than 7 days ago.")


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_user_deleted_meanwhile(
    home: Home, notices: dict[str, Any], issue_registry: ir.IssueRegistry
) -> None:
    """Ben's kept clock-in, and Ben deleted in TimeTrack before it could be sent:
    dropped with a notice; Anna's kept action is still sent."""
    assert await home.set_up()
    await home.simulator.go_down()
    await home.switch(SERVICE_TURN_ON, BEN_ATTENDANCE)  # 08:00
    await home.advance(timedelta(seconds=5))
    await home.switch(SERVICE_TURN_ON)  # anna, 08:00:05
    assert home.pending(BEN_PENDING) == ["clock_in@2026-06-03T08:00:00+02:00"]
    home.simulator.remove_user("ben")
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert home.applied() == [(CLOCK_IN, wire(8, 0, 5))]
    assert [
        request.body["username"]
        for request in home.simulator.requests_to(CLOCK_IN, "POST")
    ] == ["anna"]
    assert home.pending() == []
    assert home.state(BEN_ATTENDANCE) == STATE_UNAVAILABLE
    assert home.state(BEN_PENDING) == STATE_UNAVAILABLE
    [notice] = await messages(home.hass, notices)
    assert notice == clock_in_dropped(
        "TimeTrack no longer knows the user Ben Hofer.", "Ben Hofer"
    )
    assert issue_registry.async_get_issue(
        DOMAIN, f"user_not_found_{home.entry.entry_id}_ben"
    )


# --- authentication -----------------------------------------------------------------


async def test_auth_failure_is_never_kept(home: Home) -> None:
    """A 401 is not a fault to wait out: the action fails and reauth starts."""
    assert await home.set_up()
    home.simulator.clear_requests()
    home.simulator.fail_next(1, 401)

    with pytest.raises(HomeAssistantError) as info:
        await home.switch(SERVICE_TURN_ON)

    assert info.value.translation_key == "auth_failed"
    assert home.pending() == []
    assert home.state(ATTENDANCE) == "off"
    await home.hass.async_block_till_done()
    flows = home.hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    await home.advance(timedelta(minutes=2))
    assert home.posts() == [CLOCK_IN]
    assert home.simulator.attendance_timer("anna") == {}


async def test_key_revoked_while_actions_wait(home: Home) -> None:
    """Kept actions are not lost when the key is refused on replay: reauth asks
    for a new key, and once given they are sent with their original times."""
    assert await home.set_up()
    home.simulator.clear_requests()
    await home.clock_in_while_down()  # 08:00
    home.simulator.api_secret = "a-new-secret"
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert home.posts() == []
    assert home.simulator.requests
    assert {request.status for request in home.simulator.requests} == {401}
    [flow] = [
        flow
        for flow in home.hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]
    assert home.pending() == ["clock_in@2026-06-03T08:00:00+02:00"]

    await home.advance(timedelta(minutes=5))
    result = await home.hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_API_KEY: DEMO_API_KEY, CONF_API_SECRET: "a-new-secret"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await home.hass.async_block_till_done(wait_background_tasks=True)

    assert home.entry.state is ConfigEntryState.LOADED
    assert home.applied() == [(CLOCK_IN, wire(8))]
    assert home.pending() == []
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T06:00:00+00:00"


# --- long outages and restarts ------------------------------------------------------


async def test_repair_issue_after_half_an_hour(
    home: Home, issue_registry: ir.IssueRegistry
) -> None:
    """Actions waiting longer than 30 minutes raise a repair issue, which goes
    away by itself once they are sent."""
    assert await home.set_up()
    await home.clock_in_while_down()  # 08:00
    await home.advance_to(local(8, 10))
    await home.action("start_project_timer", {"project": "Support"})  # 08:10

    await home.advance_to(local(8, 29, 30))
    assert pending_issue(issue_registry, home.entry) is None

    await home.advance_to(local(8, 30, 30))
    issue = pending_issue(issue_registry, home.entry)
    assert issue is not None
    assert issue.translation_key == "actions_pending"
    assert issue.severity is ir.IssueSeverity.WARNING
    assert issue.translation_placeholders == {
        "account": "demo",
        "count": "2",
        "since": "2026-06-03 08:00",
    }
    await home.advance_to(local(8, 45))
    assert len(issue_registry.issues) == 1

    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))
    assert home.applied() == [(CLOCK_IN, wire(8)), (TIMER_START, wire(8, 10))]
    assert pending_issue(issue_registry, home.entry) is None
    assert home.pending() == []


async def test_pending_actions_survive_a_reload(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """Reloaded while an action waits: it is sent once, after the reload."""
    assert await home.set_up()
    home.simulator.clear_requests()
    home.simulator.fail_next(1, 503)
    await home.switch(SERVICE_TURN_ON)  # 08:00
    stored = hass_storage[f"timetrack.outbox.{home.entry.entry_id}"]["data"]
    assert [(item["action"], item["at"]) for item in stored["actions"]] == [
        ("clock_in", "2026-06-03T08:00:00+02:00")
    ]
    await home.advance(timedelta(seconds=10))

    # Reloaded before the retry: the new coordinator reads the stored action
    # and sends it on its first poll.
    assert await home.hass.config_entries.async_reload(home.entry.entry_id)
    await home.hass.async_block_till_done()

    assert home.entry.state is ConfigEntryState.LOADED
    assert home.applied() == [(CLOCK_IN, wire(8))]
    assert home.pending() == []
    assert hass_storage[f"timetrack.outbox.{home.entry.entry_id}"]["data"] == {
        "actions": []
    }
    await home.advance(timedelta(minutes=2))
    assert home.applied() == [(CLOCK_IN, wire(8))]


async def test_outage_with_restarts_in_between(home: Home) -> None:
    """A 40-minute outage, Home Assistant restarted twice meanwhile (once while
    TimeTrack is down, once while it is back): every action arrives once."""
    assert await home.set_up()
    await home.clock_in_while_down()  # 08:00
    await home.advance_to(local(8, 5))
    await home.action("start_project_timer", {"project": "Intranet"})  # 08:05

    # Restart 1 (08:10), TimeTrack still down: the entry starts from what
    # TimeTrack said last, and shows both actions waiting.
    await home.advance_to(local(8, 10))
    assert await home.hass.config_entries.async_unload(home.entry.entry_id)
    await home.hass.async_block_till_done()
    assert await home.hass.config_entries.async_setup(home.entry.entry_id)
    assert home.entry.state is ConfigEntryState.LOADED
    assert home.pending() == [
        "clock_in@2026-06-03T08:00:00+02:00",
        "start@2026-06-03T08:05:00+02:00",
    ]
    assert home.state(ATTENDANCE) == "on"
    await home.advance_to(local(8, 30))
    assert home.posts() == []

    # TimeTrack back at 08:40: both actions are replayed, once, at their times.
    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))
    assert home.applied() == [(CLOCK_IN, wire(8)), (TIMER_START, wire(8, 5))]
    assert home.state(TIMER_STARTED) == "2026-06-03T06:05:00+00:00"
    assert home.pending() == []

    # Another stop offline, then restart 2 right after TimeTrack is back.
    await home.simulator.go_down()
    now = datetime.now(VIENNA).replace(microsecond=0)
    await home.press(STOP)
    assert home.pending() == [f"stop@{now.isoformat()}"]
    assert await home.hass.config_entries.async_unload(home.entry.entry_id)
    await home.hass.async_block_till_done()
    await home.simulator.come_back()
    await home.advance(timedelta(minutes=3))
    assert await home.hass.config_entries.async_setup(home.entry.entry_id)
    await home.hass.async_block_till_done()

    stop_time = now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert home.applied() == [
        (CLOCK_IN, wire(8)),
        (TIMER_START, wire(8, 5)),
        (TIMER_STOP, stop_time),
    ]
    assert home.pending() == []
    assert home.state(PROJECT_TIMER) == "stopped"


async def test_outbox_written_before_a_restart_is_replayed(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """What a previous run of Home Assistant left in storage is sent at start."""
    hass_storage[f"timetrack.outbox.{home.entry.entry_id}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"timetrack.outbox.{home.entry.entry_id}",
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
    assert await home.set_up()

    assert home.applied() == [(CLOCK_IN, wire(7, 45)), (TIMER_START, wire(7, 50))]
    assert home.simulator.requests_to(TIMER_START, "POST")[0].body == {
        "date": wire(7, 50),
        "username": "anna",
        "clientName": "Globex",
        "projectName": "Website",
        "taskName": "Meeting",
        "note": "Kick-off",
    }
    assert home.pending() == []
    assert home.state(PROJECT) == "Globex / Website"
    assert home.state(WORKED_TIME) == "10"


async def test_removing_the_account_deletes_its_outbox(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """Waiting actions belong to the account: removing it removes them, and
    the state it stored (written as it unloads) as well."""
    assert await home.set_up()
    await home.clock_in_while_down()
    key = f"timetrack.outbox.{home.entry.entry_id}"
    assert len(hass_storage[key]["data"]["actions"]) == 1

    assert await home.hass.config_entries.async_remove(home.entry.entry_id)
    await home.hass.async_block_till_done()

    assert key not in hass_storage
    assert f"timetrack.snapshot.{home.entry.entry_id}" not in hass_storage
    await home.simulator.come_back()
