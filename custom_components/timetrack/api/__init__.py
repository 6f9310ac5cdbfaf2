"""Asynchronous client for the TimeTrack REST API.

This package depends on the standard library and aiohttp only; it imports
nothing from Home Assistant and can be used on its own.
"""

from .client import TimeTrackClient
from .exceptions import (
    TRANSIENT_ERRORS,
    TimeTrackAuthenticationError,
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackTimeoutError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)
from .models import AttendanceTimer, ProjectTimer, TimerState, elapsed_seconds
from .observations import Observations
from .records import (
    Absence,
    Client,
    Project,
    ProjectTimeEntry,
    Task,
    User,
    WorkReportDay,
)
from .timestamps import decode_date, decode_timestamp, encode_date, encode_timestamp

__all__ = [
    "TRANSIENT_ERRORS",
    "Absence",
    "AttendanceTimer",
    "Client",
    "Observations",
    "Project",
    "ProjectTimeEntry",
    "ProjectTimer",
    "Task",
    "TimeTrackAuthenticationError",
    "TimeTrackClient",
    "TimeTrackConnectionError",
    "TimeTrackError",
    "TimeTrackInvalidResponseError",
    "TimeTrackNotFoundError",
    "TimeTrackRateLimitError",
    "TimeTrackRequestError",
    "TimeTrackServerError",
    "TimeTrackTimeoutError",
    "TimeTrackUnrecognizedError",
    "TimeTrackUserNotFoundError",
    "TimerState",
    "User",
    "WorkReportDay",
    "decode_date",
    "decode_timestamp",
    "elapsed_seconds",
    "encode_date",
    "encode_timestamp",
]
