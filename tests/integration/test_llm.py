"""The TimeTrack intents as LLM tools of the Assist API.

Home Assistant's llm integration discovers custom_components/timetrack/llm.py
as the integration's "llm" platform and asks it for tools whenever an agent
gets the Assist API; the tests go through that same path.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er, llm
from homeassistant.setup import async_setup_component
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from custom_components.timetrack.llm import async_get_tools
from simulator import Simulator

START = datetime.fromisoformat("2026-03-10T09:02:00+01:00")
pytestmark = pytest.mark.freeze_time(START)

TOOL_NAMES = {
    "timetrack__TimeTrackStartTimer",
    "timetrack__TimeTrackPauseTimer",
    "timetrack__TimeTrackResumeTimer",
    "timetrack__TimeTrackStopTimer",
    "timetrack__TimeTrackClockIn",
    "timetrack__TimeTrackClockOut",
    "timetrack__TimeTrackStatus",
}


def llm_context(language: str = "en") -> llm.LLMContext:
    """The context a conversation agent passes."""
    return llm.LLMContext(
        platform="test",
        context=Context(),
        language=language,
        assistant="conversation",
        device_id=None,
    )


@pytest.fixture
async def assist(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """The llm integration (the Assist API) beside the account."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "llm", {})
    await hass.async_block_till_done()


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
    result = await api.async_call_tool(
        llm.ToolInput(
            tool_name="timetrack__TimeTrackStartTimer",
            tool_args={"project": "Website", "client": "Globex", "user": ""},
        )
    )
    assert result.error is False
    assert result.data["response_type"] == "action_done"
    assert result.data["speech"]["plain"]["speech"] == (
        "Started Website for Globex at 9:02."
    )
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
    result = await api.async_call_tool(
        llm.ToolInput(tool_name="timetrack__TimeTrackStatus", tool_args={})
    )
    assert result.data["response_type"] == "query_answer"
    assert result.data["speech"]["plain"]["speech"] == (
        "Du hast heute noch nicht gearbeitet. Dein Timer läuft auf Website für Globex."
    )

    result = await api.async_call_tool(
        llm.ToolInput(tool_name="timetrack__TimeTrackResumeTimer", tool_args={})
    )
    assert result.data["response_type"] == "error"
    assert result.data["data"]["code"] == "failed_to_handle"
    assert result.data["speech"]["plain"]["speech"] == "Dein Timer ist nicht pausiert."
    assert simulator.requests_to("project_timer/resume", "POST") == []


class TestSeveralUsers:
    """With Anna and Ben the agent is told whom it can name."""

    @pytest.fixture
    def usernames(self) -> list[str]:
        """Track Anna and Ben."""
        return ["anna", "ben"]

    async def test_prompt_and_user_argument(
        self, hass: HomeAssistant, assist: None, simulator: Simulator
    ) -> None:
        """The prompt names both; the user argument picks one."""
        api, _ = await timetrack_tools(hass)
        assert (
            "TimeTrack tracks the working time of several people: "
            "Anna Berger, Ben Hofer." in api.api_prompt
        )
        result = await api.async_call_tool(
            llm.ToolInput(
                tool_name="timetrack__TimeTrackClockIn", tool_args={"user": "Ben Hofer"}
            )
        )
        assert result.data["speech"]["plain"]["speech"] == "Clocked in at 9:02."
        assert simulator.attendance_timer("ben")["to"] is None
        assert simulator.attendance_timer("anna") == {}
        result = await api.async_call_tool(
            llm.ToolInput(tool_name="timetrack__TimeTrackClockIn", tool_args={})
        )
        assert result.data["speech"]["plain"]["speech"] == (
            "Several people are tracked in TimeTrack. Please say whose timer it is."
        )
