"""A scan in the test's own process: the real pipeline and scheduler without worker processes,
so a review test can scan a folder twice in a few seconds."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from figscan.config import Config
from figscan.model import RunSummary
from figscan.runner import run_scan
from figscan.schedule import Task, TimeBudget, scan_files


class InProcessPool:
    capacity = 1

    def __init__(self) -> None:
        self.finished: list[tuple[Task, Any]] = []

    def submit(self, task: Task) -> None:
        self.finished.append((task, task.function(*task.args)))

    def wait(self, seconds: float) -> list[tuple[Task, Any]]:
        finished, self.finished = self.finished, []
        return finished


class InProcessExecutor:
    def run(self, items, config, done_pages=None):
        yield from scan_files(items, config, InProcessPool(), TimeBudget(120.0, 60.0), done_pages or {})


def scan(folder: Path, out: Path, force: bool = False) -> RunSummary:
    return run_scan(folder, out, Config(ocr=False), InProcessExecutor(), force=force)
