"""The paper's date, read from page 1 or the PDF metadata, and date comparison for listings."""
from __future__ import annotations

from datetime import date

import pymupdf
import pytest

from figscan.config import Limits
from figscan.extract.dates import PaperDate, date_bounds, is_before, paper_date
from figscan.extract.document import read_document

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("page, expected", [
    ("Received 12 March 2019; received in revised form 2 May 2019; accepted 9 May 2019",
     PaperDate("2019-03-12", "received date, page 1")),
    ("Article history: Accepted: 2020-01-15 Received: 2019-11-02", PaperDate("2019-11-02", "received date, page 1")),
    ("Submitted: March 4, 2018. Published online: June 1, 2018", PaperDate("2018-03-04", "submitted date, page 1")),
    ("Available online 3 Sept. 2021", PaperDate("2021-09-03", "available online date, page 1")),
    ("收稿日期：2019-03-12；修回日期：2019-06-01", PaperDate("2019-03-12", "收稿日期 date, page 1")),
    ("收稿日期: 2020年5月8日", PaperDate("2020-05-08", "收稿日期 date, page 1")),
    ("Published in January 2017 by the Society", PaperDate("2017-01", "published date, page 1")),
    ("arXiv:1905.01234v2 [physics.flu-dyn] some text", PaperDate("2019-05", "arXiv identifier, page 1")),
    ("Received 3 June 2020 ... arXiv:1905.01234", PaperDate("2019-05", "arXiv identifier, page 1")),  # the earliest
    ("Accepted 31 February 2019", PaperDate("2019-02", "accepted date, page 1")),  # no such day: the month stands
    ("© 2016 Elsevier Ltd. All rights reserved.", PaperDate("2016", "copyright year, page 1")),
    ("Copyright © 2022 by the authors", PaperDate("2022", "copyright year, page 1")),
])
def test_page_one_dates(page: str, expected: PaperDate) -> None:
    assert paper_date({"creationDate": "D:20240101000000Z"}, page, today=TODAY) == expected


@pytest.mark.parametrize("metadata, expected", [
    ({"creationDate": "D:20190514093000+08'00'"}, PaperDate("2019-05-14", "PDF creationDate")),
    ({"creationDate": "D:19800101000000", "modDate": "D:20200302"}, PaperDate("2020-03-02", "PDF modDate")),
    ({"creationDate": "D:20991231000000"}, None),  # a clock in the future
    ({"creationDate": "garbage"}, None),
    ({}, None),
])
def test_metadata_dates_are_the_last_resort(metadata: dict, expected: PaperDate | None) -> None:
    assert paper_date(metadata, "Abstract. We study the flow past a cone.", today=TODAY) == expected


@pytest.mark.parametrize("page", [
    "Received funding from the NSFC (No. 2019-03)",  # not a date: a grant number after "Received"
    "In 2019 we measured 12 cones at 2020 K.",  # a bare year in the text says nothing of the paper's date
    "Received 12 March 2031",  # after today
])
def test_no_date_is_guessed(page: str) -> None:
    assert paper_date({}, page, today=TODAY) is None


def test_read_document_keeps_the_creation_and_modification_dates(tmp_path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "A paper without printed dates", fontsize=11)
    doc.set_metadata({"creationDate": "D:20180102030405Z", "modDate": "D:20190102030405Z"})
    path = tmp_path / "dated.pdf"
    doc.save(path)
    document = read_document(path, Limits())
    assert paper_date(document.metadata, document.pages[0].text, today=TODAY) == PaperDate("2018-01-02",
                                                                                        "PDF creationDate")
    assert document.metadata["modDate"].startswith("D:2019")


@pytest.mark.parametrize("value, bounds", [
    ("2019", (date(2019, 1, 1), date(2019, 12, 31))),
    ("2020-02", (date(2020, 2, 1), date(2020, 2, 29))),
    ("2015-02-18", (date(2015, 2, 18), date(2015, 2, 18))),
    ("by 2017-12", (date.min, date(2017, 12, 31))),
])
def test_date_bounds(value: str, bounds: tuple[date, date]) -> None:
    assert date_bounds(value) == bounds


@pytest.mark.parametrize("earlier, later, before", [
    ("2015-02-18", "2019-03-12", True),
    ("2020-12-18", "2019", False),
    ("2019-06-01", "2019", None),  # inside the paper's year: cannot tell
    ("2019-03-12", "2019-03-12", False),  # listed that very day: not before
    ("by 2017-12", "2018-01", True),
    ("by 2017-12", "2016", None),  # listed no later than 2017-12: perhaps before 2016, perhaps not
    ("2015-02-18", "", None),
])
def test_is_before(earlier: str, later: str, before: bool | None) -> None:
    assert is_before(earlier, later) is before


def test_a_scanned_paper_carries_its_date_and_each_listing_says_before_or_after(tmp_path) -> None:
    from figscan.config import Config
    from figscan.discover import describe
    from figscan.pipeline import scan_file

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 90), "Penetration of Projectiles into Layered Targets", fontsize=18)
    page.insert_text((72, 120), "Li Wei", fontsize=11)
    page.insert_text((72, 140), "College of Aerospace Science, National University of Defense Technology, "
                                "Changsha 410073, China", fontsize=9)
    page.insert_text((72, 170), "Received 12 March 2019; accepted 2 May 2019", fontsize=9)
    doc.set_metadata({"creationDate": "D:20240101000000Z"})
    path = tmp_path / "paper.pdf"
    doc.save(path)
    result = scan_file(describe(path, tmp_path), Config(ocr=False)).result
    assert (result.paper_date, result.paper_date_source) == ("2019-03-12", "received date, page 1")
    nudt = {m.list_name: m.listed_before_paper for m in result.entities
            if m.name == "National University of Defense Technology" and m.where == "affiliation"}
    assert nudt == {"US Entity List": True, "DoD Section 1286 list": False}  # listed 2015-02-18 / 2023-06-29
