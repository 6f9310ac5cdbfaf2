"""Shared steps of the voice tests (test_conversation.py, test_intent.py,
test_llm.py, test_who_is_speaking.py): the shipped sentence files, the
built-in conversation agent and the Assist API.

Time is frozen on Tuesday 10 March 2026 at 9:02 in Vienna (CET, UTC+1): Home
Assistant's clock, and so the simulator's (it takes "now" from each
request's date).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
from homeassistant.setup import async_setup_component
import pytest

from custom_components.timetrack.const import DOMAIN

SENTENCES = Path(__file__).parents[2] / "custom_sentences"
LANGUAGES = ("en", "de")
# The integration's intents.
INTENTS = {
    "TimeTrackStartTimer",
    "TimeTrackPauseTimer",
    "TimeTrackResumeTimer",
    "TimeTrackStopTimer",
    "TimeTrackClockIn",
    "TimeTrackClockOut",
    "TimeTrackStatus",
}

START = datetime.fromisoformat("2026-03-10T09:02:00+01:00")
EARLY = START - timedelta(minutes=4)
VOICE_TESTS = pytest.mark.freeze_time(START)

# What a request that names nobody hears while several people are tracked.
SEVERAL = "Several people are tracked in TimeTrack. Please say whose timer it is."
MEHRERE = (
    "In TimeTrack werden mehrere Personen erfasst. Bitte sag, wessen Timer gemeint ist."
)


def install_sentences(config_dir: str) -> str:
    """Link the sentence files into a config directory, as a user installs them;
    the directory."""
    target = Path(config_dir, "custom_sentences")
    for language in LANGUAGES:
        (target / language).mkdir(parents=True, exist_ok=True)
        (target / language / "timetrack.yaml").symlink_to(
            SENTENCES / language / "timetrack.yaml"
        )
    return config_dir


async def set_up_components(hass: HomeAssistant, *domains: str) -> None:
    """Set up Home Assistant's core integration and `domains` beside the account
    (the built-in agent: conversation and intent; the Assist API: llm)."""
    for domain in ("homeassistant", *domains):
        assert await async_setup_component(hass, domain, {})
    await hass.async_block_till_done()


def llm_context(language: str = "en", user: User | None = None) -> llm.LLMContext:
    """The context a conversation agent passes (for a request of `user`)."""
    return llm.LLMContext(
        platform="test",
        context=Context(user_id=user.id if user else None),
        language=language,
        assistant="conversation",
        device_id=None,
    )


async def call_tool(api: llm.APIInstance, name: str, **args: Any) -> Any:
    """Call a TimeTrack tool; its result."""
    return await api.async_call_tool(
        llm.ToolInput(tool_name=f"{DOMAIN}__{name}", tool_args=args)
    )


def spoken(result: Any) -> str:
    """What a tool's result says."""
    text: str = result.data["speech"]["plain"]["speech"]
    return text
