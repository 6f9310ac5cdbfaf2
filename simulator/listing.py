"""The list resources: paging, filters, and the work report (timesheet) rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
import re
from typing import TYPE_CHECKING, Any

from .errors import INVALID_FIELD, SimulatorError
from .timestamps import format_date, format_timestamp, parse_bound, parse_day

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from .state import State

__all__ = ["DEFAULT_LIMIT", "LISTS", "MAX_LIMIT", "paging"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
TARGET_SECONDS = 8 * 3600

FRIDAY = 4
_DIGITS = re.compile(r"^[0-9]+$")

type Query = Mapping[str, str]
type Rows = list[dict[str, Any]]


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
    page = _number(query, name, 0)
    limit = _number(query, "limit", DEFAULT_LIMIT)
    if limit > MAX_LIMIT:
        raise _invalid("limit", f"must be between 0 and {MAX_LIMIT}")
    return page, limit


def _page[T](items: Sequence[T], query: Query) -> list[T]:
    page, limit = paging(query)
    return list(items[page * limit : (page + 1) * limit])


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


def list_users(state: State, query: Query) -> Rows:
    rows = [user.to_json() for user in state.account.users.values()]
    return _page([row for row in rows if _matches(query, row, "username")], query)


def list_clients(state: State, query: Query) -> Rows:
    rows = [client.to_json() for client in state.account.clients]
    return _page([row for row in rows if _matches(query, row, "name")], query)


def list_projects(state: State, query: Query) -> Rows:
    rows = [project.to_json() for project in state.account.projects]
    wanted = [row for row in rows if _matches(query, row, "projectName", "clientName")]
    return _page(wanted, query)


def list_tasks(state: State, query: Query) -> Rows:
    rows = [task.to_json() for task in state.account.tasks]
    return _page([row for row in rows if _matches(query, row, "name")], query)


def list_project_time_entries(state: State, query: Query) -> Rows:
    low, high = _bounds(query)
    user = query.get("user") or query.get("username")
    rows = [
        entry.to_json()
        for entry in state.project_time_entries
        if _within(entry.start, low, high) and (user is None or entry.user == user)
    ]
    return _page(
        [row for row in rows if _matches(query, row, "clientName", "projectName")],
        query,
    )


def list_attendances(state: State, query: Query) -> Rows:
    low, high = _bounds(query)
    user = query.get("username") or query.get("user")
    rows = [
        entry.to_json()
        for entry in state.attendances
        if _within(entry.start, low, high) and (user is None or entry.user == user)
    ]
    return _page(rows, query)


def list_absences(state: State, query: Query) -> Rows:
    paging(query)  # validate the paging parameters all the same
    return []


def _required_day(query: Query, name: str) -> date:
    text = query.get(name)
    if not text:
        raise SimulatorError(400, INVALID_FIELD, "Missing field", f"{name} is required")
    try:
        return parse_day(text)
    except ValueError:
        raise _invalid(name, "must be YYYY-MM-DD or a timestamp") from None


def _report_row(state: State, username: str, day: date) -> dict[str, Any]:
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
    target = TARGET_SECONDS if day.weekday() <= FRIDAY else 0
    return {
        "username": username,
        "workDate": format_date(day),
        "workStart": format_timestamp(spans[0][0]) if spans else None,
        "workEnd": format_timestamp(previous_end) if previous_end is not None else None,
        "targetSeconds": target,
        "workedSeconds": worked,
        "breakSeconds": pause,
        "workTargetDifference": worked - target,
        "holiday": False,
    }


def list_work_reports(state: State, query: Query) -> Rows:
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
    page, limit = paging(query)
    total = (last - first).days + 1
    start = min(page * limit, total)
    stop = min(start + limit, total)
    return [
        _report_row(state, username, first + timedelta(days=n))
        for n in range(start, stop)
    ]


LISTS: dict[str, Callable[[State, Query], Rows]] = {
    "users": list_users,
    "clients": list_clients,
    "projects": list_projects,
    "tasks": list_tasks,
    "project_time_entries": list_project_time_entries,
    "attendances": list_attendances,
    "absences": list_absences,
    "work_reports": list_work_reports,
}
