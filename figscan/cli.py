"""`figscan scan DIR --out OUT`, `figscan review OUT`, `figscan decisions export|import OUT FILE`:
argument parsing, progress and exit codes; the work is in runner, review and decisions.

Exit codes: 0 when the run completed (files that could not be read are in the report with their
reason), 1 when the run itself could not go on (e.g. the output folder is not writable),
2 for a usage error (bad folder, bad config).
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from figscan import __version__
from figscan.config import Config
from figscan.lists import add_lists_command, run_lists_command
from figscan.model import PaperResult

EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE = 0, 1, 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="figscan", description=__doc__)
    parser.add_argument("--version", action="version", version=f"figscan {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    scan = commands.add_parser("scan", help="scan every PDF under DIR and write a report to OUT")
    scan.add_argument("input_dir", type=Path, metavar="DIR")
    scan.add_argument("--out", type=Path, required=True, metavar="OUT", help="report folder (created)")
    scan.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    scan.add_argument("--timeout", type=time_budget, default=(None, None), metavar="BASE[+PER_PAGE]",
                      help="time limit per PDF: BASE seconds plus PER_PAGE seconds for each page"
                           " (default: 60+30); pages left unread when it runs out make the file partial")
    scan.add_argument("--memory-limit", type=int, default=None, metavar="MB",
                      help="address-space limit per worker process (default: 3072)")
    scan.add_argument("--scheduler", default=None, metavar="ADDRESS",
                      help="run the tasks on a Dask cluster, e.g. tcp://host:8786")
    scan.add_argument("--force", action="store_true", help="re-scan files whose results are stored already")
    scan.add_argument("--config", type=Path, default=None, help="a figscan.toml with settings")
    scan.add_argument("--no-ocr", action="store_true", help="never run Tesseract")
    scan.add_argument("--quiet", "-q", action="store_true", help="print only the final summary")
    scan.add_argument("--verbose", "-v", action="store_true", help="log details of unexpected failures")
    add_lists_command(commands)
    review = commands.add_parser("review", help="serve the report in OUT on 127.0.0.1 to record decisions")
    review.add_argument("out", type=Path, metavar="OUT", help="a report folder written by figscan scan")
    review.add_argument("--reviewer", default=None, help="name stored with each decision (default: your login)")
    review.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    decisions = commands.add_parser("decisions", help="export or import reviewer decisions (CSV or JSON)")
    actions = decisions.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write every decision in OUT's store to FILE (.csv or .json)")
    export.add_argument("out", type=Path, metavar="OUT")
    export.add_argument("file", type=Path, metavar="FILE")
    merge = actions.add_parser("import", help="merge decisions from FILE into OUT's store: the latest decided_at wins")
    merge.add_argument("out", type=Path, metavar="OUT")
    merge.add_argument("file", type=Path, metavar="FILE")
    return parser.parse_args(argv)


def time_budget(text: str) -> tuple[float | None, float | None]:
    """"90" (a base; the per-page allowance stays) or "30+5" (30 s plus 5 s a page)."""
    base, _, per_page = text.partition("+")
    try:
        seconds = (float(base), float(per_page) if per_page else None)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not SECONDS or SECONDS+SECONDS_PER_PAGE: {text!r}") from None
    if seconds[0] <= 0 or (seconds[1] is not None and seconds[1] < 0):
        raise argparse.ArgumentTypeError(f"time limits must be positive: {text!r}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    if args.command == "lists":
        return run_lists_command(args)
    if args.command == "review":
        return run_review_command(args)
    if args.command == "decisions":
        return run_decisions_command(args)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:  # before the pipeline is imported: its modules read their settings files when loaded
        config = Config.load(args.config, workers=args.workers, timeout_seconds=args.timeout[0],
                             timeout_seconds_per_page=args.timeout[1],
                             memory_limit_mb=args.memory_limit, ocr=False if args.no_ocr else None)
    except (OSError, ValueError, TypeError) as exc:
        print(f"figscan: bad configuration: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from figscan.executors import DaskExecutor, LocalExecutor
    from figscan.runner import run_scan

    if not args.input_dir.is_dir():
        print(f"figscan: input folder not found: {args.input_dir}", file=sys.stderr)
        return EXIT_USAGE
    if args.scheduler:
        try:
            executor = DaskExecutor.connect(args.scheduler, config.timeout_seconds, config.memory_limit_mb,
                                            config.timeout_seconds_per_page)
        except ImportError:
            print("figscan: --scheduler needs Dask: pip install 'figscan[dask]'", file=sys.stderr)
            return EXIT_USAGE
        except (OSError, TimeoutError, ValueError) as exc:
            print(f"figscan: cannot reach the Dask scheduler at {args.scheduler}: {exc}", file=sys.stderr)
            return EXIT_RUN_FAILED
    else:
        executor = LocalExecutor(config.workers, config.timeout_seconds, config.memory_limit_mb,
                                 timeout_seconds_per_page=config.timeout_seconds_per_page)
    progress = Progress(quiet=args.quiet)
    try:
        with progress:
            summary = run_scan(args.input_dir, args.out, config, executor, force=args.force, progress=progress)
    except (OSError, RuntimeError) as exc:
        print(f"figscan: the run stopped: {exc}", file=sys.stderr)
        return EXIT_RUN_FAILED
    print(f"figscan: {summary.files} files ({summary.reused} unchanged, reused), {summary.pages} pages,"
          f" {summary.errors} errors in {summary.seconds:.1f} s -> {args.out / 'index.html'}")
    return EXIT_OK


class Progress:
    """A rich progress bar on a terminal; plain log lines otherwise; nothing with --quiet. The
    bar counts pages as workers read them, so a long scan visibly advances, and files as they
    finish."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar = None
        self.done = self.errors = self.pages = 0
        self.started = time.perf_counter()

    def __enter__(self) -> Progress:
        if not self.quiet and sys.stderr.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TextColumn("files,"),
                                    TextColumn("{task.fields[pages]} pages ({task.fields[rate]} pages/s),"
                                               " {task.fields[errors]} errors"),
                                    TimeRemainingColumn(), transient=False)
            self.bar.start()
            self.task = self.bar.add_task("scan", total=None, pages=0, rate="0.0", errors=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()

    def start(self, total: int) -> None:
        if self.bar:
            self.bar.update(self.task, total=total)
        elif not self.quiet:
            print(f"figscan: {total} files to read", file=sys.stderr, flush=True)

    def page_done(self) -> None:
        self.pages += 1
        if self.bar:
            self.bar.update(self.task, pages=self.pages, rate=f"{self._rate():.1f}")

    def _rate(self) -> float:
        return self.pages / max(time.perf_counter() - self.started, 1e-6)

    def update(self, result: PaperResult, reused: bool) -> None:
        self.done += 1
        self.errors += result.status == "error"
        if self.bar:
            self.bar.update(self.task, completed=self.done, pages=self.pages, rate=f"{self._rate():.1f}",
                            errors=self.errors)
        elif not self.quiet:
            state = "reused" if reused else result.status
            reason = f": {result.error}" if result.error else ""
            pages = "" if reused else f" ({self.pages} pages read so far)"
            print(f"[{self.done}] {state:7} {result.path}{reason}{pages}", file=sys.stderr, flush=True)


def run_review_command(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C (or SIGTERM); the report is rewritten with the decisions on the way out."""
    import getpass
    import signal

    from figscan.review import open_review

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        server = open_review(args.out, args.reviewer if args.reviewer is not None else getpass.getuser(), args.port)
    except (FileNotFoundError, OSError) as exc:
        print(f"figscan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"figscan: reviewing {args.out} at\n  {server.url}\n(open it in a browser on this machine; Ctrl-C stops)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    print(f"figscan: review stopped; decisions are in {args.out / 'figscan.sqlite'} and the report", flush=True)
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_decisions_command(args: argparse.Namespace) -> int:
    from figscan.decisions import evidence_items, export_csv, export_json, merge, parse_export
    from figscan.review import rewrite_report
    from figscan.store import Store

    store_path = args.out / "figscan.sqlite"
    if not store_path.is_file():
        print(f"figscan: no figscan.sqlite in {args.out}", file=sys.stderr)
        return EXIT_USAGE
    with Store(store_path) as store:
        if args.action == "export":
            decisions = store.decisions()
            results = [r for r in store.results() if r.sha256]
            labels = {(r.sha256, e.id): f"{r.path}: {e.label}" for r in results for e in evidence_items(r)}
            labels |= {(r.sha256, "paper"): r.path for r in results}
            text = export_json(decisions, labels) if args.file.suffix.lower() == ".json" else export_csv(decisions, labels)
            args.file.write_text(text, encoding="utf-8")
            print(f"figscan: {len(decisions)} decisions -> {args.file}")
            return EXIT_OK
        try:
            incoming = parse_export(args.file.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            print(f"figscan: cannot import {args.file}: {exc} (nothing imported)", file=sys.stderr)
            return EXIT_USAGE
        local = {(d.sha256, d.evidence_id): d for d in store.decisions()}
        winners, outcome = merge(local, incoming)
        store.write_decisions(winners, source=str(args.file))
        store.log_decisions([d for d in incoming if d not in winners], source=f"{args.file} (not applied)")
    for conflict in outcome.conflicts:
        print(f"conflict: {conflict}")
    print(f"figscan: {outcome.added} decisions added, {outcome.replaced} replaced by newer ones,"
          f" {outcome.unchanged} already here, {len(outcome.conflicts)} conflicts")
    rewrite_report(args.out)
    return EXIT_OK
