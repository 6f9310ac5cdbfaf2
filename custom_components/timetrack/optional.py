"""Data beside the timers: read at most hourly, never a reason for the timers to fail.

Projects, tasks, the user directory and the work reports are not part of the
documented timer API. Each is read by its own coordinator; whatever its
endpoint does (any status, HTML, a timeout, an odd shape), only the features
built on it degrade: one log line when it fails and one when it is back, a
note in diagnostics, and a repair issue when it lasts. The data read last
stays in use meanwhile.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, override

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .api import (
    TimeTrackAuthenticationError,
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackServerError,
    TimeTrackTimeoutError,
    TimeTrackUnrecognizedError,
)
from .const import LOGGER, OPTIONAL_ISSUE_AFTER, OPTIONAL_REFRESH_INTERVAL
from .issues import delete_issue, raise_optional_issue

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry


@dataclass(frozen=True, slots=True)
class Health:
    """How an optional feature fares: ok, not offered by the account, or failing."""

    status: str = "ok"
    since: datetime | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A plain form for diagnostics."""
        return {
            "status": self.status,
            "since": self.since.isoformat(timespec="seconds") if self.since else None,
            "error": self.error,
        }


class OptionalCoordinator[T](DataUpdateCoordinator[T | None]):
    """One kind of optional data; `data` is what was read last, None if nothing."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        feature: str,
        fetch: Callable[[], Awaitable[T]],
        initial: T | None = None,
        *,
        interval: timedelta | None = OPTIONAL_REFRESH_INTERVAL,
    ) -> None:
        """Read `feature` with `fetch`, starting from `initial` (stored last time)."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"TimeTrack {feature}",
            update_interval=interval,
            always_update=False,
        )
        self.feature = feature
        self.health = Health()
        self._fetch = fetch
        self.data = initial
        self.last_read: datetime | None = None

    @property
    def offered(self) -> bool:
        """Whether there is data to use (read now, or stored last time)."""
        return self.data is not None

    async def async_load(self) -> None:
        """The first read, in the background of the entry's set-up."""
        await self.async_refresh()

    @override
    async def _async_update_data(self) -> T | None:
        try:
            value = await self._fetch()
        except TimeTrackError as err:
            self._failed(err)
            return self.data
        self._succeeded()
        return value

    def _failed(self, err: TimeTrackError) -> None:
        not_offered = isinstance(
            err, TimeTrackNotFoundError | TimeTrackAuthenticationError
        ) and err.status in {403, 404}
        status = "not_offered" if not_offered else "failing"
        now = dt_util.utcnow()
        since = self.health.since if self.health.status == status else now
        self.health = Health(status, since, describe(err))
        if since == now:
            if not_offered:
                LOGGER.info(
                    "This TimeTrack account does not offer its %s (%s); "
                    "what needs them is left out, and they are asked for again hourly",
                    self.feature,
                    self.health.error,
                )
            else:
                LOGGER.warning(
                    "TimeTrack's %s cannot be read (%s); the timers work on, "
                    "what needs them waits, and they are read again within an hour",
                    self.feature,
                    self.health.error,
                )
        elif (
            not not_offered
            and since is not None
            and now - since >= OPTIONAL_ISSUE_AFTER
        ):
            raise_optional_issue(self, self.feature, self.health.error or "-")

    def _succeeded(self) -> None:
        self.last_read = dt_util.utcnow()
        if self.health.status != "ok":
            LOGGER.info("TimeTrack's %s can be read again", self.feature)
            self.health = Health()
            delete_issue(self.hass, self._issue_id)

    @property
    def _issue_id(self) -> str:
        entry_id = self.config_entry.entry_id if self.config_entry else ""
        return f"optional_{entry_id}_{self.feature}"

    def diagnostics(self) -> dict[str, Any]:
        """What diagnostics say of the feature."""
        return {
            **self.health.as_dict(),
            "offered": self.offered,
            "last_read": self.last_read.isoformat(timespec="seconds")
            if self.last_read
            else None,
        }


_KINDS: Final = (
    (TimeTrackUnrecognizedError, "an answer of another shape"),
    (TimeTrackInvalidResponseError, "an answer that is not JSON"),
    (TimeTrackServerError, "a server error"),
    (TimeTrackTimeoutError, "no answer in time"),
    (TimeTrackConnectionError, "no connection"),
    (TimeTrackRateLimitError, "too many requests"),
    (TimeTrackNotFoundError, "not found"),
    (TimeTrackAuthenticationError, "not allowed"),
)


def describe(err: TimeTrackError) -> str:
    """The kind of failure, without any text the server sent."""
    kind = next((text for cls, text in _KINDS if isinstance(err, cls)), "refused")
    return f"{kind}, HTTP {err.status}" if err.status else kind
