"""Shared steps of the flow tests (test_config_flow*.py, and the reauth flows of
test_init.py): the user step's input, submitting a step, and what a step
that refuses its input shows."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntry
from homeassistant.const import CONF_API_KEY, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.timetrack.const import CONF_API_SECRET, DOMAIN
from simulator import DEMO_API_KEY, DEMO_API_SECRET

WRONG_KEY = "not-the-key"


def account(url: str, /, **changes: str) -> dict[str, str]:
    """The user step's input for the account at `url` and anna."""
    return {
        CONF_URL: url,
        CONF_API_KEY: DEMO_API_KEY,
        CONF_API_SECRET: DEMO_API_SECRET,
        CONF_USERNAME: "anna",
        **changes,
    }


def credentials(**changes: str) -> dict[str, str]:
    """The reauth step's input: the simulator's valid key and secret."""
    return {CONF_API_KEY: DEMO_API_KEY, CONF_API_SECRET: DEMO_API_SECRET, **changes}


async def start_user_flow(hass: HomeAssistant) -> str:
    """Open the user step and check its empty form; the flow's id."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    return result["flow_id"]


async def submit(hass: HomeAssistant, flow_id: str, data: dict[str, Any]) -> Any:
    """Submit a step of a config flow and let whatever it started finish."""
    result = await hass.config_entries.flow.async_configure(flow_id, data)
    await hass.async_block_till_done()
    return result


def assert_refused(hass: HomeAssistant, result: Any, errors: dict[str, str]) -> None:
    """The user step shows its form again with `errors`, and nothing exists."""
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == errors
    assert hass.config_entries.async_entries(DOMAIN) == []


def suggested_values(result: Any) -> dict[str, Any]:
    """The values a form suggests, by field."""
    return {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and "suggested_value" in key.description
    }


def reauth_flows(hass: HomeAssistant, entry: ConfigEntry) -> list[Any]:
    """The reauth flows in progress for the entry."""
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
        and flow["context"]["entry_id"] == entry.entry_id
    ]
