"""Constants of the TimeTrack integration."""

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "timetrack"
LOGGER = logging.getLogger(__package__)

CONF_API_SECRET: Final = "api_secret"  # noqa: S105 (a config key)
CONF_TIME_ZONE: Final = "time_zone"

SUBENTRY_TYPE_USER: Final = "user"
# A tracked user's Home Assistant person (optional): requests from that
# person's Home Assistant user act for the tracked user without a name.
CONF_PERSON: Final = "person"
PERSON_DOMAIN: Final = "person"

DEFAULT_SCAN_INTERVAL: Final = 60
MIN_SCAN_INTERVAL: Final = 15
MAX_SCAN_INTERVAL: Final = 3600

# Projects, tasks, the user directory and the work reports change rarely and
# are not needed to show or drive a timer: read at most this often, and again
# after a restart.
OPTIONAL_REFRESH_INTERVAL: Final = timedelta(hours=1)
# An optional list failing this long raises a repair issue.
OPTIONAL_ISSUE_AFTER: Final = timedelta(hours=1)
# An action naming a project or task not in the lists reads them again, but
# not more often than this.
FORCED_LIST_REFRESH_GAP: Final = timedelta(minutes=1)

# An action may be dated this far ahead of Home Assistant's clock, to allow for
# a host clock that runs a little behind TimeTrack's.
FUTURE_TOLERANCE: Final = timedelta(minutes=2)
# The oldest time an action may carry.
MAX_ACTION_AGE: Final = timedelta(days=7)

ACCOUNT_HOST_SUFFIX: Final = ".timetrackenterprise.com"

# While actions wait in the outbox, TimeTrack is polled at least this often
# (seconds), so that they are recorded soon after it answers again.
OUTBOX_RETRY_INTERVAL: Final = 30
# Actions waiting longer than this raise a repair issue.
PENDING_ISSUE_AFTER: Final = timedelta(minutes=30)
# A kept action that TimeTrack, while answering, fails this many times with a
# transient fault (5xx, say) is dropped: it would otherwise wait for ever.
MAX_REPLAY_ATTEMPTS: Final = 10

# The last known state is stored this long after it changed (and when Home
# Assistant stops).
SNAPSHOT_SAVE_DELAY: Final = 30
