"""`figscan review OUT`: the report served on this machine so a reviewer can record decisions.

Security model (tests/test_review_server.py checks each point):

- The server listens on 127.0.0.1 only, on a random free port, and answers only requests whose
  Host header is that address and port (a DNS-rebinding page sends its own host name).
- A secret token (`secrets.token_urlsafe(32)`) is printed in the URL. Every request must carry
  it: the first URL's `?token=` is answered with an HttpOnly, SameSite=Strict cookie and a
  redirect to the same address without the token; later requests carry the cookie (or the
  `X-Figscan-Token` header). Anything else gets 403.
- State changes only by POST to /_review/api/decide, with the token in the `X-Figscan-Token`
  header (a cookie alone is never enough, so another site cannot forge a decision), a JSON body,
  and an Origin, when the browser sends one, equal to this server's. Any other method, and GET
  on the decide address, get 405 and change nothing.
- Only regular files inside OUT are served: the path is decoded once, any "." or ".." segment,
  hidden name, backslash or NUL is refused, and the resolved path (symlinks followed) must lie
  inside OUT; otherwise 404, as for a missing file.
- Every response carries the report's content security policy (read from the page template),
  plus frame-ancestors 'none', nosniff and no-referrer; notes and reasons are stored as typed and
  reach pages only through Jinja autoescaping or textContent.

Decisions go to the store (figscan/store.py); a moment after the last one the static report is
rewritten from the store, so the files in OUT show them when opened without the server too.
"""
from __future__ import annotations

import hmac
import json
import logging
import mimetypes
import re
import secrets
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from figscan import __version__
from figscan.decisions import PAPER, Decision, check_decision, evidence_items, now_precise, rescore
from figscan.files import now_iso
from figscan.model import PaperResult, RunSummary
from figscan.report.exports import level_of, score_of
from figscan.report.html import write_report
from figscan.store import Store

log = logging.getLogger(__name__)

STORE_NAME = "figscan.sqlite"
API = "/_review/api/"
TOKEN_HEADER = "X-Figscan-Token"
MAX_BODY_BYTES = 64 * 1024
REWRITE_DELAY_SECONDS = 1.0  # decisions in quick succession cost one report rewrite
_BASE_TEMPLATE = Path(__file__).parent / "report" / "templates" / "base.html"
REPORT_CSP = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                       _BASE_TEMPLATE.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
SECURITY_HEADERS = {
    "Content-Security-Policy": REPORT_CSP + "; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def rewrite_report(out_dir: Path) -> Path:
    """The static report again from the store, with every decision in it (no PDF is read)."""
    with Store(out_dir / STORE_NAME) as store:
        results = store.results()
        run = store.last_run() or _summary_of(results)
        reviews = store.reviews(results)
    return write_report(out_dir, results, run, reviews)


def _summary_of(results: list[PaperResult]) -> RunSummary:
    """For a store written before runs were kept: what the results themselves say."""
    return RunSummary(input_dir="", started=now_iso(), seconds=0.0, files=len(results),
                      pages=sum(r.pages_read for r in results), errors=sum(r.status == "error" for r in results),
                      reused=len(results), figscan_version=__version__,
                      config_hash=next((r.config_hash for r in results if r.config_hash), ""))


class ReportRewriter:
    """Rewrites the static report in a background thread once decisions have paused."""

    def __init__(self, out_dir: Path, delay: float = REWRITE_DELAY_SECONDS):
        self.out_dir = out_dir
        self.delay = delay
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.thread = threading.Thread(target=self._loop, name="figscan-report-rewriter", daemon=True)
        self.thread.start()

    def request(self) -> None:
        self.idle.clear()
        self.wanted.set()

    def _loop(self) -> None:
        while not self.stopping.is_set():
            if not self.wanted.wait(0.1):
                continue
            while self.wanted.is_set() and not self.stopping.is_set():  # wait for a pause
                self.wanted.clear()
                self.stopping.wait(self.delay)
            self._rewrite()

    def _rewrite(self) -> None:
        try:
            rewrite_report(self.out_dir)
        except Exception:  # a failed rewrite must not take the server down; the next one retries
            log.exception("the report could not be rewritten")
        finally:
            if not self.wanted.is_set():
                self.idle.set()

    def stop(self) -> None:
        """Stop, rewriting once more if a decision is still waiting for its rewrite."""
        self.stopping.set()
        self.thread.join()
        if not self.idle.is_set():
            self._rewrite()


class ReviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, out_dir: Path, reviewer: str, port: int = 0, rewrite_delay: float = REWRITE_DELAY_SECONDS):
        super().__init__(("127.0.0.1", port), ReviewHandler)
        self.out_dir = out_dir.resolve()
        self.reviewer = reviewer
        self.token = secrets.token_urlsafe(32)
        self.port = self.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.cookie_name = f"figscan_review_{self.port}"  # cookies ignore ports: one name per server
        self.rewriter = ReportRewriter(self.out_dir, rewrite_delay)
        self._results: tuple[int, dict[str, PaperResult]] | None = None
        self._results_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"{self.origin}/index.html?token={self.token}"

    def results(self, store: Store) -> dict[str, PaperResult]:
        """Readable results by sha256, read again when a scan has rewritten results.jsonl."""
        jsonl = self.out_dir / "results.jsonl"
        stamp = jsonl.stat().st_mtime_ns if jsonl.exists() else 0
        with self._results_lock:
            if self._results is None or self._results[0] != stamp:
                self._results = (stamp, {r.sha256: r for r in store.results() if r.sha256 and r.status != "error"})
            return self._results[1]

    def server_close(self) -> None:
        super().server_close()
        self.rewriter.stop()


def resolve_inside(root: Path, url_path: str) -> Path | None:
    """The regular file inside `root` a URL path names, or None (outside, hidden, not a file)."""
    try:
        raw = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in raw or "\\" in raw:
        return None
    parts = [part for part in raw.split("/") if part]
    if any(part.startswith(".") for part in parts):  # ".", "..", and hidden files
        return None
    candidate = root.joinpath(*parts) if parts else root / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(root) and real.is_file() else None


class ReviewHandler(BaseHTTPRequestHandler):
    server: ReviewHTTPServer
    server_version = "figscan-review"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # never the token in a log line
        log.debug("%s %s", self.command, urlsplit(self.path).path)

    # --- every method comes through here ---------------------------------------------------

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _refuse_method(self) -> None:
        self._send_json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": f"{self.command} is not allowed"},
                        extra={"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_TRACE = do_CONNECT = _refuse_method

    def _handle(self) -> None:
        if self.headers.get("Host") != f"127.0.0.1:{self.server.port}":
            return self._send_text(HTTPStatus.FORBIDDEN, "forbidden: unexpected Host")
        url = urlsplit(self.path)
        query_token = (parse_qs(url.query).get("token") or [""])[0]
        if not (self._valid(query_token) or self._valid(self._cookie_token()) or self._valid(self.headers.get(TOKEN_HEADER))):
            return self._send_text(HTTPStatus.FORBIDDEN, "forbidden: open the address figscan review printed")
        if url.path.startswith(API):
            return self._api(url.path[len(API):], url.query)
        if self.command != "GET":
            return self._refuse_method()
        if query_token:  # trade the token in the address for a cookie, and drop it from the address
            return self._send(HTTPStatus.SEE_OTHER, b"", "text/plain", {
                "Location": "/" + url.path.lstrip("/"),  # never "//host": no redirect off this server
                "Set-Cookie": f"{self.server.cookie_name}={self.server.token}; Path=/; HttpOnly; SameSite=Strict"})
        path = resolve_inside(self.server.out_dir, url.path)
        if path is None:
            return self._send_text(HTTPStatus.NOT_FOUND, "not found")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, path.read_bytes(), kind)

    def _valid(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token.encode(), self.server.token.encode())  # type: ignore[union-attr]

    def _cookie_token(self) -> str:
        try:
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
        except CookieError:
            return ""
        morsel = cookie.get(self.server.cookie_name)
        return morsel.value if morsel else ""

    # --- the API ----------------------------------------------------------------------------

    def _api(self, name: str, query: str) -> None:
        if name == "decide":
            return self._decide() if self.command == "POST" else self._refuse_method()
        if self.command != "GET":
            return self._refuse_method()
        with Store(self.server.out_dir / STORE_NAME) as store:
            if name == "paper":
                sha = (parse_qs(query).get("sha256") or [""])[0]
                result = self.server.results(store).get(sha)
                if result is None:
                    return self._send_json(HTTPStatus.NOT_FOUND, {"error": "no such paper"})
                return self._send_json(HTTPStatus.OK, {**self._paper_state(store, result), "token": self.server.token})
            if name == "papers":
                results = self.server.results(store)
                reviews = store.reviews(results.values())
                return self._send_json(HTTPStatus.OK, {"papers": {
                    sha: {"status": r.status, "new": r.new, "new_evidence": sum(e.new for e in r.evidence)}
                    for sha, r in reviews.items()}})
        self._send_json(HTTPStatus.NOT_FOUND, {"error": "no such address"})

    def _decide(self) -> None:
        if not self._valid(self.headers.get(TOKEN_HEADER)):
            return self._send_json(HTTPStatus.FORBIDDEN, {"error": f"a decision needs the {TOKEN_HEADER} header"})
        origin = self.headers.get("Origin")
        if (origin is not None and origin != self.server.origin) or \
                self.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
            return self._send_json(HTTPStatus.FORBIDDEN, {"error": "decisions are taken on this server's pages only"})
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            return self._send_json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "send JSON"})
        declared = self.headers.get("Content-Length", "")
        length = int(declared) if declared.isdigit() else 0
        if not 0 < length <= MAX_BODY_BYTES:
            return self._send_json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "empty or too large"})
        try:
            body = json.loads(self.rfile.read(length))
            decision = Decision(sha256=str(body["sha256"]), evidence_id=str(body["evidence_id"]),
                                decision=str(body["decision"]), note=str(body.get("note") or "").strip(),
                                decided_at=now_precise(), reviewer=self.server.reviewer)
            check_decision(decision)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return self._send_json(HTTPStatus.BAD_REQUEST, {"error": str(exc) or "bad request"})
        with Store(self.server.out_dir / STORE_NAME) as store:
            result = self.server.results(store).get(decision.sha256)
            if result is None:
                return self._send_json(HTTPStatus.NOT_FOUND, {"error": "no such paper"})
            if decision.evidence_id != PAPER and decision.evidence_id not in {e.id for e in evidence_items(result)}:
                return self._send_json(HTTPStatus.NOT_FOUND, {"error": "no such evidence in this paper"})
            store.decide(decision)
            state = self._paper_state(store, result)
        self.server.rewriter.request()
        self._send_json(HTTPStatus.OK, state)

    def _paper_state(self, store: Store, result: PaperResult) -> dict:
        review = store.paper_review(result, store.review_began())
        adjusted = rescore(result, review.dismissed)
        score = score_of(adjusted)
        reasons = adjusted.score.reasons if adjusted.score else []
        return {"review": review.to_json(), "level": level_of(adjusted),
                "score_text": f"{score:.1f}" if score is not None else "–",
                "reasons": [{"points": f"{r.points:+g}", "reason": r.reason, "evidence": r.evidence} for r in reasons]}

    # --- responses --------------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {**SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, (text + "\n").encode(), "text/plain; charset=utf-8")

    def _send_json(self, status: HTTPStatus, data: dict, extra: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8", extra)


@dataclass
class ReviewSession:
    """A review server running in a thread (the CLI runs one in the foreground; tests use this)."""
    server: ReviewHTTPServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def open_review(out_dir: Path, reviewer: str, port: int = 0, rewrite_delay: float = REWRITE_DELAY_SECONDS) -> ReviewHTTPServer:
    """Ready a review of the report in `out_dir`: evidence first seen so far recorded, a review
    session begun (what is seen later is "new"), the report rewritten with the review forms."""
    out_dir = Path(out_dir)
    if not (out_dir / STORE_NAME).is_file():
        raise FileNotFoundError(f"no {STORE_NAME} in {out_dir}: scan into it first (figscan scan DIR --out {out_dir})")
    with Store(out_dir / STORE_NAME) as store:
        store.note_seen(store.results())
        store.begin_review(reviewer)
    rewrite_report(out_dir)
    return ReviewHTTPServer(out_dir, reviewer, port, rewrite_delay)


def start_review(out_dir: Path, reviewer: str = "", rewrite_delay: float = REWRITE_DELAY_SECONDS) -> ReviewSession:
    server = open_review(out_dir, reviewer, rewrite_delay=rewrite_delay)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), name="figscan-review", daemon=True)
    thread.start()
    return ReviewSession(server, thread)
