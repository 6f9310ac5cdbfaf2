"""Fixtures of the API client tests: the simulator and a tiny raw HTTP server,
a client of each, and each client in Vienna's time."""

from collections.abc import AsyncIterator, Callable

import pytest

from custom_components.timetrack.api import TimeTrackClient
from simulator import Simulator

from .bodies import VIENNA
from .helpers import demo_client
from .raw_http import FakeClock, RawServer


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the integration tests' autouse fixture: no Home Assistant here."""


@pytest.fixture
async def sim(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A started simulator with the seeded demo account."""
    async with Simulator() as simulator:
        yield simulator


@pytest.fixture
async def raw(socket_enabled: None) -> AsyncIterator[RawServer]:
    """A started raw server."""
    async with RawServer() as server:
        yield server


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[TimeTrackClient]:
    """A client of the simulator that owns its session."""
    async with demo_client(sim.url) as api:
        yield api


@pytest.fixture
async def raw_client(raw: RawServer) -> AsyncIterator[TimeTrackClient]:
    """A client of the raw server."""
    async with demo_client(raw.url) as api:
        yield api


@pytest.fixture
async def vienna(client: TimeTrackClient) -> TimeTrackClient:
    """The client of the simulator, in Vienna's time."""
    client.time_zone = VIENNA
    return client


@pytest.fixture
async def api(raw_client: TimeTrackClient) -> TimeTrackClient:
    """The client of the raw server, in Vienna's time (test_client_dialects.py
    has an ``api`` of its own: the simulator's client in one dialect)."""
    raw_client.time_zone = VIENNA
    return raw_client


@pytest.fixture
def fake_clock() -> Callable[[TimeTrackClient], FakeClock]:
    """Install a fake monotonic clock into a client's transport."""

    def install(api: TimeTrackClient) -> FakeClock:
        clock = FakeClock()
        api._transport.clock = clock
        return clock

    return install
