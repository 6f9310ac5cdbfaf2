"""Prepare a running development Home Assistant for the screenshots.

Run by scripts/screenshots with the project's .venv. Against Home Assistant on
HA_URL (default http://127.0.0.1:8123) beside the simulator on SIMULATOR_URL
(default http://127.0.0.1:8089), as scripts/develop starts them, it:

1. finishes onboarding if needed (owner HA_USERNAME / HA_PASSWORD, by default
   dev / timetrack-dev: a throwaway account of a local development instance;
   home in Austria, time zone Europe/Vienna), or logs in as that user;
2. adds the TimeTrack integration through its config flow (the simulator's
   demo credentials, user anna) unless it is set up already;
3. gives Anna a working day to show: clocked in 2 h 15 min ago, the project
   timer on ACME / Mobile App (task Development) since 1 h 40 min ago, with a
   15 minute break; skipped when she is clocked in already;
4. waits until the recorder shows her timer events (for the logbook) and her
   imported worked and target hours per day (for the statistics graph);
5. writes the browser's login tokens and Anna's device id as JSON to the path
   given as the only argument (mode 0600).

It needs the project's .venv (aiohttp, which Home Assistant brings, and the
`simulator` package for the demo credentials); the API key and secret are
never printed.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
import json
import os
from pathlib import Path
import sys
import time
from typing import Any
from urllib import error, parse, request

import aiohttp

from simulator import DEMO_API_KEY, DEMO_API_SECRET

HA_URL = os.environ.get("HA_URL", "http://127.0.0.1:8123").rstrip("/")
SIMULATOR_URL = os.environ.get("SIMULATOR_URL", "http://127.0.0.1:8089")
USERNAME = os.environ.get("HA_USERNAME", "dev")
PASSWORD = os.environ.get("HA_PASSWORD", "timetrack-dev")
CLIENT_ID = f"{HA_URL}/"  # the frontend's client id
TRACKED_USER = "anna"
ATTENDANCE = "switch.anna_berger_attendance"
COUNTRY = "AT"
TIME_ZONE = "Europe/Vienna"
# The dashboard's "Worked hours per day": its statistics and how many days.
STATISTICS = ("timetrack:anna_worked_time", "timetrack:anna_target_time")
STATISTICS_DAYS = 14


class HomeAssistantError(RuntimeError):
    """Home Assistant answered with an error."""


def call(
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    form: bool = False,
) -> Any:
    """One request to Home Assistant; the decoded JSON answer."""
    headers = {}
    data = None
    if body is not None:
        if form:
            data = parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = request.Request(HA_URL + path, data=data, headers=headers, method=method)
    try:
        with request.urlopen(req, timeout=60) as response:
            raw = response.read()
    except error.HTTPError as err:
        detail = err.read().decode(errors="replace")[:500]
        raise HomeAssistantError(f"{method} {path}: {err.code} {detail}") from err
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode()  # /api/template answers plain text


def say(text: str) -> None:
    """Progress, on stderr."""
    print(f"screenshots: {text}", file=sys.stderr, flush=True)


def wait_for_home_assistant(timeout: float = 900) -> None:
    """Wait until Home Assistant answers (its first start installs packages)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            call("GET", "/manifest.json")
        except HomeAssistantError, error.URLError, ConnectionError, TimeoutError:
            if time.monotonic() > deadline:
                msg = f"screenshots: Home Assistant is not up at {HA_URL}"
                raise SystemExit(msg) from None
            time.sleep(3)
        else:
            return


def onboarding_steps() -> dict[str, bool]:
    """Which onboarding steps are done (all, once Home Assistant is onboarded)."""
    try:
        steps = call("GET", "/api/onboarding")
    except HomeAssistantError as err:
        if " 404 " in f" {err} ":  # onboarded before this start: the API is gone
            return {}
        raise
    return {step["step"]: step["done"] for step in steps}


def tokens_from_code(code: str) -> dict[str, Any]:
    """Exchange an authorization code for the frontend's tokens."""
    answer: dict[str, Any] = call(
        "POST",
        "/auth/token",
        {"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID},
        form=True,
    )
    return answer


async def websocket_command(token: str, message: dict[str, Any]) -> Any:
    """Send one command over the websocket API (as the UI does); its result."""
    websocket_url = HA_URL.replace("http", "ws", 1) + "/api/websocket"
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(websocket_url) as websocket,
    ):
        await websocket.receive_json()  # auth_required
        await websocket.send_json({"type": "auth", "access_token": token})
        if (await websocket.receive_json())["type"] != "auth_ok":
            raise SystemExit("screenshots: the websocket API refused the token")
        await websocket.send_json({"id": 1, **message})
        answer = await websocket.receive_json()
        if not answer.get("success"):
            msg = f"screenshots: {message['type']} failed: {answer.get('error')}"
            raise SystemExit(msg)
        return answer.get("result")


def update_core_config(token: str) -> None:
    """Set the country and time zone (a websocket command, like the UI)."""
    asyncio.run(
        websocket_command(
            token,
            {"type": "config/core/update", "country": COUNTRY, "time_zone": TIME_ZONE},
        )
    )


def onboard_or_log_in() -> dict[str, Any]:
    """Tokens of the owner: onboarding creates them, or a login flow."""
    steps = onboarding_steps()
    tokens: dict[str, Any] | None = None
    if not steps.get("user", True):
        say(f"onboarding: creating the owner {USERNAME!r}")
        answer = call(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": CLIENT_ID,
                "name": "Developer",
                "username": USERNAME,
                "password": PASSWORD,
                "language": "en",
            },
        )
        tokens = tokens_from_code(answer["auth_code"])
    else:
        tokens = log_in()
    access = tokens["access_token"]
    if not steps.get("core_config", True):
        # As the onboarding page does: the home's country and time zone first.
        update_core_config(access)
        call("POST", "/api/onboarding/core_config", {}, token=access)
    if not steps.get("analytics", True):
        call("POST", "/api/onboarding/analytics", {}, token=access)
    if not steps.get("integration", True):
        call(
            "POST",
            "/api/onboarding/integration",
            {"client_id": CLIENT_ID, "redirect_uri": f"{HA_URL}/?auth_callback=1"},
            token=access,
        )
        say("onboarding: done")
    return tokens


def log_in() -> dict[str, Any]:
    """Log in as the owner through Home Assistant's login flow."""
    flow = call(
        "POST",
        "/auth/login_flow",
        {
            "client_id": CLIENT_ID,
            "handler": ["homeassistant", None],
            "redirect_uri": f"{HA_URL}/?auth_callback=1",
        },
    )
    answer = call(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": CLIENT_ID, "username": USERNAME, "password": PASSWORD},
    )
    if answer.get("type") != "create_entry":
        raise SystemExit(
            "screenshots: cannot log in to Home Assistant as "
            f"{USERNAME!r}; set HA_USERNAME and HA_PASSWORD to its owner's login"
        )
    return tokens_from_code(answer["result"])


def add_timetrack(token: str) -> None:
    """Add the TimeTrack integration (the simulator, user anna) if missing."""
    entries = call(
        "GET", "/api/config/config_entries/entry?domain=timetrack", token=token
    )
    if entries:
        say("TimeTrack is set up already")
        return
    say(f"adding TimeTrack: {SIMULATOR_URL}, user {TRACKED_USER}")
    flow = call(
        "POST", "/api/config/config_entries/flow", {"handler": "timetrack"}, token=token
    )
    result = call(
        "POST",
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {
            "url": SIMULATOR_URL,
            "api_key": DEMO_API_KEY,
            "api_secret": DEMO_API_SECRET,
            "username": TRACKED_USER,
        },
        token=token,
    )
    if result.get("type") != "create_entry":
        raise SystemExit(
            f"screenshots: the config flow answered {result.get('errors')}"
        )


def state(entity_id: str, token: str) -> dict[str, Any] | None:
    """An entity's state, or None while it does not exist."""
    try:
        answer: dict[str, Any] = call("GET", f"/api/states/{entity_id}", token=token)
    except HomeAssistantError as err:
        if " 404 " in f" {err} ":
            return None
        raise
    return answer


def wait_for_entity(entity_id: str, token: str, timeout: float = 60) -> dict[str, Any]:
    """Wait until an entity has a state other than unavailable."""
    deadline = time.monotonic() + timeout
    while (found := state(entity_id, token)) is None or found["state"] == "unavailable":
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: {entity_id} did not show up")
        time.sleep(1)
    return found


def act(service: str, data: dict[str, Any], token: str) -> None:
    """Call one of TimeTrack's actions on Anna's attendance switch's user."""
    call(
        "POST",
        f"/api/services/timetrack/{service}",
        {"entity_id": ATTENDANCE, **data},
        token=token,
    )


def give_anna_a_day(token: str) -> None:
    """Clock Anna in and run a project with a break, dated in the last hours."""
    if wait_for_entity(ATTENDANCE, token)["state"] == "on":
        say("Anna is clocked in already: her timers are left as they are")
        return
    now = datetime.now(UTC).replace(microsecond=0)

    def ago(minutes: int) -> str:
        return (now - timedelta(minutes=minutes)).isoformat()

    say("clocking Anna in and starting ACME / Mobile App")
    act("clock_in", {"time": ago(135)}, token)
    act(
        "start_project_timer",
        {
            "project": "Mobile App",
            "client": "ACME",
            "task": "Development",
            "time": ago(100),
        },
        token,
    )
    act("pause_project_timer", {"time": ago(50)}, token)
    act("resume_project_timer", {"time": ago(35)}, token)


def wait_until_started(token: str, timeout: float = 300) -> None:
    """Wait until Home Assistant has finished starting (no "starting" toasts)."""
    deadline = time.monotonic() + timeout
    while call("GET", "/api/config", token=token)["state"] != "RUNNING":
        if time.monotonic() > deadline:
            raise SystemExit("screenshots: Home Assistant did not finish starting")
        time.sleep(1)


def wait_for_history(token: str, timeout: float = 60) -> None:
    """Wait until the recorder has written Anna's timer events (for the logbook)."""
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    path = f"/api/logbook/{parse.quote(since)}?entity=event.anna_berger_timer"
    deadline = time.monotonic() + timeout
    while not call("GET", path, token=token):
        if time.monotonic() > deadline:
            raise SystemExit("screenshots: the logbook shows no timer events")
        time.sleep(1)


def daily_hours(token: str, statistic_id: str, days: int) -> list[float]:
    """A statistic's change per day over the last `days` days (what the card shows)."""
    start = datetime.now(UTC) - timedelta(days=days)
    found = asyncio.run(
        websocket_command(
            token,
            {
                "type": "recorder/statistics_during_period",
                "start_time": start.isoformat(),
                "statistic_ids": [statistic_id],
                "period": "day",
                "types": ["change"],
            },
        )
    )
    return [row.get("change") or 0.0 for row in found.get(statistic_id, [])]


def wait_for_statistics(token: str, timeout: float = 120) -> None:
    """Wait until the recorder holds Anna's worked and target hours per day.

    TimeTrack imports them in the background after its setup, and the recorder
    writes them a moment later: the statistics graph stays empty until then.
    """
    deadline = time.monotonic() + timeout
    while not all(
        any(hours > 0 for hours in daily_hours(token, statistic_id, STATISTICS_DAYS))
        for statistic_id in STATISTICS
    ):
        if time.monotonic() > deadline:
            raise SystemExit(
                f"screenshots: no worked or target hours in {', '.join(STATISTICS)}"
            )
        time.sleep(2)


def anna_device_id(token: str) -> str:
    """The id of Anna's device (for its page's URL)."""
    answer = call(
        "POST",
        "/api/template",
        {"template": f"{{{{ device_id('{ATTENDANCE}') }}}}"},
        token=token,
    )
    return str(answer).strip()


def main() -> None:
    """Prepare Home Assistant; write the browser's tokens to argv[1]."""
    out = Path(sys.argv[1])
    wait_for_home_assistant()
    tokens = onboard_or_log_in()
    access = tokens["access_token"]
    wait_until_started(access)
    add_timetrack(access)
    give_anna_a_day(access)
    wait_for_history(access)
    wait_for_statistics(access)
    device_id = anna_device_id(access)
    browser_tokens = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": tokens["expires_in"],
        "refresh_token": tokens["refresh_token"],
        "hassUrl": HA_URL,
        "clientId": CLIENT_ID,
        "expires": int((time.time() + tokens["expires_in"]) * 1000),
    }
    out.touch(mode=0o600)
    out.write_text(json.dumps({"hassTokens": browser_tokens, "deviceId": device_id}))


if __name__ == "__main__":
    main()
