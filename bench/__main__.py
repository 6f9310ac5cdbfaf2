"""Run the benchmark: `python -m bench [--latency 0.1] [--output bench-results.json]`.

Runs the measurements in `bench/test_bench.py` under Home Assistant's test
harness (pytest), then prints every figure next to its limit and target and
writes them as JSON. Exit status: 0 when every target is met, 1 when one is
missed, 2 when the benchmark could not measure.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import sys
import time

import pytest

from . import report

HERE = Path(__file__).resolve().parent
MIN_LATENCY = 0.01
LATENCY_HELP = "seconds the simulator adds to each API request (L; default 0.1)"
OUTPUT_HELP = "where to write the JSON results (default bench-results.json)"
REPEATS_HELP = "repetitions of each timed measurement; the median is judged"


def main(argv: list[str] | None = None) -> int:
    """Measure, print, write; answer the exit status."""
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    for flag, kind, default, text in (
        ("--latency", float, report.DEFAULT_LATENCY, LATENCY_HELP),
        ("--output", Path, Path("bench-results.json"), OUTPUT_HELP),
        ("--repeats", int, report.DEFAULT_REPEATS, REPEATS_HELP),
    ):
        parser.add_argument(flag, type=kind, default=default, help=text)
    parser.add_argument(
        "-k",
        dest="select",
        default=None,
        help="only run the measurements matching this pytest -k expression",
    )
    args = parser.parse_args(argv)
    if args.latency < MIN_LATENCY:
        parser.error(f"--latency must be at least {MIN_LATENCY} s (ratios are to L)")
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    os.environ[report.ENV_LATENCY] = repr(args.latency)
    os.environ[report.ENV_REPEATS] = str(args.repeats)

    started = time.monotonic()
    pytest_args = [
        str(HERE / "test_bench.py"),
        "-p",
        "no:cacheprovider",
        "--no-cov",
        # Captured log records would be charged to the integration's memory.
        "-p",
        "no:logging",
        "-q",
        f"--rootdir={HERE.parent}",
    ]
    if args.select:
        pytest_args += ["-k", args.select]
    status = pytest.main(pytest_args)
    elapsed = time.monotonic() - started

    rows = report.ROWS
    out = sys.stdout
    out.write(
        f"\nTimeTrack benchmark: L = {args.latency * 1000:g} ms,"
        f" {args.repeats} repeat(s), {elapsed:.0f} s\n\n"
    )
    out.write(report.table(rows) + "\n\n")
    args.output.write_text("")  # fail early on a bad path, before the summary
    report.write_json(args.output, rows, base=args.latency, elapsed=elapsed)
    passed, failed, info = report.summary(rows)
    out.write(
        f"{passed} passed, {failed} failed, {info} reported only;"
        f" results in {args.output}\n"
    )
    if status != pytest.ExitCode.OK or not rows:
        out.write(f"the benchmark could not measure everything (pytest: {status})\n")
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
