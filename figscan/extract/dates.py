"""When a paper was written, as far as its PDF says, and whether one date falls before another.

A reviewer weighs a paper written after its institution was listed differently from one written
before, so every watch-list match says which (`EntityMatch.listed_before_paper`). The paper's date
is read, most telling first:

1. page 1's own dates: "Received 12 March 2019", "Accepted: 2019-05-02", "Available online ...",
   "收稿日期：2019-03-12", and an arXiv identifier ("arXiv:1905.01234": May 2019); the earliest of
   them, since the received date is the nearest to when the paper was written;
2. the copyright year on page 1 ("© 2019 Elsevier Ltd.");
3. the PDF's creationDate, then its modDate ("D:20190514093000+08'00'"): a re-saved or re-printed
   file carries a later date than the paper, so this is the last resort.

Dates are strings as precise as their source: "2019-03-12", "2019-03" or "2019".
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

FIRST_PDF_YEAR = 1993  # PDF 1.0; an earlier metadata date is a broken clock
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DATES = (
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-]+" + _MONTH + r",?[\s\-]+(?P<y>(?:19|20)\d\d)"),
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)"),
    re.compile(_MONTH + r",?\s+(?P<y>(?:19|20)\d\d)"),
)
_EVENT = re.compile(
    r"(?P<event>received|submitted|revised|accepted|published(?:\s+online)?|available\s+online|first\s+published"
    r"|收稿日期|收到日期|修回日期|接受日期|录用日期|网络出版(?:时间|日期)?|出版日期)", re.IGNORECASE)
_ARXIV = re.compile(r"arXiv:\s?(?P<yy>\d\d)(?P<mm>\d\d)\.\d{4,5}")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_PDF_DATE = re.compile(r"^(?:D:)?(?P<y>\d{4})(?P<m>\d\d)?(?P<d>\d\d)?")
_EVENT_REACH = 40  # characters after "Received" within which its date must start


@dataclass(frozen=True)
class PaperDate:
    date: str  # "2019-03-12", "2019-03" or "2019"
    source: str  # where it was read: "received date, page 1", "PDF creationDate"


def paper_date(metadata: dict[str, str], first_page: str, *, today: Optional[date] = None) -> Optional[PaperDate]:
    """The paper's date from page 1's text, else from the PDF metadata; None when neither has one.

    >>> paper_date({}, "Received 12 March 2019; accepted 2 May 2019")
    PaperDate(date='2019-03-12', source='received date, page 1')
    >>> paper_date({"creationDate": "D:20210514093000+08'00'"}, "no date here")
    PaperDate(date='2021-05-14', source='PDF creationDate')
    """
    today = today or date.today()
    dated = _event_dates(first_page, today)
    if dated:
        return min(dated, key=lambda d: date_bounds(d.date)[0])
    copyright_year = next((m.group("y") for m in _COPYRIGHT.finditer(first_page)
                           if 1950 <= int(m.group("y")) <= today.year), None)
    if copyright_year:
        return PaperDate(copyright_year, "copyright year, page 1")
    for key in ("creationDate", "modDate"):
        value = _pdf_date(metadata.get(key, ""), today)
        if value:
            return PaperDate(value, f"PDF {key}")
    return None


def date_bounds(value: str) -> tuple[date, date]:
    """The first and last day a date can mean: "2019" -> 2019-01-01..2019-12-31; "by 2017-12" (a
    listing seen on a list of that month) -> any day up to 2017-12-31. ValueError if not a date."""
    by = value.startswith("by ")
    parts = [int(p) for p in value.removeprefix("by ").split("-")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"{value!r} is not YYYY[-MM[-DD]]")
    year, month, day = (parts + [0, 0])[:3]
    first = date(year, month or 1, day or 1)
    last = date(year, month or 12, day or calendar.monthrange(year, month or 12)[1])
    return (date.min if by else first), last


def is_before(earlier: str, later: str) -> Optional[bool]:
    """True when every day `earlier` can mean lies before every day `later` can mean, False when
    none does, None when they overlap ("2019-06-01" against "2019") or either is empty."""
    if not earlier or not later:
        return None
    (first_a, last_a), (first_b, last_b) = date_bounds(earlier), date_bounds(later)
    if last_a < first_b:
        return True
    if first_a >= last_b:
        return False
    return None


def _event_dates(text: str, today: date) -> list[PaperDate]:
    found = []
    for event in _EVENT.finditer(text):
        window = text[event.end(): event.end() + _EVENT_REACH]
        value = _first_date(window, today)
        if value:
            found.append(PaperDate(value, f"{' '.join(event.group('event').lower().split())} date, page 1"))
    for arxiv in _ARXIV.finditer(text):
        year, month = 2000 + int(arxiv.group("yy")), int(arxiv.group("mm"))
        if 1 <= month <= 12 and (year, month) >= (2007, 4) and date(year, month, 1) <= today:
            found.append(PaperDate(f"{year}-{month:02d}", "arXiv identifier, page 1"))
    return found


def _first_date(window: str, today: date) -> Optional[str]:
    """The date nearest the start of `window`, as precise as it is printed."""
    best: Optional[tuple[int, str]] = None
    for pattern in _DATES:
        for match in pattern.finditer(window):
            value = _valid(match, today)
            if value and (best is None or match.start() < best[0]):
                best = (match.start(), value)
            if value:
                break
    return best[1] if best else None


def _valid(match: re.Match[str], today: date) -> Optional[str]:
    groups = match.groupdict()
    year = int(groups["y"])
    month = _MONTHS.get((groups.get("mon") or "").lower()) if groups.get("mon") else int(groups.get("m") or 0)
    day = int(groups.get("d") or 0)
    if not month or not 1950 <= year <= today.year:
        return None
    try:
        if day and date(year, month, day) > today:
            return None
        date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year}-{month:02d}-{day:02d}" if day else f"{year}-{month:02d}"


def _pdf_date(value: str, today: date) -> Optional[str]:
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = int(match.group("y")), int(match.group("m") or 0), int(match.group("d") or 0)
    try:
        when = date(year, month or 1, day or 1)
    except ValueError:
        return None
    if year < FIRST_PDF_YEAR or when > today:
        return None
    return f"{year}-{month:02d}-{day:02d}" if month and day else (f"{year}-{month:02d}" if month else str(year))
