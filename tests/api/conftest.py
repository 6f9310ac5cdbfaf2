"""Fixtures of the API client tests: the simulator and a tiny raw HTTP server."""

from collections.abc import AsyncIterator, Callable

import pytest

from custom_components.timetrack.api import TimeTrackClient
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

from .raw_http import FakeClock, RawServer


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the integration tests' autouse fixture: no Home Assistant here."""


@pytest.fixture
async def sim(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A started simulator with the seeded demo account."""
    simulator = Simulator()
    await simulator.start(host="127.0.0.1", port=0)
    try:
        yield simulator
    finally:
        await simulator.stop()


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[TimeTrackClient]:
    """A client of the simulator that owns its session."""
    async with TimeTrackClient(sim.url, DEMO_API_KEY, DEMO_API_SECRET) as api:
        yield api


@pytest.fixture
async def raw(socket_enabled: None) -> AsyncIterator[RawServer]:
    """A started raw server."""
    server = RawServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def raw_client(raw: RawServer) -> AsyncIterator[TimeTrackClient]:
    """A client of the raw server."""
    async with TimeTrackClient(raw.url, DEMO_API_KEY, DEMO_API_SECRET) as api:
        yield api


@pytest.fixture
def fake_clock() -> Callable[[TimeTrackClient], FakeClock]:
    """Install a fake monotonic clock into a client's transport."""

    def install(api: TimeTrackClient) -> FakeClock:
        clock = FakeClock()
        api._transport.clock = clock
        return clock

    return install
