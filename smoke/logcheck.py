"""The smoke run's verdict on Home Assistant's log: a pure function over lines.

Home Assistant writes one record per log call:

    2026-12-01 11:00:12.421+00:00 WARNING (SyncWorker_0) [homeassistant.loader] ...

followed, for a traceback or a multi-line message, by lines that do not start
with a timestamp; those belong to the record above them.

A record is a problem when

1. it comes from the integration's own logger (`custom_components.timetrack`
   or below) at WARNING or above;
2. it is at WARNING or above and names the integration anywhere, traceback
   included: an entity whose state raises is logged by Home Assistant
   (`homeassistant.helpers.entity`, `homeassistant.components.sensor`, ...),
   not by the integration, but its traceback names `custom_components/timetrack`;
3. it is one of Home Assistant's deprecation or frame reports (`report_usage`,
   "will stop working", "deprecated", ...) that names the integration, at any
   level: Home Assistant logs some of these below WARNING, and they are the
   breaks of two releases from now.

Home Assistant's "We found a custom integration timetrack which has not been
tested by Home Assistant" warning is not a problem: every custom integration
gets it at every start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
import re

DOMAIN = "timetrack"

LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}
WARNING = LEVELS["WARNING"]

# `%(asctime)s %(levelname)s (%(threadName)s) [%(name)s] %(message)s`, with
# Home Assistant's timestamp (milliseconds and, in newer releases, the offset).
RECORD_START = re.compile(
    r"^(?P<time>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}"
    r"(?:[.,]\d+)?(?:[+-]\d{2}:?\d{2}|Z)?)"
    r" (?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL)"
    r" \((?P<thread>[^)]*)\)"
    r" \[(?P<logger>[^\]]+)\] ?"
    r"(?P<message>.*)$"
)

# Python's own warning output, `<file>.py:<line>: <Category>Warning: <message>`,
# written to stderr (not through logging) before Home Assistant captures
# warnings into its log; each starts a record of its own.
RAW_WARNING = re.compile(r"^\S+\.py:\d+: \w*Warning: ")

# The words of Home Assistant's deprecation and frame helpers
# (homeassistant/helpers/frame.py, homeassistant/helpers/deprecation.py):
#   "Detected that custom integration 'timetrack' <what> at <file>, line <n>: ...
#    This will stop working in Home Assistant 2027.1, please create a bug report"
#   "The deprecated function <name> was called from timetrack. It will be removed
#    in HA Core 2027.1. Use <new> instead, please report it to the author ..."
#   "custom_components.timetrack.sensor::X provides the deprecated native_..., this
#    will stop working in Home Assistant 2027.1, use ... instead, please ..."
#   "Detected code that <what>. This will stop working in Home Assistant ..."
# and Python's own DeprecationWarning, which Home Assistant logs through
# `py.warnings`.
DEPRECATION = re.compile(
    r"report_usage|will stop working|deprecated|DeprecationWarning|"
    r"will be removed in HA Core|Detected that (?:custom )?integration|"
    r"Detected code that",
    re.IGNORECASE,
)

# The integration by name: its logger, its package path, its domain as a word.
# ("TimeTrackSensor" or "timetracking" are not the domain; `\b` sees to that.)
NAMES_DOMAIN = re.compile(rf"\b{DOMAIN}\b", re.IGNORECASE)

# Expected at every start of Home Assistant with any custom integration.
EXPECTED = (
    re.compile(
        rf"^We found a custom integration {DOMAIN} which has not been tested by "
        r"Home Assistant\."
    ),
)


@dataclass(frozen=True, slots=True)
class Record:
    """One log record: its first line and the lines that continue it."""

    line_number: int  # of the first line, from 1
    level: str  # "" for output that did not go through logging (raw stderr)
    logger: str
    message: str
    continuation: tuple[str, ...] = field(default=())

    @property
    def levelno(self) -> int:
        """The numeric level; raw output counts as WARNING (it is unexpected)."""
        return LEVELS.get(self.level, WARNING)

    @property
    def text(self) -> str:
        """The message and every continuation line, one string."""
        return "\n".join((self.message, *self.continuation))

    @property
    def lines(self) -> list[str]:
        """The record as it appeared in the log."""
        if self.level:
            head = f"{self.level} [{self.logger}] {self.message}"
        else:
            head = self.message
        return [head, *self.continuation]


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that fails the smoke run, and why."""

    reason: str
    record: Record

    def describe(self, max_lines: int = 12) -> str:
        """The reason and the record's first lines (with the last one, if cut)."""
        lines = self.record.lines
        if max_lines < 3:  # noqa: PLR2004 (room for "..." and the last line)
            lines = lines[:max_lines]
        elif len(lines) > max_lines:
            lines = [*lines[: max_lines - 2], "...", lines[-1]]
        body = "\n".join(f"    {line}" for line in lines)
        return f"  line {self.record.line_number}: {self.reason}\n{body}"


def parse_records(lines: Iterable[str]) -> list[Record]:
    """Group log lines into records (continuation lines join the one above)."""
    records: list[Record] = []
    head: Record | None = None
    continuation: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if match := RECORD_START.match(line):
            new = Record(number, match["level"], match["logger"], match["message"])
        elif RAW_WARNING.match(line) or (head is None and line.strip()):
            # Not logged: Python's warnings before logging is set up, or
            # output before the first record (a crash at import, say).
            new = Record(number, "", "", line)
        else:
            if head is not None:
                continuation.append(line)
            continue
        if head is not None:
            records.append(replace(head, continuation=tuple(continuation)))
        head, continuation = new, []
    if head is not None:
        records.append(replace(head, continuation=tuple(continuation)))
    return records


def is_own_logger(logger: str) -> bool:
    """Whether `logger` is the integration's (`custom_components.timetrack[.x]`)."""
    own = f"custom_components.{DOMAIN}"
    return logger == own or logger.startswith(f"{own}.")


def is_expected(record: Record) -> bool:
    """Warnings every custom integration gets; not the integration's fault."""
    return record.logger == "homeassistant.loader" and any(
        pattern.search(record.message) for pattern in EXPECTED
    )


def problem_of(record: Record) -> str | None:
    """Why `record` fails the run, or None when it does not."""
    text = record.text
    if is_expected(record):
        return None
    own = is_own_logger(record.logger)
    if own and record.levelno >= WARNING:
        return f"{record.level} from the integration's logger"
    # Home Assistant reports through its own loggers (or, for entity classes,
    # the offending module's, which rule 1 covers); the integration's debug
    # lines are its own business, whatever words they use.
    if not own and DEPRECATION.search(text) and NAMES_DOMAIN.search(text):
        return "deprecation or frame report naming the integration"
    if record.levelno < WARNING:
        return None
    if NAMES_DOMAIN.search(text):
        if not record.level:
            return "output outside the log that names the integration"
        return f"{record.level} naming the integration"
    return None


def find_problems(lines: Iterable[str]) -> list[Problem]:
    """Every record of `lines` that fails the smoke run, in order."""
    return [
        Problem(reason, record)
        for record in parse_records(lines)
        if (reason := problem_of(record)) is not None
    ]


def notable(lines: Iterable[str]) -> list[Record]:
    """Records worth showing after a failed step: WARNING and above."""
    return [record for record in parse_records(lines) if record.levelno >= WARNING]
