"""Constants of the TimeTrack API client."""

from typing import Final

API_PATH: Final = "/api/v2/ext/"

HEADER_API_KEY: Final = "X-TimeTrack-Api-Key"
HEADER_API_SECRET: Final = "X-TimeTrack-Api-Secret"  # noqa: S105

# The documented route, and the one a stored copy of the docs writes.
PROJECT_TIMER_PATH: Final = "timers/project_timer"
PROJECT_TIMER_LEGACY_PATH: Final = "project_timer"
ATTENDANCE_TIMER_PATH: Final = "attendance_timer"

DEFAULT_REQUEST_TIMEOUT: Final = 10.0
DEFAULT_RETRY_AFTER: Final = 60.0
DEFAULT_PAGE_SIZE: Final = 200
MAX_PAGES: Final = 500

ERROR_CODE_USER_NOT_FOUND: Final = 15020
ERROR_CODE_UNKNOWN_ROUTE: Final = 15050
