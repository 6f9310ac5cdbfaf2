"""Constants of the TimeTrack integration."""

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "timetrack"
LOGGER = logging.getLogger(__package__)

CONF_API_SECRET: Final = "api_secret"  # noqa: S105 (a config key)
CONF_TIME_ZONE: Final = "time_zone"

SUBENTRY_TYPE_USER: Final = "user"

DEFAULT_SCAN_INTERVAL: Final = 60
MIN_SCAN_INTERVAL: Final = 15
MAX_SCAN_INTERVAL: Final = 3600

# Projects, tasks and the user directory change rarely: refresh them at most
# this often, or sooner when an action names a project that is not known yet.
CATALOG_REFRESH_INTERVAL: Final = timedelta(hours=1)
# Work reports (today's total, overtime) come from a slower endpoint.
REPORTS_REFRESH_INTERVAL: Final = timedelta(hours=1)

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
