"""`figscan review`: the server's security model, decisions in the store and the report, stable
evidence ids, and export/import. The report under review is built from report_fixtures (no scan)
except where a test scans generated PDFs in-process to check what survives a re-scan."""
from __future__ import annotations

import csv
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
import report_fixtures as fx
from conftest import make_paper

from figscan import runner
from figscan.cli import main
from figscan.decisions import (
    Decision,
    evidence_items,
    figure_evidence_id,
    merge,
    now_precise,
    parse_export,
)
from figscan.model import EntityMatch
from figscan.report.exports import paper_page_names
from figscan.review import REPORT_CSP, TOKEN_HEADER, rewrite_report, start_review
from figscan.runner import write_results_jsonl
from figscan.score import score_paper
from figscan.store import Store

REPO = Path(__file__).resolve().parents[1]
REPO = Path(__file__).resolve().parents[1]
KP_PAPER = "a1b2c3d4e5f60718" + "9" * 48  # report_fixtures.harbin_kp_paper: DPRK and HEU co-authors, 2 flagged figures


def build_out(out: Path) -> Path:
    """A report folder as a scan leaves it: store, results.jsonl, figures, pages."""
    results = [replace(r, score=score_paper(r)) if r.score else r for r in fx.realistic_results(out)]  # as the pipeline scores
    with Store(out / "figscan.sqlite") as store:
        for result in results:
            store.save(result)
        results = store.results()
    write_results_jsonl(out / "results.jsonl", results)
    rewrite_report(out)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_out(tmp_path_factory.mktemp("built") / "out")


@pytest.fixture
def review(tmp_path, built):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    (tmp_path / "secret.txt").write_text("TOP SECRET beside OUT")
    session = start_review(out, "tester", rewrite_delay=0.05)
    yield session, out
    session.stop()


class Client:
    """Raw HTTP to the server: paths go out exactly as written (no client-side normalising)."""

    def __init__(self, session, token: str | None = None, cookie: bool = False):
        self.port = session.server.port
        self.token = session.server.token
        self.headers = {"Host": f"127.0.0.1:{self.port}"}
        if cookie:
            self.headers["Cookie"] = f"{session.server.cookie_name}={self.token}"

    def request(self, method: str, path: str, body: bytes | None = None, **headers: str):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in {**self.headers, **headers}.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response, data

    def decide(self, sha: str, evidence_id: str, decision: str, note: str = "", **headers: str):
        body = json.dumps({"sha256": sha, "evidence_id": evidence_id, "decision": decision, "note": note}).encode()
        return self.request("POST", "/_review/api/decide", body, **{
            "Content-Type": "application/json", TOKEN_HEADER: self.token,
            "Origin": f"http://127.0.0.1:{self.port}", **headers})


def stored(out: Path) -> list[tuple]:
    with sqlite3.connect(out / "figscan.sqlite") as db:
        return db.execute("SELECT sha256, evidence_id, decision, note FROM decisions ORDER BY 1, 2").fetchall()


def paper_page(out: Path, sha: str) -> str:
    with Store(out / "figscan.sqlite") as store:
        results = store.results()
    [result] = [r for r in results if r.sha256 == sha]
    return (out / "papers" / paper_page_names(results)[result.path]).read_text("utf-8")


def wait_for(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# --- security ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/index.html", "/", "/static/report.js", "/_review/api/papers",
                                  f"/_review/api/paper?sha256={KP_PAPER}", "/index.html?token=wrong"])
def test_a_request_without_the_token_is_refused(review, path):
    session, _ = review
    response, body = Client(session).request("GET", path)
    assert response.status == 403
    assert b"Harbin" not in body and session.server.token.encode() not in body


def test_the_token_in_the_address_becomes_a_strict_cookie_and_leaves_the_address(review):
    session, _ = review
    client = Client(session)
    response, _ = client.request("GET", f"/index.html?token={session.server.token}")
    assert response.status == 303 and response.getheader("Location") == "/index.html"
    cookie = response.getheader("Set-Cookie")
    assert cookie.startswith(f"{session.server.cookie_name}={session.server.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    client.headers["Cookie"] = cookie.split(";")[0]
    response, body = client.request("GET", "/index.html")
    assert response.status == 200 and b"Harbin Engineering University" in body
    assert response.getheader("Content-Security-Policy") == REPORT_CSP + "; frame-ancestors 'none'"
    assert f'content="{REPORT_CSP}"'.encode() in body  # the page's own policy, the same
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_the_token_redirect_never_leaves_the_server(review):
    session, _ = review
    response, _ = Client(session).request("GET", f"//evil.example/x?token={session.server.token}")
    assert response.status == 303 and response.getheader("Location") == "/evil.example/x"


def test_only_loopback_and_its_own_host_name(review):
    session, _ = review
    assert session.server.server_address[0] == "127.0.0.1"
    response, _ = Client(session, cookie=True).request("GET", "/index.html", Host=f"evil.example:{session.server.port}")
    assert response.status == 403  # a DNS-rebinding page sends its own host name


def test_a_get_that_tries_to_change_state_is_refused_and_changes_nothing(review):
    session, out = review
    client = Client(session, cookie=True)
    query = f"sha256={KP_PAPER}&evidence_id=paper&decision=escalated&token={session.server.token}"
    response, _ = client.request("GET", f"/_review/api/decide?{query}")
    assert response.status == 405 and response.getheader("Allow") == "GET, POST"
    for method in ("PUT", "DELETE", "PATCH"):
        assert client.request(method, f"/_review/api/decide?{query}")[0].status == 405
    assert client.request("POST", "/index.html")[0].status == 405  # no POST to files either
    assert stored(out) == []


def test_a_post_needs_the_token_header_same_origin_and_json(review):
    session, out = review
    client = Client(session, cookie=True)
    assert client.decide(KP_PAPER, "paper", "escalated", **{TOKEN_HEADER: ""})[0].status == 403  # cookie alone
    assert client.decide(KP_PAPER, "paper", "escalated", Origin="http://evil.example")[0].status == 403
    assert client.decide(KP_PAPER, "paper", "escalated", **{"Sec-Fetch-Site": "cross-site"})[0].status == 403
    assert client.decide(KP_PAPER, "paper", "escalated", **{"Content-Type": "text/plain"})[0].status == 415
    assert client.decide(KP_PAPER, "paper", "launched")[0].status == 400
    assert client.request("POST", "/_review/api/decide", b"[]", **{"Content-Type": "application/json",
                                                                  TOKEN_HEADER: session.server.token})[0].status == 400
    assert client.decide(KP_PAPER, "entity:kim il sung university", "dismissed", "")[0].status == 400  # no reason
    assert client.decide(KP_PAPER, "entity:not in this paper", "confirmed")[0].status == 404
    assert stored(out) == []
    response, body = client.decide(KP_PAPER, "paper", "escalated", "DPRK co-author")
    assert response.status == 200 and json.loads(body)["review"]["status"] == "escalated"
    assert stored(out) == [(KP_PAPER, "paper", "escalated", "DPRK co-author")]


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/papers/%2E%2E/%2e%2e/secret.txt", "/figures/..%2f..%2fsecret.txt",
    "//etc/passwd", "/%2Fetc%2Fpasswd", "/%5c..%5csecret.txt", "/link-out/secret.txt", "/leak.txt",
    "/.hidden", "/papers", "/figures/%00.png", "/%ff%fe"])
def test_no_path_outside_out_is_served(review, path):
    session, out = review
    (out / "link-out").symlink_to(out.parent, target_is_directory=True)
    (out / "leak.txt").symlink_to(out.parent / "secret.txt")
    (out / ".hidden").write_text("TOP SECRET dotfile")
    response, body = Client(session, cookie=True).request("GET", path)
    assert response.status in (403, 404)
    assert b"TOP SECRET" not in body and b"root:" not in body


def test_a_symlink_that_stays_inside_out_is_served(review):
    session, out = review
    (out / "same.css").symlink_to(out / "static" / "report.css")
    response, body = Client(session, cookie=True).request("GET", "/same.css")
    assert response.status == 200 and body == (out / "static" / "report.css").read_bytes()


def test_a_note_with_a_script_is_stored_as_typed_and_shown_as_text(review):
    session, out = review
    payload = "<script>window.__xss = 1</script><img src=x onerror=alert(1)> & more"
    response, body = Client(session, cookie=True).decide(KP_PAPER, "paper", "escalated", payload)
    assert response.status == 200 and response.getheader("Content-Type").startswith("application/json")
    assert json.loads(body)["review"]["note"] == payload
    assert stored(out) == [(KP_PAPER, "paper", "escalated", payload)]
    wait_for(lambda: 'data-review="status">escalated<' in paper_page(out, KP_PAPER))
    page = paper_page(out, KP_PAPER)
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more" in page
    assert "<script>window.__xss" not in page and "<img src=x" not in page


# --- decisions in the report ------------------------------------------------------------------

def test_a_dismissed_match_leaves_the_score_and_shows_its_reason(review):
    session, out = review
    client = Client(session, cookie=True)
    before = json.loads(client.request("GET", f"/_review/api/paper?sha256={KP_PAPER}")[1])
    ids = [e["evidence"]["id"] for e in before["review"]["evidence"]]
    assert "entity:kim il sung university" in ids and "funder:national natural science foundation of china" in ids
    response, body = client.decide(KP_PAPER, "entity:kim il sung university", "dismissed", "a namesake, not the DPRK one")
    after = json.loads(body)
    assert float(after["score_text"]) < float(before["score_text"])
    [entry] = [e for e in after["review"]["evidence"] if e["evidence"]["id"] == "entity:kim il sung university"]
    assert entry["text"] == "dismissed: a namesake, not the DPRK one"
    wait_for(lambda: "dismissed: a namesake" in paper_page(out, KP_PAPER))
    page = paper_page(out, KP_PAPER)
    assert f"score {after['score_text']}" in page and "as scanned" in page

    def csv_score() -> float:
        [row] = [r for r in csv.DictReader((out / "papers.csv").open()) if r["sha256"] == KP_PAPER]
        return float(row["score"])

    # the rewrite writes papers.csv after the paper pages: under load a read in between sees the old score
    wait_for(lambda: csv_score() == float(after["score_text"]))


def test_statuses_show_in_the_index(review):
    session, out = review
    client = Client(session, cookie=True)
    client.decide(KP_PAPER, "paper", "cleared", "checked with the grant office")
    states = json.loads(client.request("GET", "/_review/api/papers")[1])["papers"]
    assert states[KP_PAPER]["status"] == "cleared"
    assert {s["status"] for sha, s in states.items() if sha != KP_PAPER} == {"to review"}
    wait_for(lambda: f'data-review-paper="{KP_PAPER}">cleared<' in (out / "index.html").read_text())


# --- stable ids and re-scans ---------------------------------------------------------------------

def test_evidence_ids_do_not_depend_on_order_numbering_or_code(tmp_path):
    result = fx.harbin_kp_paper(tmp_path)
    ids = {e.id for e in evidence_items(result)}
    assert ids >= {"figure:p3:70-140-520-360", "figure:p5:70-140-520-360", "country:KP",
                   "entity:kim il sung university", "funder:national natural science foundation of china"}
    shuffled = replace(result, code_hash="another code", figscan_version="9.9",
                       entities=list(reversed(result.entities)), affiliations=result.affiliations,
                       figures=[replace(f, id=f"p{f.page}-f{n + 7}") for n, f in enumerate(reversed(result.figures))])
    assert {e.id for e in evidence_items(shuffled)} == ids
    figure = result.figures[0]
    assert figure_evidence_id(figure.page, figure.bbox) == figure_evidence_id(
        figure.page, tuple(v + 0.4 for v in figure.bbox))  # re-extraction jitter


def test_a_figure_whose_box_moved_keeps_its_decision(tmp_path):
    result = fx.harbin_kp_paper(tmp_path)
    figure = result.figures[0]
    with Store(tmp_path / "figscan.sqlite") as store:
        store.save(result)
        store.note_seen([result])
        old_id = figure_evidence_id(figure.page, figure.bbox)
        store.decide(Decision(result.sha256, old_id, "dismissed", "a pipe, not a missile", now_precise()))
        x0, y0, x1, y1 = figure.bbox
        moved = replace(result, figures=[replace(figure, bbox=(x0 + 6, y0 + 4, x1 + 6, y1 + 4)), *result.figures[1:]])
        assert figure_evidence_id(figure.page, moved.figures[0].bbox) != old_id
        store.note_seen([moved])
        review = store.paper_review(moved, store.review_began())
    entry = next(e for e in review.evidence if e.evidence.kind == "figure" and e.evidence.label.startswith(f"figure {figure.id}"))
    assert entry.decision == "dismissed" and not entry.new


@pytest.fixture
def scanned(tmp_path):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    make_paper(folder / "a.pdf", title="Vibration of a finned body", with_raster=False)
    from inprocess import scan
    scan(folder, tmp_path / "out")
    return folder, tmp_path / "out", scan


def test_decisions_and_evidence_ids_survive_a_rescan_and_a_code_update(scanned, monkeypatch):
    folder, out, scan = scanned
    with Store(out / "figscan.sqlite") as store:
        [result] = store.results()
    ids = [e.id for e in evidence_items(result)]
    assert any(i.startswith("figure:") for i in ids) and "entity:harbin engineering university" in ids
    with Store(out / "figscan.sqlite") as store:
        store.decide(Decision(result.sha256, "entity:harbin engineering university", "dismissed", "test paper",
                              now_precise(), "tester"))
        store.decide(Decision(result.sha256, "paper", "cleared", "", now_precise(), "tester"))
    scan(folder, out, force=True)
    monkeypatch.setattr(runner, "code_hash", lambda: "a different code hash")
    summary = scan(folder, out)
    assert summary.reused == 0  # everything read again under the new code
    with Store(out / "figscan.sqlite") as store:
        [again] = store.results()
        review = store.paper_review(again, store.review_began())
    assert again.code_hash == "a different code hash"
    assert [e.id for e in evidence_items(again)] == ids
    assert review.status == "cleared" and review.dismissed == {"entity:harbin engineering university"}
    assert not any(e.new for e in review.evidence)
    page = paper_page(out, again.sha256)
    assert "dismissed: test paper" in page and "cleared" in page


def test_only_what_appeared_after_reviewing_began_is_new(tmp_path):
    results = fx.realistic_results(tmp_path)
    kp, other = fx.harbin_kp_paper(tmp_path), fx.kp_structures_paper(tmp_path)
    with Store(tmp_path / "figscan.sqlite") as store:
        store.note_seen(results)
        assert not any(r.new for r in store.reviews(results).values())  # no review yet: nothing is new
        store.begin_review("tester")
        store.decide(Decision(kp.sha256, "paper", "escalated", "", now_precise()))
        grown = replace(kp, entities=[*kp.entities, EntityMatch(
            "Harbin Institute of Technology", "HIT", "US Entity List", "", "entity-list", "text", 4, 2.0)])
        store.note_seen([grown, other])
        reviews = store.reviews([grown, other])
    assert not reviews[other.sha256].new and not any(e.new for e in reviews[other.sha256].evidence)
    assert [e.evidence.id for e in reviews[kp.sha256].evidence if e.new] == ["entity:harbin institute of technology"]


# --- export and import ---------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_then_import_elsewhere_gives_the_same_decisions(tmp_path, suffix):
    first, second = build_out(tmp_path / "first"), build_out(tmp_path / "second")
    with Store(first / "figscan.sqlite") as store:
        store.decide(Decision(KP_PAPER, "paper", "escalated", "=HYPERLINK(\"x\") and \"quotes\",\nnew line",
                              now_precise(), "ana"))
        store.decide(Decision(KP_PAPER, "entity:kim il sung university", "dismissed", "namesake", now_precise(), "ana"))
    exported = tmp_path / f"decisions{suffix}"
    assert main(["decisions", "export", str(first), str(exported)]) == 0
    if suffix == ".csv":
        assert "'=HYPERLINK" in exported.read_text()  # a spreadsheet shows it, never runs it
    assert main(["decisions", "import", str(second), str(exported)]) == 0
    assert stored(second) == stored(first)
    assert "dismissed: namesake" in paper_page(second, KP_PAPER)


def test_import_merges_by_latest_decision_and_reports_conflicts(tmp_path, capsys):
    out = build_out(tmp_path / "out")
    early, late = "2026-01-01T00:00:00.000000Z", "2026-06-01T00:00:00.000000Z"
    with Store(out / "figscan.sqlite") as store:
        store.decide(Decision(KP_PAPER, "paper", "cleared", "", late, "ana"))
        store.decide(Decision(KP_PAPER, "entity:kim il sung university", "confirmed", "", early, "ana"))
    theirs = [Decision(KP_PAPER, "paper", "escalated", "", early, "ben"),
              Decision(KP_PAPER, "entity:kim il sung university", "dismissed", "namesake", late, "ben"),
              Decision(KP_PAPER, "country:KP", "confirmed", "", early, "ben")]
    with Store(out / "figscan.sqlite") as store:
        winners, outcome = merge({(d.sha256, d.evidence_id): d for d in store.decisions()}, theirs)
    assert {(d.evidence_id, d.decision) for d in winners} == {("entity:kim il sung university", "dismissed"),
                                                              ("country:KP", "confirmed")}
    assert (outcome.added, outcome.replaced, len(outcome.conflicts)) == (1, 1, 2)
    exported = tmp_path / "ben.json"
    exported.write_text(json.dumps({"format": "figscan-decisions", "version": 1,
                                    "decisions": [d.__dict__ for d in theirs]}))
    assert main(["decisions", "import", str(out), str(exported)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("conflict:") == 2 and "1 decisions added, 1 replaced by newer ones" in printed
    assert (KP_PAPER, "paper", "cleared", "") in stored(out)  # ours was later
    with sqlite3.connect(out / "figscan.sqlite") as db:  # the losing decision is kept in the log
        assert db.execute("SELECT decision, reviewer FROM decision_log WHERE source LIKE '%(not applied)'").fetchall() \
            == [("escalated", "ben")]


def test_a_bad_import_changes_nothing(tmp_path, capsys):
    out = build_out(tmp_path / "out")
    bad = tmp_path / "bad.csv"
    bad.write_text("sha256,evidence_id,decision,note,decided_at,reviewer\n"
                   f"{KP_PAPER},paper,cleared,,2026-01-01T00:00:00Z,ana\n"
                   f"{KP_PAPER},paper,launched,,2026-01-01T00:00:00Z,ana\n")
    assert main(["decisions", "import", str(out), str(bad)]) == 2
    assert "decision 2" in capsys.readouterr().err and stored(out) == []
    with pytest.raises(ValueError, match="dismissal needs a reason"):
        parse_export(f"sha256,evidence_id,decision,note,decided_at,reviewer\n{KP_PAPER},country:KP,dismissed,,"
                     "2026-01-01T00:00:00Z,ana\n")


def test_the_command_prints_the_address_serves_and_stops_cleanly(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    process = subprocess.Popen([sys.executable, "-m", "figscan", "review", str(out), "--reviewer", "ana"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert process.stdout.readline().startswith("figscan: reviewing")
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/index\.html\?token=[\w-]{43}", url)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with opener.open(url, timeout=10) as response:  # the redirect drops the token, the cookie carries it
            assert response.status == 200 and b"Harbin" in response.read() and "token" not in response.url
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "review stopped" in stdout and url.split("token=")[1] not in stderr


def test_the_command_needs_a_scanned_folder(tmp_path, capsys):
    assert main(["review", str(tmp_path)]) == 2
    assert "scan into it first" in capsys.readouterr().err
