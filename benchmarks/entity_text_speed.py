"""Time watch-list matching on the body text of real PDFs, the way a scan meets it.

    PYTHONPATH=$PWD python benchmarks/entity_text_speed.py FOLDER [FOLDER ...]

Reads every page's text once (no OCR, not timed), then times `match_entities` per paper over
its pages in a fresh process: the first pass includes compiling the patterns the texts need,
the second runs with them compiled. Prints both and the number of matches, so two versions of
the matcher can be compared on the same folders (run it from each version's checkout).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pymupdf

from figscan.analyse import entities
from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.model import FrontMatter, PageText


def paper_pages(folders: list[Path]) -> list[list[PageText]]:
    papers = []
    for folder in folders:
        for path in sorted(folder.glob("*.pdf")):
            try:
                with pymupdf.open(path) as doc:
                    if doc.needs_pass:
                        continue
                    papers.append([read_page_text(doc[i], i + 1, Limits(), ocr=False)
                                   for i in range(min(doc.page_count, Limits().max_pages))])
            except Exception as exc:  # a broken file is left out, as a scan would report it
                print(f"{path.name}: left out ({exc})", file=sys.stderr)
    return papers


def main() -> None:
    papers = paper_pages([Path(a) for a in sys.argv[1:]])
    pages = sum(map(len, papers))
    for label in ("first pass (patterns compiled as needed)", "second pass"):
        started = time.process_time()
        matches = sum(len(entities.match_entities(FrontMatter(), paper)) for paper in papers)
        spent = time.process_time() - started
        print(f"{label:42} {spent:6.2f} processor s  {1000 * spent / max(pages, 1):5.2f} ms a page  "
              f"{matches} matches")
    print(f"{len(papers)} papers, {pages} pages")


if __name__ == "__main__":
    main()
