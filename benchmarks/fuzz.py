"""Fuzz the whole scan with seeded mutants of the sample PDFs (and small corpus PDFs, when
../shared is beside the clone): no crash of the batch, no hang past the per-file limit, every
mutant accounted for.

Run: .venv/bin/python benchmarks/fuzz.py [--mutants 500] [--seed 1] [--timeout 30] [--budget 900]
Mutants are written to a temporary folder (never into the project), scanned in batches of 100
by the local pool (2 workers) until the count or the time budget is reached, then summarised: statuses, the
most common error reasons, the slowest file, and the peak memory of a worker.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from figscan.config import Config
from figscan.discover import discover
from figscan.executors import LocalExecutor
from figscan.schedule import FileDone

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from hostile import mutate_pdf  # noqa: E402  (the test suite's seeded mutator)

SMALL_CORPUS_FILE = 600_000  # bytes: keeps each mutant quick to scan


def seed_files() -> list[Path]:
    seeds = sorted((REPO / "samples").glob("*.pdf"))
    corpus = REPO.parent / "shared" / "corpus"
    seeds += sorted(p for p in corpus.glob("*.pdf") if p.stat().st_size <= SMALL_CORPUS_FILE)
    return seeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0, help="per-file limit, seconds")
    parser.add_argument("--budget", type=float, default=900.0, help="stop starting batches after this, seconds")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = [(p.name, p.read_bytes()) for p in seed_files()]
    statuses: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    slowest = (0.0, "")
    made = accounted = 0
    peak_mb = 0.0
    unexpected: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        while made < args.mutants and time.perf_counter() - started < args.budget:
            batch = Path(tmp) / f"batch-{made:05}"
            batch.mkdir()
            for _ in range(min(100, args.mutants - made)):
                name, data = rng.choice(seeds)
                (batch / f"m{made:05}-{name}").write_bytes(mutate_pdf(data, rng))
                made += 1
            executor = LocalExecutor(2, args.timeout, Config().memory_limit_mb)
            outputs = [event.output for event in executor.run(discover(batch), Config()) if isinstance(event, FileDone)]
            results = [output.result for output in outputs]
            peak_mb = max([peak_mb] + [output.worker_peak_rss_mb for output in outputs])
            expected = {p.name for p in batch.iterdir()}
            missing = expected - {r.path for r in results}
            if missing:
                raise SystemExit(f"FAIL: {len(missing)} mutants missing from results, e.g. {sorted(missing)[:3]}")
            accounted += len(results)
            for r in results:
                statuses[r.status] += 1
                if r.error:
                    reasons[r.error.split(":")[0][:60]] += 1
                if r.status == "error" and r.error.startswith(("unexpected", "timed out")):
                    unexpected.append(f"{r.path}: {r.error}")
                if r.seconds > slowest[0]:
                    slowest = (r.seconds, r.path)
    elapsed = time.perf_counter() - started
    print(f"mutants: {made} made, {accounted} accounted for, from {len(seeds)} seed PDFs, in {elapsed:.0f} s")
    print("statuses:", ", ".join(f"{k} {v}" for k, v in statuses.most_common()))
    print("top reasons:", "; ".join(f"{k} ({v})" for k, v in reasons.most_common(6)))
    print(f"slowest file: {slowest[1]} ({slowest[0]:.1f} s; limit {args.timeout:g} s)")
    print(f"peak memory of a worker process (max RSS): {peak_mb:.0f} MB")
    for line in unexpected[:10]:
        print("look at:", line)


if __name__ == "__main__":
    main()
