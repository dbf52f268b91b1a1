"""Where scan tasks run: local worker processes, or a Dask cluster. Nothing else changes at scale.

Both yield `(input, ScanOutput)` pairs as tasks finish, in completion order, so results stream
into the store and nothing holds the whole corpus in memory. Both enforce the per-file time limit
and memory guard the same way: the PDF is read in a worker process that is replaced when it
overruns or dies (on a Dask cluster, a child of each Dask worker).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import threading
import time
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator, Protocol

from figscan.config import Config
from figscan.discover import InputFile
from figscan.model import PaperResult
from figscan.pipeline import ScanOutput, scan_file


class Executor(Protocol):
    def run(self, items: list[InputFile], config: Config) -> Iterator[tuple[InputFile, ScanOutput]]: ...


def failed(item: InputFile, config: Config, reason: str) -> ScanOutput:
    from figscan import __version__

    return ScanOutput(PaperResult(path=item.relative, status="error", sha256=item.sha256, size=item.size,
                                  error=reason, figscan_version=__version__, config_hash=config.hash()))


Task = Callable[[InputFile, Config], ScanOutput]
STARTUP_SECONDS = 120
CONNECT_SECONDS = 10  # to a Dask scheduler
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters


def _worker_main(connection: Connection, memory_limit_mb: int, threads: int, task: Task) -> None:
    """Scan what the parent sends until it sends None; the address-space cap is the memory guard.

    OpenCV's own thread pool gets this worker's share of the cores, so workers do not
    oversubscribe the machine."""
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
        item, config = message
        output = task(item, config)
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
    def __init__(self, context: multiprocessing.context.BaseContext, memory_limit_mb: int, threads: int, task: Task):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, memory_limit_mb, threads, task), daemon=True)
        self.process.start()
        child.close()
        self.item: InputFile | None = None
        self.started = 0.0
        try:
            started = self.connection.poll(STARTUP_SECONDS) and self.connection.recv() == "ready"
        except (EOFError, OSError):
            started = False
        if not started:
            self.stop(kill=True)
            raise RuntimeError(f"a figscan worker process did not start within {STARTUP_SECONDS} s"
                               " (is --memory-limit too low for the libraries to load?)")

    def give(self, item: InputFile, config: Config) -> None:
        self.item, self.started = item, time.monotonic()
        self.connection.send((item, config))

    def collect(self, ready: list, timeout_seconds: float, config: Config) -> tuple[ScanOutput | None, bool]:
        """The finished task's output (None while it runs), and whether this worker is broken:
        it died (crash, memory guard) or overran its time limit."""
        assert self.item is not None
        if self.connection in ready:
            try:
                return self.connection.recv(), False
            except (EOFError, OSError):
                pass
        if self.process.sentinel in ready or self.connection in ready:
            self.process.join(timeout=5)
            return failed(self.item, config, f"worker crashed while reading this PDF (exit code"
                          f" {self.process.exitcode}): out of memory or a crash in the PDF library"), True
        if time.monotonic() - self.started > timeout_seconds:
            return failed(self.item, config, f"timed out: gave up after {timeout_seconds:g} s"), True
        return None, False

    def scan(self, item: InputFile, config: Config, timeout_seconds: float) -> tuple[ScanOutput, bool]:
        """One task to its end: the output and whether this worker is broken (see collect)."""
        self.give(item, config)
        while True:
            ready = wait([self.connection, self.process.sentinel], timeout=1.0)
            output, broken = self.collect(ready, timeout_seconds, config)
            if output is not None:
                self.item = None
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


class LocalExecutor:
    """A pool of worker processes, one PDF per task, with a time limit per file."""

    def __init__(self, workers: int = 0, timeout_seconds: float = 120.0, memory_limit_mb: int = 0,
                 task: Task = scan_file):
        self.workers = workers or os.cpu_count() or 1
        self.threads = max(1, (os.cpu_count() or 1) // self.workers)
        self.task = task
        self.timeout_seconds = timeout_seconds
        self.memory_limit_mb = memory_limit_mb
        self.context = _worker_context()

    def run(self, items: list[InputFile], config: Config) -> Iterator[tuple[InputFile, ScanOutput]]:
        pending = list(reversed(items))
        workers = [_Worker(self.context, self.memory_limit_mb, self.threads, self.task) for _ in range(min(self.workers, len(items)))]
        try:
            for worker in workers:
                if pending:
                    worker.give(pending.pop(), config)
            while any(w.item for w in workers):
                busy = [w for w in workers if w.item]
                ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
                for index, worker in enumerate(workers):
                    item = worker.item
                    if item is None:
                        continue
                    output, broken = worker.collect(ready, self.timeout_seconds, config)
                    if output is None:
                        continue
                    if broken:
                        worker.stop(kill=True)
                        worker = workers[index] = _Worker(self.context, self.memory_limit_mb, self.threads, self.task)
                    worker.item = None
                    if pending:
                        worker.give(pending.pop(), config)
                    yield item, output
        finally:
            for worker in workers:
                worker.stop(kill=worker.item is not None)


def _worker_context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["figscan.pipeline"])  # each new worker forks with imports done
    return context


_dask_thread = threading.local()  # per Dask worker thread: {(task, memory limit): its figscan worker}


def scan_in_guarded_worker(task: Task, item: InputFile, config: Config, timeout_seconds: float,
                           memory_limit_mb: int) -> ScanOutput:
    """A Dask task: `task` run in this Dask worker thread's own figscan worker process, with the
    local pool's time limit and memory guard; a worker that overran or died is replaced.

    Dask starts its workers as daemon processes, which multiprocessing forbids to have children
    because it would not wait for them on exit. The figscan worker needs no waiting: it leaves
    when its pipe closes, so the flag is lifted while it starts."""
    workers = _dask_thread.__dict__.setdefault("workers", {})
    key = (task, memory_limit_mb)
    if key not in workers:
        process = multiprocessing.current_process()
        daemon = process._config.get("daemon")
        process._config["daemon"] = False
        try:
            workers[key] = _Worker(_worker_context(), memory_limit_mb, 1, task)
        finally:
            process._config["daemon"] = daemon
    output, broken = workers[key].scan(item, config, timeout_seconds)
    if broken:
        workers.pop(key).stop(kill=True)
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


class DaskExecutor:
    """The same tasks on a Dask distributed cluster (`tcp://host:8786`) or a local one."""

    def __init__(self, client, task: Task = scan_file, timeout_seconds: float = 120.0, memory_limit_mb: int = 0):
        from distributed.diagnostics.plugin import WorkerPlugin

        class _FigscanWorkerSetup(WorkerPlugin):
            name = "figscan-setup"

            def setup(self, worker) -> None:  # runs on every worker, also ones that join later
                relax_malloc_trimming()
                # and the figscan workers it starts run with glibc's defaults, as they do locally
                os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)

        self.client = client
        self.task = task
        self.timeout_seconds = timeout_seconds
        self.memory_limit_mb = memory_limit_mb
        client.register_plugin(_FigscanWorkerSetup())

    @classmethod
    def connect(cls, address: str, timeout_seconds: float = 120.0, memory_limit_mb: int = 0) -> "DaskExecutor":
        from distributed import Client

        return cls(Client(address, timeout=CONNECT_SECONDS), timeout_seconds=timeout_seconds,
                   memory_limit_mb=memory_limit_mb)

    def run(self, items: list[InputFile], config: Config) -> Iterator[tuple[InputFile, ScanOutput]]:
        from distributed import as_completed

        futures = {self.client.submit(scan_in_guarded_worker, self.task, item, config, self.timeout_seconds,
                                      self.memory_limit_mb, pure=False): item for item in items}
        for future in as_completed(futures):
            item = futures.pop(future)
            try:
                output = future.result()
            except Exception as exc:  # a worker died or the task could not run
                output = failed(item, config, f"cluster task failed: {type(exc).__name__}: {str(exc)[:200]}")
            future.release()
            yield item, output
