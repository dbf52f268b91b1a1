"""Compare two results.jsonl files field by field, ignoring timings and version stamps.

    python benchmarks/compare_results.py BEFORE/results.jsonl AFTER/results.jsonl [--ignore FIELD ...]

Rows are paired by `path`. Prints every difference as `file: json.path: before -> after` and a
count; exits 1 when any row differs or is missing on one side, 0 when all match. Used to show
that a refactoring changed no result: scan the same folder with the old and the new code
(`--force`, separate output folders) and compare.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterator

# Fields that record when, how fast or by which build a result was made, not what it found.
IGNORED = {"seconds", "config_hash", "figscan_version", "code_version", "started"}


def load(path: Path) -> dict[str, dict[str, Any]]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["path"]: row for row in rows}


def differences(before: Any, after: Any, where: str, ignored: set[str]) -> Iterator[str]:
    """Paths at which two JSON values differ, with both values (shortened)."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            if key in ignored:
                continue
            if key not in before or key not in after:
                side = "after only" if key not in before else "before only"
                yield f"{where}.{key}: {side}"
            else:
                yield from differences(before[key], after[key], f"{where}.{key}", ignored)
    elif isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            yield f"{where}: {len(before)} items -> {len(after)} items"
        for index, (b, a) in enumerate(zip(before, after)):
            yield from differences(b, a, f"{where}[{index}]", ignored)
    elif before != after:
        yield f"{where}: {_short(before)} -> {_short(after)}"


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", action="append", default=[], help="another field name to ignore")
    args = parser.parse_args(argv)
    ignored = IGNORED | set(args.ignore)
    before, after = load(args.before), load(args.after)
    found = 0
    for path in sorted(set(before) | set(after)):
        if path not in before or path not in after:
            print(f"{path}: only in {'after' if path not in before else 'before'}")
            found += 1
            continue
        for line in differences(before[path], after[path], "", ignored):
            print(f"{path}: {line.lstrip('.')}")
            found += 1
    print(f"{len(set(before) | set(after))} files, {found} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
