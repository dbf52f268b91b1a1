"""Wall and processor time of a command and of every process it starts, however deep.

    python benchmarks/cpu_time.py COMMAND [ARG ...]

`/usr/bin/time` misses figscan's workers: they are children of multiprocessing's fork server,
which outlives the command and is never waited for by it. This process makes itself the
"child subreaper" (Linux prctl), so orphaned descendants are handed to it when their parent
exits; it waits for all of them, and their processor time (user + system) adds up in its
RUSAGE_CHILDREN. On a machine shared with other work, processor time is the figure that stays
comparable between runs; wall time is printed beside it.
"""
from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

PR_SET_CHILD_SUBREAPER = 36


@dataclass
class Spent:
    wall_seconds: float
    cpu_seconds: float  # user + system of the command and all its descendants
    returncode: int


def become_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed: processor time of"
                                          " orphaned workers could not be counted")


def children_cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def reap_all() -> None:
    """Wait for every descendant handed to this process (fork servers, resource trackers)."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def run_measured(command: list[str], **kwargs) -> tuple[Spent, subprocess.CompletedProcess]:
    """Run `command` to its end, with all it started; this process must be the only parent of
    its children while it runs (their time is told apart by RUSAGE_CHILDREN before and after)."""
    become_subreaper()
    reap_all()
    cpu_before, started = children_cpu_seconds(), time.perf_counter()
    completed = subprocess.run(command, **kwargs)
    reap_all()
    spent = Spent(time.perf_counter() - started, children_cpu_seconds() - cpu_before, completed.returncode)
    return spent, completed


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    spent, _ = run_measured(sys.argv[1:])
    print(f"wall {spent.wall_seconds:.1f} s, processor {spent.cpu_seconds:.1f} s (command and all its"
          f" descendants), exit {spent.returncode}", file=sys.stderr)
    return spent.returncode


if __name__ == "__main__":
    sys.exit(main())
