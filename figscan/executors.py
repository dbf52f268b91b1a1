"""Where scan tasks run: local worker processes, or a Dask cluster. Nothing else changes at scale.

An executor is a pool of task slots (`LocalPool`, `DaskPool`) under the scheduler of
figscan.schedule, which decides which file or page each slot reads next. Both pools run every
task in a figscan worker process with a time limit and a memory guard: the process is replaced
when a task overruns or dies (on a Dask cluster, a child of each Dask worker thread). A task
that cannot finish comes back as `TaskFailed`, never as an exception.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from figscan.config import Config
from figscan.discover import InputFile
from figscan.pipeline import PageWork, ScanOutput, read_page_work
from figscan.schedule import Event, Task, TaskFailed, TimeBudget, scan_files

STARTUP_SECONDS = 120
CONNECT_SECONDS = 10  # to a Dask scheduler
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters
FileTask = Callable[[InputFile, Config], ScanOutput]
PageTask = Callable[[InputFile, Config, int, int], PageWork]


class Executor(Protocol):
    def run(self, items: list[InputFile], config: Config,
            done_pages: dict[str, dict] | None = None) -> Iterator[Event]: ...


def _worker_main(connection: Connection, memory_limit_mb: int, threads: int) -> None:
    """Run what the parent sends, `(function, args)`, until it sends None; the address-space
    cap is the memory guard.

    OpenCV's own thread pool gets `threads` threads (LocalPool: one, see there), so workers do
    not oversubscribe the machine."""
    import cv2

    cv2.setNumThreads(threads)
    if memory_limit_mb:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    connection.send("ready")  # imports are done: the time limit starts counting from here
    while True:
        try:
            message = connection.recv()
        except EOFError:  # the parent is gone (a Dask worker that shut down): nothing to report to
            return
        if message is None:
            return
        function, args = message
        output = function(*args)
        if isinstance(output, ScanOutput):
            output.worker_peak_rss_mb = peak_rss_mb()
        connection.send(output)


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh in a new process image, unlike
    ru_maxrss, which a child inherits from the parent it was forked from."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, memory_limit_mb: int, threads: int):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, memory_limit_mb, threads), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.last_file: str | None = None  # the file of its last task, which it keeps open
        self.started = 0.0
        try:
            started = self.connection.poll(STARTUP_SECONDS) and self.connection.recv() == "ready"
        except (EOFError, OSError):
            started = False
        if not started:
            self.stop(kill=True)
            raise RuntimeError(f"a figscan worker process did not start within {STARTUP_SECONDS} s"
                               " (is --memory-limit too low for the libraries to load?)")

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.connection.send((task.function, task.args))

    def collect(self, ready: list) -> tuple[Any, bool]:
        """The running task's output (None while it runs), and whether this worker is broken:
        it died (crash, memory guard) or overran its time limit."""
        assert self.task is not None
        if self.connection in ready:
            try:
                return self.connection.recv(), False
            except (EOFError, OSError):
                pass
        if self.process.sentinel in ready or self.connection in ready:
            self.process.join(timeout=5)
            return TaskFailed(f"worker crashed (exit code {self.process.exitcode}): out of memory or a crash"
                              " in the PDF library", timed_out=False), True
        if time.monotonic() - self.started > self.task.seconds:
            return TaskFailed(f"gave up after {self.task.seconds:g} s", timed_out=True), True
        return None, False

    def run(self, task: Task) -> tuple[Any, bool]:
        """One task to its end: the output and whether this worker is broken (see collect)."""
        self.give(task)
        while True:
            ready = wait([self.connection, self.process.sentinel], timeout=1.0)
            output, broken = self.collect(ready)
            if output is not None:
                self.task = None
                return output, broken

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except OSError:
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class LocalPool:
    """Worker processes on this machine, one task each at a time."""

    def __init__(self, workers: int, memory_limit_mb: int):
        self.capacity = workers
        # OpenCV single-threaded in every worker, however few: a second thread per worker cost
        # more than it gave. One worker on the 2-core machine scanning the 12 tune PDFs of
        # benchmarks/shape_pages (220 pages, load 8 to 9): 324.5 s wall and 78.9 s processor
        # with two OpenCV threads, 192.3 s and 76.3 s with one (benchmarks/cpu_time.py); the
        # whole corpus: 88.6 s processor with two against 70.2 s for two one-thread workers.
        self.threads = 1
        self.memory_limit_mb = memory_limit_mb
        self.context = _worker_context()
        self.workers: list[_Worker] = []

    def submit(self, task: Task) -> None:
        """To an idle worker, preferably the one that has this task's file open already."""
        idle = [w for w in self.workers if w.task is None]
        file = task.file.item.relative if task.file else None
        worker = next((w for w in idle if w.last_file == file), idle[0] if idle else None)
        if worker is None:
            assert len(self.workers) < self.capacity, "more tasks than slots"
            worker = self._start()
        worker.last_file = file
        worker.give(task)

    def _start(self) -> _Worker:
        worker = _Worker(self.context, self.memory_limit_mb, self.threads)
        self.workers.append(worker)
        return worker

    def wait(self, seconds: float) -> list[tuple[Task, Any]]:
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            return []
        ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=seconds)
        finished = []
        for worker in busy:
            output, broken = worker.collect(ready)
            if output is None:
                continue
            finished.append((worker.task, output))
            worker.task = None
            if broken:
                worker.stop(kill=True)
                self.workers.remove(worker)
        return finished

    def close(self) -> None:
        for worker in self.workers:
            worker.stop(kill=worker.task is not None)
        self.workers = []


class LocalExecutor:
    """Worker processes on this machine; files are read page by page (or with `task`, one
    whole-file task each), with the time budget of figscan.schedule.TimeBudget per file."""

    def __init__(self, workers: int = 0, timeout_seconds: float = 60.0, memory_limit_mb: int = 0,
                 task: FileTask | None = None, timeout_seconds_per_page: float = 30.0,
                 page_task: PageTask = read_page_work):
        self.page_task = page_task
        self.workers = workers or os.cpu_count() or 1
        self.budget = TimeBudget(timeout_seconds, timeout_seconds_per_page)
        self.memory_limit_mb = memory_limit_mb
        self.task = task

    def run(self, items: list[InputFile], config: Config,
            done_pages: dict[str, dict] | None = None) -> Iterator[Event]:
        pool = LocalPool(min(self.workers, max(len(items), 1)), self.memory_limit_mb)
        try:
            yield from scan_files(items, config, pool, self.budget, done_pages or {}, self.task, self.page_task)
        finally:
            pool.close()


def _worker_context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["figscan.pipeline"])  # each new worker forks with imports done
    return context


_dask_thread = threading.local()  # per Dask worker thread: {memory limit: its figscan worker}


def run_in_guarded_worker(function: Callable, args: tuple, seconds: float, memory_limit_mb: int) -> Any:
    """A Dask task: `function(*args)` run in this Dask worker thread's own figscan worker
    process, with the local pool's time limit and memory guard; a worker that overran or died
    is replaced, and the task's answer is then TaskFailed.

    Dask starts its workers as daemon processes, which multiprocessing forbids to have children
    because it would not wait for them on exit. The figscan worker needs no waiting: it leaves
    when its pipe closes, so the flag is lifted while it starts."""
    workers = _dask_thread.__dict__.setdefault("workers", {})
    if memory_limit_mb not in workers:
        process = multiprocessing.current_process()
        daemon = process._config.get("daemon")
        process._config["daemon"] = False
        try:
            workers[memory_limit_mb] = _Worker(_worker_context(), memory_limit_mb, 1)
        finally:
            process._config["daemon"] = daemon
    output, broken = workers[memory_limit_mb].run(Task(None, "dask", function, args, seconds))
    if broken:
        workers.pop(memory_limit_mb).stop(kill=True)
    return output


def relax_malloc_trimming() -> None:
    """Undo Dask's MALLOC_TRIM_THRESHOLD_=64 KiB in this process (glibc only).

    Dask's nanny sets it so workers hand memory back to the OS; with figscan's many large,
    short-lived image arrays it turns each allocation into an mmap and made scans about 50%
    slower (the largest corpus file: 7.9 s against 5.3 s). Memory stays bounded per task.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024)
    libc.mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024)


class DaskPool:
    """Task slots on a Dask cluster: one per worker thread."""

    def __init__(self, client, memory_limit_mb: int):
        self.client = client
        self.memory_limit_mb = memory_limit_mb
        self.capacity = max(1, sum(client.nthreads().values()))
        self.futures: dict = {}

    def submit(self, task: Task) -> None:
        future = self.client.submit(run_in_guarded_worker, task.function, task.args, task.seconds,
                                    self.memory_limit_mb, pure=False)
        self.futures[future] = task

    def wait(self, seconds: float) -> list[tuple[Task, Any]]:
        from distributed import wait as wait_futures

        if not self.futures:
            return []
        try:
            done = wait_futures(list(self.futures), timeout=seconds, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            return []
        finished = []
        for future in done:
            task = self.futures.pop(future)
            try:
                output = future.result()
            except Exception as exc:  # a Dask worker died or the task could not run
                output = TaskFailed(f"cluster task failed: {type(exc).__name__}: {str(exc)[:200]}", timed_out=False)
            future.release()
            finished.append((task, output))
        return finished

    def close(self) -> None:
        for future in self.futures:
            future.cancel()
        self.futures = {}


class DaskExecutor:
    """The same tasks on a Dask distributed cluster (`tcp://host:8786`) or a local one."""

    def __init__(self, client, task: FileTask | None = None, timeout_seconds: float = 60.0,
                 memory_limit_mb: int = 0, timeout_seconds_per_page: float = 30.0):
        from distributed.diagnostics.plugin import WorkerPlugin

        class _FigscanWorkerSetup(WorkerPlugin):
            name = "figscan-setup"

            def setup(self, worker) -> None:  # runs on every worker, also ones that join later
                relax_malloc_trimming()
                # and the figscan workers it starts run with glibc's defaults, as they do locally
                os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)

        self.client = client
        self.task = task
        self.budget = TimeBudget(timeout_seconds, timeout_seconds_per_page)
        self.memory_limit_mb = memory_limit_mb
        client.register_plugin(_FigscanWorkerSetup())

    @classmethod
    def connect(cls, address: str, timeout_seconds: float = 60.0, memory_limit_mb: int = 0,
                timeout_seconds_per_page: float = 30.0) -> DaskExecutor:
        from distributed import Client

        return cls(Client(address, timeout=CONNECT_SECONDS), timeout_seconds=timeout_seconds,
                   memory_limit_mb=memory_limit_mb, timeout_seconds_per_page=timeout_seconds_per_page)

    def run(self, items: list[InputFile], config: Config,
            done_pages: dict[str, dict] | None = None) -> Iterator[Event]:
        pool = DaskPool(self.client, self.memory_limit_mb)
        try:
            yield from scan_files(items, config, pool, self.budget, done_pages or {}, self.task)
        finally:
            pool.close()

