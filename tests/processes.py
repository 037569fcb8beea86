"""Helpers for tests that run the package in a child process and kill it part way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def start_python(*args: str, **popen) -> subprocess.Popen:
    """``python ARGS`` in a child process that imports this checkout's package."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, *args], env=env, **popen)


def kill_after_parts(process: subprocess.Popen, parts: Path, count: int, timeout: float = 120.0) -> int:
    """SIGKILL ``process`` once ``parts`` holds ``count`` finished Parquet parts; return how many it holds then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(list(parts.glob("[!.]*.parquet"))) < count:
        assert process.poll() is None, "the process ended before it could be killed"
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return len(list(parts.glob("[!.]*.parquet")))
