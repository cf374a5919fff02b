"""A process and its children, killed as when their machine dies: the RQ kill test
(tests/test_task_queue.py) and ``make cluster-test`` (scripts/cluster_test.py)."""

from __future__ import annotations

import os
import signal


def family(pid: int) -> list[int]:
    """The process and its descendants. RQ runs each job in a forked "work horse" in a process
    group of its own, which a kill of the worker (or a killpg) would leave running to the end."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(child for child, parent in parents.items() if parent == current)
    return out


def kill(pids: list[int]) -> None:
    """SIGKILL to each (one that has gone already is skipped)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
