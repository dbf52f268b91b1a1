"""Term matching speed: the Aho-Corasick automaton figscan uses against one compiled regular
expression of every spelling (what figscan used before), on the same text, same hits.

Usage: python benchmarks/terms_speed.py [PDF ...]   (default: ../shared/corpus, else samples/)

Prints characters per second for both and whether they found the same (start, end, term)
hits. Timings are the best of 3 runs, one process.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pymupdf

from figscan.analyse.terms import default_taxonomy, fold_text, match_terms

REPO = Path(__file__).resolve().parents[1]


def regex_matcher(taxonomy):
    """The same spellings as one alternation, longest first, on the same folded text."""
    keys = sorted((key for key, _ in taxonomy.automaton.items()), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
    values = dict(taxonomy.automaton.items())

    def find(text: str) -> list[tuple[int, int, tuple[str, str]]]:
        folded = fold_text(text)
        hits = []
        for m in pattern.finditer(folded):
            if m.start() > 0 and text[m.start() - 1] == "-":
                continue
            _, category, term = values[m.group(0)]
            hits.append((m.start(), m.end(), (category, term)))
        return hits
    return find


def best_of(fn, texts, runs=3) -> tuple[float, list]:
    best, out = float("inf"), []
    for _ in range(runs):
        started = time.perf_counter()
        out = [fn(t) for t in texts]
        best = min(best, time.perf_counter() - started)
    return best, out


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((REPO.parent / "shared" / "corpus").glob("*.pdf")) \
        or sorted((REPO / "samples").glob("*.pdf"))
    texts = []
    for path in paths:
        with pymupdf.open(path) as doc:
            texts.extend(page.get_text() for page in doc)
    chars = sum(map(len, texts))
    taxonomy = default_taxonomy()
    n_keys = len(taxonomy.automaton)
    ac_time, ac_hits = best_of(lambda t: match_terms(t, taxonomy), texts)
    rx = regex_matcher(taxonomy)
    rx_time, rx_hits = best_of(rx, texts)
    same = sum(a == b for a, b in zip(ac_hits, rx_hits))
    print(f"{len(paths)} files, {len(texts)} pages, {chars:,} characters, {n_keys} spellings")
    print(f"aho-corasick: {ac_time:.3f} s ({chars / ac_time / 1e6:.1f} M chars/s), {sum(map(len, ac_hits))} hits")
    print(f"regex:        {rx_time:.3f} s ({chars / rx_time / 1e6:.1f} M chars/s), {sum(map(len, rx_hits))} hits")
    print(f"speed-up {rx_time / ac_time:.1f}x; pages with identical hits: {same} of {len(texts)}")
    return 0


if __name__ == "__main__":
    pymupdf.TOOLS.mupdf_display_errors(False)
    raise SystemExit(main(sys.argv[1:]))
