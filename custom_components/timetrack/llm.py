"""LLM tools: the TimeTrack intents, offered to LLM agents through the Assist API.

Home Assistant's llm integration finds this module as the integration's "llm"
platform (a LazyIntegrationPlatforms over every loaded integration that ships
an llm.py) and calls async_get_tools each time an agent asks for the Assist
API's tools.
"""

from __future__ import annotations

from typing import Final

from homeassistant.components.homeassistant.exposed_entities import (
    async_should_expose,
)
from homeassistant.components.llm import LLMTools
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, intent
from homeassistant.helpers.llm import (
    LLM_API_ASSIST,
    IntentTool,
    LLMContext,
    Tool,
    ToolAnnotations,
)

from .const import DOMAIN
from .data import TimeTrackConfigEntry
from .entries import linked_users, loaded_entries
from .intent import (
    INTENT_CLOCK_IN,
    INTENT_CLOCK_OUT,
    INTENT_PAUSE_TIMER,
    INTENT_RESUME_TIMER,
    INTENT_START_TIMER,
    INTENT_STATUS,
    INTENT_STOP_TIMER,
)

# Every action changes a timer in TimeTrack's cloud (open world); repeating
# one is refused ("already paused"), except starting the project that runs.
_CHANGES: Final = ToolAnnotations(destructive=False)

TOOLS: Final[dict[str, tuple[str, ToolAnnotations]]] = {
    INTENT_START_TIMER: (
        "Start TimeTrack project timer",
        ToolAnnotations(idempotent=True),
    ),
    INTENT_PAUSE_TIMER: ("Pause TimeTrack project timer", _CHANGES),
    INTENT_RESUME_TIMER: ("Resume TimeTrack project timer", _CHANGES),
    INTENT_STOP_TIMER: ("Stop TimeTrack project timer", _CHANGES),
    INTENT_CLOCK_IN: ("Clock in to TimeTrack", _CHANGES),
    INTENT_CLOCK_OUT: ("Clock out of TimeTrack", _CHANGES),
    INTENT_STATUS: (
        "TimeTrack status",
        ToolAnnotations(read_only=True, destructive=False, idempotent=True),
    ),
}


@callback
def async_get_tools(
    hass: HomeAssistant, llm_context: LLMContext, api_id: str
) -> LLMTools | None:
    """The TimeTrack intents as tools, while a TimeTrack entity is exposed."""
    if api_id != LLM_API_ASSIST:
        return None
    entries = loaded_entries(hass)
    registry = er.async_get(hass)
    exposed_domains = {
        entity.domain
        for entry in entries
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if async_should_expose(hass, llm_context.assistant, entity.entity_id)
    }
    tools: list[Tool] = [
        IntentTool(
            f"{DOMAIN}__{handler.intent_type}",
            handler,
            title=TOOLS[handler.intent_type][0],
            integration=DOMAIN,
            annotations=TOOLS[handler.intent_type][1],
        )
        for handler in intent.async_get(hass)
        if handler.intent_type in TOOLS
        and (handler.platforms is None or handler.platforms & exposed_domains)
    ]
    if not tools:
        return None
    return LLMTools(tools=tools, prompt=_prompt(hass, entries, llm_context))


def _prompt(
    hass: HomeAssistant, entries: list[TimeTrackConfigEntry], llm_context: LLMContext
) -> str | None:
    """With several tracked people, tell the agent whom it can name.

    When the Home Assistant user speaking is linked to one of them, the agent
    learns who that is, and that it need not name them.
    """
    names = sorted(
        entry.runtime_data.catalog.display_name(username)
        for entry in entries
        for username in entry.runtime_data.usernames
    )
    if len(names) < 2:  # noqa: PLR2004 (one person needs no name)
        return None
    tracked = (
        f"TimeTrack tracks the working time of several people: {', '.join(names)}."
    )
    user_id = llm_context.context.user_id if llm_context.context else None
    linked = linked_users(hass, user_id)
    if len(linked) == 1:
        account, username = linked[0]
        return (
            f"{tracked} The person speaking is "
            f"{account.catalog.display_name(username)}: leave `user` out of the "
            "TimeTrack tools to act for them, and pass another person's name as "
            "`user` to act for that person."
        )
    return f"{tracked} Pass the person's name as `user` to the TimeTrack tools."
