"""CPU time of other processes (Linux /proc): server process trees and PostgreSQL backends.

Used to report CPU-ms per request by component, which decides what a shared machine can do
better than throughput alone."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it is gone or unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # after the command name: state is fields[0]; utime and stime are fields 11 and 12
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    """Direct children of a process."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        queue.extend(children(current))
    return pids


def snapshot(pids: list[int]) -> dict[int, float]:
    """CPU seconds per process now."""
    return {pid: cpu_seconds(pid) for pid in pids}


def used_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two snapshots; a process new in `after` counts in full."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []
