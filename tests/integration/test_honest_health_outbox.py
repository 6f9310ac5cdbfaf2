"""An outbox nothing can jam: a kept action that TimeTrack will never take,
whatever the reason, leaves the outbox at once with a repair issue and one
`action_dropped` event (never the reverse of the action); the polls and later
actions carry on.

Everything runs through Home Assistant against the simulator. Time is frozen
on Wednesday 3 June 2026 at 13:00 in Vienna (entity_support.FROZEN).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiohttp import web
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN, MAX_REPLAY_ATTEMPTS
from simulator import Simulator
import simulator.app as simulator_app
from simulator.recording import RecordedRequest

from .actions_support import CLOCK_IN, TIMER_START, Home, let_time_pass, turn_on
from .entity_support import (
    ANNA_AND_BEN,
    ATTENDANCE,
    DEMO_ACCOUNT,
    FROZEN,
    NOW,
    TIMER_EVENT,
    event_types,
    record_states,
    state_of,
    wall_now,
)
from .outage_support import BEN_ATTENDANCE, BEN_PROJECT, posts, stored_outbox

pytestmark = [FROZEN, DEMO_ACCOUNT, ANNA_AND_BEN]

# What an action answered with JSON of another shape looks like (the body a
# broken read endpoint of kind "odd" answers).
ODD_ANSWER = {"unexpected": True, "items": "none"}


@dataclass
class PostFaults:
    """What the simulator does to each action request (POST) from now on.

    `fault` queues a fault as a POST is recorded, just before the fault queue
    is read for it, so that the reads of the same poll are answered normally
    (the queue meets the next request whatever its route). `odd` answers 200
    with JSON of another shape and applies nothing: the simulator has no such
    fault for actions (`break_endpoint(kind="odd")` covers the reads, the
    queue has no "odd" kind), so its request handling is wrapped for it.
    """

    fault: Callable[[Simulator], None] | None = None
    odd: bool = False

    def disarm(self) -> None:
        self.fault, self.odd = None, False


@pytest.fixture
def on_posts(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> PostFaults:
    """Faults met by the simulator's action requests (none until armed)."""
    armed = PostFaults()
    record = simulator.record
    answer = simulator_app._answer_api

    def recording(request: RecordedRequest) -> None:
        record(request)
        if request.method == "POST" and armed.fault is not None:
            armed.fault(simulator)

    async def answering(request: web.Request, handler: Any, sim: Simulator) -> Any:
        if request.method == "POST" and armed.odd:
            return web.json_response(ODD_ANSWER)
        return await answer(request, handler, sim)

    monkeypatch.setattr(simulator, "record", recording)
    monkeypatch.setattr(simulator_app, "_answer_api", answering)
    return armed


# --- kept actions TimeTrack will never take -------------------------------------------


@dataclass(frozen=True)
class Never:
    """A way a kept clock-in of anna's is never taken, and what it is told."""

    reason: str  # the event's reason: a translation key
    says: str  # the repair issue's reason, as the user reads it
    arm: Callable[[Simulator, PostFaults], None] = lambda sim, on_posts: None
    time: timedelta = timedelta(0)  # how far back the clock-in is dated
    replays: int = 1  # polls (30 s apart) until it is dropped


def fail_posts(status: int) -> Callable[[Simulator, PostFaults], None]:
    """Every action request answered `status` (with an `errors` body)."""

    def arm(_: Simulator, on_posts: PostFaults) -> None:
        on_posts.fault = lambda sim: sim.fail_next(1, status)

    return arm


def answer_odd(_: Simulator, on_posts: PostFaults) -> None:
    """Every action request answered 200 with JSON of another shape."""
    on_posts.odd = True


REFUSED = "TimeTrack refused the action: injected failure"
NEVER = [
    pytest.param(Never("action_rejected", REFUSED, fail_posts(400)), id="400"),
    pytest.param(Never("action_rejected", REFUSED, fail_posts(404)), id="404"),
    pytest.param(Never("action_rejected", REFUSED, fail_posts(409)), id="409"),
    pytest.param(
        Never(
            "action_forbidden",
            "TimeTrack does not let this API key do that.",
            fail_posts(403),
        ),
        id="403_on_the_action",
    ),
    pytest.param(
        Never(
            "unrecognized_answer",
            "TimeTrack answered in a way this integration does not recognise "
            "(attendance_timer/start: an answer without the expected object). "
            "The diagnostics show what it answered.",
            answer_odd,
        ),
        id="unrecognised_answer",
    ),
    pytest.param(
        Never(
            "user_not_found",
            "TimeTrack no longer knows the user Anna Berger.",
            lambda sim, _: sim.remove_user("anna"),
        ),
        id="user_deleted",
    ),
    pytest.param(
        Never(
            "time_too_old",
            "The time is more than 7 days ago.",
            time=timedelta(days=7) - timedelta(minutes=2),
        ),
        id="older_than_7_days",
    ),
    pytest.param(
        Never(
            "kept_failing",
            f"TimeTrack failed it {MAX_REPLAY_ATTEMPTS} times "
            "(TimeTrackServerError) while it answered otherwise.",
            fail_posts(502),
            replays=MAX_REPLAY_ATTEMPTS,
        ),
        id="kept_failing",
    ),
]


@pytest.mark.parametrize("never", NEVER)
async def test_kept_action_never_taken_is_dropped_and_nothing_jams(
    home: Home,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
    on_posts: PostFaults,
    never: Never,
) -> None:
    """A kept clock-in TimeTrack will never take leaves the outbox with a repair
    issue and one event; polls go on at the interval; later actions are sent."""
    assert await home.set_up()
    events = record_states(home.hass, TIMER_EVENT)
    await home.simulator.go_down()
    data = {"time": (NOW - never.time).isoformat()} if never.time else {}
    await home.action("clock_in", {"entity_id": ATTENDANCE, **data})
    [kept] = stored_outbox(hass_storage, home.entry)
    await home.advance(timedelta(minutes=5))
    never.arm(home.simulator, on_posts)
    home.simulator.clear_requests()

    await home.simulator.come_back()
    for _ in range(never.replays):
        assert stored_outbox(hass_storage, home.entry) != []
        await home.advance(timedelta(seconds=30))
    on_posts.disarm()

    # Gone from the outbox, told in a repair issue and by one event.
    assert stored_outbox(hass_storage, home.entry) == []
    issue = issue_registry.async_get_issue(DOMAIN, f"action_dropped_{kept['id']}")
    assert issue is not None
    assert issue.translation_key == "action_dropped"
    placeholders = issue.translation_placeholders or {}
    assert placeholders["reason"] == never.says
    assert placeholders["username"] == "Anna Berger"
    if never.reason != "user_not_found":
        assert home.pending() == []
        assert home.state(ATTENDANCE) == STATE_OFF
        assert event_types(events) == ["clocked_in", "action_dropped"]
        dropped = events.changes[-1].attributes
        assert (dropped["action"], dropped["reason"]) == ("clock_in", never.reason)
    else:
        # Her entities go unavailable with her, the event entity too: no event
        # can carry the drop; the two repair issues tell.
        assert issue_registry.async_get_issue(
            DOMAIN, f"user_not_found_{home.entry.entry_id}_anna"
        )
        assert home.state(TIMER_EVENT) == STATE_UNAVAILABLE
        assert event_types(events) == ["clocked_in"]
    # A refusal of the action is no refusal of the key: no reauthentication.
    assert home.hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []
    posted = [post for post in posts(home.simulator) if post[1] == "anna"]
    assert len(posted) == (
        0 if never.reason in {"user_not_found", "time_too_old"} else never.replays
    )

    # The polls carry on at the interval: a change in the app shows.
    home.simulator.act("ben", CLOCK_IN, wall_now())
    await home.advance(timedelta(seconds=60))
    assert home.state(BEN_ATTENDANCE) == STATE_ON

    # Later actions are sent at once, and taken.
    home.simulator.clear_requests()
    await home.action(
        "start_project_timer", {"entity_id": BEN_PROJECT, "project": "Intranet"}
    )
    expected = [(TIMER_START, "ben", 200)]
    if never.reason != "user_not_found":
        await turn_on(home.hass, ATTENDANCE)
        expected.append((CLOCK_IN, "anna", 200))
        assert home.pending() == []
        assert home.state(ATTENDANCE) == STATE_ON
    assert posts(home.simulator) == expected
    assert stored_outbox(hass_storage, home.entry) == []


# --- a kept clock-in, refused later ---------------------------------------------------


@pytest.mark.parametrize("refused_by", ["timetrack_400", "clock_in_in_the_app"])
async def test_kept_clock_in_refused_later_fires_once_then_dropped(
    home: Home, on_posts: PostFaults, refused_by: str
) -> None:
    """The kept clock-in fires `clocked_in` once, when taken (pending); its
    refusal fires one `action_dropped`, and never a `clocked_out`.

    Clocked in from the phone at 13:02 meanwhile, the replay finds her clocked
    in and drops the kept one; the app's own clock-in is a change of its own,
    fired as such (not pending) after the drop, so that the events end where
    TimeTrack is: clocked in.
    """
    assert await home.set_up()
    events = record_states(home.hass, TIMER_EVENT)
    await home.simulator.go_down()
    await turn_on(home.hass, ATTENDANCE)  # 13:00, kept
    assert event_types(events) == ["clocked_in"]
    assert events.changes[-1].attributes["pending"] is True
    await home.advance(timedelta(minutes=5))
    if refused_by == "timetrack_400":
        on_posts.fault = lambda sim: sim.fail_next(1, 400)
    else:
        home.simulator.act("anna", CLOCK_IN, wall_now() - timedelta(minutes=3))

    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))
    on_posts.disarm()
    await home.advance(timedelta(minutes=5))

    fired = [
        (state.attributes["event_type"], state.attributes)
        for state in events.changes
        if state.attributes.get("event_type")
    ]
    assert [name for name, _ in fired].count("action_dropped") == 1
    assert "clocked_out" not in [name for name, _ in fired]
    dropped = next(attrs for name, attrs in fired if name == "action_dropped")
    assert dropped["action"] == "clock_in"
    assert dropped["time"] == "2026-06-03T13:00:00+02:00"
    if refused_by == "timetrack_400":
        assert event_types(events) == ["clocked_in", "action_dropped"]
        assert dropped["reason"] == "action_rejected"
        assert home.state(ATTENDANCE) == STATE_OFF
    else:
        assert event_types(events) == ["clocked_in", "action_dropped", "clocked_in"]
        assert dropped["reason"] == "already_clocked_in"
        assert fired[-1][1]["pending"] is False
        assert home.state(ATTENDANCE) == STATE_ON
        assert posts(home.simulator) == []


# --- an action that cannot even be sent -----------------------------------------------


def seed_outbox(hass_storage: dict[str, Any], entry: MockConfigEntry) -> str:
    """A start of anna's kept by an earlier run, whose client is empty; its id.

    Sending it fails before any request: the client refuses an empty client
    name (ValueError).
    """
    key = f"timetrack.outbox.{entry.entry_id}"
    hass_storage[key] = {
        "version": 1,
        "minor_version": 1,
        "key": key,
        "data": {
            "actions": [
                {
                    "id": "01JX0000000000000000000001",
                    "username": "anna",
                    "action": "start",
                    "at": "2026-06-03T12:55:00+02:00",
                    "client": None,
                    "project": "Website",
                    "task": None,
                    "note": None,
                    "queued_at": "2026-06-03T12:55:00+02:00",
                    "attempts": 0,
                }
            ]
        },
    }
    return "01JX0000000000000000000001"


async def test_kept_start_without_client_is_dropped(
    home: Home, hass_storage: dict[str, Any], issue_registry: ir.IssueRegistry
) -> None:
    """A kept action that cannot even be sent (ValueError) is dropped with a
    repair issue at the first poll; polls and later actions carry on."""
    item_id = seed_outbox(hass_storage, home.entry)
    assert await home.set_up()

    assert stored_outbox(hass_storage, home.entry) == []
    assert home.pending() == []
    issue = issue_registry.async_get_issue(DOMAIN, f"action_dropped_{item_id}")
    assert issue is not None
    assert (issue.translation_placeholders or {})["reason"] == (
        "It could not be sent (client_name must be non-empty text)."
    )
    assert posts(home.simulator) == []

    home.simulator.act("ben", CLOCK_IN, wall_now())
    await home.advance(timedelta(seconds=60))
    assert home.state(BEN_ATTENDANCE) == STATE_ON
    # Its event: test_action_dropped_at_start_fires_its_event.
    await turn_on(home.hass, ATTENDANCE)
    assert posts(home.simulator) == [(CLOCK_IN, "anna", 200)]
    assert home.pending() == []


async def test_action_dropped_at_start_fires_its_event(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """The drop is told by the event when the entity comes up, not whenever
    some other change makes the coordinator notify."""
    seed_outbox(hass_storage, home.entry)
    assert await home.set_up()
    await home.advance(timedelta(minutes=5))  # polls, no change

    event = state_of(home.hass, TIMER_EVENT)
    assert event.attributes.get("event_type") == "action_dropped"
    assert event.attributes["action"] == "start"
    assert event.attributes["reason"] == "action_invalid"


async def test_action_dropped_at_a_restart_fires_its_event(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """At a restart the event entity is added before the first read is in; a
    kept action that read drops is still told by the event, once."""
    assert await home.set_up()
    await home.stop()
    seed_outbox(hass_storage, home.entry)
    events = record_states(home.hass, TIMER_EVENT)

    assert await home.hass.config_entries.async_setup(home.entry.entry_id)
    await home.hass.async_block_till_done()
    await home.advance(timedelta(minutes=5))  # polls, no change

    assert event_types(events) == ["action_dropped"]
    event = state_of(home.hass, TIMER_EVENT)
    assert event.attributes["action"] == "start"
    assert event.attributes["reason"] == "action_invalid"


async def test_action_dropped_by_a_slow_restart_read_fires_its_event(
    home: Home, hass_storage: dict[str, Any]
) -> None:
    """At a restart whose first read takes longer than the entities wait for
    it (5 s), the event entity shows itself first; the kept action that read
    drops is still told by the event, once."""
    hass = home.hass
    assert await home.set_up()
    await home.stop()
    seed_outbox(hass_storage, home.entry)
    events = record_states(hass, TIMER_EVENT)
    setup = await home.start_with_attendance_hanging()
    await let_time_pass(home, timedelta(seconds=6))
    assert state_of(hass, TIMER_EVENT).state == STATE_UNAVAILABLE

    home.simulator.repair_endpoint("attendance_timer")
    assert await setup
    await hass.async_block_till_done()
    await home.advance(timedelta(minutes=5))  # polls, no change

    assert event_types(events) == ["action_dropped"]
