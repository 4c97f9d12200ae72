"""Run a command in a subprocess; report wall time and peak RSS of its whole process tree."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass

import psutil


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str


def measure(cmd: list[str], env: dict[str, str] | None = None, poll: float = 0.05) -> Measurement:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(poll)
    stdout = proc.stdout.read() if proc.stdout else ""
    return Measurement(time.perf_counter() - started, peak / 2**20, proc.returncode, stdout)
