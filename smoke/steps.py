"""The steps of a smoke run: what a user's browser would do, one after another.

Every step talks to Home Assistant only through its REST and websocket APIs
(and to the simulator through its control routes, standing in for the phone
app). A step raises `StepFailedError` with the reason; anything else it raises
fails it too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
import re
import time
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from . import entities
from .client import HomeAssistantClient
from .entities import Key

DOMAIN = "timetrack"
# The simulator's demo account (simulator/README.md).
API_KEY = "sim-demo-api-key-7f3c9a1e"
API_SECRET = "sim-demo-api-secret-4b8d2e6f"  # noqa: S105 (the simulator's, public)
FIRST_USER = "anna"
SECOND_USER = "ben"
OWNER = {
    "name": "Smoke Test",
    "username": "smoke",
    "password": "smoke-test-not-secret",
    "language": "en",
}
TIME_ZONE = "Europe/Vienna"
ACTIONS = (
    "start_project_timer",
    "pause_project_timer",
    "resume_project_timer",
    "stop_project_timer",
    "clock_in",
    "clock_out",
)
ENTRY_TIMEOUT = 30.0
SHOWN_STATE_PROBLEMS = 6


class StepFailedError(Exception):
    """A step saw something other than what it expects."""


def state_is(value: str) -> Callable[[dict[str, Any]], bool]:
    """A check for `wait_for_state`: the state is `value`."""

    def check(state: dict[str, Any]) -> bool:
        return bool(state["state"] == value)

    return check


def expect(condition: object, why: str) -> None:
    """Fail the step with `why` unless `condition` holds."""
    if not condition:
        raise StepFailedError(why)


@dataclass(frozen=True)
class Step:
    """One line of the report."""

    name: str
    run: Callable[[], Awaitable[str | None]]  # answers an optional detail
    critical: bool = False  # later steps make no sense without this one
    limit: float = 60.0  # seconds


class Steps:
    """The steps, sharing what earlier ones found (the entry, the entities)."""

    def __init__(
        self,
        ha: HomeAssistantClient,
        simulator_url: str,
        expected_version: str | None,
        http: aiohttp.ClientSession,
    ) -> None:
        """Remember the clients; nothing is known about the entry yet."""
        self.ha = ha
        self.simulator_url = simulator_url
        self.expected_version = expected_version
        self.http = http
        self.entry_id = ""
        self.flow_id = ""
        self.users: dict[str, dict[Key, str]] = {}
        self.devices: dict[str, str] = {}

    def all(self) -> list[Step]:
        """Every step after Home Assistant answers, in order."""
        actions = [
            ("start_project_timer", {"project": "Website", "client": "ACME"}),
            ("pause_project_timer", {}),
            ("resume_project_timer", {}),
            ("stop_project_timer", {}),
            ("clock_in", {}),
            ("clock_out", {}),
        ]
        return [
            Step(
                "onboarding (owner, core config, analytics, integration)",
                self.onboarding,
                critical=True,
                limit=180.0,
            ),
            Step(
                "config flow refuses a wrong secret (invalid_auth)",
                self.wrong_secret,
                critical=True,
            ),
            Step(
                f"config flow adds the integration ({FIRST_USER})",
                self.add_entry,
                critical=True,
            ),
            Step(
                f"subentry adds a second tracked user ({SECOND_USER})",
                self.add_subentry,
                critical=True,
            ),
            Step(
                "every entity of both users exists with a sensible state",
                self.check_entities,
                critical=True,
            ),
            Step(
                "the frontend's descriptions: actions, translations, icons",
                self.descriptions,
            ),
            *(
                Step(
                    f"action {DOMAIN}.{action} with a response",
                    self._action_step(action, data),
                )
                for action, data in actions
            ),
            Step(
                "a refused action answers 400 (pause while stopped)",
                self.refused_action,
            ),
            Step("select chooses a project", self.choose_project),
            Step("button pause_timer", self._button_step(entities.PAUSE, "paused")),
            Step("button resume_timer", self._button_step(entities.RESUME, "running")),
            Step("button stop_timer", self._button_step(entities.STOP, "stopped")),
            Step("switch clocks in and out", self.switch),
            Step(
                "voice status in English",
                self._voice_step("en", f"how long has {FIRST_USER} worked today"),
            ),
            Step(
                "voice status in German",
                self._voice_step("de", f"wie lange hat {FIRST_USER} heute gearbeitet"),
            ),
            Step(
                "a change on the simulator shows after homeassistant.update_entity",
                self.outside_change,
            ),
            Step("options flow", self.options_flow),
            Step("reconfigure", self.reconfigure),
            Step("reload", self.reload),
            Step("remove the entry", self.remove),
        ]

    # --- helpers ----------------------------------------------------------------

    def entity(self, username: str, key: Key) -> str:
        """The entity id of `username`'s entity `key`."""
        try:
            return self.users[username][key]
        except KeyError:
            raise StepFailedError(f"{username} has no {key[0]} {key[1]!r}") from None

    async def entry_state(self) -> str | None:
        """The config entry's state, or None when it does not exist."""
        for entry in await self.ha.get(
            f"/api/config/config_entries/entry?domain={DOMAIN}"
        ):
            if entry["entry_id"] == self.entry_id:
                return str(entry["state"])
        return None

    async def wait_loaded(self, limit: float = ENTRY_TIMEOUT) -> None:
        """Wait until the entry is loaded (after a reload, say)."""
        deadline = time.monotonic() + limit
        state = None
        while time.monotonic() < deadline:
            state = await self.entry_state()
            if state == "loaded":
                return
            await asyncio.sleep(0.2)
        raise StepFailedError(f"entry state {state!r} after {limit:.0f} s")

    async def read_entities(self) -> dict[str, dict[Key, str]]:
        """The entry's entities per username, from the registries."""
        subentries = await self.ha.ws(
            "config_entries/subentries/list", entry_id=self.entry_id
        )
        usernames = {
            sub["subentry_id"]: sub["unique_id"]
            for sub in subentries
            if sub["subentry_type"] == "user"
        }
        registry = await self.ha.ws("config/entity_registry/list")
        return entities.by_user(registry, self.entry_id, usernames)

    async def sensible_states(self) -> int:
        """Check every entity of every user; answer how many there are."""
        problems = []
        count = 0
        for username, user_entities in self.users.items():
            if missing := entities.missing_core(user_entities):
                problems.append(f"{username} lacks {missing}")
            for entity_id in user_entities.values():
                count += 1
                state = await self.ha.state(entity_id)
                if (problem := entities.state_problem(entity_id, state)) is not None:
                    problems.append(f"{entity_id} {problem}")
        shown = "; ".join(problems[:SHOWN_STATE_PROBLEMS])
        if len(problems) > SHOWN_STATE_PROBLEMS:
            shown += f"; and {len(problems) - SHOWN_STATE_PROBLEMS} more"
        expect(not problems, shown)
        return count

    async def wait_sensible(self, limit: float = 15.0) -> int:
        """`sensible_states` once it holds (entities come back after a reload)."""
        deadline = time.monotonic() + limit
        while True:
            try:
                return await self.sensible_states()
            except StepFailedError:
                if time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.5)

    async def wait_timer(
        self, username: str, state: str, project: str | None = None
    ) -> dict[str, Any]:
        """Wait until `username`'s project timer sensor shows `state` (and project)."""
        entity_id = self.entity(username, entities.PROJECT_TIMER)
        try:
            return await self.ha.wait_for_state(
                entity_id,
                lambda s: (
                    s["state"] == state
                    and (project is None or s["attributes"].get("project") == project)
                ),
            )
        except Exception as err:
            raise StepFailedError(str(err)) from err

    async def flow(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        """POST to a flow resource; answer the result."""
        result: dict[str, Any] = await self.ha.post(path, data)
        return result

    # --- onboarding and setup -----------------------------------------------------

    async def onboarding(self) -> str:
        """Create the owner, set the core config, finish onboarding as the frontend."""
        base = self.ha.base_url
        created = await self.ha.post(
            "/api/onboarding/users",
            {**OWNER, "client_id": self.ha.client_id},
            auth=False,
        )
        await self.ha.log_in_with_code(created["auth_code"])
        # The frontend's core-config page saves the location first.
        await self.ha.ws(
            "config/core/update",
            time_zone=TIME_ZONE,
            country="AT",
            currency="EUR",
            unit_system="metric",
        )
        await self.ha.post("/api/onboarding/core_config", {})
        await self.ha.post("/api/onboarding/analytics", {})
        answer = await self.ha.post(
            "/api/onboarding/integration",
            {
                "client_id": self.ha.client_id,
                "redirect_uri": f"{base}/?auth_callback=1",
            },
        )
        expect("auth_code" in answer, f"integration step answered {answer}")
        steps = await self.ha.get("/api/onboarding", auth=False)
        expect(
            all(step["done"] for step in steps), f"onboarding not done after: {steps}"
        )
        config: dict[str, Any] = {}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            config = await self.ha.get("/api/config")
            if config.get("state") == "RUNNING":
                break
            await asyncio.sleep(0.5)
        expect(
            config.get("state") == "RUNNING",
            f"Home Assistant is {config.get('state')}, not RUNNING",
        )
        version = str(config.get("version"))
        expect(
            self.expected_version in {None, version},
            f"Home Assistant {version} runs, requirements_newest.txt pins"
            f" {self.expected_version}",
        )
        return f"Home Assistant {version}, time zone {config.get('time_zone')}"

    async def wrong_secret(self) -> str:
        """Start the config flow and give a wrong secret: invalid_auth, same form."""
        started = await self.flow(
            "/api/config/config_entries/flow",
            {"handler": DOMAIN, "show_advanced_options": False},
        )
        expect(
            started.get("type") == "form" and started.get("step_id") == "user",
            f"flow started with {started}",
        )
        self.flow_id = started["flow_id"]
        fields = {item["name"] for item in started.get("data_schema", [])}
        expect(
            {"url", "api_key", "api_secret", "username"} <= fields,
            f"the form asks for {sorted(fields)}",
        )
        result = await self.flow(
            f"/api/config/config_entries/flow/{self.flow_id}",
            {
                "url": self.simulator_url,
                "api_key": API_KEY,
                "api_secret": "wrong-secret",
                "username": FIRST_USER,
            },
        )
        expect(
            result.get("type") == "form"
            and result.get("errors") == {"base": "invalid_auth"},
            f"answered {result}",
        )
        return "errors: base invalid_auth"

    async def add_entry(self) -> str:
        """Correct the secret in the same form: the entry is created and loads."""
        result = await self.flow(
            f"/api/config/config_entries/flow/{self.flow_id}",
            {
                "url": self.simulator_url,
                "api_key": API_KEY,
                "api_secret": API_SECRET,
                "username": FIRST_USER,
            },
        )
        expect(result.get("type") == "create_entry", f"answered {result}")
        self.entry_id = result["result"]["entry_id"]
        await self.wait_loaded()
        return f"entry {result['result']['title']!r}, loaded"

    async def add_subentry(self) -> str:
        """Track a second user: a subentry; the entry reloads with their device."""
        started = await self.flow(
            "/api/config/config_entries/subentries/flow",
            {"handler": [self.entry_id, "user"], "show_advanced_options": False},
        )
        expect(started.get("type") == "form", f"subentry flow started with {started}")
        result = await self.flow(
            f"/api/config/config_entries/subentries/flow/{started['flow_id']}",
            {"username": SECOND_USER},
        )
        expect(result.get("type") == "create_entry", f"answered {result}")
        deadline = time.monotonic() + ENTRY_TIMEOUT
        while time.monotonic() < deadline:
            self.users = await self.read_entities()
            if all(
                not entities.missing_core(found) for found in self.users.values()
            ) and set(self.users) == {FIRST_USER, SECOND_USER}:
                break
            await asyncio.sleep(0.3)
        expect(
            set(self.users) == {FIRST_USER, SECOND_USER},
            f"tracked users: {sorted(self.users)}",
        )
        await self.wait_loaded()
        return f"{result.get('title')!r}"

    async def check_entities(self) -> str:
        """Every entity of both users: core ones present, states sensible."""
        self.users = await self.read_entities()
        count = await self.wait_sensible()
        registry = await self.ha.ws("config/entity_registry/list")
        by_id = {entity["entity_id"]: entity for entity in registry}
        for username, user_entities in self.users.items():
            self.devices[username] = str(
                by_id[user_entities[entities.PROJECT_TIMER]]["device_id"]
            )
        sizes = ", ".join(f"{user} {len(found)}" for user, found in self.users.items())
        return f"{count} entities: {sizes}"

    async def descriptions(self) -> str:
        """What the browser loads to show the actions and entities.

        Home Assistant reads services.yaml, the translations and icons.json
        with the rules of the release it is when it serves them; a file it
        cannot read fails here (and is logged).
        """
        services = (await self.ha.ws("get_services")).get(DOMAIN, {})
        expect(
            set(services) == set(ACTIONS),
            f"actions described: {sorted(services)}, expected {sorted(ACTIONS)}",
        )
        for action, description in services.items():
            expect("target" in description, f"{action} has no target")
        project = services["start_project_timer"]["fields"].get("project", {})
        expect(project.get("required"), f"start_project_timer's project: {project}")
        for language in ("en", "de"):
            for category in ("config", "entity", "services"):
                answer = await self.ha.ws(
                    "frontend/get_translations",
                    language=language,
                    category=category,
                    integration=[DOMAIN],
                )
                resources = answer.get("resources") or {}
                expect(resources, f"no {language} {category} translations")
                if category == "services":
                    missing = [
                        action
                        for action in ACTIONS
                        if f"component.{DOMAIN}.services.{action}.name" not in resources
                    ]
                    expect(not missing, f"no {language} names for {missing}")
        for category in ("entity", "services"):
            icons = await self.ha.ws(
                "frontend/get_icons", category=category, integration=[DOMAIN]
            )
            expect(icons.get("resources", {}).get(DOMAIN), f"no {category} icons")
        return f"{len(services)} actions; en and de translations; icons"

    # --- actions ------------------------------------------------------------------

    def _action_step(
        self, action: str, data: dict[str, Any]
    ) -> Callable[[], Awaitable[str]]:
        async def run() -> str:
            return await self.action(action, data)

        return run

    async def action(self, action: str, data: dict[str, Any]) -> str:
        """Call a timetrack action on the first user's device, with its response."""
        status, body = await self.ha.call_action(
            DOMAIN,
            action,
            {"device_id": self.devices[FIRST_USER], **data},
            response=True,
        )
        expect(status == HTTPStatus.OK, f"answered {status}: {body}")
        response = body.get("service_response") if isinstance(body, dict) else None
        expect(
            isinstance(response, dict)
            and {"project_timer", "attendance"} <= set(response),
            f"response {response}",
        )
        assert isinstance(response, dict)  # noqa: S101 (for the type checker)
        timer, attendance = response["project_timer"], response["attendance"]
        timer_after = {
            "start_project_timer": "running",
            "pause_project_timer": "paused",
            "resume_project_timer": "running",
            "stop_project_timer": "stopped",
        }
        if action in timer_after:
            want = timer_after[action]
            expect(timer["state"] == want, f"response project_timer {timer}")
            await self.wait_timer(FIRST_USER, want)
            return f"project_timer {want}, worked {timer['worked_seconds']} s"
        clocked_in = action == "clock_in"
        expect(
            attendance["clocked_in"] is clocked_in, f"response attendance {attendance}"
        )
        switch = self.entity(FIRST_USER, entities.ATTENDANCE)
        await self.ha.wait_for_state(switch, state_is("on" if clocked_in else "off"))
        return f"attendance clocked_in {clocked_in}"

    async def refused_action(self) -> str:
        """Pausing a stopped timer is refused with a message, not an error."""
        status, body = await self.ha.call_action(
            DOMAIN,
            "pause_project_timer",
            {"device_id": self.devices[FIRST_USER]},
            response=True,
        )
        expect(status == HTTPStatus.BAD_REQUEST, f"answered {status}: {body}")
        message = body.get("message", "") if isinstance(body, dict) else str(body)
        expect(message, f"no message in {body}")
        return repr(message)

    # --- the second user's controls -----------------------------------------------

    async def choose_project(self) -> str:
        """Choose a project on the second user's select: their timer starts."""
        select = self.entity(SECOND_USER, entities.PROJECT)
        state = await self.ha.state(select)
        expect(state is not None, f"{select} has no state")
        assert state is not None  # noqa: S101 (for the type checker)
        options = state["attributes"].get("options") or []
        option = "ACME / Website" if "ACME / Website" in options else None
        expect(option, f"options {options}")
        status, body = await self.ha.call_action(
            "select", "select_option", {"entity_id": select, "option": option}
        )
        expect(status == HTTPStatus.OK, f"answered {status}: {body}")
        await self.wait_timer(SECOND_USER, "running", "Website")
        await self.ha.wait_for_state(select, state_is(str(option)))
        return f"{option!r} of {len(options)} options"

    def _button_step(self, key: Key, after: str) -> Callable[[], Awaitable[str]]:
        async def run() -> str:
            button = self.entity(SECOND_USER, key)
            status, body = await self.ha.call_action(
                "button", "press", {"entity_id": button}
            )
            expect(status == HTTPStatus.OK, f"answered {status}: {body}")
            await self.wait_timer(SECOND_USER, after)
            return f"project timer {after}"

        return run

    async def switch(self) -> str:
        """Turn the second user's attendance switch on, then off."""
        switch = self.entity(SECOND_USER, entities.ATTENDANCE)
        for action, want in (("turn_on", "on"), ("turn_off", "off")):
            status, body = await self.ha.call_action(
                "switch", action, {"entity_id": switch}
            )
            expect(status == HTTPStatus.OK, f"{action} answered {status}: {body}")
            await self.ha.wait_for_state(switch, state_is(want))
        return "on, then off"

    # --- voice --------------------------------------------------------------------

    def _voice_step(self, language: str, text: str) -> Callable[[], Awaitable[str]]:
        async def run() -> str:
            result = await self.ha.ws(
                "conversation/process", text=text, language=language
            )
            response = result.get("response", {})
            speech = response.get("speech", {}).get("plain", {}).get("speech", "")
            expect(
                response.get("response_type") in {"action_done", "query_answer"}
                and speech,
                f"{text!r} answered {response}",
            )
            return f"{text!r} -> {speech!r}"

        return run

    # --- a change made elsewhere --------------------------------------------------

    async def outside_change(self) -> str:
        """Start a project "from the phone app", then ask Home Assistant to look."""
        now = datetime.now(ZoneInfo(TIME_ZONE)).replace(tzinfo=None, microsecond=0)
        async with self.http.post(
            f"{self.simulator_url}/_simulator/act",
            json={
                "username": FIRST_USER,
                "action": "project_timer/start",
                "at": now.isoformat(),
                "clientName": "Globex",
                "projectName": "Intranet",
            },
        ) as answer:
            expect(
                answer.status == HTTPStatus.OK, f"simulator act: {await answer.text()}"
            )
        sensor = self.entity(FIRST_USER, entities.PROJECT_TIMER)
        status, body = await self.ha.call_action(
            "homeassistant", "update_entity", {"entity_id": sensor}
        )
        expect(status == HTTPStatus.OK, f"update_entity answered {status}: {body}")
        await self.wait_timer(FIRST_USER, "running", "Intranet")
        event = self.entity(FIRST_USER, entities.TIMER_EVENT)
        fired = await self.ha.wait_for_state(
            event,
            lambda s: (
                s["attributes"].get("event_type") == "started"
                and s["attributes"].get("project") == "Intranet"
            ),
        )
        return f"running Intranet; {event} fired {fired['attributes']['event_type']}"

    # --- the entry's life ---------------------------------------------------------

    async def options_flow(self) -> str:
        """Change the polling interval and the account's time zone."""
        started = await self.flow(
            "/api/config/config_entries/options/flow", {"handler": self.entry_id}
        )
        expect(started.get("type") == "form", f"options flow started with {started}")
        result = await self.flow(
            f"/api/config/config_entries/options/flow/{started['flow_id']}",
            {"scan_interval": 30, "time_zone": TIME_ZONE},
        )
        expect(result.get("type") == "create_entry", f"answered {result}")
        await self.wait_loaded()
        await self.wait_timer(FIRST_USER, "running", "Intranet")
        return f"polling 30 s, time zone {TIME_ZONE}; reloaded"

    async def reconfigure(self) -> str:
        """Enter the same account again: reconfigure_successful, entry reloads."""
        started = await self.flow(
            "/api/config/config_entries/flow",
            {"handler": DOMAIN, "entry_id": self.entry_id},
        )
        expect(
            started.get("type") == "form" and started.get("step_id") == "reconfigure",
            f"reconfigure started with {started}",
        )
        result = await self.flow(
            f"/api/config/config_entries/flow/{started['flow_id']}",
            {"url": self.simulator_url, "api_key": API_KEY, "api_secret": API_SECRET},
        )
        expect(
            result.get("type") == "abort"
            and result.get("reason") == "reconfigure_successful",
            f"answered {result}",
        )
        await self.wait_loaded()
        await self.wait_sensible()
        return "reconfigure_successful"

    async def reload(self) -> str:
        """Reload the entry; every entity comes back with a sensible state."""
        answer = await self.ha.post(
            f"/api/config/config_entries/entry/{self.entry_id}/reload"
        )
        expect(answer == {"require_restart": False}, f"answered {answer}")
        await self.wait_loaded()
        count = await self.wait_sensible()
        return f"{count} entities back"

    async def remove(self) -> str:
        """Delete the entry: its entities leave the registry and the state machine."""
        before = [eid for found in self.users.values() for eid in found.values()]
        _, answer = await self.ha.request(
            "DELETE", f"/api/config/config_entries/entry/{self.entry_id}"
        )
        expect(answer == {"require_restart": False}, f"answered {answer}")
        expect(await self.entry_state() is None, "the entry is still listed")
        registry = await self.ha.ws("config/entity_registry/list")
        left = [e["entity_id"] for e in registry if e["platform"] == DOMAIN]
        expect(not left, f"still in the entity registry: {left}")
        states = await self.ha.get("/api/states")
        shown = {s["entity_id"] for s in states} & set(before)
        expect(not shown, f"still in the state machine: {sorted(shown)}")
        return f"{len(before)} entities gone"


def version_pinned(requirements: str) -> str | None:
    """The Home Assistant version a requirements file pins, if it pins one."""
    match = re.search(r"^homeassistant==(\S+)", requirements, re.MULTILINE)
    return match[1] if match else None
