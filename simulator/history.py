"""Past work for the demo: attendance, project time entries and absences.

Deterministic for the same ``today``: each day's times come from a
``random.Random`` seeded with the username and the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
import random
from typing import TYPE_CHECKING

from .entries import APPROVED

if TYPE_CHECKING:
    from .state import State

__all__ = ["HABITS", "SICK_USER", "VACATION_USER", "seed_history"]

FRIDAY = 4
SICK_LEAVE = (2, "Sick leave")
VACATION = (1, "Vacation")


@dataclass(frozen=True)
class Habit:
    """How a demo user works: their main and other project, when they leave."""

    username: str
    main: tuple[str, str, str]  # client, project, task
    other: tuple[str, str, str]
    leave_shift: int  # minutes after 17:00 the user usually clocks out


HABITS = (
    Habit(
        "anna", ("ACME", "Website", "Development"), ("ACME", "Mobile App", "Design"), -5
    ),
    Habit(
        "ben",
        ("Globex", "Intranet", "Development"),
        ("Globex", "Website", "Support"),
        -30,
    ),
    Habit(
        "clara",
        ("ACME", "Mobile App", "Development"),
        ("Initech", "Support", "Support"),
        -15,
    ),
    Habit(
        "david", ("Initech", "Support", "Support"), ("Globex", "Intranet", "Meeting"), 5
    ),
)
VACATION_USER = "ben"
SICK_USER = "clara"


def _last_weekday(day: date) -> date:
    """``day``, or the Friday before it when it falls on a weekend."""
    return day - timedelta(days=max(0, day.weekday() - FRIDAY))


def _add_absences(state: State, today: date, weeks: int) -> None:
    """A week of vacation (the week before today's) and a sick day mid-window."""
    monday = today - timedelta(days=today.weekday())
    sick = _last_weekday(today - timedelta(days=(7 * weeks + 1) // 2))
    planned = [
        (
            VACATION_USER,
            monday - timedelta(days=7),
            monday - timedelta(days=3),
            VACATION,
        ),
        (SICK_USER, sick, sick, SICK_LEAVE),
    ]
    for username, start, end, (type_id, type_name) in sorted(
        planned, key=lambda item: item[1]
    ):
        if username in state.account.users:
            state.add_absence(
                username, start, end, type_id=type_id, type_name=type_name
            )


def _off(state: State, username: str, day: date) -> bool:
    return any(
        absence.user == username and absence.status == APPROVED and absence.covers(day)
        for absence in state.absences
    )


def _work_day(state: State, habit: Habit, day: date) -> None:
    """Two attendance entries and the project time entries that fill them."""
    rng = random.Random(f"{habit.username}/{day.isoformat()}")  # noqa: S311 - demo data

    def around(hour: int, minute: int, low: int, high: int) -> datetime:
        return datetime.combine(day, time(hour, minute)) + timedelta(
            minutes=rng.randint(low, high)
        )

    arrive = around(8, 0, -10, 10)
    lunch = around(12, 0, -5, 10)
    back = around(12, 45, -5, 5)
    leave = around(17, 0, -15, 15) + timedelta(minutes=habit.leave_shift)
    main = state.find_project(habit.main[0], habit.main[1])
    other = state.find_project(habit.other[0], habit.other[1])
    username = habit.username
    state.add_attendance(username, arrive, lunch)
    state.add_attendance(username, back, leave)
    state.add_project_entry(username, arrive, lunch, main, habit.main[2])
    if rng.random() < 0.5:  # noqa: PLR2004 - half the afternoons are split
        switch = back + timedelta(minutes=rng.randint(60, 150))
        state.add_project_entry(username, back, switch, other, habit.other[2])
        state.add_project_entry(username, switch, leave, main, habit.main[2])
    else:
        state.add_project_entry(username, back, leave, other, habit.other[2])


def seed_history(state: State, today: date, weeks: int = 3) -> None:
    """Give the demo users past work on the weekdays of ``weeks`` weeks before today.

    ``today`` itself gets nothing. ValueError when ``weeks`` is negative or the
    state already holds attendance or project time entries.
    """
    if weeks < 0:
        raise ValueError("weeks must be >= 0")
    if weeks == 0:
        return
    if state.attendances or state.project_time_entries:
        raise ValueError("history needs a state without attendance or project entries")
    _add_absences(state, today, weeks)
    day = today - timedelta(days=7 * weeks)
    while day < today:
        if day.weekday() <= FRIDAY:
            for habit in HABITS:
                if habit.username in state.account.users and not _off(
                    state, habit.username, day
                ):
                    _work_day(state, habit, day)
        day += timedelta(days=1)
