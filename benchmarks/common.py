"""Shared bits of the benchmarks: timing with repeats, machine description, writing results."""

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "resultaten"


def timed(function: Callable[[], Any], repeats: int) -> dict[str, float]:
    """Median, minimum and maximum wall time in seconds over `repeats` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return {"mediaan_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "herhalingen": repeats}


def machine() -> dict[str, object]:
    memory = 0
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            memory = int(info.readline().split()[1]) // 1024
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "processor": platform.machine(),
        "kernen": os.cpu_count(),
        "geheugen_mb": memory,
        "systeem": platform.platform(),
    }


def write(name: str, data: dict[str, object], table: str) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    target = RESULTS_DIR / f"{name}.json"
    target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS_DIR / f"{name}.md").write_text(table + "\n", encoding="utf-8")
    return target
