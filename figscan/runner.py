"""A folder in, a report out: discover -> scan (through an executor) -> store -> report.

Pages are checkpointed in the store as workers read them and results stored as files finish,
so an interrupted run loses nothing it finished and the next run continues each file where it
stopped (a file stopped by its time limit, too); a re-run reuses every stored result whose file content, code (every Python and data
file of the package, `figscan.files.code_hash`) and config are unchanged, and inputs that were deleted disappear from the store and the report.
"""
from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from figscan import __version__
from figscan.config import Config
from figscan.discover import InputFile, discover
from figscan.executors import Executor
from figscan.files import code_hash, now_iso, write_atomic
from figscan.model import PaperResult, RunSummary
from figscan.pipeline import PageWork
from figscan.report.html import write_report
from figscan.schedule import PageDone
from figscan.store import Store


class ProgressSink(Protocol):
    def start(self, total: int) -> None: ...
    def page_done(self) -> None: ...
    def update(self, result: PaperResult, reused: bool) -> None: ...


def run_scan(input_dir: Path, out_dir: Path, config: Config, executor: Executor, *,
             force: bool = False, progress: ProgressSink | None = None) -> RunSummary:
    if not input_dir.is_dir():
        raise NotADirectoryError(f"input folder not found: {input_dir}")
    started, clock = now_iso(), time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    figures_dir = out_dir / "figures"
    figures_dir.mkdir(exist_ok=True)
    items = discover(input_dir)
    with Store(out_dir / "figscan.sqlite") as store:
        to_scan, reused = _split_reusable(items, store, config, force)
        if progress:
            progress.start(len(items))
        for result in reused:
            store.save_input(result)
            if progress:
                progress.update(result, True)
        code, config_hash = code_hash(), config.hash()
        done_pages = {} if force else {
            item.sha256: {page: PageWork.from_json(work) for page, work in
                          store.checkpoints(item.sha256, code, config_hash).items()}
            for item in to_scan if item.sha256}
        for event in executor.run(to_scan, config, done_pages):
            if isinstance(event, PageDone):  # kept at once: a run killed now loses no finished page
                for name, data in event.work.assets.items():
                    write_atomic(figures_dir / name, data)
                if event.item.sha256:
                    store.checkpoint(event.item.sha256, code, config_hash, event.work.index, event.work.to_json())
                if progress:
                    progress.page_done()
                continue
            output = event.output
            for name, data in output.assets.items():
                write_atomic(figures_dir / name, data)
            output.result.code_hash = code  # the client's code: what --force would rerun
            store.save(output.result)
            if progress:
                progress.update(output.result, False)
        store.forget_inputs_except(item.relative for item in items)
        results = store.results()
        store.note_seen(results)  # before the reviews: evidence new in this scan is marked new
        reviews = store.reviews(results)
    _remove_orphan_assets(figures_dir, results)
    summary = RunSummary(
        input_dir=str(input_dir), started=started, seconds=round(time.perf_counter() - clock, 2),
        files=len(results), pages=sum(r.pages_read for r in results),
        errors=sum(r.status == "error" for r in results), reused=len(reused),
        figscan_version=__version__, config_hash=config.hash())
    write_results_jsonl(out_dir / "results.jsonl", results)
    with Store(out_dir / "figscan.sqlite") as store:
        store.save_run(summary)  # `figscan review` rewrites the report from the store without a scan
    write_report(out_dir, results, summary, reviews)
    return summary


def _split_reusable(items: list[InputFile], store: Store, config: Config,
                    force: bool) -> tuple[list[InputFile], list[PaperResult]]:
    to_scan, reused = [], []
    config_hash = config.hash()
    for item in sorted(items, key=lambda i: -i.size):  # largest first: workers finish together
        cached = None if force or not item.sha256 else store.cached(item.sha256, code_hash(), config_hash)
        if cached is None or cached.stopped:  # a file a limit stopped is continued where it stopped
            to_scan.append(item)
        else:
            reused.append(replace(cached, path=item.relative))
    return to_scan, reused


def write_results_jsonl(path: Path, results: list[PaperResult]) -> None:
    """The contract: one JSON object per input file, in path order."""
    lines = [json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True) for r in results]
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))


def _remove_orphan_assets(figures_dir: Path, results: list[PaperResult]) -> None:
    """Figure images of inputs that were deleted or re-scanned with fewer figures."""
    keep = set()
    for result in results:
        for figure in result.figures:
            keep.add(figure.image)
            if figure.shape and figure.shape.overlay:
                keep.add(figure.shape.overlay)
    for path in figures_dir.iterdir():
        if path.name not in keep:
            path.unlink(missing_ok=True)
