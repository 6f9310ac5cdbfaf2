"""Honest health: while TimeTrack is down, an action kept for one user must
not make anybody else's stale readings look fresh, and the outage is logged
once each way; readings never lie about the day; the pending repair counts
from when actions were kept; a failed poll leaves no read behind.

Everything runs through Home Assistant against the simulator. Time is frozen
on Wednesday 3 June 2026 at 13:00 in Vienna (entity_support.FROZEN). What
becomes of kept actions TimeTrack never takes: test_honest_health_outbox.py.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
import logging
import time
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator
from simulator.recording import RecordedRequest
from tests.conftest import demo_entry

from .actions_support import CLOCK_IN, TIMER_START, Home, turn_on
from .entity_support import (
    ANNA_AND_BEN,
    ANNA_READINGS,
    ATTENDANCE,
    DEMO_ACCOUNT,
    FROZEN,
    PROJECT_TIMER,
    VIENNA,
    WORKED_TODAY,
    async_advance,
    async_setup,
    record_states,
    seed_busy_day,
    state_of,
    wall,
)
from .outage_support import (
    BEN_ATTENDANCE,
    BEN_CONTROLS,
    BEN_READINGS,
    integration_records,
    posts,
)

pytestmark = [FROZEN, DEMO_ACCOUNT, ANNA_AND_BEN]

TIMER = "timers/project_timer"
# The target of an action for anna (any of her entities names her device).
ANNA = {"entity_id": ATTENDANCE}


def now() -> datetime:
    """The frozen clock in Vienna."""
    return datetime.now(VIENNA)


# --- one outage: one line each way, nobody else's readings fresh ----------------------


async def test_outage_with_actions_is_honest_and_logged_once(
    home: Home, caplog: pytest.LogCaptureFixture
) -> None:
    """Anna acts several times while TimeTrack is down: Ben's readings stay
    unavailable throughout, and the log holds one line when it goes and one
    when it is back."""
    assert await home.set_up()
    assert home.unavailable(ANNA_READINGS + BEN_READINGS) == []
    caplog.set_level(logging.INFO)
    caplog.clear()
    bens = record_states(home.hass, *BEN_READINGS)

    await home.simulator.go_down()
    await home.advance(timedelta(minutes=1))  # a failed poll
    assert home.unavailable(BEN_READINGS) == list(BEN_READINGS)
    assert home.unavailable(ANNA_READINGS) == list(ANNA_READINGS)

    await turn_on(home.hass, ATTENDANCE)  # 13:01: kept
    assert home.pending() == ["clock_in@2026-06-03T13:01:00+02:00"]
    for name, data in (
        ("start_project_timer", {**ANNA, "project": "Support"}),  # 13:03
        ("pause_project_timer", ANNA),  # 13:05
        ("resume_project_timer", ANNA),  # 13:07
    ):
        await home.advance(timedelta(minutes=2))
        await home.action(name, data)
        assert home.unavailable(BEN_READINGS) == list(BEN_READINGS)
    assert len(home.pending()) == 4
    # Ben's controls stay available with his last known state: they are how
    # he acts while TimeTrack is away (Home Assistant skips unavailable
    # entities in actions); they claim nothing fresh, his readings do.
    assert home.unavailable(BEN_CONTROLS) == []
    assert home.state(BEN_ATTENDANCE) == STATE_OFF
    await home.advance(timedelta(minutes=5))
    # Every state written for Ben's readings during the outage: unavailable.
    assert {state.state for state in bens.changes} == {STATE_UNAVAILABLE}
    assert {state.entity_id for state in bens.changes} == set(BEN_READINGS)

    await home.simulator.come_back()
    await home.advance(timedelta(seconds=30))

    assert posts(home.simulator) == [
        (path, "anna", 200)
        for path in (CLOCK_IN, TIMER_START, f"{TIMER}/pause", f"{TIMER}/resume")
    ]
    assert home.pending() == []
    assert home.unavailable(ANNA_READINGS + BEN_READINGS) == []
    # The integration's log: one line when TimeTrack went, one when it came
    # back, and no other warning or error.
    outage = [
        (record.levelname, record.getMessage())
        for record in integration_records(caplog, logging.INFO)
        if "Error fetching" in record.getMessage() or "recovered" in record.getMessage()
    ]
    assert [level for level, _ in outage] == ["ERROR", "INFO"]
    assert outage[0][1].startswith("Error fetching TimeTrack demo data: ")
    assert outage[1][1] == "Fetching TimeTrack demo data recovered"
    assert [
        (record.levelname, record.getMessage())
        for record in integration_records(caplog, logging.WARNING)
    ] == [outage[0]]


# --- worked today never falls within a day --------------------------------------------


async def test_worked_today_never_falls_at_the_longest_interval(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """Polled hourly, a clock-out made in the phone app at 13:30 is seen at
    14:00: the sensor counted on meanwhile, and holds what it showed rather
    than falling back to 13:30 (statistics would take a fall of a
    total_increasing sensor for a meter reset). At midnight it starts again."""
    seed_busy_day(simulator)  # clocked in since 12:00; 300 minutes at 13:00
    entry = demo_entry(simulator, ["anna"], {"scan_interval": 3600})
    assert await async_setup(hass, entry)
    assert state_of(hass, WORKED_TODAY).state == "300"
    written = record_states(hass, WORKED_TODAY)

    while now() < datetime(2026, 6, 3, 14, 5, tzinfo=VIENNA):
        if now() == datetime(2026, 6, 3, 13, 30, tzinfo=VIENNA):
            simulator.act("anna", "attendance_timer/stop", wall(13, 30))
        await async_advance(hass, freezer, timedelta(minutes=1))
    assert state_of(hass, ATTENDANCE).state == "off"
    assert simulator.requests_to("work_reports", "GET")
    while now() < datetime(2026, 6, 4, 0, 30, tzinfo=VIENNA):
        await async_advance(hass, freezer, timedelta(minutes=10))

    by_day: dict[date, list[int]] = {}
    for state in written.changes:
        assert state.state != STATE_UNAVAILABLE
        day = state.last_changed.astimezone(VIENNA).date()
        by_day.setdefault(day, []).append(int(state.state))
    today = by_day[date(2026, 6, 3)]
    # Counted minute by minute to 360 at 14:00, when the poll showed the
    # clock-out at 13:30 (330 minutes in truth): held at 360.
    assert today == list(range(301, 361))
    assert state_of(hass, WORKED_TODAY).state == "0"
    assert by_day[date(2026, 6, 4)] == [0]


# --- the pending repair counts from when actions were kept ----------------------------


async def test_pending_repair_counts_from_when_the_action_was_kept(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A clock-in dated two hours back and kept at 13:00 has waited for nothing
    yet: the repair comes after 30 minutes of waiting, and says since 13:00."""
    entry = demo_entry(simulator, ["anna"], {})
    assert await async_setup(hass, entry)
    issue_id = f"actions_pending_{entry.entry_id}"
    await simulator.go_down()

    await hass.services.async_call(
        DOMAIN,
        "clock_in",
        {"time": (now() - timedelta(hours=2)).isoformat()},
        blocking=True,
        return_response=True,
    )
    assert state_of(hass, ATTENDANCE).state == STATE_ON
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None

    while now() < datetime(2026, 6, 3, 13, 29, 30, tzinfo=VIENNA):
        await async_advance(hass, freezer, timedelta(seconds=30))
        assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    await async_advance(hass, freezer, timedelta(minutes=1))  # 13:30:30

    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "actions_pending"
    assert issue.translation_placeholders == {
        "account": "demo",
        "count": "1",
        "since": "2026-06-03 13:00",
    }

    await simulator.come_back()
    await async_advance(hass, freezer, timedelta(seconds=30))
    assert simulator.attendance_timer("anna")["from"] == "2026-06-03T11:00:00.000Z"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


# --- a failed poll leaves no read behind ----------------------------------------------

READS = {"get_project_timer", "get_attendance_timer", "_async_read", "run_pair"}


def running_reads() -> list[asyncio.Task[Any]]:
    """The tasks whose coroutine is somewhere inside a read of the timers."""
    found = []
    for task in asyncio.all_tasks():
        coro: Any = task.get_coro()
        while coro is not None:
            code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
            if code is not None and code.co_name in READS:
                found.append(task)
                break
            coro = getattr(coro, "cr_await", None) or getattr(
                coro, "gi_yieldfrom", None
            )
    return found


async def test_failed_poll_ends_its_sibling_reads(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two users; one read answered with a fault while the attendance reads
    hang: once the failed refresh returns no read is still under way, and the
    hang, repaired later, changes nothing in Home Assistant."""
    entry = demo_entry(simulator, ["anna", "ben"], {})
    assert await async_setup(hass, entry)
    timers = entry.runtime_data.timers
    simulator.clear_requests()
    simulator.break_endpoint("attendance_timer", kind="hang")
    # A 500 for the first read that arrives after an attendance read (which
    # hangs), whichever it is: of the four reads, the first attendance read is
    # never the last to arrive. (A fault queued as a request is recorded meets
    # that same request.)
    record = simulator.record
    since_attendance: list[RecordedRequest] = []  # the first attendance read on

    def recording(request: RecordedRequest) -> None:
        record(request)
        if since_attendance or request.path.endswith("/attendance_timer"):
            since_attendance.append(request)
            if len(since_attendance) == 2:
                simulator.fail_next(1, 500)

    monkeypatch.setattr(simulator, "record", recording)

    refresh = asyncio.ensure_future(timers.async_refresh())
    # The loop's clock is frozen: wait in real time, in a worker thread.
    for _ in range(100):
        if refresh.done():
            break
        await hass.async_add_executor_job(time.sleep, 0.05)
    if not refresh.done():
        refresh.cancel()
    assert refresh.done(), "the failed refresh did not return"

    assert timers.last_update_success is False
    assert running_reads() == []
    faults = [request.fault for request in simulator.requests]
    assert faults.count("fail") == 1
    assert "endpoint_hang" in faults[: faults.index("fail")]
    monkeypatch.setattr(simulator, "record", record)

    # Repaired: the simulator answers nothing the client gave up on (it
    # notices within 0.1 s, on the loop's frozen clock), and nothing changes
    # in Home Assistant.
    await hass.async_block_till_done()
    assert state_of(hass, PROJECT_TIMER).state == STATE_UNAVAILABLE
    shown = {state.entity_id: state for state in hass.states.async_all()}
    written = record_states(hass, *shown)
    data = timers.data
    await async_advance(hass, freezer, timedelta(seconds=0.3))
    simulator.repair_endpoint("attendance_timer")
    await async_advance(hass, freezer, timedelta(seconds=0.3))

    assert running_reads() == []
    assert [
        request.status
        for request in simulator.requests
        if request.fault == "endpoint_hang"
    ] == [0] * faults.count("endpoint_hang")
    assert written.changes == []
    assert written.rewrites_of == {}
    assert timers.data is data
    assert timers.last_update_success is False
    assert entry.state is ConfigEntryState.LOADED
