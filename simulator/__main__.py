"""``python -m simulator``: run the TimeTrack simulator in the foreground."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime
import logging
import signal
import sys
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .data import DEMO_ACCOUNT
from .dialect import Dialect
from .server import Simulator

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["banner", "main", "parse_args"]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Run the local TimeTrack API simulator.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address (127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8089, help="port (8089; 0: any free port)"
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to each API request"
    )
    parser.add_argument(
        "--users", type=int, default=0, help="add N generated users user001..userNNN"
    )
    parser.add_argument(
        "--dialect",
        default="",
        metavar="FIELD=VALUE,...",
        help="how to answer where the API docs are silent (README: Dialects)",
    )
    parser.add_argument(
        "--history-weeks",
        type=int,
        default=0,
        metavar="N",
        help="give the demo users N weeks of past work (0)",
    )
    parser.add_argument(
        "--time-zone",
        default="Europe/Vienna",
        help="the account's time zone (Europe/Vienna)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    if args.latency < 0:
        parser.error("--latency must be >= 0")
    if args.users < 0:
        parser.error("--users must be >= 0")
    if args.history_weeks < 0:
        parser.error("--history-weeks must be >= 0")
    try:
        args.dialect = Dialect.parse(args.dialect)
    except ValueError as exc:
        parser.error(f"--dialect: {exc}")
    try:
        args.time_zone = ZoneInfo(args.time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        parser.error(f"--time-zone: {exc}")
    return args


def banner(sim: Simulator) -> str:
    """The block printed at start: URL, demo credentials and a username."""
    users = list(sim.state.account.users)
    rule = "=" * 64
    return "\n".join(
        [
            rule,
            f"TimeTrack simulator: account {DEMO_ACCOUNT!r}, {len(users)} users",
            f"  url:        {sim.url}",
            f"  api key:    {sim.api_key}",
            f"  api secret: {sim.api_secret}",
            f"  username:   {users[0]}   (also: {', '.join(users[1:4])})",
            f"  dialect:    {sim.dialect.describe()}",
            f"  control:    {sim.url}/_simulator/  (faults, dialect, endpoints, ...)",
            "Press Ctrl+C to stop.",
            rule,
            "",
        ]
    )


def _say(text: str, *, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    stream.write(text if text.endswith("\n") else text + "\n")
    stream.flush()


async def serve(args: argparse.Namespace, stopping: asyncio.Event | None = None) -> int:
    """Run until SIGINT or SIGTERM (or ``stopping`` is set); answer the exit status."""
    sim = Simulator(extra_users=args.users)
    sim.latency = args.latency
    sim.dialect = args.dialect
    sim.time_zone = args.time_zone
    sim.seed_history(datetime.now(sim.time_zone).date(), args.history_weeks)
    if not args.quiet:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        sim.access_log = logging.getLogger("aiohttp.access")
    try:
        await sim.start(args.host, args.port)
    except OSError as exc:
        _say(f"cannot listen on {args.host}:{args.port}: {exc}", error=True)
        return 1
    _say(banner(sim))
    stopping = stopping or asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for signum in signals:
        loop.add_signal_handler(signum, stopping.set)
    try:
        await stopping.wait()
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
        await sim.stop()
    _say("TimeTrack simulator stopped.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m simulator``."""
    return asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":  # pragma: no cover - run by the subprocess tests
    sys.exit(main())
