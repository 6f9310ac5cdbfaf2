"""Dialects: switchable answers where the public API docs leave the answer open.

A :class:`Dialect` is a set of switches, each giving one plausible way the
real TimeTrack might answer. The default of every switch is the simulator's
original behaviour. ``DIALECTS`` holds the default and every single-switch
variation, for test suites that parametrize over them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "CHOICES",
    "DEFAULT_DIALECT",
    "DIALECTS",
    "ActionAnswer",
    "AttendanceRead",
    "Dialect",
    "ErrorStyle",
    "ListIds",
    "ListStyle",
    "NoTimer",
    "ProjectTimerPath",
    "ReadMethod",
    "TimestampStyle",
]

ReadMethod = Literal["get", "post"]
ProjectTimerPath = Literal["both", "timers", "legacy"]
NoTimer = Literal["last", "empty", "not_found", "no_content", "null_object"]
ActionAnswer = Literal["timer", "no_content", "partial", "success"]
TimestampStyle = Literal["millis", "seconds", "offset", "minutes"]
ErrorStyle = Literal["coded", "uncoded", "message", "html", "in_200", "envelope"]
ListStyle = Literal[
    "bare",
    "absent",
    "no_paging",
    "wrapped",
    "page",
    "page_from_0",
    "limit_ignored",
    "limit_100",
]
ListIds = Literal["ID", "id"]
AttendanceRead = Literal["user", "account"]

#: Every field's values, the default first.
CHOICES: dict[str, tuple[str, ...]] = {
    "read_method": get_args(ReadMethod),
    "project_timer_path": get_args(ProjectTimerPath),
    "no_timer": get_args(NoTimer),
    "action_answer": get_args(ActionAnswer),
    "timestamps": get_args(TimestampStyle),
    "errors": get_args(ErrorStyle),
    "lists": get_args(ListStyle),
    "list_ids": get_args(ListIds),
    "attendance_read": get_args(AttendanceRead),
}


@dataclass(frozen=True)
class Dialect:
    """How the simulated API answers; see the "Dialects" table of the README."""

    read_method: ReadMethod = "get"
    project_timer_path: ProjectTimerPath = "both"
    no_timer: NoTimer = "last"
    action_answer: ActionAnswer = "timer"
    timestamps: TimestampStyle = "millis"
    errors: ErrorStyle = "coded"
    lists: ListStyle = "bare"
    list_ids: ListIds = "ID"
    attendance_read: AttendanceRead = "user"

    def __post_init__(self) -> None:
        """Refuse unknown values (ValueError)."""
        for name, allowed in CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise ValueError(
                    f"{name} must be one of {', '.join(allowed)}; not {value!r}"
                )

    def changed(self, changes: Mapping[str, Any]) -> Dialect:
        """A copy with ``changes`` applied; ValueError on an unknown field or value."""
        unknown = sorted(set(changes) - set(CHOICES))
        if unknown:
            raise ValueError(f"unknown dialect fields: {', '.join(unknown)}")
        return replace(self, **changes)

    @classmethod
    def parse(cls, text: str) -> Dialect:
        """Read ``field=value,field=value`` (the ``--dialect`` option); ValueError."""
        changes: dict[str, str] = {}
        for item in text.split(","):
            if not item.strip():
                continue
            name, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"expected field=value, not {item.strip()!r}")
            changes[name.strip()] = value.strip()
        return cls().changed(changes)

    def to_json(self) -> dict[str, str]:
        """Every field and its value."""
        return asdict(self)

    def describe(self) -> str:
        """``default``, or the fields that differ from it as ``field=value,...``."""
        differences = [
            f"{field.name}={getattr(self, field.name)}"
            for field in fields(self)
            if getattr(self, field.name) != field.default
        ]
        return ",".join(differences) or "default"


DEFAULT_DIALECT = Dialect()

#: The default (key ``default``) and every single-switch variation
#: (key ``field=value``).
DIALECTS: dict[str, Dialect] = {"default": DEFAULT_DIALECT} | {
    f"{name}={value}": DEFAULT_DIALECT.changed({name: value})
    for name, values in CHOICES.items()
    for value in values[1:]
}
