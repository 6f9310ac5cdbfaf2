"""What a loaded entry holds: the client, its coordinators, and who is tracked."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from homeassistant.config_entries import ConfigEntry

from .api import TimeTrackClient
from .catalog import Catalog
from .history import History
from .reports import ReportsCoordinator
from .snapshot import SnapshotStore
from .statistics import StatisticsImporter
from .timers import TimerCoordinator

type TimeTrackConfigEntry = ConfigEntry[TimeTrackData]


@dataclass(slots=True)
class TimeTrackData:
    """The runtime data of a loaded TimeTrack entry."""

    client: TimeTrackClient
    timers: TimerCoordinator
    catalog: Catalog
    reports: ReportsCoordinator
    snapshot: SnapshotStore
    history: History
    # None without Home Assistant's recorder: no statistics are imported then.
    statistics: StatisticsImporter | None
    # Each tracked user's device id, registered once for all of their entities.
    devices: dict[str, str] = field(default_factory=dict)
    # While the entities are added beside the set-up's first read: done when
    # they may write their first state.
    first_states: asyncio.Future[None] | None = None

    @property
    def usernames(self) -> dict[str, str]:
        """The tracked users: username → subentry id."""
        return self.timers.usernames
