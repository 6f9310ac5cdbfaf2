"""The TimeTrack intents as LLM tools of the Assist API.

Home Assistant's llm integration discovers custom_components/timetrack/llm.py
as the integration's "llm" platform and asks it for tools whenever an agent
gets the Assist API; the tests go through that same path.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, llm
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from custom_components.timetrack.llm import async_get_tools
from simulator import Simulator

from .entity_support import ANNA_AND_BEN
from .voice_support import (
    INTENTS,
    SEVERAL,
    VOICE_TESTS,
    call_tool,
    llm_context,
    set_up_components,
    spoken,
)

pytestmark = VOICE_TESTS

TOOL_NAMES = {f"{DOMAIN}__{name}" for name in INTENTS}


@pytest.fixture
async def assist(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """The llm integration (the Assist API) beside the account."""
    await set_up_components(hass, "llm")


def expose_timetrack(
    hass: HomeAssistant, entry: MockConfigEntry, exposed: bool
) -> None:
    """Expose (or hide) every TimeTrack entity to Assist."""
    registry = er.async_get(hass)
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        async_expose_entity(hass, "conversation", entity.entity_id, exposed)


async def timetrack_tools(
    hass: HomeAssistant, language: str = "en"
) -> tuple[llm.APIInstance, dict[str, llm.Tool]]:
    """The Assist API and its TimeTrack tools."""
    api = await llm.async_get_api(hass, llm.LLM_API_ASSIST, llm_context(language))
    return api, {t.name: t for t in api.tools if t.name.startswith(f"{DOMAIN}__")}


def openapi(api: llm.APIInstance, tool: llm.Tool) -> dict[str, Any]:
    """A tool's parameters as an LLM agent sends them to its model."""
    schema: dict[str, Any] = probatio.to_openapi(
        tool.parameters, custom_serializer=api.custom_serializer
    )
    return schema


async def test_tools_follow_exposure(
    hass: HomeAssistant,
    assist: None,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """No exposed TimeTrack entity, no tools; one exposed sensor, all tools."""
    expose_timetrack(hass, setup_integration, exposed=False)
    # Another integration's exposed sensor does not bring them back.
    hass.states.async_set("sensor.outside_temperature", "4")
    async_expose_entity(hass, "conversation", "sensor.outside_temperature", True)
    _, tools = await timetrack_tools(hass)
    assert tools == {}

    async_expose_entity(hass, "conversation", "sensor.anna_berger_project_timer", True)
    api, tools = await timetrack_tools(hass)
    assert set(tools) == TOOL_NAMES
    start = tools["timetrack__TimeTrackStartTimer"]
    assert start.description == (
        "Starts the user's TimeTrack project timer on a project (a timer running "
        "on another project is stopped first)."
    )
    assert start.title == "Start TimeTrack project timer"
    assert start.integration == DOMAIN
    schema = openapi(api, start)
    assert schema["type"] == "object"
    assert schema["required"] == ["project"]
    assert set(schema["properties"]) == {"project", "client", "user"}
    assert schema["properties"]["project"]["type"] == "string"
    assert "client" in schema["properties"]["client"]["description"]
    status = tools["timetrack__TimeTrackStatus"]
    assert "worked today" in (status.description or "")
    assert status.annotations.read_only is True
    assert set(openapi(api, status)["properties"]) == {"user"}
    for name in TOOL_NAMES:
        assert tools[name].description, name
    # One tracked person: no prompt about whom to name.
    assert "TimeTrack" not in api.api_prompt
    # Other LLM APIs do not get the intents.
    assert async_get_tools(hass, llm_context(), "another_api") is None


async def test_tools_with_the_default_exposure(
    hass: HomeAssistant, assist: None, simulator: Simulator
) -> None:
    """Switches are exposed by default: the attendance switch brings the tools."""
    _, tools = await timetrack_tools(hass)
    assert set(tools) == TOOL_NAMES


async def test_calling_tools(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    assist: None,
    simulator: Simulator,
) -> None:
    """An agent starts, pauses and asks; TimeTrack changes, the answer is spoken."""
    api, _ = await timetrack_tools(hass)
    result = await call_tool(
        api, "TimeTrackStartTimer", project="Website", client="Globex", user=""
    )
    assert result.error is False
    assert result.data["response_type"] == "action_done"
    assert spoken(result) == ("Started Website for Globex at 9:02.")
    assert result.data["data"]["success"][0]["name"] == "Anna Berger"
    timer = simulator.project_timer("anna")
    assert (timer["clientName"], timer["projectName"], timer["playing"]) == (
        "Globex",
        "Website",
        True,
    )
    assert hass.states.get("sensor.anna_berger_project_timer").state == "running"

    freezer.tick(timedelta(minutes=75))
    api, _ = await timetrack_tools(hass, "de")
    result = await call_tool(api, "TimeTrackStatus")
    assert result.data["response_type"] == "query_answer"
    assert spoken(result) == (
        "Du hast heute noch nicht gearbeitet. Dein Timer läuft auf Website für Globex."
    )

    result = await call_tool(api, "TimeTrackResumeTimer")
    assert result.data["response_type"] == "error"
    assert result.data["data"]["code"] == "failed_to_handle"
    assert spoken(result) == "Dein Timer ist nicht pausiert."
    assert simulator.requests_to("project_timer/resume", "POST") == []


class TestSeveralUsers:
    """With Anna and Ben the agent is told whom it can name."""

    pytestmark = ANNA_AND_BEN

    async def test_prompt_and_user_argument(
        self, hass: HomeAssistant, assist: None, simulator: Simulator
    ) -> None:
        """The prompt names both; the user argument picks one."""
        api, _ = await timetrack_tools(hass)
        assert (
            "TimeTrack tracks the working time of several people: "
            "Anna Berger, Ben Hofer." in api.api_prompt
        )
        result = await call_tool(api, "TimeTrackClockIn", user="Ben Hofer")
        assert spoken(result) == "Clocked in at 9:02."
        assert simulator.attendance_timer("ben")["to"] is None
        assert simulator.attendance_timer("anna") == {}
        result = await call_tool(api, "TimeTrackClockIn")
        assert spoken(result) == SEVERAL
