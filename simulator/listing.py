"""The list resources: filters, paging, and the work report (timesheet) rows.

A producer answers every matching row (:class:`Found`); :func:`page_of` then
cuts the page the dialect's paging asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
import re
from typing import TYPE_CHECKING, Any

from .entries import APPROVED
from .errors import INVALID_FIELD, SimulatorError
from .timestamps import format_date, parse_bound, parse_day

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from .dialect import ListStyle
    from .state import State
    from .timestamps import Stamp

__all__ = ["DEFAULT_LIMIT", "LISTS", "MAX_LIMIT", "Found", "page_of", "paging"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
LIMIT_100 = 100  # the largest `limit` of the `limit_100` dialect
TARGET_SECONDS = 8 * 3600

FRIDAY = 4
_DIGITS = re.compile(r"^[0-9]+$")

type Query = Mapping[str, str]
type Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Found:
    """Every row a list query matches: how many, and how to write a slice of them."""

    total: int
    rows: Callable[[int, int], Rows]  # rows(start, stop) like a slice

    @classmethod
    def of(cls, rows: Rows) -> Found:
        """Rows already written."""
        return cls(len(rows), lambda start, stop: rows[start:stop])


def _invalid(name: str, why: str) -> SimulatorError:
    return SimulatorError(400, INVALID_FIELD, "Invalid field", f"{name} {why}")


def _number(query: Query, name: str, default: int) -> int:
    text = query.get(name)
    if text is None or text == "":
        return default
    if not _DIGITS.match(text):
        raise _invalid(name, "must be a non-negative integer")
    return int(text)


def paging(query: Query) -> tuple[int, int]:
    """Paging of a list: ``(page_number or page, limit)``, both checked."""
    name = "page_number" if "page_number" in query else "page"
    return _number(query, name, 0), _limit(query)


def _limit(query: Query) -> int:
    limit = _number(query, "limit", DEFAULT_LIMIT)
    if limit > MAX_LIMIT:
        raise _invalid("limit", f"must be between 0 and {MAX_LIMIT}")
    return limit


def _window(query: Query, style: ListStyle) -> tuple[int, int] | None:
    """``(first row, row count)`` of the page asked for, or None for every row."""
    if style == "no_paging":
        for name in ("page_number", "page", "limit"):
            if name in query:
                raise SimulatorError(
                    400, INVALID_FIELD, "Unknown parameter", f"{name} is not supported"
                )
        return None
    if style == "page":
        page = _number(query, "page", 1)
        if page < 1:
            raise _invalid("page", "must be 1 or more")
        limit = _limit(query)
        return (page - 1) * limit, limit
    if style == "page_from_0":
        page, limit = _number(query, "page", 0), _limit(query)
    else:
        page, limit = paging(query)
    if style == "limit_ignored":
        limit = DEFAULT_LIMIT
    elif style == "limit_100" and limit > LIMIT_100:
        raise _invalid("limit", f"must be between 0 and {LIMIT_100}")
    return page * limit, limit


def page_of(found: Found, query: Query, style: ListStyle) -> Rows:
    """The rows of the page ``query`` asks for, paged as ``style`` pages."""
    window = _window(query, style)
    if window is None:
        return found.rows(0, found.total)
    first, count = window
    start = min(first, found.total)
    return found.rows(start, min(start + count, found.total))


def _bounds(query: Query) -> tuple[datetime | None, datetime | None]:
    bounds: list[datetime | None] = []
    for name, end in (("from", False), ("to", True)):
        text = query.get(name)
        if not text:
            bounds.append(None)
            continue
        try:
            bounds.append(parse_bound(text, end=end))
        except ValueError:
            raise _invalid(name, "must be YYYY-MM-DD or a timestamp") from None
    return bounds[0], bounds[1]


def _within(moment: datetime, low: datetime | None, high: datetime | None) -> bool:
    return (low is None or moment >= low) and (high is None or moment <= high)


def _matches(query: Query, row: Mapping[str, Any], *names: str) -> bool:
    """True when each filter given in the query equals the row's field of that name."""
    return all(name not in query or row.get(name) == query[name] for name in names)


def list_users(state: State, query: Query, stamp: Stamp) -> Found:
    rows = [user.to_json() for user in state.account.users.values()]
    return Found.of([row for row in rows if _matches(query, row, "username")])


def list_clients(state: State, query: Query, stamp: Stamp) -> Found:
    rows = [client.to_json() for client in state.account.clients]
    return Found.of([row for row in rows if _matches(query, row, "name")])


def list_projects(state: State, query: Query, stamp: Stamp) -> Found:
    rows = [project.to_json() for project in state.account.projects]
    return Found.of(
        [row for row in rows if _matches(query, row, "projectName", "clientName")]
    )


def list_tasks(state: State, query: Query, stamp: Stamp) -> Found:
    rows = [task.to_json() for task in state.account.tasks]
    return Found.of([row for row in rows if _matches(query, row, "name")])


def list_project_time_entries(state: State, query: Query, stamp: Stamp) -> Found:
    low, high = _bounds(query)
    user = query.get("user") or query.get("username")
    rows = [
        entry.to_json(stamp)
        for entry in state.project_time_entries
        if _within(entry.start, low, high) and (user is None or entry.user == user)
    ]
    return Found.of(
        [row for row in rows if _matches(query, row, "clientName", "projectName")]
    )


def list_attendances(state: State, query: Query, stamp: Stamp) -> Found:
    low, high = _bounds(query)
    user = query.get("username") or query.get("user")
    return Found.of(
        [
            entry.to_json(stamp)
            for entry in state.attendances
            if _within(entry.start, low, high) and (user is None or entry.user == user)
        ]
    )


def _optional_day(query: Query, *names: str) -> date | None:
    """The first of ``names`` given in the query, as a day."""
    for name in names:
        text = query.get(name)
        if text:
            try:
                return parse_day(text)
            except ValueError:
                raise _invalid(name, "must be YYYY-MM-DD or a timestamp") from None
    return None


def list_absences(state: State, query: Query, stamp: Stamp) -> Found:
    first = _optional_day(query, "from", "startDate")
    last = _optional_day(query, "to", "endDate")
    user = query.get("user") or query.get("username")
    return Found.of(
        [
            absence.to_json()
            for absence in state.absences
            if (user is None or absence.user == user)
            and (first is None or absence.end >= first)
            and (last is None or absence.start <= last)
        ]
    )


def _required_day(query: Query, name: str) -> date:
    day = _optional_day(query, name)
    if day is None:
        raise SimulatorError(400, INVALID_FIELD, "Missing field", f"{name} is required")
    return day


def _target(state: State, username: str, day: date) -> int:
    """8 h Monday to Friday; 0 on an approved full-day absence, half on a part day."""
    if day.weekday() > FRIDAY:
        return 0
    for absence in state.absences:
        if (
            absence.user == username
            and absence.status == APPROVED
            and absence.covers(day)
        ):
            if absence.day_segment == "full":
                return 0
            return TARGET_SECONDS // 2
    return TARGET_SECONDS


def _report_row(state: State, username: str, day: date, stamp: Stamp) -> dict[str, Any]:
    """One day's timesheet row, from the completed attendance entries begun that day."""
    spans = sorted(
        (entry.start, entry.end, entry.break_minutes * 60)
        for entry in state.attendances
        if entry.user == username
        and entry.end is not None
        and entry.start.date() == day
    )
    worked = 0
    pause = 0
    previous_end: datetime | None = None
    for start, end, break_seconds in spans:
        worked += int((end - start).total_seconds()) - break_seconds
        pause += break_seconds
        if previous_end is not None and start > previous_end:
            pause += int((start - previous_end).total_seconds())
        previous_end = end if previous_end is None else max(previous_end, end)
    target = _target(state, username, day)
    return {
        "username": username,
        "workDate": format_date(day),
        "workStart": stamp(spans[0][0]) if spans else None,
        "workEnd": stamp(previous_end) if previous_end is not None else None,
        "targetSeconds": target,
        "workedSeconds": worked,
        "breakSeconds": pause,
        "workTargetDifference": worked - target,
        "holiday": False,
    }


def list_work_reports(state: State, query: Query, stamp: Stamp) -> Found:
    username = query.get("username")
    if not username:
        raise SimulatorError(
            400, INVALID_FIELD, "Missing field", "username is required"
        )
    first = _required_day(query, "from")
    last = _required_day(query, "to")
    if last < first:
        raise _invalid("to", "must not be before from")
    state.user(username)
    return Found(
        (last - first).days + 1,
        lambda start, stop: [
            _report_row(state, username, first + timedelta(days=n), stamp)
            for n in range(start, stop)
        ],
    )


LISTS: dict[str, Callable[[State, Query, Stamp], Found]] = {
    "users": list_users,
    "clients": list_clients,
    "projects": list_projects,
    "tasks": list_tasks,
    "project_time_entries": list_project_time_entries,
    "attendances": list_attendances,
    "absences": list_absences,
    "work_reports": list_work_reports,
}
