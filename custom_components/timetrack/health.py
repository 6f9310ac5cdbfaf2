"""How a source beside the timers fares, and what is said about it, once.

Every list TimeTrack's timer documentation does not cover (projects, tasks,
users, work reports, and the calendar's and statistics' lists) fails on its
own: one log line when it starts failing and one when it answers again, a
note in diagnostics, and a repair issue once it has failed for an hour. A
list the account does not offer (403, 404) is said once, at info, with no
repair: there is nothing to repair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from . import issues
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
from .const import LOGGER, OPTIONAL_ISSUE_AFTER

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


@dataclass(frozen=True, slots=True)
class Health:
    """How a source fares: ok, not offered by the account, or failing."""

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


class Watch:
    """One source's health, and the log lines and repair issue that tell it."""

    def __init__(
        self,
        name: str,
        missing: str,
        raise_issue: Callable[[str], None],
        delete_issue: Callable[[], None],
        *,
        kept: str,
    ) -> None:
        """Watch `name`: `missing` is left out while it fails, `kept` stays."""
        self.name = name
        self.health = Health()
        self._missing = missing
        self._kept = kept
        self._raise_issue = raise_issue
        self._delete_issue = delete_issue

    def failed(self, err: TimeTrackError) -> None:
        """It failed: say so when this starts, and with an issue when it lasts."""
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
                    "This TimeTrack account does not offer its %s (%s): %s; "
                    "they are asked for again hourly",
                    self.name,
                    self.health.error,
                    self._missing,
                )
            else:
                LOGGER.warning(
                    "TimeTrack's %s cannot be read (%s); the timers work on, "
                    "%s meanwhile (%s)",
                    self.name,
                    self.health.error,
                    self._missing,
                    self._kept,
                )
        elif not not_offered and since and now - since >= OPTIONAL_ISSUE_AFTER:
            self._raise_issue(self.health.error or "-")

    def succeeded(self) -> None:
        """It answered: say so if it had failed."""
        if self.health.status != "ok":
            LOGGER.info("TimeTrack's %s can be read again", self.name)
            self.health = Health()
            self._delete_issue()


def source_watch(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    kind: str,
    name: str,
    *,
    issue_key: str,
    missing: str,
    kept: str,
) -> Watch:
    """The watch of list `name` (`kind` optional or history), with its repair issue."""
    issue_id = issues.source_issue_id(entry, kind, name)
    return Watch(
        name,
        missing,
        lambda error: issues.raise_source_issue(
            hass, entry, issue_key, issue_id, error
        ),
        lambda: issues.delete_issue(hass, issue_id),
        kept=kept,
    )
