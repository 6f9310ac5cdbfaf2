"""Run the smoke run: `python -m smoke [--hass PATH] [--break-integration KIND]`.

Starts the simulator and Home Assistant (`hass`, on 127.0.0.1 and free ports,
from a temporary configuration), goes through `steps.Steps` over Home
Assistant's REST and websocket APIs, stops both processes by PID, then checks
the log. Prints `PASS <step>` or `FAIL <step>: <why>` per step and
`N passed, M failed` last; exit status 1 when a step failed, 130 when
interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
import shutil
import signal
import sys
import tempfile
import time

import aiohttp

from . import config, logcheck
from .client import HomeAssistantClient
from .processes import (
    ROOT,
    Started,
    free_port,
    start_home_assistant,
    start_simulator,
)
from .steps import Step, StepFailedError, Steps, version_pinned

START_TIMEOUT = 600.0  # the first start installs the default integrations' packages
SHOWN_RECORDS = 25  # log records shown after a failed step
SHOWN_PROBLEMS = 5  # problems of the log check shown in full
SHOWN_PROBLEM_LINES = 25  # ... and in one line each


def say(text: str) -> None:
    """One line of the report, at once."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


class Report:
    """Counts the steps and prints one line for each."""

    def __init__(self) -> None:
        """Nothing run yet."""
        self.passed = 0
        self.failed = 0

    def passed_step(self, name: str, detail: str | None = None) -> None:
        """Print PASS."""
        self.passed += 1
        say(f"PASS {name}" + (f" ({detail})" if detail else ""))

    def failed_step(self, name: str, why: str) -> None:
        """Print FAIL."""
        self.failed += 1
        say(f"FAIL {name}: {why}")

    def summary(self) -> str:
        """`N passed, M failed`."""
        return f"{self.passed} passed, {self.failed} failed"


class Run:
    """One smoke run: its processes, its temporary directory, its report."""

    def __init__(self, args: argparse.Namespace) -> None:
        """Describe the run; nothing is started yet."""
        self.args = args
        self.report = Report()
        self.workdir = Path(tempfile.mkdtemp(prefix="ha-smoke."))
        self.config = self.workdir / "config"
        self.hass_log = self.workdir / "hass.log"
        self.processes: list[Started] = []
        self.hass: Started | None = None

    def log_size(self) -> int:
        """How far Home Assistant's output has got."""
        try:
            return self.hass_log.stat().st_size
        except FileNotFoundError:
            return 0

    def log_lines(self, offset: int = 0) -> list[str]:
        """Home Assistant's output from byte `offset` on."""
        try:
            with self.hass_log.open("rb") as log:
                log.seek(offset)
                return log.read().decode(errors="replace").splitlines()
        except FileNotFoundError:
            return []

    def show_log(self, offset: int) -> None:
        """After a failed step: the records at WARNING and above it logged."""
        records = logcheck.notable(self.log_lines(offset))[-SHOWN_RECORDS:]
        if records:
            say(f"  Home Assistant's log during that step ({self.hass_log}):")
        for record in records:
            for line in record.lines[:15]:
                say(f"    {line}")

    async def step(
        self,
        name: str,
        run: Callable[[], Awaitable[str | None]],
        limit: float = 60.0,
    ) -> bool:
        """Run one step within `limit` seconds; report it; answer whether it passed."""
        offset = self.log_size()
        try:
            async with asyncio.timeout(limit):
                detail = await run()
        except StepFailedError as err:
            self.report.failed_step(name, str(err))
        except TimeoutError:
            self.report.failed_step(name, f"not done within {limit:.0f} s")
        except Exception as err:  # noqa: BLE001 (any error fails the step)
            self.report.failed_step(name, f"{type(err).__name__}: {err}")
        else:
            self.report.passed_step(name, detail)
            return True
        self.show_log(offset)
        return False

    async def main(self) -> int:
        """Start, step through, stop, check the log; answer the exit status."""
        version = version_pinned(
            (ROOT / "requirements_newest.txt").read_text(encoding="utf-8")
        )
        say(
            f"Smoke run: Home Assistant {version or '(unpinned)'} in {self.workdir}"
            + (
                f", integration broken on purpose: {self.args.break_integration}"
                if self.args.break_integration
                else ""
            )
        )
        started = time.monotonic()
        try:
            async with aiohttp.ClientSession() as http:
                await self.run_steps(http, version)
        except BaseException:
            # Interrupted (Ctrl+C, SIGTERM) or a bug: stop what was started,
            # without judging how it stops.
            await self.stop_all(judge=False)
            raise
        await self.stop_all()
        await self.step(
            "Home Assistant's log has no warning or deprecation report from timetrack",
            self.check_log,
        )
        took = f"Took {time.monotonic() - started:.0f} s"
        if self.report.failed or self.args.keep:
            say(f"{took}; kept {self.workdir} (hass.log, config/)")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)
            say(took)
        say(self.report.summary())  # the last line, whatever happened
        return 1 if self.report.failed else 0

    async def run_steps(self, http: aiohttp.ClientSession, version: str | None) -> None:
        """Start the processes, then every step until a critical one fails."""
        simulator_url = ""

        async def simulator() -> str:
            nonlocal simulator_url
            process, simulator_url = await start_simulator(
                sys.executable, self.workdir / "simulator.log"
            )
            self.processes.append(process)
            return f"{simulator_url}, pid {process.pid}"

        if not await self.step("simulator starts", simulator):
            return
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        async with HomeAssistantClient(base_url) as ha:

            async def home_assistant() -> str:
                self.config.mkdir()
                config.prepare(self.config, port, self.args.break_integration)
                self.hass = await start_home_assistant(
                    self.args.hass, self.config, self.hass_log
                )
                self.processes.append(self.hass)
                hass = self.hass
                seconds = await ha.wait_until_up(START_TIMEOUT, lambda: hass.running)
                return f"{base_url}, pid {hass.pid}, answered after {seconds:.0f} s"

            if not await self.step(
                "Home Assistant starts", home_assistant, START_TIMEOUT + 10
            ):
                return
            steps: list[Step] = Steps(ha, simulator_url, version, http).all()
            for step in steps:
                passed = await self.step(step.name, step.run, step.limit)
                if not passed and step.critical:
                    say("  (the steps after this one need it: not run)")
                    return

    async def stop_all(self, *, judge: bool = True) -> None:
        """Stop every process this run started, by PID, newest first.

        With `judge`, Home Assistant's stop is a step: it must exit with 0.
        """
        hass = self.hass

        async def stop_hass() -> str:
            assert hass is not None  # noqa: S101 (for the type checker)
            status = await hass.stop()
            if status != 0:
                raise StepFailedError(f"exit status {status}")
            return "exit status 0"

        for process in reversed(self.processes):
            if process is hass and judge:
                await self.step("Home Assistant stops", stop_hass, limit=120.0)
            else:
                await process.stop()
        self.processes.clear()

    async def check_log(self) -> str:
        """The log check over everything Home Assistant wrote this run."""
        lines = self.log_lines()
        expect_lines = len(lines)
        if not lines:
            raise StepFailedError(f"no log at {self.hass_log}")
        problems = logcheck.find_problems(lines)
        if problems:
            for problem in problems[:SHOWN_PROBLEMS]:
                say(problem.describe())
            for problem in problems[SHOWN_PROBLEMS:SHOWN_PROBLEM_LINES]:
                say(problem.describe(max_lines=1))
            if len(problems) > SHOWN_PROBLEM_LINES:
                say(f"  ... and {len(problems) - SHOWN_PROBLEM_LINES} more")
            raise StepFailedError(f"{len(problems)} problem(s), shown above")
        return f"{expect_lines} lines checked"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="scripts/smoke", description=__doc__)
    parser.add_argument(
        "--hass",
        default=str(Path(sys.executable).with_name("hass")),
        help="the hass executable (default: beside this Python)",
    )
    parser.add_argument(
        "--break-integration",
        choices=sorted(config.BREAKAGES),
        default=None,
        help="run a copy of the integration broken on purpose: 'state' makes "
        "every sensor's state raise, 'warning' makes every action log a "
        "warning; the run must fail",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory (config, logs) after a passing run",
    )
    args = parser.parse_args(argv)
    # Home Assistant runs in its configuration directory: the path must be absolute.
    executable = shutil.which(args.hass)
    if executable is None:
        parser.error(f"no hass executable at {args.hass}")
    args.hass = str(Path(executable).absolute())
    return args


def main(argv: list[str] | None = None) -> int:
    """Run, stopping cleanly on Ctrl+C or SIGTERM."""
    run = Run(parse_args(argv))

    async def guarded() -> int:
        task = asyncio.current_task()
        assert task is not None  # noqa: S101 (for the type checker)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        return await run.main()

    try:
        return asyncio.run(guarded())
    except KeyboardInterrupt, asyncio.CancelledError:
        say(f"interrupted; processes stopped; kept {run.workdir}")
        return 130


if __name__ == "__main__":
    sys.exit(main())
