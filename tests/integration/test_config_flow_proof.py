"""The config flow proves an address is TimeTrack before it creates anything.

Addresses that answer, but not as TimeTrack does, are served by a tiny aiohttp
server on 127.0.0.1 that gives every request the same answer; the error
dialects TimeTrack may speak are the simulator's. Every flow runs through
Home Assistant's flow manager over real HTTP.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
import json
import logging
from typing import Any

from aiohttp import web
from homeassistant.const import CONF_API_KEY, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.timetrack.const import CONF_API_SECRET, DOMAIN
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator
from simulator.dialect import Dialect, ErrorStyle, ListStyle
from tests.conftest import simulator_entry, user_subentry

from .flow_support import WRONG_KEY, account, assert_refused, start_user_flow, submit

API = "/api/v2/ext/"
# The check's reads: both timers and the user directory (the project timer's
# other documented route is tried when the first answers a bare 404).
CHECKED = {API + "timers/project_timer", API + "attendance_timer", API + "users"}
CHECKED_BOTH_ROUTES = CHECKED | {API + "project_timer"}
INTEGRATION_LOGGER = "custom_components.timetrack"

PORTAL = (
    "<!DOCTYPE html><html><head><title>Welcome to Hotel WiFi</title></head>"
    "<body><form action='/login'>Accept the terms to go online</form></body></html>"
)


@dataclass
class Stranger:
    """A server on 127.0.0.1 that gives every request the same answer."""

    status: int
    body: bytes
    content_type: str
    url: str = ""
    paths: list[str] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        """Note the path and answer as always."""
        self.paths.append(request.path)
        return web.Response(
            status=self.status, body=self.body, content_type=self.content_type
        )


type Serve = Callable[[int, Any, str], Awaitable[Stranger]]


@pytest.fixture
async def serve(socket_enabled: None) -> AsyncGenerator[Serve]:
    """Start strangers: `await serve(status, body, content_type)`.

    A str body is sent as it is, anything else as JSON.
    """
    runners: list[web.AppRunner] = []

    async def start(status: int, body: Any, content_type: str) -> Stranger:
        text = body if isinstance(body, str) else json.dumps(body)
        stranger = Stranger(status, text.encode(), content_type)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", stranger.handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await runner.setup()
        runners.append(runner)
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        stranger.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        return stranger

    yield start
    for runner in runners:
        await runner.cleanup()


def warnings_of_the_integration(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The integration's log lines of level WARNING or above."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(INTEGRATION_LOGGER)
        and record.levelno >= logging.WARNING
    ]


def assert_secrets_absent(*texts: str) -> None:
    """Neither the API key nor the secret appears in any of the texts."""
    for text in texts:
        assert DEMO_API_KEY not in text
        assert DEMO_API_SECRET not in text


# -- addresses that are not TimeTrack ------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "content_type", "paths", "not_timetrack"),
    [
        pytest.param(
            404, "Not Found", "text/plain", CHECKED_BOTH_ROUTES, True, id="404-text"
        ),
        pytest.param(
            404,
            "<html><body><h1>404 Not Found</h1></body></html>",
            "text/html",
            CHECKED_BOTH_ROUTES,
            True,
            id="404-html",
        ),
        pytest.param(
            404,
            {"detail": "Not Found"},
            "application/json",
            CHECKED_BOTH_ROUTES,
            True,
            id="404-json",
        ),
        # A captive portal stands in for a network that is not there yet.
        pytest.param(200, PORTAL, "text/html", CHECKED, False, id="captive-portal"),
        pytest.param(
            200,
            {"status": "ok", "version": 3},
            "application/json",
            CHECKED,
            True,
            id="other-json",
        ),
        # A 404 in one of the error forms the client accepts, saying only "Not
        # Found": once read as "no timer" (and the address taken for TimeTrack
        # with an unknown user), it proves nothing now.
        pytest.param(
            404,
            {"timestamp": "2026-06-03T11:00:05.000+00:00", "status": 404}
            | {"error": "Not Found", "path": "/api/v2/ext/attendance_timer"},
            "application/json",
            None,
            True,
            id="404-spring-boot",
        ),
        pytest.param(
            404,
            {"message": "Not Found"},
            "application/json",
            None,
            True,
            id="404-json-message",
        ),
        # Servers that answer "nothing" to anything: no proof either.
        pytest.param(200, {}, "application/json", CHECKED, True, id="empty-object"),
        pytest.param(200, [], "application/json", CHECKED, True, id="empty-list"),
        pytest.param(204, "", "application/json", CHECKED, True, id="no-content"),
    ],
)
async def test_an_address_that_is_not_timetrack_is_refused(
    hass: HomeAssistant,
    serve: Serve,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
    status: int,
    body: Any,
    content_type: str,
    paths: set[str] | None,
    not_timetrack: bool,
) -> None:
    stranger = await serve(status, body, content_type)
    caplog.set_level(logging.DEBUG, logger=INTEGRATION_LOGGER)
    flow_id = await start_user_flow(hass)

    result = await submit(hass, flow_id, account(stranger.url))

    assert_refused(hass, result, {"base": "cannot_connect"})
    assert set(stranger.paths) >= CHECKED
    assert paths is None or set(stranger.paths) == paths
    warnings = warnings_of_the_integration(caplog)
    if not_timetrack:
        [warning] = warnings
        assert "127.0.0.1 answers, but not as TimeTrack does" in warning
    else:  # a network that is not there yet is no mistake of the user's
        assert warnings == []
    assert_secrets_absent(str(result), caplog.text)

    # The same flow goes on to the real account.
    result = await submit(hass, flow_id, account(simulator.url))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == simulator.url.removeprefix("http://")
    assert [entry.unique_id for entry in hass.config_entries.async_entries(DOMAIN)] == [
        simulator.url.removeprefix("http://")
    ]


# -- TimeTrack's error dialects --------------------------------------------------


@pytest.mark.parametrize("errors", ["coded", "html", "uncoded", "in_200"])
async def test_wrong_key_and_unknown_user_in_every_error_dialect(
    hass: HomeAssistant,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
    errors: ErrorStyle,
) -> None:
    simulator.dialect = Dialect(errors=errors)
    caplog.set_level(logging.DEBUG, logger=INTEGRATION_LOGGER)
    flow_id = await start_user_flow(hass)

    result = await submit(
        hass, flow_id, account(simulator.url, **{CONF_API_KEY: WRONG_KEY})
    )
    assert_refused(hass, result, {"base": "invalid_auth"})
    assert {r.status for r in simulator.requests} == {
        200 if errors == "in_200" else 401
    }

    simulator.clear_requests()
    result = await submit(
        hass, flow_id, account(simulator.url, **{CONF_USERNAME: "zoe"})
    )
    assert_refused(hass, result, {CONF_USERNAME: "unknown_user"})
    assert {r.query.get("username") for r in simulator.requests} == {"zoe", None}
    assert {r.path for r in simulator.requests} >= CHECKED
    if errors == "html":
        # The timers say no more than a bare 404 page; the directory tells.
        timers = [r for r in simulator.requests if "timer" in r.path]
        assert {r.status for r in timers} == {404}
        [directory] = simulator.requests_to("/users")
        assert directory.status == 200

    # Nothing of it was taken for an address that is not TimeTrack.
    assert warnings_of_the_integration(caplog) == []
    assert_secrets_absent(str(result), caplog.text)

    result = await submit(hass, flow_id, account(simulator.url))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    [subentry] = result["result"].subentries.values()
    assert subentry.title == "Anna Berger"


# -- the user directory, however it pages -----------------------------------------


@pytest.mark.parametrize("username", ["anna", "user450"])
@pytest.mark.parametrize("lists", ["page", "page_from_0", "limit_ignored", "limit_100"])
async def test_a_user_on_any_page_of_the_directory_is_found(
    hass: HomeAssistant, socket_enabled: None, lists: ListStyle, username: str
) -> None:
    """454 users: `page` counting from 1 or from 0, pages of 50 whatever
    `limit` asks, or `limit` above 100 refused. Asking `page=1` first once
    skipped the first page where `page` counts from 0, a page of 50 once
    ended the directory, and a refused `limit` read one default page: the
    flow then said the user was unknown."""
    async with Simulator(extra_users=450) as sim:
        sim.dialect = Dialect(lists=lists)
        flow_id = await start_user_flow(hass)
        result = await submit(
            hass, flow_id, account(sim.url, **{CONF_USERNAME: username})
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        [subentry] = result["result"].subentries.values()
        assert subentry.title == {"anna": "Anna Berger"}.get(username, "User 450")
        await hass.config_entries.async_unload(result["result"].entry_id)


@pytest.mark.parametrize("source", ["reauth", "reconfigure"])
async def test_a_new_key_for_an_address_that_is_not_timetrack_is_refused(
    hass: HomeAssistant, serve: Serve, source: str
) -> None:
    """Reauthentication and reconfiguration prove TimeTrack too.

    An address that answers `{}` to anything once took any key there (the
    user need not exist in these steps, and nothing else was asked of it).
    """
    stranger = await serve(200, {}, "application/json")
    entry = simulator_entry(
        stranger.url,
        [user_subentry("anna")],
        api_key="old-key",
        api_secret="old-secret",
    )
    entry.add_to_hass(hass)
    if source == "reauth":
        result = await entry.start_reauth_flow(hass)
        data = {CONF_API_KEY: "new-key", CONF_API_SECRET: "new-secret"}
    else:
        result = await entry.start_reconfigure_flow(hass)
        data = {
            CONF_URL: stranger.url,
            CONF_API_KEY: "new-key",
            CONF_API_SECRET: "new-secret",
        }

    result = await hass.config_entries.flow.async_configure(result["flow_id"], data)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    assert entry.data[CONF_API_KEY] == "old-key"
