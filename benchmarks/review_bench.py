"""How the review server behaves at the original analysis's scale (700 papers).

Builds a report folder of N results (copies of tests/report_fixtures' papers, each with its own
sha256 and path, real figure PNGs), starts `figscan review` in-process and times: the report
rewrite a decision triggers, the index's status request, a paper's state, and a decision.
No PDF is read, so this measures the review path only.

    PYTHONPATH=$PWD python benchmarks/review_bench.py --papers 700
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import report_fixtures as fx  # noqa: E402

from figscan.review import TOKEN_HEADER, rewrite_report, start_review  # noqa: E402
from figscan.runner import write_results_jsonl  # noqa: E402
from figscan.score import score_paper  # noqa: E402
from figscan.store import Store  # noqa: E402


def build(out: Path, papers: int) -> list:
    templates = [r for r in fx.realistic_results(out) if r.sha256]
    results = []
    for number in range(papers):
        template = templates[number % len(templates)]
        sha = hashlib.sha256(f"paper {number}".encode()).hexdigest()
        results.append(replace(template, sha256=sha, path=f"batch/{number:04d}-{Path(template.path).name}",
                               score=score_paper(template) if template.score else None))
    with Store(out / "figscan.sqlite") as store:
        for result in results:
            store.save(result)
        store.note_seen(results)
        results = store.results()
    write_results_jsonl(out / "results.jsonl", results)
    return results


def timed(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=700)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        results = build(out, args.papers)
        first = timed(lambda: rewrite_report(out), 1)[0]
        again = timed(lambda: rewrite_report(out), 1)[0]
        session = start_review(out, "bench", rewrite_delay=0.0)
        port, token = session.server.port, session.server.token
        headers = {"Host": f"127.0.0.1:{port}", "Cookie": f"{session.server.cookie_name}={token}"}

        def request(method: str, path: str, body: bytes | None = None, extra: dict | None = None) -> bytes:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request(method, path, body, {**headers, **(extra or {})})
            response = connection.getresponse()
            data = response.read()
            assert response.status == 200, (response.status, data[:200])
            return data

        sha = results[0].sha256
        request("GET", "/_review/api/papers")  # the results cache filled once
        papers = timed(lambda: request("GET", "/_review/api/papers"), args.repeat)
        paper = timed(lambda: request("GET", f"/_review/api/paper?sha256={sha}"), args.repeat)
        decide_body = json.dumps({"sha256": sha, "evidence_id": "paper", "decision": "escalated", "note": "bench"}).encode()
        decide = timed(lambda: request("POST", "/_review/api/decide", decide_body,
                                       {"Content-Type": "application/json", TOKEN_HEADER: token}), args.repeat)
        start = time.perf_counter()
        request("POST", "/_review/api/decide", decide_body, {"Content-Type": "application/json", TOKEN_HEADER: token})
        time.sleep(0.2)
        session.server.rewriter.idle.wait()
        settled = time.perf_counter() - start
        session.stop()
    print(f"{args.papers} papers ({len(results)} results)")
    print(f"report rewrite from the store: first {first:.2f} s, unchanged {again:.2f} s")
    for name, values in (("GET /_review/api/papers (index statuses)", papers),
                         ("GET /_review/api/paper (one paper's state)", paper),
                         ("POST /_review/api/decide", decide)):
        print(f"{name}: median {1000 * statistics.median(values):.0f} ms, max {1000 * max(values):.0f} ms")
    print(f"a decision until the static report shows it: {settled:.2f} s")


if __name__ == "__main__":
    main()
