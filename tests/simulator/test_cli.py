"""``python -m simulator``: in a subprocess and in-process."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
import signal
import socket
import subprocess
import sys

import aiohttp
import pytest

from simulator import DEMO_API_KEY, DEMO_API_SECRET
from simulator.__main__ import main, parse_args, serve

from .conftest import AUTH

ROOT = Path(__file__).resolve().parents[2]


def _url_from(lines: list[str]) -> str:
    for line in lines:
        if line.strip().startswith("url:"):
            return line.split("url:", 1)[1].strip()
    raise AssertionError(lines)


async def test_subprocess_serves_and_stops() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = ["-m", "simulator", "--port", "0", "--users", "2", "--latency", "0.01"]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        lines: list[str] = []
        async with asyncio.timeout(30):
            while not any("Press Ctrl+C" in line for line in lines):
                raw = await process.stdout.readline()
                assert raw, "the simulator exited early"
                lines.append(raw.decode())
        url = _url_from(lines)
        assert url.startswith("http://127.0.0.1:")
        text = "".join(lines)
        assert DEMO_API_KEY in text
        assert DEMO_API_SECRET in text
        assert "username:   anna" in text
        async with (
            aiohttp.ClientSession(headers=AUTH) as session,
            session.get(url + "/api/v2/ext/users") as response,
        ):
            assert response.status == 200
            users = await response.json()
        assert users[-1]["username"] == "user002"
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            out, err = await process.communicate()
    assert process.returncode == 0
    assert b"stopped" in out
    assert b"GET /api/v2/ext/users" in err  # the access log


async def test_serve_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    stopping = asyncio.Event()
    task = asyncio.create_task(serve(parse_args(["--port", "0"]), stopping))
    out = ""
    async with asyncio.timeout(10):
        while "url:" not in out:
            await asyncio.sleep(0.01)
            out += capsys.readouterr().out
    url = _url_from(out.splitlines())
    async with (
        aiohttp.ClientSession() as session,
        session.get(url + "/_simulator/health") as response,
    ):
        assert (await response.json())["status"] == "ok"
    stopping.set()
    assert await task == 0
    assert "stopped" in capsys.readouterr().out


def test_busy_port_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--port", str(port), "--quiet"]) == 1
    assert "cannot listen" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [["--latency", "-1"], ["--users", "-2"], ["--port", "x"]]
)
def test_bad_arguments(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(argv)
    assert exited.value.code == 2


def test_defaults() -> None:
    args = parse_args([])
    assert (args.host, args.port, args.latency, args.users, args.quiet) == (
        "127.0.0.1",
        8089,
        0.0,
        0,
        False,
    )


def test_subprocess_module_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "--help"],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0
    assert "--latency" in result.stdout
