"""Every dialect TimeTrack may speak: what the polls find.

A change made elsewhere (the phone app), shown at the next poll, and an action
TimeTrack then refuses in the dialect's error form; actions kept while
TimeTrack cannot be reached, or whose answer was lost, replayed after a poll
and taken exactly once. Each test runs once per dialect of
`simulator.dialect.DIALECTS`, set before the entry is set up, through Home
Assistant. Set-up, the lists and every action: test_dialects.py.

Time is frozen on Wednesday 3 June 2026 at 13:00 in Vienna.
"""

from __future__ import annotations

from datetime import timedelta

from homeassistant.exceptions import ServiceValidationError
import pytest

from .actions_support import Home
from .dialect_support import (
    IN_APP,
    actions_sent,
    dialects,
    nothing_runs,
    pending_count,
    pick,
    read_method,
    set_up,
    timer_path,
    told,
    tries,
    utc,
    wire,
)
from .entity_support import (
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    ENTITY_TESTS,
    PROJECT,
    PROJECT_TIMER,
    TIMER_EVENT,
    TIMER_STARTED,
    event_types,
    local,
    record_states,
    wall,
)

pytestmark = ENTITY_TESTS


# --- a change made elsewhere --------------------------------------------------


@pytest.mark.parametrize("key", dialects())
async def test_change_made_elsewhere(home: Home, key: str) -> None:
    """Clocked in and a project started in the phone app: shown at the next poll
    with TimeTrack's times, the event firing once each. Then clocked out in the
    app: Home Assistant's clock-out is refused by TimeTrack (409, in the
    dialect's error form), read again, and refused as if it had been known.
    Anna's attendance is never read from Ben's entry."""
    dialect = await set_up(home, key)
    log = record_states(home.hass, TIMER_EVENT)

    # Ben (not tracked) stays clocked in: his entry is never Anna's, also where
    # the attendance read answers the whole account's entries.
    home.simulator.act("ben", "attendance_timer/start", wall(12, 59, 0))
    home.simulator.act("anna", "attendance_timer/start", wall(13, 0, 10))
    home.simulator.act(
        "anna",
        "project_timer/start",
        wall(13, 0, 20),
        clientName="ACME",
        projectName="Website",
    )
    assert home.state(ATTENDANCE) == "off"
    await home.poll()  # 13:01

    assert home.state(ATTENDANCE) == "on"
    assert home.state(CLOCKED_IN_SINCE) == utc(told(local(13, 0, 10), dialect))
    assert home.state(PROJECT_TIMER) == "running"
    assert home.state(PROJECT) == "ACME / Website"
    assert home.state(TIMER_STARTED) == utc(told(local(13, 0, 20), dialect))
    assert event_types(log) == ["clocked_in", "started"]
    started = log.changes[-1].attributes
    assert (started["client"], started["project"]) == ("ACME", "Website")
    await home.poll()  # 13:02: nothing new
    assert event_types(log) == ["clocked_in", "started"]

    await home.advance(timedelta(seconds=20))  # 13:02:20
    home.simulator.act("anna", "attendance_timer/stop", wall(13, 2, 10))
    home.simulator.clear_requests()
    with pytest.raises(ServiceValidationError) as info:
        await home.action("clock_out")

    assert info.value.translation_key == "not_clocked_in"
    refused = 200 if dialect.errors in {"in_200", "envelope"} else 409
    assert tries(home.simulator, "attendance_timer/stop") == [("POST", refused)]
    assert tries(home.simulator, "attendance_timer") == [
        (read_method(dialect), nothing_runs(dialect))
    ]
    assert home.state(ATTENDANCE) == "off"
    assert event_types(log) == ["clocked_in", "started", "clocked_out"]


# --- actions kept while TimeTrack cannot take them ----------------------------


@pytest.mark.parametrize("key", dialects())
async def test_kept_actions_are_sent_once(home: Home, key: str) -> None:
    """A clock-out while TimeTrack is down is shown and kept; once it is back, it
    reaches TimeTrack exactly once, with the time it was taken. A stop that
    reached TimeTrack but whose answer was lost is kept too; the next poll sees
    it recorded: one stop in all, never two."""
    dialect = await set_up(home, key, *IN_APP)
    assert home.states(ATTENDANCE, PROJECT_TIMER) == ("on", "running")
    await home.advance(timedelta(seconds=5))  # 13:00:05
    home.simulator.clear_requests()
    await home.simulator.go_down()

    response = await home.action("clock_out")

    assert response["attendance"]["clocked_in"] is False
    assert home.state(ATTENDANCE) == "off"
    assert pending_count(home.hass) == 1
    assert home.simulator.attendance_timer("anna")["to"] is None

    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))  # the outbox's retry

    clock_out = ("attendance_timer/stop", wire(local(13, 0, 5)), None)
    assert actions_sent(home.simulator) == [clock_out]
    assert home.simulator.attendance_timer("anna")["to"] == clock_out[1]
    assert pending_count(home.hass) == 0
    assert home.states(ATTENDANCE, PROJECT_TIMER) == ("off", "running")

    # 13:00:35: the stop reaches TimeTrack, its answer is lost.
    home.simulator.apply_then_drop_next(1)
    response = await home.action("stop_project_timer")

    assert response["project_timer"]["state"] == "stopped"
    assert home.state(PROJECT_TIMER) == "stopped"
    assert pending_count(home.hass) == 1
    stop = (f"{timer_path(dialect)}/stop", wire(local(13, 0, 35)), "apply_then_drop")
    assert actions_sent(home.simulator) == [clock_out, stop]

    await home.advance(timedelta(seconds=30))  # the outbox's retry

    assert actions_sent(home.simulator) == [clock_out, stop]
    assert pending_count(home.hass) == 0
    assert home.states(ATTENDANCE, PROJECT_TIMER) == ("off", "stopped")
    timer = home.simulator.project_timer("anna")
    assert pick(timer, "stopped", "workedSeconds") == (True, 30 * 60 + 15)
    await home.poll()
    assert actions_sent(home.simulator) == [clock_out, stop]
    assert pending_count(home.hass) == 0
