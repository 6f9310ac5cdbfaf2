"""What each flow checks: TimeTrack answers, takes the key, knows the user."""

from __future__ import annotations

import logging

from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigSubentryFlow
from homeassistant.const import CONF_USERNAME
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util
from yarl import URL

from .api import (
    TRANSIENT_ERRORS,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)
from .api.proof import check_user
from .const import SUBENTRY_TYPE_USER

_LOGGER = logging.getLogger(__name__)


def first_username(entry: ConfigEntry) -> str:
    """A tracked user to check the key with (an account always has one)."""
    usernames = [
        str(subentry.data[CONF_USERNAME])
        for subentry in entry.get_subentries_of_type(SUBENTRY_TYPE_USER)
    ]
    return usernames[0] if usernames else "-"


async def async_check(
    flow: ConfigFlow | ConfigSubentryFlow,
    url: URL,
    api_key: str,
    api_secret: str,
    username: str,
    *,
    user_must_exist: bool = True,
) -> tuple[str, dict[str, str]]:
    """Prove the address is TimeTrack and knows the user: (user's title, errors).

    Reauthentication and reconfiguration only check the key: a user deleted in
    TimeTrack since has a repair issue of its own.
    """
    if not api_key.strip() or not api_secret.strip():
        return "", {"base": "invalid_auth"}
    if not username:
        return "", {CONF_USERNAME: "unknown_user"}
    client = TimeTrackClient(
        str(url),
        api_key,
        api_secret,
        session=async_get_clientsession(flow.hass),
        time_zone=dt_util.get_default_time_zone(),
    )
    try:
        user = await check_user(client, username)
    except TimeTrackAuthenticationError:
        return "", {"base": "invalid_auth"}
    except TimeTrackUserNotFoundError:
        if user_must_exist:
            return "", {CONF_USERNAME: "unknown_user"}
        return username, {}
    except TimeTrackUnrecognizedError as err:
        _LOGGER.warning(
            "%s answers, but not as TimeTrack does (%s); see the integration's "
            "documentation on the address to enter",
            url.host,
            err,
        )
        return "", {"base": "cannot_connect"}
    except TRANSIENT_ERRORS:
        return "", {"base": "cannot_connect"}
    except TimeTrackError:
        _LOGGER.exception("Unexpected answer from TimeTrack while checking the account")
        return "", {"base": "unknown"}
    return user.full_name, {}
