"""Config flow: the account, reauth, reconfigure and options.

Tracked users are subentries: config_flow_users.py.
"""

from __future__ import annotations

from collections.abc import Mapping
import ipaddress
from typing import Any, override
import zoneinfo

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlowWithReload,
)
from homeassistant.const import (
    CONF_API_KEY,
    CONF_SCAN_INTERVAL,
    CONF_URL,
    CONF_USERNAME,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol
from yarl import URL

from .config_flow_check import async_check, first_username
from .config_flow_users import UserSubentryFlow
from .const import (
    ACCOUNT_HOST_SUFFIX,
    CONF_API_SECRET,
    CONF_TIME_ZONE,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    MAX_SCAN_INTERVAL,
    MIN_SCAN_INTERVAL,
    SUBENTRY_TYPE_USER,
)

_TEXT = TextSelector()
_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_URL = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))

CREDENTIALS_SCHEMA = vol.Schema(
    {vol.Required(CONF_API_KEY): _SECRET, vol.Required(CONF_API_SECRET): _SECRET}
)
ACCOUNT_SCHEMA = vol.Schema({vol.Required(CONF_URL): _URL}).extend(
    CREDENTIALS_SCHEMA.schema
)
USER_SCHEMA = ACCOUNT_SCHEMA.extend({vol.Required(CONF_USERNAME): _TEXT})


class InvalidUrlError(ValueError):
    """The address is neither an account name nor a usable URL."""

    def __init__(self, reason: str) -> None:
        """Keep the form error key."""
        super().__init__(reason)
        self.reason = reason


def normalize_url(text: str) -> URL:
    """The account's base URL from an address or a bare account name.

    `acme` becomes https://acme.timetrackenterprise.com; plain http is allowed
    only for loopback hosts (the simulator).
    """
    text = text.strip()
    if not text.rstrip("/"):
        raise InvalidUrlError("invalid_url")
    if "://" not in text:
        text = text.rstrip("/")
        if all(char.isalnum() or char == "-" for char in text):
            text = f"{text}{ACCOUNT_HOST_SUFFIX}"
        text = f"https://{text}"
    try:
        url = URL(text)
    except ValueError as err:
        raise InvalidUrlError("invalid_url") from err
    if url.scheme not in ("http", "https") or not url.host or url.user or url.query:
        raise InvalidUrlError("invalid_url")
    if url.scheme == "http" and not _is_loopback(url.host):
        raise InvalidUrlError("https_required")
    return url.with_path("").with_fragment(None)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def account_id(url: URL) -> str:
    """The entry's unique id: the account's host (and port, when not the default)."""
    host = url.host or ""
    return host if url.is_default_port() else f"{host}:{url.port}"


def account_name(url: URL) -> str:
    """The entry's title: the account name, or the host for other addresses."""
    host = url.host or ""
    if host.endswith(ACCOUNT_HOST_SUFFIX):
        return host.removesuffix(ACCOUNT_HOST_SUFFIX)
    return account_id(url)


class TimeTrackConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a TimeTrack account and its first tracked user."""

    VERSION = 1

    @staticmethod
    @callback
    @override
    def async_get_options_flow(config_entry: ConfigEntry) -> TimeTrackOptionsFlow:
        """The options: polling interval and the account's time zone."""
        return TimeTrackOptionsFlow()

    @classmethod
    @callback
    @override
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Tracked users are subentries."""
        return {SUBENTRY_TYPE_USER: UserSubentryFlow}

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the account, its API credentials and the first user."""
        errors: dict[str, str] = {}
        if user_input is not None:
            username = user_input[CONF_USERNAME].strip()
            url, title, errors = await self._async_account(
                user_input, username, new=True
            )
            if url is not None and not errors:
                return self.async_create_entry(
                    title=account_name(url),
                    data={
                        CONF_URL: str(url),
                        CONF_API_KEY: user_input[CONF_API_KEY],
                        CONF_API_SECRET: user_input[CONF_API_SECRET],
                    },
                    subentries=[
                        {
                            "subentry_type": SUBENTRY_TYPE_USER,
                            "data": {CONF_USERNAME: username},
                            "title": title,
                            "unique_id": username,
                        }
                    ],
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
        )

    async def _async_account(
        self, user_input: dict[str, Any], username: str, *, new: bool
    ) -> tuple[URL | None, str, dict[str, str]]:
        """Check an address and its credentials: the URL, the user's title, errors.

        A new account must not be set up already, and its user must exist; a
        changed one must stay the same account.
        """
        try:
            url = normalize_url(user_input[CONF_URL])
        except InvalidUrlError as err:
            return None, "", {CONF_URL: err.reason}
        await self.async_set_unique_id(account_id(url))
        if new:
            self._abort_if_unique_id_configured()
        else:
            self._abort_if_unique_id_mismatch(reason="wrong_account")
        title, errors = await async_check(
            self,
            url,
            user_input[CONF_API_KEY],
            user_input[CONF_API_SECRET],
            username,
            user_must_exist=new,
        )
        return url, title, errors

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """TimeTrack refused the key: ask for a new one."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new API key and secret."""
        entry = self._get_reauth_entry()
        if user_input is None:
            return self._form("reauth_confirm", CREDENTIALS_SCHEMA, entry, {})
        _, errors = await async_check(
            self,
            URL(entry.data[CONF_URL]),
            user_input[CONF_API_KEY],
            user_input[CONF_API_SECRET],
            first_username(entry),
            user_must_exist=False,
        )
        if errors:
            return self._form("reauth_confirm", CREDENTIALS_SCHEMA, entry, errors)
        return self.async_update_reload_and_abort(entry, data_updates=user_input)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the account's address or credentials."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            url, _, errors = await self._async_account(
                user_input, first_username(entry), new=False
            )
            if url is not None and not errors:
                return self.async_update_reload_and_abort(
                    entry, data_updates={**user_input, CONF_URL: str(url)}
                )
        suggested = user_input or {CONF_URL: entry.data[CONF_URL]}
        schema = self.add_suggested_values_to_schema(ACCOUNT_SCHEMA, suggested)
        return self._form("reconfigure", schema, entry, errors)

    def _form(
        self,
        step_id: str,
        schema: vol.Schema,
        entry: ConfigEntry,
        errors: dict[str, str],
    ) -> ConfigFlowResult:
        """The form of a step that changes `entry`."""
        return self.async_show_form(
            step_id=step_id,
            data_schema=schema,
            description_placeholders={"account": entry.title},
            errors=errors,
        )


class TimeTrackOptionsFlow(OptionsFlowWithReload):
    """Polling interval and the account's time zone."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and save the options."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        zones = await self.hass.async_add_executor_job(zoneinfo.available_timezones)
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_SCAN_INTERVAL, default=DEFAULT_SCAN_INTERVAL
                ): NumberSelector(
                    NumberSelectorConfig(
                        min=MIN_SCAN_INTERVAL,
                        max=MAX_SCAN_INTERVAL,
                        step=1,
                        mode=NumberSelectorMode.BOX,
                        unit_of_measurement="s",
                    )
                ),
                vol.Optional(CONF_TIME_ZONE): SelectSelector(
                    SelectSelectorConfig(
                        options=sorted(zones), mode=SelectSelectorMode.DROPDOWN
                    )
                ),
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                schema, dict(self.config_entry.options)
            ),
        )
