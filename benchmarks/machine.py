"""The machine a benchmark ran on, in one place for every benchmark's results file."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def machine_facts(packages: Iterable[str] = ()) -> dict[str, str]:
    """nproc, memory, CPU model, OS, Python, package versions, load average and the time of the run."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {
        "nproc": str(os.cpu_count()),
        "memory": _memory(),
        "cpu": _cpu(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": ", ".join(f"{p} {version(p)}" for p in packages),
        "load": " ".join(f"{x:.2f}" for x in load),
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def describe_machine(packages: Iterable[str] = ()) -> str:
    f = machine_facts(packages)
    described = f"{f['cpu']}, {f['nproc']} cores, {f['memory']}, {f['os']}, Python {f['python']}"
    if f["packages"]:
        described += f", {f['packages']}"
    return f"{described}; load average {f['load']}; {f['date']}"
