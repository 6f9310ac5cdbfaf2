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
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, override

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .api import TimeTrackError
from .const import LOGGER, OPTIONAL_REFRESH_INTERVAL
from .health import Health, source_watch

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry


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
        missing: str,
        interval: timedelta | None = OPTIONAL_REFRESH_INTERVAL,
    ) -> None:
        """Read `feature` with `fetch`, starting from `initial` (stored last time).

        `missing` says what is left out while it cannot be read.
        """
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"TimeTrack {feature}",
            update_interval=interval,
            always_update=False,
        )
        self.feature = feature
        self.watch = source_watch(
            hass,
            entry,
            "optional",
            feature,
            issue_key=f"{feature}_unavailable",
            missing=missing,
            kept="read again within an hour; the last list read, if any, stays in use",
        )
        self._fetch = fetch
        self.data = initial
        self.last_read: datetime | None = None

    @property
    def health(self) -> Health:
        """How the feature fares."""
        return self.watch.health

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
            self.watch.failed(err)
            return self.data
        self.last_read = dt_util.utcnow()
        self.watch.succeeded()
        return value

    def diagnostics(self) -> dict[str, Any]:
        """What diagnostics say of the feature."""
        return {
            **self.health.as_dict(),
            "offered": self.offered,
            "last_read": self.last_read.isoformat(timespec="seconds")
            if self.last_read
            else None,
        }
