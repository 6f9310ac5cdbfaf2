"""Asynchronous client for the TimeTrack REST API.

This package depends on the standard library and aiohttp only; it imports
nothing from Home Assistant and can be used on its own.
"""

from .client import TimeTrackClient
from .exceptions import (
    TimeTrackAuthenticationError,
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackTimeoutError,
    TimeTrackUserNotFoundError,
)
from .models import (
    AttendanceTimer,
    Client,
    Project,
    ProjectTimer,
    Task,
    TimerState,
    User,
    WorkReportDay,
)
from .timestamps import decode_date, decode_timestamp, encode_date, encode_timestamp

__all__ = [
    "AttendanceTimer",
    "Client",
    "Project",
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
    "TimeTrackUserNotFoundError",
    "TimerState",
    "User",
    "WorkReportDay",
    "decode_date",
    "decode_timestamp",
    "encode_date",
    "encode_timestamp",
]
