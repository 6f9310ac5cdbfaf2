"""The two processes of a smoke run: the simulator and Home Assistant.

Both run in a session of their own, so that a Ctrl+C in the terminal reaches
only the driver, which then stops them by PID (SIGTERM, SIGKILL after a grace
period). Nothing here stops a process it did not start.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import signal
import socket
import sys

ROOT = Path(__file__).resolve().parent.parent
STUBS = ROOT / "scripts" / "develop.d" / "stubs"
# No Python 3.14 wheels and no way to build them here (see environment.md);
# only the voice-satellite integrations need them, and nothing here does.
SKIPPED_PACKAGES = "pymicro-vad,pyspeex-noise"
SIMULATOR_START_TIMEOUT = 30.0
STOP_TIMEOUT = 60.0
URL_LINE = re.compile(r"^\s*url:\s*(http://\S+)\s*$")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Started:
    """A process this run started, and where its output goes."""

    name: str
    process: asyncio.subprocess.Process
    output: Path
    exit_status: int | None = field(default=None)

    @property
    def pid(self) -> int:
        """The process id."""
        return self.process.pid

    @property
    def running(self) -> bool:
        """Whether the process has not exited yet."""
        return self.process.returncode is None

    async def stop(self, grace: float = STOP_TIMEOUT) -> int:
        """SIGTERM by PID, then SIGKILL after `grace` s; answer the exit status."""
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), grace)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                await self.process.wait()
        self.exit_status = self.process.returncode
        return self.exit_status if self.exit_status is not None else -1


async def start_simulator(python: str, output: Path) -> tuple[Started, str]:
    """`python -m simulator --port 0 --quiet`; answer it and the URL it prints."""
    with output.open("wb") as errors:
        process = await asyncio.create_subprocess_exec(
            python,
            "-m",
            "simulator",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--quiet",
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
            start_new_session=True,
        )
    started = Started("simulator", process, output)
    assert process.stdout is not None  # noqa: S101 (for the type checker)
    try:
        async with asyncio.timeout(SIMULATOR_START_TIMEOUT):
            while line := await process.stdout.readline():
                if match := URL_LINE.match(line.decode(errors="replace")):
                    return started, match[1]
    except TimeoutError:
        pass
    await started.stop()
    raise RuntimeError(
        f"the simulator printed no url within {SIMULATOR_START_TIMEOUT:.0f} s"
        f" (exit status {process.returncode}; see {output})"
    )


async def start_home_assistant(hass: str, config: Path, output: Path) -> Started:
    """`hass -c config`, its output (the log, on the console) to `output`."""
    env = dict(os.environ)
    # The stand-ins for the skipped voice packages: Home Assistant imports them
    # when it describes actions (see scripts/develop.d/stubs/README.md).
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(STUBS), env.get("PYTHONPATH", "")) if part
    )
    # Show every DeprecationWarning once per place: Home Assistant logs Python's
    # warnings (py.warnings), and the log check looks for those naming us.
    env["PYTHONWARNINGS"] = "default::DeprecationWarning"
    env.pop("PYTHONDEVMODE", None)
    with output.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            hass,
            "--config",
            str(config),
            "--skip-pip-packages",
            SKIPPED_PACKAGES,
            "--log-no-color",
            cwd=config,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
    return Started("Home Assistant", process, output)


def default_python() -> str:
    """The Python running this driver (the newest Home Assistant's venv)."""
    return sys.executable
