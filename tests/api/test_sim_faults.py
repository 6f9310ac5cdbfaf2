"""Faults between the client and the simulator: refusals, failures, the network."""

import asyncio
import json
import logging

import aiohttp
import pytest

from custom_components.timetrack.api import (
    TimerState,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackTimeoutError,
    TimeTrackUserNotFoundError,
)
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

from .bodies import T0
from .helpers import demo_client


async def test_wrong_credentials(sim: Simulator) -> None:
    async with TimeTrackClient(sim.url, "wrong-key", "wrong-secret") as api:
        with pytest.raises(TimeTrackAuthenticationError) as err:
            await api.get_project_timer("anna", T0)
    assert (err.value.status, err.value.code) == (401, 15000)
    assert "wrong-key" not in str(err.value)
    assert "wrong-secret" not in str(err.value)


@pytest.mark.parametrize(
    ("status", "html", "error"),
    [
        (500, False, TimeTrackServerError),
        (502, True, TimeTrackServerError),
        (503, True, TimeTrackServerError),
        (504, False, TimeTrackServerError),
        (409, False, TimeTrackRequestError),
        (401, True, TimeTrackAuthenticationError),
        (403, False, TimeTrackAuthenticationError),
        (403, True, TimeTrackAuthenticationError),
        (404, True, TimeTrackNotFoundError),
        (422, True, TimeTrackRequestError),
    ],
)
async def test_injected_failures(
    sim: Simulator,
    client: TimeTrackClient,
    status: int,
    html: bool,
    error: type[TimeTrackError],
) -> None:
    sim.fail_next(1, status, html=html)
    with pytest.raises(error) as err:
        await client.get_clients()
    assert type(err.value) is error
    assert err.value.status == status
    text = str(err.value)
    assert f"HTTP {status}" in text
    assert "<" not in text
    assert "nginx" not in text
    assert len(text) < 200
    if not html:
        assert "injected failure" in text
    # The next request goes through.
    assert len(await client.get_clients()) == 3


async def test_injected_400(sim: Simulator, vienna: TimeTrackClient) -> None:
    """A 400 to a timer read is a refusal; to a list's first page it was one
    too, but now means "not this `limit`": it is asked by the docs' default."""
    sim.fail_next(1, 400)
    with pytest.raises(TimeTrackRequestError) as err:
        await vienna.get_attendance_timer("anna", T0)
    assert (err.value.status, err.value.code) == (400, 15090)
    assert "injected failure" in str(err.value)
    sim.fail_next(1, 400)
    assert len(await vienna.get_clients()) == 3
    assert [r.status for r in sim.requests_to("clients")] == [400, 200]
    assert sim.requests[-1].query == {"limit": "50"}
    assert vienna.observations.list_limit == {"clients": 50}


async def test_server_error_on_timer_calls(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    sim.fail_next(1, 500)
    with pytest.raises(TimeTrackServerError):
        await vienna.get_project_timer("anna", T0)
    sim.fail_next(1, 502, html=True)
    with pytest.raises(TimeTrackServerError):
        await vienna.clock_in("anna", at=T0)
    sim.fail_next(1, 503)
    with pytest.raises(TimeTrackServerError):
        await vienna.get_attendance_timer("anna", T0)


async def test_injected_404_on_reads_means_no_timer(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    sim.fail_next(2, 404)
    assert (await vienna.get_project_timer("anna", T0)).state is TimerState.STOPPED
    assert not (await vienna.get_attendance_timer("anna", T0)).clocked_in


async def test_malformed_json(sim: Simulator, vienna: TimeTrackClient) -> None:
    sim.malformed_next(3)
    with pytest.raises(TimeTrackInvalidResponseError) as err:
        await vienna.get_project_timer("anna", T0)
    assert err.value.status == 200
    assert isinstance(err.value, TimeTrackServerError)
    with pytest.raises(TimeTrackInvalidResponseError):
        await vienna.get_users()
    with pytest.raises(TimeTrackInvalidResponseError):
        await vienna.clock_in("anna", at=T0)


async def test_dropped_connection(sim: Simulator, vienna: TimeTrackClient) -> None:
    # aiohttp itself sends an idempotent request once more on a dropped
    # connection: one drop goes unnoticed, two are an error.
    sim.drop_next(1)
    assert (await vienna.get_project_timer("anna", T0)).state is TimerState.STOPPED
    sim.drop_next(2)
    with pytest.raises(TimeTrackConnectionError) as err:
        await vienna.get_project_timer("anna", T0)
    assert not isinstance(err.value, TimeTrackTimeoutError)
    sim.drop_next(1)
    with pytest.raises(TimeTrackConnectionError):
        await vienna.start_project_timer(
            "anna", client_name="ACME", project_name="Website", at=T0
        )
    assert (await vienna.get_project_timer("anna", T0)).state is TimerState.STOPPED
    sim.apply_then_drop_next(1)
    with pytest.raises(TimeTrackConnectionError):
        await vienna.clock_in("anna", at=T0)
    assert (await vienna.get_attendance_timer("anna", T0)).clocked_in


async def test_service_down_and_back(sim: Simulator, vienna: TimeTrackClient) -> None:
    await vienna.get_project_timer("anna", T0)
    await sim.go_down()
    with pytest.raises(TimeTrackConnectionError) as err:
        await vienna.get_project_timer("anna", T0)
    assert DEMO_API_KEY not in str(err.value)
    await sim.come_back()
    assert (await vienna.get_project_timer("anna", T0)).state is TimerState.STOPPED


async def test_unreachable_host(socket_enabled: None) -> None:
    async with demo_client("http://127.0.0.1:9", request_timeout=2) as api:
        with pytest.raises(TimeTrackConnectionError) as err:
            await api.get_tasks()
    assert str(err.value).startswith("GET tasks: Cannot connect to host 127.0.0.1:9")


async def test_timeout(sim: Simulator) -> None:
    sim.latency = 0.5
    async with demo_client(sim.url, request_timeout=0.1) as api:
        with pytest.raises(TimeTrackTimeoutError) as err:
            await api.get_project_timer("anna", T0)
        assert isinstance(err.value, TimeTrackConnectionError)
        assert "0.1 s" in str(err.value)
        with pytest.raises(TimeTrackTimeoutError):
            await api.clock_in("anna", at=T0)
        sim.latency = 0
        await asyncio.sleep(0.5)  # let the simulator finish the slow requests
        assert (await api.get_project_timer("anna", T0)).state is TimerState.STOPPED


async def test_owned_session_is_closed(sim: Simulator) -> None:
    api = demo_client(sim.url)
    async with api:
        await api.get_tasks()
        session = api._transport.session
        assert session is not None
    assert session.closed
    # A closed client opens a new session when used again.
    assert len(await api.get_tasks()) == 4
    assert api._transport.session is not None
    assert api._transport.session is not session
    await api.close()
    await api.close()


async def test_given_session_is_left_open(sim: Simulator) -> None:
    async with aiohttp.ClientSession() as session:
        async with demo_client(sim.url, session=session) as api:
            await api.get_tasks()
        assert not session.closed
        await api.close()
        assert not session.closed
        # A session that raises for status is handled all the same.
    async with aiohttp.ClientSession(raise_for_status=True) as session:
        api = demo_client(sim.url, session=session)
        with pytest.raises(TimeTrackUserNotFoundError):
            await api.get_project_timer("zoe", T0)


async def test_secrets_never_leak(
    sim: Simulator,
    vienna: TimeTrackClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert DEMO_API_KEY not in repr(vienna)
    assert DEMO_API_SECRET not in repr(vienna)
    assert DEMO_API_KEY not in str(vienna)
    zone = "zoneinfo.ZoneInfo(key='Europe/Vienna')"
    assert repr(vienna) == f"TimeTrackClient(url={sim.url!r}, time_zone={zone})"
    errors: list[BaseException] = []
    sim.fail_next(1, 500)
    sim.fail_next(1, 502, html=True)
    sim.fail_next(1, 401)
    sim.fail_next(1, 400)
    sim.malformed_next(1)
    sim.drop_next(1)
    sim.rate_limit_next(1, retry_after=5)
    for _ in range(8):
        try:
            await vienna.get_project_timer("zoe", T0)
        except TimeTrackError as err:
            errors.append(err)
    assert len(errors) == 8
    sim.latency = 0.3
    vienna._transport.request_timeout = 0.05
    vienna._transport.hold_until = None
    try:
        await vienna.get_tasks()
    except TimeTrackError as err:
        errors.append(err)
    texts = [str(err) for err in errors] + [repr(err) for err in errors]
    texts += [str(err.__cause__) for err in errors if err.__cause__ is not None]
    texts.append(caplog.text)
    texts.append(json.dumps(vienna.observations.as_dict()))
    for text in texts:
        assert DEMO_API_KEY not in text
        assert DEMO_API_SECRET not in text
    assert "GET project_timer -> HTTP 500 (json)" in caplog.text
    assert "GET project_timer -> HTTP 502 (html)" in caplog.text
