"""Proof that an address is TimeTrack, and knows a user, before anything is created."""

import asyncio
from typing import Final

from .client import TimeTrackClient
from .exceptions import (
    TRANSIENT_ERRORS,
    TimeTrackError,
    TimeTrackNotFoundError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)
from .models import (
    ATTENDANCE_TIMER_FIELDS,
    PROJECT_TIMER_FIELDS,
    AttendanceTimer,
    ProjectTimer,
)
from .observations import Observations
from .records import User

__all__ = ["check_user"]

# The timers' documented fields, by endpoint: an answer holding one of them is
# TimeTrack's, even one saying there is no timer.
_DOCUMENTED: Final = {
    "project_timer": PROJECT_TIMER_FIELDS,
    "attendance_timer": ATTENDANCE_TIMER_FIELDS,
}


async def check_user(client: TimeTrackClient, username: str) -> User:
    """Prove that the account is TimeTrack and knows `username`; the user.

    Reads both timers and the user directory. Something only TimeTrack
    answers must be among them: a timer, an answer in a timer's documented
    fields, an error carrying one of TimeTrack's codes, or users in the
    directory. An empty object, an empty list or a 404 saying "Not Found" are
    what many servers answer to anything: they prove nothing.

    Raises TimeTrackAuthenticationError, TimeTrackUserNotFoundError,
    TimeTrackUnrecognizedError (not TimeTrack, or not one this integration
    can read) or a transient error.
    """
    timer, attendance, directory = await asyncio.gather(
        client.get_project_timer(username),
        client.get_attendance_timer(username),
        client.get_users(),
        return_exceptions=True,
    )
    for result in (timer, attendance, directory):
        if isinstance(result, BaseException) and not isinstance(result, TimeTrackError):
            raise result
    for result in (timer, attendance):
        if isinstance(result, TimeTrackError) and not _unexplained_404(result):
            raise result
    if not _speaks_timetrack(client.observations, timer, attendance, directory):
        if isinstance(directory, TRANSIENT_ERRORS):
            raise directory
        raise TimeTrackUnrecognizedError(message="no answer that only TimeTrack gives")
    known = _find_user(directory, username)
    if isinstance(directory, list) and known is None:
        raise TimeTrackUserNotFoundError(404, detail="not in the user directory")
    for result in (timer, attendance):
        if isinstance(result, TimeTrackError):
            raise TimeTrackUnrecognizedError(
                message="the timers answer 404 without saying why"
            ) from result
    return known or User(username)


def _speaks_timetrack(
    seen: Observations, timer: object, attendance: object, directory: object
) -> bool:
    if isinstance(timer, ProjectTimer) and timer.started_at is not None:
        return True
    if isinstance(attendance, AttendanceTimer) and attendance.started_at is not None:
        return True
    if isinstance(directory, list) and directory:
        return True
    for endpoint in ("project_timer", "attendance_timer", "users"):
        answer = seen.endpoints.get(endpoint)
        if answer is None:
            continue
        if answer.code is not None:
            return True
        fields = _DOCUMENTED.get(endpoint, frozenset())
        if isinstance(answer.shape, dict) and fields & answer.shape.keys():
            return True
    return False


def _unexplained_404(err: TimeTrackError) -> bool:
    """A 404 that names neither the user nor anything else TimeTrack knows."""
    return isinstance(err, TimeTrackNotFoundError) and not isinstance(
        err, TimeTrackUserNotFoundError
    )


def _find_user(directory: object, username: str) -> User | None:
    """The user in a directory answer (exact name first, then ignoring case)."""
    if not isinstance(directory, list):
        return None
    users = [user for user in directory if isinstance(user, User)]
    for user in users:
        if user.username == username:
            return user
    wanted = username.casefold()
    return next((user for user in users if user.username.casefold() == wanted), None)
