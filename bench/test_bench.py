"""The measurements. Each test records its figures in `bench.report.ROWS`.

A test fails only when the benchmark itself cannot measure (an entry that does
not set up, a state that never shows): a missed target is a FAIL row, not a
failed test, so that every figure is printed.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
import gc
import importlib
import statistics
import time
import tracemalloc
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import BaseConnector
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_API_KEY,
    CONF_URL,
    CONF_USERNAME,
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.aiohttp_client import (
    MAXIMUM_CONNECTIONS_PER_HOST,
    async_get_clientsession,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util, slugify
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.timetrack.const import (
    CONF_API_SECRET,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    SUBENTRY_TYPE_USER,
)
from custom_components.timetrack.timers import TimerCoordinator
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator
from simulator.dialect import DIALECTS
from simulator.recording import RecordedRequest

from . import report
from .remote import ROOT, RemoteSimulator
from .report import in_l

TIME_ZONE = "Europe/Vienna"
VIENNA = ZoneInfo(TIME_ZONE)
TODAY = date(2026, 6, 3)  # a Wednesday
NOW = datetime(2026, 6, 3, 13, 0, tzinfo=VIENNA)
API = "/api/v2/ext/"
TIMER_PATHS = ("timers/project_timer", "attendance_timer")
LIST_PATHS = ("projects", "tasks", "users")
REPORTS_PATH = "work_reports"
# What the calendar reads (history.py), and the statistics besides the reports.
CALENDAR_PATHS = ("attendances", "project_time_entries", "absences")
STATISTICS_PATHS = ("attendances", REPORTS_PATH)
PLATFORMS = ("button", "calendar", "event", "select", "sensor", "switch")

ANNA = "anna_berger"
PROJECT_TIMER = f"sensor.{ANNA}_project_timer"
WORKED_TIME = f"sensor.{ANNA}_worked_time"
TIMER_STARTED = f"sensor.{ANNA}_timer_started"
ATTENDANCE = f"switch.{ANNA}_attendance"
PROJECT = f"select.{ANNA}_project"
STOP_BUTTON = f"button.{ANNA}_stop_timer"

SIM_USERS = 50  # Simulator(extra_users=50): user001 ... user050
POLL_USERS = (1, 10, 50)
HOUR = 3600
POLLS_PER_HOUR = HOUR // DEFAULT_SCAN_INTERVAL
STATE_TIMEOUT = 10.0
SAMPLE_EVERY = 0.001

# The limits and targets, in units of L (or counts).
ACTION_TARGET = 1.2
POLL_TARGET = 1.5
SETUP_TARGET = 2.0
TIMER_READS_PER_POLL = 2
MAX_WRITES_PER_HOUR = POLLS_PER_HOUR + 1
MAX_CHANGE_LATENESS = 1.0
MAX_BEHIND = 60 + 1


class BenchError(Exception):
    """The benchmark could not measure something."""


def expect(condition: object, message: str) -> None:
    """Stop the measurement when the setting it relies on does not hold."""
    if not condition:
        raise BenchError(message)


# --- helpers -----------------------------------------------------------------


def path_of(request: RecordedRequest) -> str:
    """The request's path below the API."""
    return request.path.removeprefix(API)


def kinds(requests: Iterable[RecordedRequest]) -> Counter[tuple[str, str]]:
    """How many requests of each (method, path) there were."""
    return Counter((request.method, path_of(request)) for request in requests)


def make_entry(url: str, usernames: Iterable[str], unique_id: str) -> MockConfigEntry:
    """An account entry pointing at the simulator, one subentry per user."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=unique_id,
        unique_id=unique_id,
        data={
            CONF_URL: url,
            CONF_API_KEY: DEMO_API_KEY,
            CONF_API_SECRET: DEMO_API_SECRET,
        },
        subentries_data=[
            {
                "data": {CONF_USERNAME: name},
                "subentry_type": SUBENTRY_TYPE_USER,
                "title": full_name(name),
                "unique_id": name,
            }
            for name in usernames
        ],
    )


def full_name(username: str) -> str:
    """The simulator's full name of a user: the title the config flow gives."""
    if username.startswith("user"):
        return f"User {username.removeprefix('user')}"
    return {"anna": "Anna Berger", "ben": "Ben Hofer", "clara": "Clara Novak"}.get(
        username, username
    )


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add the entry and set it up as Home Assistant does at start."""
    entry.add_to_hass(hass)
    expect(
        await hass.config_entries.async_setup(entry.entry_id),
        f"entry {entry.title} did not set up",
    )
    await hass.async_block_till_done()


def coordinator_of(entry: MockConfigEntry) -> TimerCoordinator:
    """The entry's timers coordinator."""
    coordinator = entry.runtime_data.timers
    expect(isinstance(coordinator, TimerCoordinator), "no coordinator")
    return coordinator  # type: ignore[no-any-return]


def wall_now() -> datetime:
    """Home Assistant's clock as naive Vienna wall-clock time (the simulator's)."""
    return dt_util.now(VIENNA).replace(tzinfo=None, microsecond=0)


def wall(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A naive wall-clock time today in Vienna."""
    return datetime(TODAY.year, TODAY.month, TODAY.day, hour, minute, second)  # noqa: DTZ001


def users(count: int) -> list[str]:
    """The simulator's generated users user001 ... user{count}."""
    return [f"user{number:03d}" for number in range(1, count + 1)]


@asynccontextmanager
async def simulator(extra_users: int = 0) -> AsyncIterator[Simulator]:
    """A simulator listening on 127.0.0.1."""
    sim = Simulator(extra_users=extra_users)
    await sim.start(host="127.0.0.1", port=0)
    try:
        yield sim
    finally:
        await sim.stop()


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float, times: int = 1
) -> None:
    """Move the frozen clock `times` by `seconds`, each time running what is due."""
    for _ in range(times):
        freezer.tick(timedelta(seconds=seconds))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)


@dataclass
class WriteLog:
    """State writes of some entities: changes, and rewrites of unchanged states."""

    changed: Counter[str] = field(default_factory=Counter)
    rewritten: Counter[str] = field(default_factory=Counter)
    changes: list[tuple[datetime, str, str]] = field(default_factory=list)

    def writes(self, entity_id: str | None = None) -> int:
        """Writes of one entity, or of all."""
        if entity_id is None:
            return self.changed.total() + self.rewritten.total()
        return self.changed[entity_id] + self.rewritten[entity_id]


def entity_filter(entity_ids: Iterable[str]) -> Callable[[Any], bool]:
    """An event filter letting through the state events of `entity_ids`."""
    wanted = set(entity_ids)

    @callback
    def is_wanted(data: Any) -> bool:
        return data["entity_id"] in wanted

    return is_wanted


def record_writes(
    hass: HomeAssistant, entity_ids: Iterable[str], *, keep: str | None = None
) -> tuple[WriteLog, Callable[[], None]]:
    """Count state writes of `entity_ids` from now on (and keep `keep`'s changes)."""
    log = WriteLog()
    is_wanted = entity_filter(entity_ids)

    @callback
    def changed(event: Event[Any]) -> None:
        entity_id = event.data["entity_id"]
        log.changed[entity_id] += 1
        new = event.data["new_state"]
        if entity_id == keep and new is not None:
            log.changes.append((dt_util.utcnow(), entity_id, new.state))

    @callback
    def reported(event: Event[Any]) -> None:
        log.rewritten[event.data["entity_id"]] += 1

    unsubscribe = [
        hass.bus.async_listen(EVENT_STATE_CHANGED, changed, event_filter=is_wanted),
        hass.bus.async_listen(EVENT_STATE_REPORTED, reported, event_filter=is_wanted),
    ]

    def stop() -> None:
        for unsub in unsubscribe:
            unsub()

    return log, stop


def add_timed(
    section: str,
    metric: str,
    seconds: list[float],
    base: float,
    *,
    target: float,
    note: str,
    limit: float = 1.0,
    **raw: Any,
) -> None:
    """A figure of repeated timings: their median judged against `target` L."""
    median = statistics.median(seconds)
    report.add(
        section,
        metric,
        f"{in_l(median, base)} (max {in_l(max(seconds), base)})",
        limit=f"{limit:.2f} L",
        target=f"<= {target:.2f} L",
        ok=median <= target * base,
        note=note,
        seconds=seconds,
        **raw,
    )


def entry_entities(hass: HomeAssistant, entry: MockConfigEntry) -> list[str]:
    """The entity ids of the entry."""
    return [
        entity.entity_id
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
    ]


# --- 1. action to state ------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One action, the entity that shows its outcome, and the POSTs it needs."""

    name: str
    domain: str
    service: str
    data: dict[str, Any]
    entity_id: str
    shows: str
    posts: int = 1


STEPS = (
    Step(
        "start_project_timer (stopped)",
        DOMAIN,
        "start_project_timer",
        # With the client: an account without a project list starts it too.
        {"project": "Mobile App", "client": "ACME"},
        PROJECT_TIMER,
        "running",
    ),
    Step(
        "pause_project_timer",
        DOMAIN,
        "pause_project_timer",
        {},
        PROJECT_TIMER,
        "paused",
    ),
    Step(
        "resume_project_timer",
        DOMAIN,
        "resume_project_timer",
        {},
        PROJECT_TIMER,
        "running",
    ),
    Step(
        "stop_project_timer", DOMAIN, "stop_project_timer", {}, PROJECT_TIMER, "stopped"
    ),
    Step("clock_in", DOMAIN, "clock_in", {}, ATTENDANCE, "on"),
    Step("clock_out", DOMAIN, "clock_out", {}, ATTENDANCE, "off"),
    Step(
        "select option (stopped)",
        "select",
        "select_option",
        {"entity_id": PROJECT, "option": "ACME / Mobile App"},
        PROJECT,
        "ACME / Mobile App",
    ),
    Step(
        "select option (switch project)",
        "select",
        "select_option",
        {"entity_id": PROJECT, "option": "Globex / Intranet"},
        PROJECT,
        "Globex / Intranet",
        posts=2,
    ),
    Step(
        "stop button",
        "button",
        "press",
        {"entity_id": STOP_BUTTON},
        PROJECT_TIMER,
        "stopped",
    ),
)


async def timed_action(
    hass: HomeAssistant, sim: RemoteSimulator, step: Step
) -> tuple[float, float, list[RecordedRequest]]:
    """Seconds until the entity shows the outcome and until the call returns."""
    shown: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    @callback
    def changed(event: Event[Any]) -> None:
        new = event.data["new_state"]
        if new is not None and new.state == step.shows and not shown.done():
            shown.set_result(time.perf_counter())

    unsub = hass.bus.async_listen(
        EVENT_STATE_CHANGED, changed, event_filter=entity_filter([step.entity_id])
    )
    await sim.clear_requests()
    start = time.perf_counter()
    try:
        await hass.services.async_call(
            step.domain, step.service, step.data, blocking=True
        )
        returned = time.perf_counter()
        at = await asyncio.wait_for(shown, STATE_TIMEOUT)
    finally:
        unsub()
    return at - start, returned - start, await sim.requests()


# The six action kinds, measured in every dialect TimeTrack might speak.
ACTION_KINDS = tuple(step for step in STEPS if step.domain == DOMAIN)


async def test_action_to_state(hass: HomeAssistant) -> None:
    """From an action call to the entity showing the new state, at latency L."""
    await measure_actions(hass, "default", STEPS, "1")


@pytest.mark.parametrize("dialect", [key for key in DIALECTS if key != "default"])
async def test_action_to_state_in_every_dialect(
    hass: HomeAssistant, dialect: str
) -> None:
    """The six action kinds in each dialect: one round trip, whatever answers."""
    await measure_actions(hass, dialect, ACTION_KINDS, "1b")


async def measure_actions(
    hass: HomeAssistant, dialect: str, steps: tuple[Step, ...], section: str
) -> None:
    """Time `steps` at latency L with the simulator speaking `dialect`."""
    base = report.latency()
    await hass.config.async_set_time_zone(TIME_ZONE)
    async with RemoteSimulator() as sim:
        await sim.set_dialect(DIALECTS[dialect].to_json())
        entry = make_entry(sim.url, ["anna"], f"bench-actions-{dialect}")
        await set_up(hass, entry)
        await sim.set_latency(base)
        shown: dict[str, list[float]] = {step.name: [] for step in steps}
        returned: dict[str, list[float]] = {step.name: [] for step in steps}
        traffic: dict[str, set[tuple[int, int]]] = {step.name: set() for step in steps}
        for _ in range(report.repeats()):
            for step in steps:
                to_state, to_return, requests = await timed_action(hass, sim, step)
                shown[step.name].append(to_state)
                returned[step.name].append(to_return)
                methods = Counter(request.method for request in requests)
                traffic[step.name].add((methods["POST"], methods["GET"]))
                expect(
                    all(200 <= request.status < 300 for request in requests),  # noqa: PLR2004
                    f"{step.name}: {requests}",
                )
        prefix = "" if dialect == "default" else f"[{dialect}] "
        for step in steps:
            counts = sorted(traffic[step.name])
            add_timed(
                section,
                f"{prefix}{step.name}: action -> state",
                shown[step.name],
                base,
                limit=step.posts,
                target=ACTION_TARGET * step.posts,
                note=(
                    "median over repeats; the call itself returned after"
                    f" {in_l(statistics.median(returned[step.name]), base)}"
                ),
                call_seconds=returned[step.name],
                posts=step.posts,
            )
            report.add(
                section,
                f"{prefix}{step.name}: requests",
                " | ".join(f"{post} POST, {get} GET" for post, get in counts),
                target=f"{step.posts} POST, 0 GET",
                ok=counts == [(step.posts, 0)],
                note="an extra GET means the action's answer was not used",
            )


# --- 2. poll cycle and 5. setup ---------------------------------------------


@dataclass
class Concurrency:
    """Peak connections Home Assistant's HTTP client holds to TimeTrack.

    Read from the shared aiohttp session's connector: `in_use` counts
    connections carrying a request, `open` adds the idle ones kept alive.
    """

    hass: HomeAssistant
    in_use: int = 0
    open: int = 0

    def sample(self) -> None:
        """Look once."""
        connector = async_get_clientsession(self.hass).connector
        if not isinstance(connector, BaseConnector):
            return
        acquired = len(connector._acquired)  # noqa: SLF001
        idle = sum(len(pool) for pool in connector._conns.values())  # noqa: SLF001
        self.in_use = max(self.in_use, acquired)
        self.open = max(self.open, acquired + idle)

    @asynccontextmanager
    async def watching(self) -> AsyncIterator[None]:
        """Sample every millisecond while the block runs."""

        async def run() -> None:
            while True:
                self.sample()
                await asyncio.sleep(SAMPLE_EVERY)

        task = asyncio.create_task(run())
        try:
            yield
        finally:
            task.cancel()
            self.sample()


@pytest.mark.parametrize("count", POLL_USERS, ids=lambda count: f"{count}_users")
async def test_setup_and_poll_cycle(hass: HomeAssistant, count: int) -> None:
    """Set up an entry of `count` users at latency L, then time refreshes."""
    base = report.latency()
    await hass.config.async_set_time_zone(TIME_ZONE)
    async with RemoteSimulator(SIM_USERS) as sim:
        # Warm up: load the integration, its platforms and translations once.
        warm = make_entry(sim.url, ["anna"], "bench-warm-up")
        await set_up(hass, warm)
        expect(await hass.config_entries.async_unload(warm.entry_id), "warm-up unload")
        names = users(count)
        for number, name in enumerate(names):
            await sim.act(
                name,
                "project_timer/start",
                wall_now() - timedelta(minutes=number % 50, seconds=number),
                clientName="ACME",
                projectName="Website",
            )
        await sim.set_latency(base)
        await sim.clear_requests()
        entry = make_entry(sim.url, names, f"bench-{count}")
        watch = Concurrency(hass)
        entry.add_to_hass(hass)
        start = time.perf_counter()
        async with watch.watching():
            expect(
                await hass.config_entries.async_setup(entry.entry_id),
                f"entry {entry.title} did not set up",
            )
            shown_seconds = time.perf_counter() - start
            await hass.async_block_till_done()
        setup_seconds = time.perf_counter() - start
        setup_requests = await sim.requests()
        expected_setup = len(LIST_PATHS) + 3 * count
        report.add(
            "5",
            f"first setup, {count} user(s): until the timers show",
            in_l(shown_seconds, base),
            limit="1.00 L",
            note=(
                f"info: registers {len(entry_entities(hass, entry))} new entities"
                " (once per account); the timers of every user read at once"
            ),
            seconds=shown_seconds,
            peak_in_use=watch.in_use,
            peak_open=watch.open,
        )
        report.add(
            "5",
            f"setup, {count} user(s): until the lists and reports are read",
            in_l(setup_seconds, base),
            limit="2.00 L",
            note="info: read beside the timers, after them; nothing waits for them",
            seconds=setup_seconds,
        )
        report.add(
            "5",
            f"setup, {count} user(s): requests",
            str(len(setup_requests)),
            target=f"= {expected_setup} (3 lists + 2 timers and reports per user)",
            ok=len(setup_requests) == expected_setup,
            requests=dict(Counter(path_of(r) for r in setup_requests)),
        )
        await measure_poll_cycle(hass, sim, coordinator_of(entry), count, base)
        await measure_restart(hass, sim, entry, count, base)
        await hass.config_entries.async_unload(entry.entry_id)


async def measure_restart(
    hass: HomeAssistant,
    sim: RemoteSimulator,
    entry: MockConfigEntry,
    count: int,
    base: float,
) -> None:
    """Set the entry up again, as every start of Home Assistant does.

    Measured at L and again without latency: what remains at L = 0 is Home
    Assistant's own time, which does not shrink as L grows.
    """
    seconds = await restart_seconds(hass, entry)
    add_timed(
        "5",
        f"setup at a restart, {count} user(s): until the timers show",
        seconds,
        base,
        target=SETUP_TARGET,
        note=(
            "median over repeats; the entities exist in the registry already,"
            " and are added while the timers are read"
        ),
    )
    await sim.set_latency(0)
    local = statistics.median(await restart_seconds(hass, entry))
    await sim.set_latency(base)
    report.add(
        "5",
        f"setup at a restart, {count} user(s): the same at L = 0",
        f"{local * 1000:.0f} ms ({in_l(local, base)})",
        note=(
            "info: Home Assistant's own time (adding the entities, reading the"
            f" answers), {local / count * 1000:.1f} ms per user; it does not"
            " shrink as L grows"
        ),
        seconds=local,
    )


async def restart_seconds(hass: HomeAssistant, entry: MockConfigEntry) -> list[float]:
    """How long each of the repeated set-ups took until the timers show."""
    seconds: list[float] = []
    for _ in range(report.repeats()):
        expect(await hass.config_entries.async_unload(entry.entry_id), "unload")
        await hass.async_block_till_done()
        start = time.perf_counter()
        expect(await hass.config_entries.async_setup(entry.entry_id), "setup")
        seconds.append(time.perf_counter() - start)
        await hass.async_block_till_done()
    return seconds


async def measure_poll_cycle(
    hass: HomeAssistant,
    sim: RemoteSimulator,
    coordinator: TimerCoordinator,
    count: int,
    base: float,
) -> None:
    """Time coordinator.async_refresh() and watch its connections."""
    seconds: list[float] = []
    per_poll: set[int] = set()
    watch = Concurrency(hass)
    for _ in range(report.repeats()):
        await sim.clear_requests()
        async with watch.watching():
            start = time.perf_counter()
            await coordinator.async_refresh()
            seconds.append(time.perf_counter() - start)
        expect(coordinator.last_update_success, "a refresh failed")
        per_poll.add(len(await sim.requests()))
    add_timed(
        "2",
        f"refresh, {count} user(s): time",
        seconds,
        base,
        target=POLL_TARGET,
        note="median over repeats",
    )
    report.add(
        "2",
        f"refresh, {count} user(s): requests",
        " | ".join(str(n) for n in sorted(per_poll)),
        target=f"= {TIMER_READS_PER_POLL * count}",
        ok=per_poll == {TIMER_READS_PER_POLL * count},
    )
    report.add(
        "2",
        f"refresh, {count} user(s): peak connections in use / open",
        f"{watch.in_use} / {watch.open}",
        target=f"<= {MAXIMUM_CONNECTIONS_PER_HOST} (HA's per-host cap)",
        ok=watch.open <= MAXIMUM_CONNECTIONS_PER_HOST,
        note="open includes idle keep-alive connections left from setup",
        in_use=watch.in_use,
        open=watch.open,
    )


# --- 3. requests per hour ----------------------------------------------------


async def test_requests_per_hour(
    recorder_mock: Recorder, hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """An hour of polls at the default interval for three users, counted.

    With Home Assistant's recorder, so that the statistics import three weeks
    of history at setup, and with each user's calendar asked for this week
    after every poll (the most a dashboard or an automation could ask; a
    calendar trigger asks every 15 minutes). The timers' requests are counted
    as before; the calendar's and the statistics' beside them. After the
    hour, a clock-out made in the phone app and the import it causes.
    """
    freezer.move_to(NOW)
    await hass.config.async_set_time_zone(TIME_ZONE)
    names = ["anna", "ben", "clara"]
    async with simulator() as sim:
        sim.seed_history(TODAY, weeks=3)
        sim.act(
            "anna",
            "project_timer/start",
            wall(12, 30),
            clientName="ACME",
            projectName="Website",
        )
        sim.act("ben", "attendance_timer/start", wall(8))
        entry = make_entry(sim.url, names, "bench-hour")
        await set_up(hass, entry)
        await async_wait_recording_done(hass)
        at_setup = sim.requests
        sim.clear_requests()
        for _ in range(POLLS_PER_HOUR):
            await advance(hass, freezer, DEFAULT_SCAN_INTERVAL)
            for name in names:
                await calendar_week(hass, name)
        every = sim.requests
        sim.clear_requests()
        sim.act("ben", "attendance_timer/stop", wall_now())
        await advance(hass, freezer, DEFAULT_SCAN_INTERVAL)
        await async_wait_recording_done(hass)
        after_clock_out = sim.requests
    # The timers, lists and reports, as measured before the calendar existed.
    requests = [r for r in every if path_of(r) not in CALENDAR_PATHS]
    by_kind = kinds(requests)
    timer_reads = sum(by_kind["GET", path] for path in TIMER_PATHS)
    per_user_poll = timer_reads / (len(names) * POLLS_PER_HOUR)
    per_user = Counter(
        (request.query.get("username"), path_of(request))
        for request in requests
        if path_of(request) in TIMER_PATHS
    )
    even = set(per_user.values()) == {POLLS_PER_HOUR} and len(per_user) == 2 * len(
        names
    )
    report.add(
        "3",
        "timer reads per user per poll",
        f"{per_user_poll:.2f}",
        target="= 2 (project timer + attendance)",
        ok=per_user_poll == TIMER_READS_PER_POLL and even,
        per_user={f"{user} {path}": n for (user, path), n in per_user.items()},
    )
    lists = [by_kind["GET", path] for path in LIST_PATHS]
    report.add(
        "3",
        "list reads per hour (projects/tasks/users)",
        "/".join(str(n) for n in lists),
        target="<= 1 each",
        ok=max(lists) <= 1,
    )
    reports = by_kind["GET", REPORTS_PATH] / len(names)
    report.add(
        "3",
        "work-report reads per user per hour",
        f"{reports:.2f}",
        target="<= 1",
        ok=reports <= 1,
    )
    known = {("GET", path) for path in (*TIMER_PATHS, *LIST_PATHS, REPORTS_PATH)}
    other = sum(n for kind, n in by_kind.items() if kind not in known)
    total = len(requests) / len(names)
    bound = TIMER_READS_PER_POLL * POLLS_PER_HOUR + 1 + len(LIST_PATHS) / len(names)
    report.add(
        "3",
        f"all requests per user per hour ({len(names)} users)",
        f"{total:.1f}",
        target=f"<= {bound:.1f} (2/poll + reports + lists shared)",
        ok=other == 0 and total <= bound,
        note=f"{other} request(s) of another kind; the calendar's counted apart",
        by_kind={f"{m} {p}": n for (m, p), n in by_kind.items()},
    )
    everything = len(every) / len(names)
    report.add(
        "3",
        "all requests per user per hour, calendar asked every poll",
        f"{everything:.1f}",
        note="info: the line above plus the calendar's reads",
    )
    report_history_reads(at_setup, every, after_clock_out, len(names))


async def calendar_week(hass: HomeAssistant, username: str) -> None:
    """Ask for a user's events of this week, as a dashboard or automation does."""
    await hass.services.async_call(
        "calendar",
        "get_events",
        {
            ATTR_ENTITY_ID: f"calendar.{slugify(full_name(username))}_work",
            "start_date_time": datetime(2026, 6, 1, tzinfo=VIENNA),
            "end_date_time": datetime(2026, 6, 8, tzinfo=VIENNA),
        },
        blocking=True,
        return_response=True,
    )


def statistics_reads(requests: Iterable[RecordedRequest]) -> Counter[str]:
    """The statistics' reads: attendances, and work reports not of this month.

    The reports' own reads (today's figures) ask from the month's first day.
    """
    month = TODAY.replace(day=1).isoformat()
    return Counter(
        path_of(r)
        for r in requests
        if path_of(r) == "attendances"
        or (path_of(r) == REPORTS_PATH and r.query.get("from") != month)
    )


def report_history_reads(
    at_setup: list[RecordedRequest],
    every: list[RecordedRequest],
    after_clock_out: list[RecordedRequest],
    count: int,
) -> None:
    """The calendar's and the statistics' reads."""
    backfill = statistics_reads(at_setup)
    report.add(
        "3",
        "statistics at setup, 90 days: reads per user (attendances/targets)",
        f"{backfill['attendances'] / count:.0f}/{backfill[REPORTS_PATH] / count:.0f}",
        target="= 1/1",
        ok=backfill == Counter({"attendances": count, REPORTS_PATH: count}),
        note="read beside the timers, after them",
    )
    calendar = [r for r in every if path_of(r) in CALENDAR_PATHS]
    per_path = Counter(path_of(r) for r in calendar)
    per_user = [per_path[path] / count for path in CALENDAR_PATHS]
    report.add(
        "3",
        "calendar reads per user per hour (attendances/entries/absences)",
        "/".join(f"{n:.0f}" for n in per_user),
        target=f"<= {POLLS_PER_HOUR} each (today at most once per poll)",
        ok=max(per_user) <= POLLS_PER_HOUR,
        note="asked for this week after each poll",
        per_path=dict(per_path),
    )
    today = TODAY.isoformat()
    past = Counter(
        (r.query.get("username"), path_of(r))
        for r in calendar
        if r.query.get("from", today) < today
    )
    again = sum(n - 1 for n in past.values())
    report.add(
        "3",
        "calendar: past days read more than once",
        str(again),
        target="= 0 (a day read after it ended is final)",
        ok=again == 0,
        reads_with_past_days={f"{u} {p}": n for (u, p), n in past.items()},
    )
    after = statistics_reads(after_clock_out)
    report.add(
        "3",
        "statistics after a clock-out: reads (attendances/targets)",
        f"{after['attendances']}/{after[REPORTS_PATH]}",
        target="<= 1/0 (today, at most once per poll; the target once a day)",
        ok=after["attendances"] <= 1 and after[REPORTS_PATH] == 0,
    )
    timers = sum(path_of(r) in TIMER_PATHS for r in after_clock_out)
    report.add(
        "3",
        "timer reads in the poll that saw the clock-out",
        str(timers),
        target=f"= {TIMER_READS_PER_POLL * count} (2 per user, unchanged)",
        ok=timers == TIMER_READS_PER_POLL * count,
    )


# --- 4. elapsed-time accuracy ------------------------------------------------

# The project timer runs since 12:10:20 with a break 12:20:00-12:29:33 (573 s):
# its worked time counts from 12:19:53, so whole minutes of work fall at :53
# past each minute, away from the polls.
TIMER_START = wall(12, 10, 20)
BREAK_FROM = wall(12, 20)
BREAK_UNTIL = wall(12, 29, 33)
WORK_ANCHOR = (TIMER_START + (BREAK_UNTIL - BREAK_FROM)).replace(tzinfo=VIENNA)


def worked_seconds(now: datetime) -> int:
    """The true worked seconds of anna's timer at `now` while it runs."""
    return int((now - WORK_ANCHOR).total_seconds())


@dataclass
class Accuracy:
    """What an hour of one-second steps showed."""

    ahead: int = 0  # seconds at which the sensor showed more than was worked
    max_behind: int = 0  # the most the sensor lagged behind the worked time
    stale: int = 0  # seconds at which the sensor did not show the whole minutes
    lateness: list[float] = field(default_factory=list)


async def test_elapsed_time_accuracy(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A running timer for an hour, stepped second by second."""
    freezer.move_to(NOW)
    await hass.config.async_set_time_zone(TIME_ZONE)
    async with simulator() as sim:
        sim.act(
            "anna",
            "project_timer/start",
            TIMER_START,
            clientName="ACME",
            projectName="Website",
        )
        sim.act("anna", "project_timer/pause", BREAK_FROM)
        sim.act("anna", "project_timer/resume", BREAK_UNTIL)
        entry = make_entry(sim.url, ["anna"], "bench-accuracy")
        await set_up(hass, entry)
        sim.clear_requests()
        log, stop = record_writes(hass, [WORKED_TIME], keep=WORKED_TIME)
        accuracy = Accuracy()
        for _ in range(HOUR):
            await advance(hass, freezer, 1)
            state = hass.states.get(WORKED_TIME)
            expect(state is not None, "no worked-time sensor")
            shown = int(state.state) if state else 0
            worked = worked_seconds(dt_util.now(VIENNA))
            behind = worked - 60 * shown
            accuracy.ahead += behind < 0
            accuracy.stale += shown != worked // 60
            accuracy.max_behind = max(accuracy.max_behind, behind)
        stop()
        requests = sim.requests
        accuracy.lateness = [
            (at - WORK_ANCHOR - timedelta(minutes=int(value))).total_seconds()
            for at, _, value in log.changes
        ]
        report_accuracy(accuracy, log, requests)
        await report_timer_started(hass)
        await report_action_responses(hass, sim, freezer)


def report_accuracy(
    accuracy: Accuracy, log: WriteLog, requests: list[RecordedRequest]
) -> None:
    """The figures of the hour of one-second steps."""
    late = max(accuracy.lateness, default=float("inf"))
    report.add(
        "4",
        "worked-time changes in the hour",
        str(len(log.changes)),
        target="= 60 (each whole minute of work)",
        ok=len(log.changes) == POLLS_PER_HOUR,
    )
    report.add(
        "4",
        "latest change after its whole minute",
        f"{late:.1f} s",
        target=f"<= {MAX_CHANGE_LATENESS:.0f} s",
        ok=late <= MAX_CHANGE_LATENESS and accuracy.ahead == 0,
        note=f"shown ahead of the worked time at {accuracy.ahead} s",
        lateness=accuracy.lateness,
    )
    report.add(
        "4",
        "seconds not showing the whole minutes worked",
        f"{accuracy.stale} of {HOUR}",
        target=f"<= {POLLS_PER_HOUR} (1 s per change)",
        ok=accuracy.stale <= POLLS_PER_HOUR and accuracy.max_behind < MAX_BEHIND,
        note=(
            f"checked every second; at most {accuracy.max_behind} s of work"
            " not yet shown (never a minute behind)"
        ),
        stale_seconds=accuracy.stale,
        max_behind_seconds=accuracy.max_behind,
    )
    writes = log.writes(WORKED_TIME)
    report.add(
        "4",
        "worked-time state writes in the hour",
        f"{writes} ({log.rewritten[WORKED_TIME]} unchanged)",
        target=f"<= {MAX_WRITES_PER_HOUR}",
        ok=writes <= MAX_WRITES_PER_HOUR,
        note=(
            f"{log.rewritten[WORKED_TIME]} writes left the state unchanged:"
            " a poll that changed nothing still made the sensor write"
            " (coordinator listeners run after every refresh unless"
            " always_update=False)"
            if log.rewritten[WORKED_TIME]
            else "too many changes"
        ),
    )
    by_kind = kinds(requests)
    polls = by_kind["GET", TIMER_PATHS[0]]
    hourly = sum(by_kind["GET", path] for path in (*LIST_PATHS, REPORTS_PATH))
    extra = len(requests) - 2 * polls - hourly
    report.add(
        "4",
        "requests beyond the polls in the hour",
        str(extra),
        target="= 0",
        ok=extra == 0 and by_kind["GET", TIMER_PATHS[1]] == polls,
        note=f"{polls} polls, {hourly} hourly list/report reads",
        by_kind={f"{m} {p}": n for (m, p), n in by_kind.items()},
    )


async def report_timer_started(hass: HomeAssistant) -> None:
    """The start timestamp the frontend can count from."""
    state = hass.states.get(TIMER_STARTED)
    shown = state.state if state else "missing"
    want = TIMER_START.replace(tzinfo=VIENNA).astimezone(dt_util.UTC).isoformat()
    report.add(
        "4",
        "sensor.*_timer_started shows the start",
        shown,
        target=want,
        ok=shown == want,
    )


async def report_action_responses(
    hass: HomeAssistant, sim: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """Actions answer the worked and break seconds exactly."""
    errors: dict[str, int] = {}

    async def act(service: str, **data: Any) -> dict[str, Any]:
        response = await hass.services.async_call(
            DOMAIN, service, data, blocking=True, return_response=True
        )
        if not isinstance(response, dict) or not isinstance(
            timer := response.get("project_timer"), dict
        ):
            raise BenchError(f"{service} answered {response!r}")
        return timer

    worked = worked_seconds(dt_util.now(VIENNA))
    timer = await act("start_project_timer", project="Website", client="ACME")
    errors["start (already running)"] = timer["worked_seconds"] - worked
    await advance(hass, freezer, 7.4)
    worked = worked_seconds(dt_util.now(VIENNA).replace(microsecond=0))
    timer = await act("pause_project_timer")
    errors["pause"] = timer["worked_seconds"] - worked
    errors["pause vs TimeTrack"] = (
        timer["worked_seconds"] - sim.project_timer("anna")["workedSeconds"]
    )
    await advance(hass, freezer, 95)
    timer = await act("resume_project_timer")
    errors["resume break"] = (
        timer["break_seconds"] - (sim.project_timer("anna")["breakSeconds"])
    )
    await advance(hass, freezer, 37)
    timer = await act("stop_project_timer")
    errors["stop vs TimeTrack"] = (
        timer["worked_seconds"] - sim.project_timer("anna")["workedSeconds"]
    )
    worst = max(abs(error) for error in errors.values())
    report.add(
        "4",
        "action responses: worst error",
        f"{worst} s",
        target="= 0 s (exact to the second)",
        ok=worst == 0,
        note=", ".join(f"{name} {error:+d} s" for name, error in errors.items()),
        errors=errors,
    )


# --- 6. cost -----------------------------------------------------------------


# Allocations that exist only under the test harness: frozen time, captured
# log records and the in-memory copy of Home Assistant's storage files (on
# disk in production).
HARNESS_ONLY = (
    "*/freezegun/*",
    "*/logging/__init__.py",
    "*/pytest_homeassistant_custom_component/*",
    "*/unittest/mock.py",
    tracemalloc.__file__,
)
INTEGRATION_FILES = str(ROOT / "custom_components" / "timetrack") + "/*"


async def test_cost(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """State writes and memory for 50 users over an hour of polls."""
    freezer.move_to(NOW)
    await hass.config.async_set_time_zone(TIME_ZONE)
    # What exists without any entry (components, the integration's modules) is
    # not the entry's cost: load it before measuring.
    for domain in (*PLATFORMS, DOMAIN):
        expect(await async_setup_component(hass, domain, {}), f"setting up {domain}")
    for module in PLATFORMS:
        importlib.import_module(f"custom_components.timetrack.{module}")
    async with RemoteSimulator(SIM_USERS) as sim:
        names = users(SIM_USERS)
        for number, name in enumerate(names):
            await sim.act(
                name,
                "project_timer/start",
                wall(12, number % 60, number % 60),
                clientName="ACME",
                projectName="Website",
            )
        await hass.async_block_till_done()
        gc.collect()
        tracemalloc.start()
        entry = make_entry(sim.url, names, "bench-cost")
        await set_up(hass, entry)
        setup_requests = len(await sim.requests())
        await sim.clear_requests()
        log, stop = record_writes(hass, entry_entities(hass, entry))
        await advance(hass, freezer, DEFAULT_SCAN_INTERVAL, POLLS_PER_HOUR)
        stop()
        requests = kinds(await sim.requests())
        hass_storage.clear()
        gc.collect()
        peak = tracemalloc.get_traced_memory()[1]
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, pattern) for pattern in HARNESS_ONLY]
        )
        tracemalloc.stop()
    report_cost(
        log,
        requests,
        snapshot,
        peak=peak,
        setup_requests=setup_requests,
        count=len(names),
    )


def report_cost(
    log: WriteLog,
    requests: Counter[tuple[str, str]],
    snapshot: tracemalloc.Snapshot,
    *,
    peak: int,
    setup_requests: int,
    count: int,
) -> None:
    """The figures of the 50-user hour."""
    writes = log.writes() / count
    rewrites = log.rewritten.total() / count
    report.add(
        "6",
        "state writes per user per hour",
        f"{writes:.0f} ({rewrites:.0f} unchanged)",
        target=f"(ideal <= {MAX_WRITES_PER_HOUR}: the counting sensor only)",
        note="info: the issue sets no target",
        changed=log.changed.total(),
        rewritten=log.rewritten.total(),
        users=count,
    )
    by_file = snapshot.statistics("filename")
    retained = sum(stat.size for stat in by_file) / 1024
    own = (
        sum(
            stat.size
            for stat in snapshot.filter_traces(
                [tracemalloc.Filter(True, INTEGRATION_FILES)]
            ).statistics("filename")
        )
        / 1024
    )
    report.add(
        "6",
        "added memory per user (setup + 1 h of polls)",
        f"{retained / count:.1f} KiB",
        note=(
            f"info: {retained:.0f} KiB retained for {count} users, of which"
            f" {own:.0f} KiB allocated in custom_components/timetrack;"
            f" peak {peak / 1024:.0f} KiB"
        ),
        retained_kib=retained,
        integration_code_kib=own,
        peak_kib=peak / 1024,
        top_files={
            stat.traceback[0].filename: round(stat.size / 1024, 1)
            for stat in by_file[:12]
        },
        users=count,
    )
    report.add(
        "6",
        "requests per user per hour",
        f"{requests.total() / count:.1f}",
        note=f"info: setup made {setup_requests}",
        by_kind={f"{m} {p}": n for (m, p), n in requests.items()},
    )
