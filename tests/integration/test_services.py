"""The actions (services): what they send, what they answer, what they refuse.

Every test calls the actions as a user or an automation would, through
``hass.services.async_call``, against the simulator over real HTTP, and checks
the answer, the entities, the requests the simulator received and the
simulator's own state. Time is frozen at 11:00 in Vienna unless a test moves it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator
from simulator.data import Task as SimulatedTask

from .actions_support import API, Home, call_action, failed, refused
from .entity_support import (
    ATTENDANCE,
    BREAK_TIME,
    CLOCKED_IN_SINCE,
    PENDING_ACTIONS,
    PROJECT,
    PROJECT_TIMER,
    TIMER_STARTED,
    VIENNA,
    WORKED_TIME,
    Prepare,
    device_id,
)

# The account is set up at 11:00 on a Tuesday in winter (Vienna is UTC+1).
DAY = "2026-02-10"

STOPPED_TIMER = {
    "state": "stopped",
    "client": None,
    "project": None,
    "task": None,
    "note": None,
    "started_at": None,
    "worked_seconds": 0,
    "break_seconds": 0,
}
CLOCKED_OUT = {"clocked_in": False, "since": None, "worked_seconds": 0}


def local(clock: str, day: str = DAY) -> datetime:
    """A naive wall-clock time in Vienna, as the simulator's `act` takes it."""
    return datetime.fromisoformat(f"{day}T{clock}")


def wire(clock: str, day: str = DAY) -> str:
    """How TimeTrack writes a local wall-clock time."""
    return f"{day}T{clock}.000Z"


MOBILE_APP = {"clientName": "ACME", "projectName": "Mobile App"}
START_MOBILE_APP_AT_8 = ("project_timer/start", "08:00:00", MOBILE_APP)


# --- every action: request, answer, entities, simulator -----------------------

ACTION_CASES: list[Any] = [
    pytest.param(
        (),
        "start_project_timer",
        {
            "project": "website",
            "client": "acme",
            "task": "development",
            "note": "Landing page",
            "time": f"{DAY} 09:30:00",
        },
        "timers/project_timer/start",
        {
            "date": wire("09:30:00"),
            "username": "anna",
            "clientName": "ACME",
            "projectName": "Website",
            "taskName": "Development",
            "note": "Landing page",
        },
        {
            "project_timer": {
                "state": "running",
                "client": "ACME",
                "project": "Website",
                "task": "Development",
                "note": "Landing page",
                "started_at": "2026-02-10T09:30:00+01:00",
                "worked_seconds": 5400,
                "break_seconds": 0,
            },
            "attendance": CLOCKED_OUT,
        },
        {
            PROJECT_TIMER: "running",
            WORKED_TIME: "90",
            BREAK_TIME: "0",
            TIMER_STARTED: "2026-02-10T08:30:00+00:00",
            PROJECT: "ACME / Website",
        },
        id="start",
    ),
    pytest.param(
        (START_MOBILE_APP_AT_8,),
        "pause_project_timer",
        {"time": f"{DAY} 10:30:00"},
        "timers/project_timer/pause",
        {"date": wire("10:30:00"), "username": "anna"},
        {
            "project_timer": {
                "state": "paused",
                "client": "ACME",
                "project": "Mobile App",
                "task": None,
                "note": None,
                "started_at": "2026-02-10T08:00:00+01:00",
                "worked_seconds": 9000,
                "break_seconds": 1800,
            },
            "attendance": CLOCKED_OUT,
        },
        {PROJECT_TIMER: "paused", WORKED_TIME: "150", BREAK_TIME: "30"},
        id="pause",
    ),
    pytest.param(
        (START_MOBILE_APP_AT_8, ("project_timer/pause", "10:00:00")),
        "resume_project_timer",
        {"time": f"{DAY} 10:30:00"},
        "timers/project_timer/resume",
        {"date": wire("10:30:00"), "username": "anna"},
        {
            "project_timer": {
                "state": "running",
                "client": "ACME",
                "project": "Mobile App",
                "task": None,
                "note": None,
                "started_at": "2026-02-10T08:00:00+01:00",
                "worked_seconds": 9000,
                "break_seconds": 1800,
            },
            "attendance": CLOCKED_OUT,
        },
        {PROJECT_TIMER: "running", WORKED_TIME: "150", BREAK_TIME: "30"},
        id="resume",
    ),
    pytest.param(
        (
            START_MOBILE_APP_AT_8,
            ("project_timer/pause", "09:00:00"),
            ("project_timer/resume", "09:15:00"),
        ),
        "stop_project_timer",
        {"time": f"{DAY} 10:45:00"},
        "timers/project_timer/stop",
        {"date": wire("10:45:00"), "username": "anna"},
        {
            "project_timer": {
                "state": "stopped",
                "client": "ACME",
                "project": "Mobile App",
                "task": None,
                "note": None,
                "started_at": None,
                "worked_seconds": 9000,
                "break_seconds": 900,
            },
            "attendance": CLOCKED_OUT,
        },
        {PROJECT_TIMER: "stopped", WORKED_TIME: "150", BREAK_TIME: "15"},
        id="stop",
    ),
    pytest.param(
        (),
        "clock_in",
        {"time": f"{DAY} 08:00:00"},
        "attendance_timer/start",
        {"date": wire("08:00:00"), "username": "anna"},
        {
            "project_timer": STOPPED_TIMER,
            "attendance": {
                "clocked_in": True,
                "since": "2026-02-10T08:00:00+01:00",
                "worked_seconds": 10800,
            },
        },
        {ATTENDANCE: STATE_ON, CLOCKED_IN_SINCE: "2026-02-10T07:00:00+00:00"},
        id="clock_in",
    ),
    pytest.param(
        (("attendance_timer/start", "07:30:00"),),
        "clock_out",
        {"time": f"{DAY} 10:30:00"},
        "attendance_timer/stop",
        {"date": wire("10:30:00"), "username": "anna"},
        {
            "project_timer": STOPPED_TIMER,
            "attendance": {"clocked_in": False, "since": None, "worked_seconds": 10800},
        },
        {ATTENDANCE: "off", CLOCKED_IN_SINCE: "unknown"},
        id="clock_out",
    ),
]


@pytest.mark.parametrize("response", [True, False], ids=["response", "no_response"])
@pytest.mark.parametrize(
    ("acts", "service", "data", "path", "body", "answer", "entities"), ACTION_CASES
)
async def test_action(
    *,
    home: Home,
    prepare: Prepare,
    acts: tuple[Any, ...],
    service: str,
    data: dict[str, Any],
    path: str,
    body: dict[str, Any],
    answer: dict[str, Any],
    entities: dict[str, str],
    response: bool,
) -> None:
    """One POST with the local wall-clock time; the entities show it at once."""
    await prepare(*acts)

    result = await home.action(service, data, response=response)

    assert result == (answer if response else None)
    assert home.calls() == [("POST", path)]
    assert home.simulator.requests[0].body == body
    assert home.simulator.requests[0].status == 200
    for entity_id, expected in entities.items():
        assert home.state(entity_id) == expected, entity_id
    # The simulator holds what the action said, at the time it named.
    if service == "start_project_timer":
        assert home.simulator.project_timer("anna")["startedAt"] == wire("09:30:00")
    elif service.startswith("clock"):
        timer = home.simulator.attendance_timer("anna")
        assert (timer["to"] if service == "clock_out" else timer["from"]) == body[
            "date"
        ]
    else:
        timer = home.simulator.project_timer("anna")
        assert {k: timer[k] for k in ("playing", "paused", "stopped")} == {
            "playing": answer["project_timer"]["state"] == "running",
            "paused": answer["project_timer"]["state"] == "paused",
            "stopped": answer["project_timer"]["state"] == "stopped",
        }
        last_change = home.simulator.state.project_timers["anna"].last_change
        assert last_change == datetime.fromisoformat(data["time"])


@pytest.mark.parametrize(
    ("acts", "service", "data", "path"),
    [
        (
            (),
            "start_project_timer",
            {"project": "Intranet"},
            "timers/project_timer/start",
        ),
        (
            (START_MOBILE_APP_AT_8,),
            "pause_project_timer",
            {},
            "timers/project_timer/pause",
        ),
        ((), "clock_in", {}, "attendance_timer/start"),
    ],
    ids=["start", "pause", "clock_in"],
)
async def test_action_without_time_happens_now(
    *,
    home: Home,
    prepare: Prepare,
    acts: tuple[Any, ...],
    service: str,
    data: dict[str, Any],
    path: str,
) -> None:
    """Without `time`, the action carries Home Assistant's current local time."""
    await prepare(*acts)

    await home.action(service, data)

    assert home.calls() == [("POST", path)]
    assert home.simulator.requests[0].body["date"] == wire("11:00:00")


@pytest.mark.parametrize(
    "time",
    ["2026-07-14 08:00:00", "2026-07-14T06:00:00+00:00", "2026-07-14T02:00:00-04:00"],
    ids=["local", "utc", "other_offset"],
)
async def test_time_arrives_as_vienna_wall_clock_in_summer(
    home: Home, time: str
) -> None:
    """A time in summer (UTC+2), whatever its offset, arrives as 08:00 Vienna."""
    home.freezer.move_to(datetime(2026, 7, 14, 10, 0, tzinfo=VIENNA))
    assert await home.set_up()
    home.simulator.clear_requests()

    result = await home.action("clock_in", {"time": time})

    assert home.simulator.requests[0].body == {
        "date": "2026-07-14T08:00:00.000Z",
        "username": "anna",
    }
    assert home.simulator.attendance_timer("anna")["from"] == "2026-07-14T08:00:00.000Z"
    assert result["attendance"] == {
        "clocked_in": True,
        "since": "2026-07-14T08:00:00+02:00",
        "worked_seconds": 7200,
    }
    assert home.state(CLOCKED_IN_SINCE) == "2026-07-14T06:00:00+00:00"


ACTIONS_204 = [
    pytest.param(
        (),
        "start_project_timer",
        {"project": "Support", "time": f"{DAY} 09:30:00"},
        "timers/project_timer",
        {
            PROJECT_TIMER: "running",
            WORKED_TIME: "90",
            PROJECT: "Initech / Support",
        },
        id="start",
    ),
    pytest.param(
        (START_MOBILE_APP_AT_8,),
        "pause_project_timer",
        {"time": f"{DAY} 10:30:00"},
        "timers/project_timer",
        {PROJECT_TIMER: "paused", WORKED_TIME: "150", BREAK_TIME: "30"},
        id="pause",
    ),
    pytest.param(
        (START_MOBILE_APP_AT_8, ("project_timer/pause", "10:00:00")),
        "resume_project_timer",
        {},
        "timers/project_timer",
        {PROJECT_TIMER: "running", WORKED_TIME: "120", BREAK_TIME: "60"},
        id="resume",
    ),
    pytest.param(
        (START_MOBILE_APP_AT_8,),
        "stop_project_timer",
        {},
        "timers/project_timer",
        {PROJECT_TIMER: "stopped", WORKED_TIME: "180"},
        id="stop",
    ),
    pytest.param(
        (),
        "clock_in",
        {"time": f"{DAY} 08:00:00"},
        "attendance_timer",
        {ATTENDANCE: STATE_ON, CLOCKED_IN_SINCE: "2026-02-10T07:00:00+00:00"},
        id="clock_in",
    ),
    pytest.param(
        (("attendance_timer/start", "07:30:00"),),
        "clock_out",
        {},
        "attendance_timer",
        {ATTENDANCE: "off", CLOCKED_IN_SINCE: "unknown"},
        id="clock_out",
    ),
]


@pytest.mark.parametrize(("acts", "service", "data", "read", "entities"), ACTIONS_204)
async def test_action_answered_without_body_shows_in_one_round_trip(
    *,
    home: Home,
    prepare: Prepare,
    acts: tuple[Any, ...],
    service: str,
    data: dict[str, Any],
    read: str,
    entities: dict[str, str],
) -> None:
    """A 204 answer: the action's own outcome shows at once, and nothing is read.

    TimeTrack took the action, so the state it leads to is known here; the
    next poll confirms it (it used to read the timer again: two round trips).
    """
    await prepare(*acts)
    home.simulator.empty_action_responses = True

    result = await home.action(service, data)

    requests = home.simulator.requests
    assert [(r.method, r.status) for r in requests] == [("POST", 204)]
    assert requests[0].path.startswith(API + read)
    for entity_id, expected in entities.items():
        assert home.state(entity_id) == expected, entity_id
    if service.startswith("clock"):
        assert result["attendance"]["clocked_in"] is (service == "clock_in")
    else:
        assert result["project_timer"]["state"] == entities[PROJECT_TIMER]


async def test_start_with_task_and_note_shows_on_the_project_timer(
    home: Home, account: MockConfigEntry
) -> None:
    """The project timer sensor names client, project and task at once."""
    await call_action(
        home.hass,
        "start_project_timer",
        {"project": "Mobile App", "task": "Design", "note": "Icons"},
    )

    state = home.hass.states.get(PROJECT_TIMER)
    assert state is not None
    assert state.state == "running"
    assert state.attributes["client"] == "ACME"
    assert state.attributes["project"] == "Mobile App"
    assert state.attributes["task"] == "Design"
    timer = home.simulator.project_timer("anna")
    assert (timer["taskName"], timer["note"]) == ("Design", "Icons")


# --- which user an action concerns ---------------------------------------------


async def test_target_device(home: Home, account: MockConfigEntry) -> None:
    """The user's device as the target."""
    await home.action(
        "clock_in", {ATTR_DEVICE_ID: device_id(home.hass, account, "anna")}
    )

    assert home.calls() == [("POST", "attendance_timer/start")]
    assert home.state(ATTENDANCE) == STATE_ON


async def test_every_entity_of_the_user_is_a_target(
    home: Home, account: MockConfigEntry
) -> None:
    """Any of the user's entities names the user."""
    entity_ids = [
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            er.async_get(home.hass), account.entry_id
        )
    ]
    assert len(entity_ids) >= 13
    clocked_in = False
    for entity_id in entity_ids:
        service = "clock_out" if clocked_in else "clock_in"
        home.simulator.clear_requests()
        result = await home.action(service, {ATTR_ENTITY_ID: entity_id})
        clocked_in = not clocked_in
        assert result["attendance"]["clocked_in"] is clocked_in, entity_id
        assert (
            len(
                home.simulator.requests_to(
                    "attendance_timer/" + ("start" if clocked_in else "stop"), "POST"
                )
            )
            == 1
        )


async def test_no_target_with_one_user(home: Home, account: MockConfigEntry) -> None:
    """With one tracked user, the target may be left out."""
    await home.action("clock_in")

    assert home.simulator.requests[0].body["username"] == "anna"


class TestTwoUsers:
    """Targets when the account tracks anna and ben."""

    @pytest.fixture
    def usernames(self) -> list[str]:
        return ["anna", "ben"]

    async def test_no_target_is_refused(
        self, home: Home, account: MockConfigEntry
    ) -> None:
        err = await refused(home.hass, "clock_in")

        assert err.translation_key == "target_required"
        assert (
            str(err) == "Several TimeTrack users are set up: choose one as the target"
        )
        assert home.simulator.requests == []

    async def test_target_picks_the_user(
        self, home: Home, account: MockConfigEntry
    ) -> None:
        await home.action(
            "clock_in", {ATTR_DEVICE_ID: device_id(home.hass, account, "ben")}
        )
        await home.action("clock_in", {ATTR_ENTITY_ID: "switch.anna_berger_attendance"})

        assert [r.body["username"] for r in home.simulator.requests] == ["ben", "anna"]
        assert home.state(ATTENDANCE) == STATE_ON
        ben = home.simulator.attendance_timer("ben")
        assert ben["to"] is None
        assert ben["from"] == wire("11:00:00")

    @pytest.mark.parametrize(
        "target",
        [
            lambda hass, entry: {
                ATTR_DEVICE_ID: [
                    device_id(hass, entry, "anna"),
                    device_id(hass, entry, "ben"),
                ]
            },
            lambda hass, entry: {
                ATTR_ENTITY_ID: [ATTENDANCE, "switch.ben_hofer_attendance"]
            },
        ],
        ids=["devices", "entities"],
    )
    async def test_two_users_targeted_is_refused(
        self,
        home: Home,
        account: MockConfigEntry,
        target: Callable[[HomeAssistant, MockConfigEntry], dict[str, Any]],
    ) -> None:
        err = await refused(home.hass, "clock_in", target(home.hass, account))

        assert err.translation_key == "target_several_users"
        assert home.simulator.requests == []


async def test_target_not_timetrack(home: Home, account: MockConfigEntry) -> None:
    """An entity or device of another integration is refused."""
    other = MockConfigEntry(domain="demo")
    other.add_to_hass(home.hass)
    device = dr.async_get(home.hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("demo", "lamp")}
    )
    lamp = er.async_get(home.hass).async_get_or_create(
        "light", "demo", "lamp", config_entry=other, device_id=device.id
    )
    home.hass.states.async_set("input_boolean.at_work", "on")

    for target in (
        {ATTR_ENTITY_ID: lamp.entity_id},
        {ATTR_DEVICE_ID: device.id},
        {ATTR_ENTITY_ID: "input_boolean.at_work"},
    ):
        err = await refused(home.hass, "clock_in", target)
        assert err.translation_key == "target_not_timetrack", target

    assert home.simulator.requests == []


# --- refusals: nothing is sent -----------------------------------------------


@pytest.mark.parametrize(
    ("acts", "service", "data", "key", "reads"),
    [
        ((), "pause_project_timer", {}, "timer_not_running", ["timers/project_timer"]),
        (
            (START_MOBILE_APP_AT_8,),
            "resume_project_timer",
            {},
            "timer_not_paused",
            ["timers/project_timer"],
        ),
        ((), "stop_project_timer", {}, "timer_not_started", ["timers/project_timer"]),
        (
            (("attendance_timer/start", "08:00:00"),),
            "clock_in",
            {},
            "already_clocked_in",
            ["attendance_timer"],
        ),
        ((), "clock_out", {}, "not_clocked_in", ["attendance_timer"]),
        (
            (START_MOBILE_APP_AT_8,),
            "pause_project_timer",
            {"time": f"{DAY} 07:59:00"},
            "time_before_start",
            ["timers/project_timer"],
        ),
        (
            (START_MOBILE_APP_AT_8,),
            "stop_project_timer",
            {"time": f"{DAY} 07:00:00"},
            "time_before_start",
            ["timers/project_timer"],
        ),
        (
            (("attendance_timer/start", "08:00:00"),),
            "clock_out",
            {"time": f"{DAY} 07:00:00"},
            "time_before_clock_in",
            ["attendance_timer"],
        ),
        (
            (START_MOBILE_APP_AT_8,),
            "start_project_timer",
            {"project": "Intranet", "time": f"{DAY} 07:00:00"},
            "time_before_start",
            ["timers/project_timer"],
        ),
    ],
    ids=[
        "pause_stopped",
        "resume_running",
        "stop_stopped",
        "clock_in_twice",
        "clock_out_not_clocked_in",
        "pause_before_start",
        "stop_before_start",
        "clock_out_before_clock_in",
        "start_other_before_start",
    ],
)
async def test_refused_after_one_fresh_look(
    *,
    home: Home,
    prepare: Prepare,
    acts: tuple[Any, ...],
    service: str,
    data: dict[str, Any],
    key: str,
    reads: list[str],
) -> None:
    """A refusal that depends on the timer: exactly one re-read, never a POST."""
    await prepare(*acts)
    project_before = home.simulator.project_timer("anna")
    attendance_before = home.simulator.attendance_timer("anna")

    err = await refused(home.hass, service, data)

    assert err.translation_key == key
    assert err.translation_domain == DOMAIN
    assert home.calls() == [("GET", read) for read in reads]
    assert home.simulator.project_timer("anna") == project_before
    assert home.simulator.attendance_timer("anna") == attendance_before


async def test_refusal_messages_name_the_user(
    home: Home, account: MockConfigEntry
) -> None:
    """The refusal is readable."""
    err = await refused(home.hass, "pause_project_timer")

    assert err.translation_placeholders == {"username": "anna"}
    assert str(err) == "The project timer of anna is not running"


LONG_NAME = "x" * 201
LONG_NOTE = "x" * 2001


@pytest.mark.parametrize(
    ("data", "key", "placeholders"),
    [
        (
            {"project": "Website"},
            "ambiguous_project",
            {"project": "Website", "clients": "ACME, Globex"},
        ),
        ({"project": ""}, "empty_field", {"field": "project"}),
        ({"project": "   "}, "empty_field", {"field": "project"}),
        ({"project": "Website", "client": " "}, "empty_field", {"field": "client"}),
        ({"project": "Mobile App", "task": "\t"}, "empty_field", {"field": "task"}),
        ({"project": "Mobile App", "note": "  \n "}, "empty_field", {"field": "note"}),
        (
            {"project": LONG_NAME},
            "field_too_long",
            {"field": "project", "limit": "200"},
        ),
        (
            {"project": "Website", "client": LONG_NAME},
            "field_too_long",
            {"field": "client", "limit": "200"},
        ),
        (
            {"project": "Mobile App", "task": LONG_NAME},
            "field_too_long",
            {"field": "task", "limit": "200"},
        ),
        (
            {"project": "Mobile App", "note": LONG_NOTE},
            "field_too_long",
            {"field": "note", "limit": "2000"},
        ),
        ({"project": "Mobile App", "time": f"{DAY} 11:03:00"}, "time_in_future", None),
        (
            {"project": "Mobile App", "time": "2026-02-03 10:59:00"},
            "time_too_old",
            {"days": "7"},
        ),
    ],
    ids=[
        "ambiguous",
        "empty_project",
        "blank_project",
        "blank_client",
        "blank_task",
        "blank_note",
        "long_project",
        "long_client",
        "long_task",
        "long_note",
        "future",
        "too_old",
    ],
)
async def test_start_refused_without_any_request(
    *,
    home: Home,
    account: MockConfigEntry,
    data: dict[str, Any],
    key: str,
    placeholders: dict[str, str] | None,
) -> None:
    """Refusals that need no look at TimeTrack send nothing at all."""
    err = await refused(home.hass, "start_project_timer", data)

    assert err.translation_key == key
    assert err.translation_placeholders == placeholders
    assert home.simulator.requests == []
    assert home.simulator.project_timer("anna") == {}
    assert home.state(PROJECT_TIMER) == "stopped"


@pytest.mark.parametrize(
    "service",
    [
        "pause_project_timer",
        "resume_project_timer",
        "stop_project_timer",
        "clock_in",
        "clock_out",
    ],
)
@pytest.mark.parametrize(
    ("time", "key"),
    [(f"{DAY} 11:02:01", "time_in_future"), ("2026-02-03 10:59:59", "time_too_old")],
    ids=["future", "too_old"],
)
async def test_time_out_of_range_refused_for_every_action(
    *, home: Home, account: MockConfigEntry, service: str, time: str, key: str
) -> None:
    """More than 2 minutes ahead or more than 7 days back: refused, nothing sent."""
    err = await refused(home.hass, service, {"time": time})

    assert err.translation_key == key
    assert home.simulator.requests == []


@pytest.mark.parametrize(
    "time",
    [f"{DAY} 11:02:00", "2026-02-03 11:00:00"],
    ids=["two_minutes_ahead", "seven_days_back"],
)
async def test_time_at_the_limits_is_accepted(
    home: Home, account: MockConfigEntry, time: str
) -> None:
    """The limits themselves are allowed (a host clock a little behind, a week back)."""
    await home.action("clock_in", {"time": time})

    assert home.calls() == [("POST", "attendance_timer/start")]
    wall = datetime.fromisoformat(time)
    assert home.simulator.requests[0].body["date"] == wall.strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )


async def test_ambiguous_project_with_client_starts(
    home: Home, account: MockConfigEntry
) -> None:
    """Naming the client picks one of the projects called Website."""
    result = await home.action(
        "start_project_timer", {"project": "Website", "client": "ACME"}
    )

    assert result["project_timer"]["client"] == "ACME"
    assert home.calls() == [("POST", "timers/project_timer/start")]
    assert home.simulator.requests[0].body["clientName"] == "ACME"
    assert home.state(PROJECT) == "ACME / Website"


@pytest.mark.parametrize(
    ("data", "placeholders"),
    [
        ({"project": "Moon Base"}, {"project": "Moon Base", "client": "-"}),
        ({"project": "Legacy"}, {"project": "Legacy", "client": "-"}),
        (
            {"project": "Legacy", "client": "Initech"},
            {"project": "Legacy", "client": "Initech"},
        ),
        (
            {"project": "Intranet", "client": "ACME"},
            {"project": "Intranet", "client": "ACME"},
        ),
    ],
    ids=["unknown", "disabled", "disabled_with_client", "other_client"],
)
async def test_unknown_project_refused_after_the_catalog_is_read_again(
    home: Home,
    account: MockConfigEntry,
    data: dict[str, Any],
    placeholders: dict[str, str],
) -> None:
    """An unknown or disabled project: the projects are read once more, then refused.

    Refused again at once, the list is not read again within a minute.
    """
    err = await refused(home.hass, "start_project_timer", data)

    assert err.translation_key == "unknown_project"
    assert err.translation_placeholders == placeholders
    assert home.calls() == [("GET", "projects")]
    assert home.simulator.project_timer("anna") == {}

    home.simulator.clear_requests()
    err = await refused(home.hass, "start_project_timer", data)
    assert err.translation_key == "unknown_project"
    assert home.simulator.requests == []


async def test_project_enabled_since_the_last_read_starts(
    home: Home, account: MockConfigEntry
) -> None:
    """A project enabled in TimeTrack after setup: found by reading the lists again."""
    home.simulator.set_project_enabled("Initech", "Legacy", True)

    result = await home.action("start_project_timer", {"project": "Legacy"})

    assert result["project_timer"]["project"] == "Legacy"
    assert home.calls() == [
        ("GET", "projects"),
        ("POST", "timers/project_timer/start"),
    ]
    assert (
        home.hass.states.get(PROJECT).attributes["options"].count("Initech / Legacy")
        == 1
    )


async def test_unknown_task_refused_after_the_tasks_are_read_again(
    home: Home, account: MockConfigEntry
) -> None:
    """An unknown task: the tasks are read once more, then refused, nothing sent."""
    err = await refused(
        home.hass, "start_project_timer", {"project": "Mobile App", "task": "Cooking"}
    )

    assert err.translation_key == "unknown_task"
    assert err.translation_placeholders == {"task": "Cooking"}
    assert home.calls() == [("GET", "tasks")]
    assert home.simulator.project_timer("anna") == {}


async def test_task_added_since_the_last_read_starts(
    home: Home, account: MockConfigEntry
) -> None:
    """A task added in TimeTrack after setup is found at once, not an hour later."""
    tasks = home.simulator.state.account.tasks
    tasks.append(SimulatedTask(id=len(tasks) + 1, name="Cooking"))

    result = await home.action(
        "start_project_timer", {"project": "Mobile App", "task": "cooking"}
    )

    assert result["project_timer"]["task"] == "Cooking"
    assert home.calls() == [
        ("GET", "tasks"),
        ("POST", "timers/project_timer/start"),
    ]


# --- the true current state ----------------------------------------------------


async def test_pause_a_timer_started_in_the_app(
    home: Home, account: MockConfigEntry
) -> None:
    """The cache says stopped, the phone app started it: one read, then the pause."""
    home.simulator.act("anna", "project_timer/start", local("09:00:00"), **MOBILE_APP)
    assert home.state(PROJECT_TIMER) == "stopped"

    result = await home.action("pause_project_timer", {"time": f"{DAY} 10:00:00"})

    assert home.calls() == [
        ("GET", "timers/project_timer"),
        ("POST", "timers/project_timer/pause"),
    ]
    assert result["project_timer"]["state"] == "paused"
    assert result["project_timer"]["worked_seconds"] == 3600
    assert result["project_timer"]["break_seconds"] == 3600
    assert home.state(PROJECT_TIMER) == "paused"
    assert home.simulator.project_timer("anna")["paused"] is True


async def test_clock_out_after_clocking_in_in_the_app(
    home: Home, account: MockConfigEntry
) -> None:
    """The cache says clocked out, the phone app clocked in: one read, then out."""
    home.simulator.act("anna", "attendance_timer/start", local("08:00:00"))

    result = await home.action("clock_out")

    assert home.calls() == [
        ("GET", "attendance_timer"),
        ("POST", "attendance_timer/stop"),
    ]
    assert result["attendance"] == {
        "clocked_in": False,
        "since": None,
        "worked_seconds": 10800,
    }
    assert home.simulator.attendance_timer("anna")["to"] == wire("11:00:00")


async def test_start_while_a_project_started_in_the_app_runs(
    home: Home, account: MockConfigEntry
) -> None:
    """The cache says stopped, the app started another project: stop it, then start."""
    home.simulator.act("anna", "project_timer/start", local("09:00:00"), **MOBILE_APP)

    result = await home.action("start_project_timer", {"project": "Intranet"})

    assert [
        (method, path, r.status)
        for (method, path), r in zip(home.calls(), home.simulator.requests, strict=True)
    ] == [
        ("POST", "timers/project_timer/start", 409),
        ("GET", "timers/project_timer", 200),
        ("POST", "timers/project_timer/stop", 200),
        ("POST", "timers/project_timer/start", 200),
    ]
    assert result["project_timer"]["project"] == "Intranet"
    assert result["project_timer"]["started_at"] == "2026-02-10T11:00:00+01:00"
    entries = home.simulator.state.project_time_entries
    assert [(e.project_name, e.start, e.end) for e in entries] == [
        ("Mobile App", local("09:00:00"), local("11:00:00"))
    ]
    assert home.state(PROJECT) == "Globex / Intranet"


async def test_start_the_project_started_in_the_app_keeps_it(
    home: Home, account: MockConfigEntry
) -> None:
    """The cache says stopped, the app started this very project: it is kept."""
    home.simulator.act("anna", "project_timer/start", local("09:00:00"), **MOBILE_APP)

    result = await home.action("start_project_timer", {"project": "Mobile App"})

    assert home.calls() == [
        ("POST", "timers/project_timer/start"),
        ("GET", "timers/project_timer"),
    ]
    assert result["project_timer"]["started_at"] == "2026-02-10T09:00:00+01:00"
    assert home.state(PROJECT_TIMER) == "running"
    assert home.simulator.state.project_time_entries == []


@pytest.mark.parametrize(
    ("acts", "app", "service", "key", "path", "entity", "shown"),
    [
        (
            (START_MOBILE_APP_AT_8,),
            ("project_timer/stop", "10:00:00"),
            "pause_project_timer",
            "timer_not_running",
            "timers/project_timer",
            PROJECT_TIMER,
            "stopped",
        ),
        (
            (START_MOBILE_APP_AT_8, ("project_timer/pause", "09:00:00")),
            ("project_timer/resume", "10:00:00"),
            "resume_project_timer",
            "timer_not_paused",
            "timers/project_timer",
            PROJECT_TIMER,
            "running",
        ),
        (
            (),
            ("attendance_timer/start", "08:00:00"),
            "clock_in",
            "already_clocked_in",
            "attendance_timer",
            ATTENDANCE,
            STATE_ON,
        ),
        (
            (("attendance_timer/start", "08:00:00"),),
            ("attendance_timer/stop", "10:00:00"),
            "clock_out",
            "not_clocked_in",
            "attendance_timer",
            ATTENDANCE,
            "off",
        ),
    ],
    ids=[
        "pause_stopped_in_app",
        "resume_resumed_in_app",
        "clock_in_twice",
        "clock_out_twice",
    ],
)
async def test_action_on_a_timer_changed_in_the_app(
    *,
    home: Home,
    prepare: Prepare,
    acts: tuple[Any, ...],
    app: tuple[str, str],
    service: str,
    key: str,
    path: str,
    entity: str,
    shown: str,
) -> None:
    """TimeTrack refuses (409) what the stale cache allowed: the true state shows.

    The action is then refused as if the cache had known the change.
    """
    await prepare(*acts)
    home.simulator.act("anna", app[0], local(app[1]))

    err = await refused(home.hass, service)

    assert err.translation_key == key
    assert [
        (r.method, r.path.removeprefix(API), r.status) for r in home.simulator.requests
    ] == [
        ("POST", home.simulator.requests[0].path.removeprefix(API), 409),
        ("GET", path, 200),
    ]
    assert home.state(entity) == shown


async def test_start_stops_the_running_project_first(
    home: Home, prepare: Prepare
) -> None:
    """Another project runs: stop it, then start, both at the same time."""
    await prepare(START_MOBILE_APP_AT_8)

    result = await call_action(
        home.hass,
        "start_project_timer",
        {"project": "Intranet", "time": f"{DAY} 10:00:00"},
    )

    assert home.calls() == [
        ("POST", "timers/project_timer/stop"),
        ("POST", "timers/project_timer/start"),
    ]
    assert [r.body["date"] for r in home.simulator.requests] == [wire("10:00:00")] * 2
    entries = home.simulator.state.project_time_entries
    assert [(e.project_name, e.start, e.end) for e in entries] == [
        ("Mobile App", local("08:00:00"), local("10:00:00"))
    ]
    assert result["project_timer"] == {
        "state": "running",
        "client": "Globex",
        "project": "Intranet",
        "task": None,
        "note": None,
        "started_at": "2026-02-10T10:00:00+01:00",
        "worked_seconds": 3600,
        "break_seconds": 0,
    }
    assert home.state(PROJECT) == "Globex / Intranet"


async def test_start_the_running_project_again_sends_nothing(
    home: Home, prepare: Prepare
) -> None:
    """The project already runs: no request, the answer is its state."""
    await prepare(START_MOBILE_APP_AT_8)

    result = await home.action("start_project_timer", {"project": "mobile app"})

    assert home.simulator.requests == []
    assert result["project_timer"]["started_at"] == "2026-02-10T08:00:00+01:00"
    assert result["project_timer"]["worked_seconds"] == 10800


# --- failures ----------------------------------------------------------------


def pending_actions(hass: HomeAssistant) -> list[dict[str, str]]:
    """The actions the pending actions sensor lists (its count must match)."""
    state = hass.states.get(PENDING_ACTIONS)
    assert state is not None
    actions: list[dict[str, str]] = state.attributes["actions"]
    assert state.state == str(len(actions))
    return actions


def taken(simulator: Simulator, suffix: str) -> list[Any]:
    """The bodies of the actions at `suffix` that TimeTrack took (no fault met)."""
    return [
        request.body
        for request in simulator.requests_to(suffix, "POST")
        if request.fault is None and 200 <= request.status < 300
    ]


async def test_connection_refused(home: Home, account: MockConfigEntry) -> None:
    """TimeTrack down: the clock-in is kept, shown at once, and sent once it is back."""
    await home.simulator.go_down()

    result = await home.action("clock_in")

    assert result["attendance"] == {
        "clocked_in": True,
        "since": "2026-02-10T11:00:00+01:00",
        "worked_seconds": 0,
    }
    assert home.state(ATTENDANCE) == STATE_ON
    assert pending_actions(home.hass) == [
        {"action": "clock_in", "time": "2026-02-10T11:00:00+01:00"}
    ]
    assert home.simulator.attendance_timer("anna") == {}

    # Still down on the next try (30 s later while an action waits).
    await home.poll(30)
    assert home.state(ATTENDANCE) == STATE_ON
    assert pending_actions(home.hass) != []

    await home.simulator.come_back()
    await home.poll(30)  # 11:01

    assert taken(home.simulator, "attendance_timer/start") == [
        {"date": wire("11:00:00"), "username": "anna"}
    ]
    assert home.simulator.attendance_timer("anna")["from"] == wire("11:00:00")
    assert pending_actions(home.hass) == []
    assert home.state(ATTENDANCE) == STATE_ON
    assert home.state(CLOCKED_IN_SINCE) == "2026-02-10T10:00:00+00:00"


PAUSE = ("POST", "timers/project_timer/pause")


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        (lambda sim: sim.fail_next(1, 502), 502),
        (lambda sim: sim.fail_next(1, 503, html=True), 503),
        (lambda sim: sim.drop_next(1), 0),
        (lambda sim: sim.malformed_next(1), 200),
        (lambda sim: sim.rate_limit_next(1, retry_after=30), 429),
    ],
    ids=["502", "503_html", "drop", "malformed", "429"],
)
async def test_action_kept_when_timetrack_fails(
    *, home: Home, prepare: Prepare, fault: Callable[[Simulator], None], status: int
) -> None:
    """A request TimeTrack did not take: no error, the paused state at once, and
    the pause sent once with its original time on the next poll (30 s later)."""
    await prepare(START_MOBILE_APP_AT_8)
    fault(home.simulator)

    result = await home.action("pause_project_timer")

    assert result["project_timer"]["state"] == "paused"
    assert result["project_timer"]["worked_seconds"] == 10800
    assert home.calls() == [PAUSE]
    assert [r.status for r in home.simulator.requests] == [status]
    assert home.simulator.project_timer("anna")["playing"] is True
    assert home.state(PROJECT_TIMER) == "paused"
    assert home.state(WORKED_TIME) == "180"
    assert pending_actions(home.hass) == [
        {"action": "pause", "time": "2026-02-10T11:00:00+01:00"}
    ]

    await home.poll(30)  # 11:00:30

    assert taken(home.simulator, "project_timer/pause") == [
        {"date": wire("11:00:00"), "username": "anna"}
    ]
    assert len(home.simulator.requests_to("project_timer/pause", "POST")) == 2
    timer = home.simulator.project_timer("anna")
    assert timer["paused"] is True
    assert timer["workedSeconds"] == 10800
    assert pending_actions(home.hass) == []
    assert home.state(PROJECT_TIMER) == "paused"
    assert home.state(WORKED_TIME) == "180"


@pytest.mark.parametrize(
    ("fault", "key", "sent"),
    [
        (lambda sim: sim.fail_next(1, 400), "action_rejected", [PAUSE]),
        # A 409 makes the integration look again: the timer still runs, so the
        # refusal is TimeTrack's own.
        (
            lambda sim: sim.fail_next(1, 409),
            "action_rejected",
            [PAUSE, ("GET", "timers/project_timer")],
        ),
    ],
    ids=["400", "409"],
)
async def test_action_failures(
    *,
    home: Home,
    prepare: Prepare,
    fault: Callable[[Simulator], None],
    key: str,
    sent: list[tuple[str, str]],
) -> None:
    """Refused by TimeTrack: HomeAssistantError (not a refusal); nothing kept."""
    await prepare(START_MOBILE_APP_AT_8)
    fault(home.simulator)

    err = await failed(home.hass, "pause_project_timer")

    assert err.translation_key == key
    assert err.translation_domain == DOMAIN
    assert home.calls() == sent
    assert home.simulator.project_timer("anna")["playing"] is True
    assert home.state(PROJECT_TIMER) == "running"
    assert pending_actions(home.hass) == []


async def test_rejection_reason_is_shown(home: Home, prepare: Prepare) -> None:
    """TimeTrack's own words end up in the message."""
    await prepare(START_MOBILE_APP_AT_8)
    home.simulator.fail_next(1, 409)

    err = await failed(home.hass, "pause_project_timer")

    assert str(err) == "TimeTrack refused the action: injected failure"


async def test_start_the_running_project_with_another_task_restarts_it(
    home: Home, prepare: Prepare
) -> None:
    """Same project, another task: a new time entry (stop, then start)."""
    await prepare(START_MOBILE_APP_AT_8)

    result = await home.action(
        "start_project_timer", {"project": "Mobile App", "task": "Meeting"}
    )

    assert home.calls() == [
        ("POST", "timers/project_timer/stop"),
        ("POST", "timers/project_timer/start"),
    ]
    assert result["project_timer"]["task"] == "Meeting"
    assert result["project_timer"]["started_at"] == "2026-02-10T11:00:00+01:00"


async def test_rate_limited_action_holds_later_requests(
    home: Home, account: MockConfigEntry
) -> None:
    """After a 429 nothing is sent until Retry-After passed; then every action
    kept meanwhile is sent in order, with its own time."""
    home.simulator.rate_limit_next(1, retry_after=120)

    await home.action("clock_in")  # 11:00, met the 429
    assert len(home.simulator.requests) == 1
    assert home.state(ATTENDANCE) == STATE_ON

    await home.poll(60)  # polls meanwhile are held, not sent
    assert len(home.simulator.requests) == 1
    result = await home.action("clock_out")  # 11:01, kept behind the clock-in
    assert result["attendance"]["clocked_in"] is False
    assert len(home.simulator.requests) == 1
    assert [action["action"] for action in pending_actions(home.hass)] == [
        "clock_in",
        "clock_out",
    ]
    await home.poll(59)  # 11:01:59
    assert len(home.simulator.requests) == 1
    assert home.state(ATTENDANCE) == "off"

    await home.poll(1)  # 11:02: Retry-After has passed
    assert [
        (method, path) for method, path in home.calls()[1:] if method == "POST"
    ] == [("POST", "attendance_timer/start"), ("POST", "attendance_timer/stop")]
    assert taken(home.simulator, "attendance_timer/start") == [
        {"date": wire("11:00:00"), "username": "anna"}
    ]
    assert taken(home.simulator, "attendance_timer/stop") == [
        {"date": wire("11:01:00"), "username": "anna"}
    ]
    assert pending_actions(home.hass) == []
    assert home.simulator.attendance_timer("anna")["to"] == wire("11:01:00")


async def test_rejected_start_is_an_error(home: Home, account: MockConfigEntry) -> None:
    """A 409 to a start that the cache could not foresee: action_rejected."""
    home.simulator.fail_next(1, 409)

    err = await failed(home.hass, "start_project_timer", {"project": "Support"})

    assert err.translation_key == "action_rejected"
    assert home.calls()[0] == ("POST", "timers/project_timer/start")
    assert home.simulator.project_timer("anna") == {}


async def test_auth_failure_starts_reauth(home: Home, account: MockConfigEntry) -> None:
    """A 401: auth_failed, nothing kept, and the user is asked for a new key."""
    home.simulator.fail_next(1, 401)

    err = await failed(home.hass, "clock_in")

    assert err.translation_key == "auth_failed"
    assert pending_actions(home.hass) == []
    assert home.state(ATTENDANCE) == "off"
    await home.hass.async_block_till_done()
    flows = home.hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == account.entry_id
    assert flows[0]["step_id"] == "reauth_confirm"


async def test_actions_fail_while_the_account_is_not_loaded(
    home: Home, account: MockConfigEntry
) -> None:
    """An unloaded account: the action says so (not "no TimeTrack device")."""
    anna = device_id(home.hass, account, "anna")
    assert await home.hass.config_entries.async_unload(account.entry_id)
    home.simulator.clear_requests()

    err = await failed(home.hass, "clock_in")
    assert err.translation_key == "account_not_loaded"
    assert err.translation_placeholders == {"account": account.title}
    err = await failed(home.hass, "clock_in", {"device_id": anna})
    assert err.translation_key == "account_not_loaded"
    assert home.simulator.requests == []

    assert await home.hass.config_entries.async_remove(account.entry_id)
    err = await refused(home.hass, "clock_in")
    assert err.translation_key == "no_users"
