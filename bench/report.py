"""The benchmark's figures: collected by the measurements, printed as a table and JSON.

Each figure is a :class:`Row` with its limit (what physics allows: one round
trip L, all requests concurrent...) and its target (what the issue asks for).
``ok`` is True (PASS) or False (FAIL) for a figure with a target, and None for
a figure that is only reported (INFO).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
import json
import os
from pathlib import Path
import platform
from typing import Any

#: Environment variables through which `python -m bench` configures a run.
ENV_LATENCY = "BENCH_LATENCY"
ENV_REPEATS = "BENCH_REPEATS"

DEFAULT_LATENCY = 0.1
DEFAULT_REPEATS = 5


def latency() -> float:
    """The network latency L (seconds) the simulator adds to each API request."""
    return float(os.environ.get(ENV_LATENCY, DEFAULT_LATENCY))


def repeats() -> int:
    """How often each timed measurement is repeated (the median is judged)."""
    return int(os.environ.get(ENV_REPEATS, DEFAULT_REPEATS))


@dataclass(slots=True)
class Row:
    """One figure of the benchmark."""

    section: str
    metric: str
    value: str
    limit: str
    target: str
    ok: bool | None
    note: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        """PASS, FAIL or INFO."""
        if self.ok is None:
            return "INFO"
        return "PASS" if self.ok else "FAIL"


#: Every figure measured in this process, in the order measured.
ROWS: list[Row] = []


def add(
    section: str,
    metric: str,
    value: str,
    *,
    limit: str = "-",
    target: str = "-",
    ok: bool | None = None,
    note: str = "",
    **raw: Any,
) -> Row:
    """Record one figure."""
    row = Row(section, metric, value, limit, target, ok, note, dict(raw))
    ROWS.append(row)
    return row


def in_l(seconds: float, base: float) -> str:
    """A duration as a ratio to L."""
    return f"{seconds / base:.2f} L"


SECTIONS = {
    "1": "1. Action to state (latency L)",
    "1b": "1b. Action to state in every dialect TimeTrack may speak (latency L)",
    "2": "2. Poll cycle: coordinator.async_refresh() (latency L)",
    "3": "3. Requests per hour at the default 60 s interval (latency 0)",
    "4": "4. Elapsed-time accuracy over a simulated hour (latency 0)",
    "5": "5. Setup of a config entry (latency L)",
    "6": "6. Cost over a simulated hour, 50 users, every timer running (latency 0)",
}


def table(rows: list[Row]) -> str:
    """The figures as a plain-text table, grouped by section."""
    headers = ("metric", "value", "limit", "target", "result")
    rows = sorted(rows, key=lambda row: row.section)
    cells = [(r.metric, r.value, r.limit, r.target, r.verdict) for r in rows]
    widths = [
        max([len(headers[i]), *(len(cell[i]) for cell in cells)])
        for i in range(len(headers))
    ]

    def line(values: tuple[str, ...]) -> str:
        return "  ".join(value.ljust(widths[i]) for i, value in enumerate(values))

    out = [line(headers), line(tuple("-" * width for width in widths))]
    section = None
    for row, cell in zip(rows, cells, strict=True):
        if row.section != section:
            section = row.section
            out.append(f"{SECTIONS.get(section, section)}")
        out.append(line(cell))
        if row.note and row.ok is not True:
            out.append(f"    -> {row.note}")
    return "\n".join(out)


def summary(rows: list[Row]) -> tuple[int, int, int]:
    """How many figures passed, failed, and were only reported."""
    passed = sum(row.ok is True for row in rows)
    failed = sum(row.ok is False for row in rows)
    return passed, failed, len(rows) - passed - failed


def write_json(path: Path, rows: list[Row], *, base: float, elapsed: float) -> None:
    """Write the figures (and how the run was made) to `path`."""
    passed, failed, info = summary(rows)
    document = {
        "latency_s": base,
        "repeats": repeats(),
        "python": platform.python_version(),
        "elapsed_s": round(elapsed, 1),
        "passed": passed,
        "failed": failed,
        "info": info,
        "all_targets_met": failed == 0,
        "figures": [
            {
                **{k: v for k, v in asdict(row).items() if k != "raw"},
                "result": row.verdict,
                "data": row.raw,
            }
            for row in rows
        ],
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
