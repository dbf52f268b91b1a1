"""What runs when: each file becomes tasks (open, its pages, finish) on an executor's slots.

A file's pages are read in blocks of `pipeline.PAGE_BLOCK`, one page per task, so a finished
page is reported (and checkpointed by the runner) at once and a worker that dies loses only the
page in hand. While files wait, each file is read by one worker, block after block; when none
wait and slots are idle, the unstarted blocks of the files still being read are shared among
them. Blocks are read the same way by any worker, so results do not depend on the sharing.

Time: a file gets `TimeBudget.base_seconds` plus `per_page_seconds` for each page it has to read
(pages a previous run checkpointed are not counted). When the time is up, its pages still
unread are named in the result, which is `partial` ("stopped after page N of M: time limit"),
and the file is finished from the pages read; finishing has what is left of the file's budget,
at least `base_seconds`.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from math import inf
from time import monotonic
from typing import Any, Protocol

from figscan import __version__
from figscan.config import Config
from figscan.discover import InputFile
from figscan.extract.document import FileInfo
from figscan.model import PaperResult
from figscan.pipeline import (
    PAGE_BLOCK,
    FileOpened,
    PageWork,
    ScanOutput,
    finish_file,
    open_file,
    read_page_work,
)

TIME_LIMIT = "time limit"
PAGE_RETRIES = 1  # a page whose worker died is read once more before it counts as unreadable


@dataclass(frozen=True)
class TimeBudget:
    """Seconds a file may take: a base for opening and finishing, plus an allowance per page."""
    base_seconds: float = 60.0
    per_page_seconds: float = 30.0

    def for_pages(self, pages: int) -> float:
        return self.base_seconds + self.per_page_seconds * pages


@dataclass
class TaskFailed:
    """A task that did not come back: it overran its time or its worker process died."""
    reason: str
    timed_out: bool


@dataclass
class Task:
    file: FileRun | None
    kind: str  # "open", "page", "finish", or "file" (a whole-file task)
    function: Callable
    args: tuple
    seconds: float
    cursor: Cursor | None = None
    page: int = -1  # 0-based


class Pool(Protocol):
    capacity: int

    def submit(self, task: Task) -> None: ...
    def wait(self, seconds: float) -> list[tuple[Task, Any]]: ...


@dataclass
class PageDone:
    """A page was read: its work (with its figure images) for the checkpoint and the progress."""
    item: InputFile
    work: PageWork


@dataclass
class FileDone:
    item: InputFile
    output: ScanOutput


Event = PageDone | FileDone


@dataclass
class Cursor:
    """A worker's place in a file: the next page of the block it reads, and the block's
    layout budget so far."""
    index: int
    end: int
    layout_pages_left: int
    busy: bool = False


@dataclass
class FileRun:
    item: InputFile
    started: float
    pages: dict[int, PageWork]  # read, by 0-based index (checkpointed ones included)
    info: FileInfo | None = None
    deadline: float = inf
    next_block: int = 0
    cursors: list[Cursor] = field(default_factory=list)
    running: int = 0  # its tasks on the pool now
    deaths: dict[int, int] = field(default_factory=dict)  # page -> workers that died reading it
    unread: dict[int, str] = field(default_factory=dict)  # page -> why it stays unread
    stopped: str = ""
    finishing: bool = False

    def unstarted_pages(self) -> int:
        if self.info is None or self.stopped:
            return 0
        return max(0, self.info.pages_to_read - self.next_block * PAGE_BLOCK)


def failed(item: InputFile, config: Config, reason: str) -> ScanOutput:
    return ScanOutput(PaperResult(path=item.relative, status="error", sha256=item.sha256, size=item.size,
                                  error=reason, figscan_version=__version__, config_hash=config.hash()))


def scan_files(items: list[InputFile], config: Config, pool: Pool, budget: TimeBudget,
               done_pages: dict[str, dict[int, PageWork]],
               file_task: Callable[[InputFile, Config], ScanOutput] | None = None,
               page_task: Callable[[InputFile, Config, int, int], PageWork] = read_page_work) -> Iterator[Event]:
    """Events in completion order: every page read, then every file's result, until all are done.
    `done_pages` are pages checkpointed by an earlier run (by sha256), which are not read again.
    With `file_task`, each file is one task of that function instead; `page_task` reads a page
    (tests stand in slow or crashing pages)."""
    pending = deque(items)
    active: list[FileRun] = []
    running = 0
    while pending or active:
        running += _fill(pool, running, pending, active, config, budget, done_pages, file_task, page_task)
        if not running:
            raise RuntimeError("figscan's scheduler has files left but nothing to run (a bug)")
        events: list[Event] = []
        for task, output in pool.wait(1.0):
            running -= 1
            run = task.file
            run.running -= 1
            for event in _handle(task, output, run, config, budget):
                if isinstance(event, FileDone):
                    active.remove(run)
                events.append(event)
        # the freed slots get their next tasks before the caller checkpoints these events:
        # a worker does not sit idle while the store writes
        running += _fill(pool, running, pending, active, config, budget, done_pages, file_task, page_task)
        yield from events


def _fill(pool: Pool, running: int, pending: deque, active: list[FileRun], config: Config, budget: TimeBudget,
          done_pages: dict, file_task: Callable | None, page_task: Callable) -> int:
    """Tasks submitted to the pool's free slots (files past their time stopped first): how many."""
    now = monotonic()
    for run in active:
        if run.info is not None and not run.stopped and now > run.deadline:
            _stop(run, TIME_LIMIT)
    submitted = 0
    while running + submitted < pool.capacity:
        task = _next_task(pending, active, config, budget, done_pages, file_task, page_task)
        if task is None:
            break
        pool.submit(task)
        if task.kind in ("open", "file"):
            task.file.started = monotonic()  # the file's clock starts once a worker has it
        submitted += 1
        task.file.running += 1
    return submitted


def _next_task(pending: deque, active: list[FileRun], config: Config, budget: TimeBudget,
               done_pages: dict, file_task: Callable | None, page_task: Callable) -> Task | None:
    """Finishing first, then the pages of files being read, then a new file; only when no file
    waits, a share of a file being read."""
    for run in active:
        if _ready_to_finish(run):
            return _finish_task(run, config, budget)
    for run in active:
        for cursor in run.cursors:
            if not cursor.busy:
                return _page_task(run, cursor, config, page_task)
    if pending:
        item = pending.popleft()
        run = FileRun(item, monotonic(), dict(done_pages.get(item.sha256 or "", {})))
        active.append(run)
        if file_task is not None:
            return Task(run, "file", file_task, (item, config), budget.base_seconds)
        return Task(run, "open", open_file, (item, config), budget.base_seconds)
    sharing = sorted((r for r in active if r.unstarted_pages()), key=lambda r: -r.unstarted_pages())
    for run in sharing:
        cursor = _new_cursor(run, config)
        if cursor is not None:
            run.cursors.append(cursor)
            return _page_task(run, cursor, config, page_task)
    return None


def _page_task(run: FileRun, cursor: Cursor, config: Config, page_task: Callable) -> Task:
    cursor.busy = True
    seconds = max(1.0, run.deadline - monotonic())
    return Task(run, "page", page_task, (run.item, config, cursor.index, cursor.layout_pages_left), seconds,
                cursor, cursor.index)


def _finish_task(run: FileRun, config: Config, budget: TimeBudget) -> Task:
    run.finishing = True
    assert run.info is not None
    unread = dict(run.unread)
    if run.stopped:
        for index in range(run.info.pages_to_read):
            if index not in run.pages:
                unread.setdefault(index, run.stopped)
    pages = [replace(run.pages[i], assets={}) for i in sorted(run.pages)]  # the images went out with PageDone
    # Finishing analyses the figures the page tasks found, so it may use what is left of the
    # file's budget (its per-page allowance), never less than the base.
    left = run.deadline - monotonic()
    seconds = max(budget.base_seconds, left) if left < inf else budget.base_seconds
    return Task(run, "finish", finish_file, (run.item, config, run.info, pages, unread, run.stopped), seconds)


def _ready_to_finish(run: FileRun) -> bool:
    if run.info is None or run.finishing or run.running:
        return False
    return bool(run.stopped) or (not run.cursors and run.next_block * PAGE_BLOCK >= run.info.pages_to_read)


def _new_cursor(run: FileRun, config: Config) -> Cursor | None:
    """A cursor on the next block that has pages left to read, or None."""
    assert run.info is not None
    while run.next_block * PAGE_BLOCK < run.info.pages_to_read:
        start = run.next_block * PAGE_BLOCK
        run.next_block += 1
        cursor = Cursor(start, min(start + PAGE_BLOCK, run.info.pages_to_read), config.limits.max_layout_pages)
        _skip_read_pages(run, cursor)
        if cursor.index < cursor.end:
            return cursor
    return None


def _skip_read_pages(run: FileRun, cursor: Cursor) -> None:
    while cursor.index < cursor.end and cursor.index in run.pages:
        cursor.layout_pages_left = run.pages[cursor.index].layout_pages_left
        cursor.index += 1


def _stop(run: FileRun, reason: str) -> None:
    """No more pages for this file; tasks on the pool end by their own time limit."""
    run.stopped = reason
    run.cursors = []


def _handle(task: Task, output: Any, run: FileRun, config: Config, budget: TimeBudget) -> list[Event]:
    item = run.item
    if task.kind == "file":
        if isinstance(output, TaskFailed):
            output = failed(item, config, f"timed out: {output.reason}" if output.timed_out
                            else f"{output.reason} while reading this PDF")
        return [FileDone(item, output)]
    if task.kind == "finish":
        if isinstance(output, TaskFailed):
            output = failed(item, config, f"{'timed out: ' if output.timed_out else ''}{output.reason}"
                                          " while finishing the file")
        output.result.seconds = round(monotonic() - run.started, 3)
        return [FileDone(item, output)]
    if task.kind == "open":
        if isinstance(output, TaskFailed):
            return [FileDone(item, failed(item, config, f"{'timed out: ' if output.timed_out else ''}{output.reason}"
                                                        " while opening this PDF"))]
        assert isinstance(output, FileOpened)
        if output.info is None:
            return [FileDone(item, failed(item, config, output.error))]
        run.info = output.info
        to_read = sum(1 for i in range(output.info.pages_to_read) if i not in run.pages)
        run.deadline = run.started + budget.for_pages(to_read)
        cursor = _new_cursor(run, config)
        run.cursors = [cursor] if cursor else []
        return []
    cursor = task.cursor
    assert cursor is not None
    cursor.busy = False
    events: list[Event] = []
    if isinstance(output, TaskFailed) and output.timed_out:
        run.unread[task.page] = TIME_LIMIT
        _stop(run, TIME_LIMIT)
        return events
    if isinstance(output, TaskFailed):
        run.deaths[task.page] = run.deaths.get(task.page, 0) + 1
        if run.deaths[task.page] <= PAGE_RETRIES:
            return events  # the cursor reads the page again
        run.unread[task.page] = f"the worker died reading it, twice ({output.reason})"
        cursor.index += 1
    else:
        run.pages[task.page] = output
        events.append(PageDone(item, output))
        cursor.layout_pages_left = output.layout_pages_left
        cursor.index += 1
        if output.fatal:  # the rest of the document is not worth trying
            assert run.info is not None
            run.cursors, run.next_block = [], -(-run.info.pages_to_read // PAGE_BLOCK)
            return events
    _skip_read_pages(run, cursor)
    if cursor.index >= cursor.end and cursor in run.cursors:
        run.cursors.remove(cursor)
        following = _new_cursor(run, config)
        if following is not None:
            run.cursors.append(following)
    return events
