"""The hold after a 429: every request of the key waits out its Retry-After."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from custom_components.timetrack.api import (
    TimeTrackClient,
    TimeTrackRateLimitError,
    TimeTrackServerError,
)
from custom_components.timetrack.api.proof import check_user
from simulator import Simulator

from .bodies import MAY_6, T0, VIENNA
from .helpers import list_calls, timer_calls
from .raw_http import FakeClock, RawServer, Reply

type InstallClock = Callable[[TimeTrackClient], FakeClock]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"Retry-After": "17"}, 17.0),
        ({"Retry-After": " 2.5 "}, 2.5),
        ({"Retry-After": "-4"}, 0.0),
        ({"Retry-After": "soon"}, 60.0),
        ({"Retry-After": ""}, 60.0),
        ({"Retry-After": "nan"}, 60.0),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 -0000"}, 0.0),
        ({}, 60.0),
    ],
)
async def test_retry_after_forms(
    raw: RawServer,
    raw_client: TimeTrackClient,
    fake_clock: InstallClock,
    header: dict[str, str],
    expected: float,
) -> None:
    fake_clock(raw_client)
    raw.reply("GET", "tasks", Reply(429, "", headers=header))
    with pytest.raises(TimeTrackRateLimitError) as err:
        await raw_client.get_tasks()
    assert err.value.retry_after == expected


async def test_retry_after_as_http_date(
    raw: RawServer, raw_client: TimeTrackClient, fake_clock: InstallClock
) -> None:
    clock = fake_clock(raw_client)
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=120)
    raw.reply(
        "GET",
        "tasks",
        Reply(429, "", headers={"Retry-After": format_datetime(when, usegmt=True)}),
    )
    raw.reply("GET", "clients", Reply(200, "[]"))
    with pytest.raises(TimeTrackRateLimitError) as err:
        await raw_client.get_tasks()
    assert err.value.retry_after is not None
    assert 110 < err.value.retry_after <= 120
    assert "retry after" in str(err.value)
    clock.advance(100)
    with pytest.raises(TimeTrackRateLimitError):
        await raw_client.get_clients()
    clock.advance(25)
    assert await raw_client.get_clients() == []
    assert len(raw.requests) == 2


async def test_a_later_429_extends_but_never_shortens_the_hold(
    raw: RawServer, raw_client: TimeTrackClient, fake_clock: InstallClock
) -> None:
    """Three requests in flight at once meet 429s of 10, 50 and 5 seconds."""
    fake_clock(raw_client)
    for path, seconds in (("tasks", "10"), ("clients", "50"), ("projects", "5")):
        raw.reply("GET", path, Reply(429, "", headers={"Retry-After": seconds}))
    results = await asyncio.gather(
        raw_client.get_tasks(),
        raw_client.get_clients(),
        raw_client.get_projects(),
        return_exceptions=True,
    )
    assert all(isinstance(result, TimeTrackRateLimitError) for result in results)
    assert len(raw.requests) == 3
    assert raw_client.rate_limited_for == 50


async def test_rate_limit_holds_every_request(
    sim: Simulator, client: TimeTrackClient, fake_clock: InstallClock
) -> None:
    clock = fake_clock(client)
    client.time_zone = VIENNA
    assert client.rate_limited_for is None
    sim.rate_limit_next(1, retry_after=30)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await client.get_project_timer("anna", T0)
    assert err.value.retry_after == 30
    assert client.rate_limited_for == pytest.approx(30)
    sent = len(sim.requests)
    assert sent == 1

    clock.advance(10)
    calls = [
        *timer_calls(client, "anna", T0),
        lambda: check_user(client, "anna"),
        *list_calls(client, "anna", MAY_6),
    ]
    for call in calls:
        with pytest.raises(TimeTrackRateLimitError) as err:
            await call()
        assert err.value.retry_after == pytest.approx(20)
    assert len(sim.requests) == sent  # nothing was sent during the hold

    clock.advance(19.5)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await client.get_tasks()
    assert err.value.retry_after == pytest.approx(0.5)
    assert client.rate_limited_for == pytest.approx(0.5)
    assert len(sim.requests) == sent

    clock.advance(0.5)
    assert client.rate_limited_for is None
    assert len(await client.get_tasks()) == 4
    assert len(sim.requests) == sent + 1


async def test_rate_limit_without_retry_after_holds_60_seconds(
    sim: Simulator, client: TimeTrackClient, fake_clock: InstallClock
) -> None:
    clock = fake_clock(client)
    sim.rate_limit_next(1, retry_after=None)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await client.get_clients()
    assert err.value.retry_after == 60
    assert client.rate_limited_for == 60
    clock.advance(59)
    with pytest.raises(TimeTrackRateLimitError):
        await client.get_clients()
    clock.advance(1)
    assert len(await client.get_clients()) == 3
    assert len(sim.requests) == 2


async def test_rate_limit_with_zero_retry_after(
    sim: Simulator, client: TimeTrackClient, fake_clock: InstallClock
) -> None:
    fake_clock(client)
    sim.rate_limit_next(1, retry_after=0)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await client.get_clients()
    assert err.value.retry_after == 0
    assert client.rate_limited_for is None
    assert len(await client.get_clients()) == 3


async def test_rate_limit_uses_the_real_monotonic_clock(
    sim: Simulator, client: TimeTrackClient
) -> None:
    sim.rate_limit_next(1, retry_after=30)
    with pytest.raises(TimeTrackRateLimitError):
        await client.get_tasks()
    deadline = client._transport.hold_until
    assert deadline is not None
    loop_time = asyncio.get_running_loop().time()
    assert 29 < deadline - loop_time <= 30
    left = client.rate_limited_for
    assert left is not None
    assert 29 < left <= 30


async def test_fail_with_retry_after_on_503_does_not_hold(
    sim: Simulator, client: TimeTrackClient
) -> None:
    sim.fail_next(1, 503, retry_after=120)
    with pytest.raises(TimeTrackServerError):
        await client.get_tasks()
    assert client.rate_limited_for is None
