"""Tracked users as config subentries: add one, and link them to a person."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_API_KEY, CONF_URL, CONF_USERNAME
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    TextSelector,
)
import voluptuous as vol
from yarl import URL

from .config_flow_check import async_check
from .const import CONF_API_SECRET, CONF_PERSON, PERSON_DOMAIN

_PERSON = EntitySelector(EntitySelectorConfig(domain=PERSON_DOMAIN))

PERSON_SCHEMA = vol.Schema({vol.Optional(CONF_PERSON): _PERSON})
SUBENTRY_SCHEMA = vol.Schema({vol.Required(CONF_USERNAME): TextSelector()}).extend(
    PERSON_SCHEMA.schema
)


def _with_person(data: dict[str, Any], user_input: dict[str, Any]) -> dict[str, Any]:
    """The subentry's data with the person chosen, or without one when cleared."""
    data = {key: value for key, value in data.items() if key != CONF_PERSON}
    if person := user_input.get(CONF_PERSON):
        data[CONF_PERSON] = person
    return data


class UserSubentryFlow(ConfigSubentryFlow):
    """Track one more user of the account; link a tracked user to a person."""

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Ask for the username (and the person) and check that TimeTrack knows it."""
        entry = self._get_entry()
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        errors: dict[str, str] = {}
        if user_input is not None:
            username = user_input[CONF_USERNAME].strip()
            if any(sub.unique_id == username for sub in entry.subentries.values()):
                return self.async_abort(reason="already_configured")
            title, errors = await async_check(
                self,
                URL(entry.data[CONF_URL]),
                entry.data[CONF_API_KEY],
                entry.data[CONF_API_SECRET],
                username,
            )
            if not errors:
                return self.async_create_entry(
                    title=title,
                    data=_with_person({CONF_USERNAME: username}, user_input),
                    unique_id=username,
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                SUBENTRY_SCHEMA, user_input
            ),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Link the tracked user to a person, or change or clear the link.

        The username stays (another user is another subentry), so the entry
        is not reloaded: requests read the link when they come.
        """
        entry = self._get_entry()
        subentry = self._get_reconfigure_subentry()
        if user_input is not None:
            return self.async_update_and_abort(
                entry,
                subentry,
                data=_with_person(dict(subentry.data), user_input),
                # This integration's own message, not Home Assistant's generic one.
                reason="reconfigure_successful",
            )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                PERSON_SCHEMA, dict(subentry.data)
            ),
            description_placeholders={"name": subentry.title},
        )
