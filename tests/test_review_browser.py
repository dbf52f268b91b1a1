"""The review flow end to end in Debian's Chromium: scan generated PDFs, open the address
`figscan review` prints, set a status, dismiss a watch-list match, re-scan the folder with one
paper added, and find the decisions kept and only the added paper marked new."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import CHROMIUM, make_paper
from inprocess import scan

from figscan.review import start_review
from figscan.store import Store

DOCS = Path(__file__).resolve().parent.parent / "docs"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect



def row_of(page, title: str):
    return page.locator("#papers tbody tr").filter(has_text=title)


def test_review_flow_survives_a_rescan_and_marks_only_the_new_paper(tmp_path, browser):
    folder, out = tmp_path / "pdfs", tmp_path / "out"
    folder.mkdir()
    make_paper(folder / "a.pdf", title="Vibration of a finned body", with_raster=False)
    make_paper(folder / "b.pdf", title="Thermal loads on a slender body", with_raster=False)
    scan(folder, out)
    session = start_review(out, "tester", rewrite_delay=0.05)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(session.url)
        assert page.url.endswith("/index.html") and "token=" not in page.url  # traded for a cookie
        expect(row_of(page, "Vibration of a finned body").locator("[data-review-paper]")).to_have_text("to review")

        row_of(page, "Vibration of a finned body").locator("td.title a").click()
        review = page.locator("#review")
        form = review.locator('[data-review-form="paper"]')
        expect(form).to_be_visible()  # the forms appear only when the server answers
        form.locator("select").select_option("escalated")
        form.locator("textarea").fill("HEU co-author; ask the grants office")
        form.locator("button[type=submit]").click()
        expect(review.locator('[data-review="status"]')).to_have_text("escalated")
        expect(review.locator('[data-review="note"]')).to_have_text("HEU co-author; ask the grants office")
        page.keyboard.press("c")  # the status keys, as a reviewer going through 700 papers uses them
        expect(review.locator('[data-review="status"]')).to_have_text("cleared")
        page.keyboard.press("e")
        expect(review.locator('[data-review="status"]')).to_have_text("escalated")
        expect(review.locator('[data-review="note"]')).to_have_text("HEU co-author; ask the grants office")

        match = review.locator('tr[data-evidence="entity:harbin engineering university"]')
        score_before = float(page.locator(".paper-head .score").inner_text().split()[-1])
        match.locator('input[name="note"]').fill("a namesake in the test paper")
        match.locator('button[value="dismissed"]').click()
        expect(match.locator('[data-review="decision"]')).to_have_text("dismissed: a namesake in the test paper")
        expect(page.locator("#matches .decision-mark").first).to_have_text("dismissed: a namesake in the test paper")
        score_after = float(page.locator(".paper-head .score").inner_text().split()[-1])
        assert score_after < score_before
        expect(page.locator("#why table.reasons")).not_to_contain_text("watch-listed institution")
        page.locator("#review").scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "review-paper.png"))
        if os.environ.get("FIGSCAN_UPDATE_SCREENSHOTS") == "1":
            shutil.copyfile(tmp_path / "review-paper.png", DOCS / "review-paper.png")

        make_paper(folder / "c.pdf", title="Acoustic response of a nose cone", with_raster=False)
        summary = scan(folder, out)  # while the server runs, as a reviewer would
        assert (summary.files, summary.reused) == (3, 2)

        page.goto(f"http://127.0.0.1:{session.server.port}/index.html")
        for title, status, new in (("Vibration of a finned body", "escalated", False),
                                   ("Thermal loads on a slender body", "to review", False),
                                   ("Acoustic response of a nose cone", "to review", True)):
            row = row_of(page, title)
            expect(row.locator("[data-review-paper]")).to_have_text(status)
            expect(row.locator("[data-review-new]")).to_be_visible() if new else \
                expect(row.locator("[data-review-new]")).to_be_hidden()

        row_of(page, "Vibration of a finned body").locator("td.title a").click()
        expect(page.locator('[data-review="status"]').first).to_have_text("escalated")
        expect(page.locator('tr[data-evidence="entity:harbin engineering university"] [data-review="decision"]')) \
            .to_have_text("dismissed: a namesake in the test paper")
        expect(page.locator('#review [data-review="paper-new"]')).to_be_hidden()
        expect(page.locator('#review [data-review="new"]:visible')).to_have_count(0)
        static_paper = Path(page.url.replace(f"http://127.0.0.1:{session.server.port}/", str(out) + "/"))

        page.goto(f"http://127.0.0.1:{session.server.port}/index.html")
        row_of(page, "Acoustic response of a nose cone").locator("td.title a").click()
        expect(page.locator('#review [data-review="paper-new"]')).to_be_visible()
        assert page.locator('#review [data-review="new"]:visible').count() >= 2  # its figure, entity, terms

        # the files on disk, opened without the server: decisions shown, forms hidden
        page.goto(static_paper.as_uri())
        expect(page.locator('#review [data-review="status"]')).to_have_text("escalated")
        expect(page.locator('tr[data-evidence="entity:harbin engineering university"] [data-review="decision"]')) \
            .to_have_text("dismissed: a namesake in the test paper")
        expect(page.locator('[data-review-form="paper"]')).to_be_hidden()
        assert errors == []
    finally:
        context.close()
        session.stop()
    with Store(out / "figscan.sqlite") as store:
        assert {(d.evidence_id, d.decision) for d in store.decisions()} == {
            ("paper", "escalated"), ("entity:harbin engineering university", "dismissed")}
