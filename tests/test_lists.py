"""`figscan lists import` on Consolidated Screening List and OpenSanctions exports; `figscan lists show`."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from figscan.analyse.entities import match_entities, read_watchlist
from figscan.cli import main
from figscan.lists import format_summary, import_list, summarise_lists, write_list
from figscan.model import Affiliation, FrontMatter

DATA = Path(__file__).parent / "data" / "watchlists"
TODAY = date(2026, 12, 7)
NUDT = "National University of Defense Technology"


@pytest.mark.parametrize("name", ["csl_ours.json", "csl_ours.csv"])
def test_a_csl_export_becomes_a_cited_dated_watch_list(tmp_path: Path, name: str) -> None:
    imported = import_list(DATA / name, today=TODAY)
    assert [r["name"] for r in imported.rows] == [NUDT, "Harbin Engineering University"]
    nudt = imported.rows[0]
    assert (nudt["list_name"], nudt["list_date"], nudt["citation"], nudt["country"], nudt["category"]) == (
        "Entity List (EL)", "2015-02-18", "80 FR 8527", "CN", "entity-list")
    assert nudt["aliases"] == "Hunan Guofang Keji University|Central South CAD Center|NUDT"
    assert dict(imported.left_out) == {"individuals and vessels": 1, "without a listing date": 1}

    out = tmp_path / "el.csv"
    write_list(imported, out, today=TODAY)
    header = "".join(line for line in out.read_text("utf-8").splitlines(True) if line.startswith("#"))
    assert name in header and imported.sha256 in header and "public domain" in header and "2026-12-07" in header
    entries = read_watchlist(out)
    assert entries[0].abbreviations == ("NUDT",) and entries[1].original_names == ("哈尔滨工程大学",)
    hits = match_entities(FrontMatter(affiliations=[Affiliation("College of Science, Hunan Guofang Keji University, "
                                                                "Changsha")]), [], entries=entries, paper_date="2019")
    assert [(m.name, m.citation, m.listed_before_paper) for m in hits] == [(NUDT, "80 FR 8527", True)]


def test_a_country_filter_keeps_only_its_parties() -> None:
    imported = import_list(DATA / "csl_ours.json", countries=["kp"], today=TODAY)
    assert imported.rows == [] and imported.left_out["outside KP"] == 2


def test_opensanctions_organisations_are_listed_no_later_than_first_seen(tmp_path: Path) -> None:
    imported = import_list(DATA / "opensanctions_ours.csv", today=TODAY)
    assert [(r["name"], r["country"], r["list_date"], r["list_name"]) for r in imported.rows] == [
        (NUDT, "CN", "by 2021-06-18", "US Trade Consolidated Screening List")]
    assert imported.rows[0]["citation"] == "Entity List: 80 FR 8527; US-BIS-EL"
    assert dict(imported.left_out) == {"without one country": 1, "Person entries": 1}
    write_list(imported, tmp_path / "os.csv", today=TODAY)
    assert "CC BY-NC 4.0" in (tmp_path / "os.csv").read_text("utf-8")
    assert read_watchlist(tmp_path / "os.csv")[0].original_names == ("国防科技大学",)


OPENSANCTIONS_COLUMNS = ("id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,"
                         "program_ids,dataset,first_seen,last_seen,last_change")


def test_opensanctions_wallets_are_left_out(tmp_path: Path) -> None:
    """Rows in the export's own column layout (values ours: fetched data is not committed here)."""
    rows = [f'"rwre-{n}","CryptoWallet","1Wallet{n}","","","","","1Wallet{n}","","","","","ransomware addresses",'
            f'"2023-04-20T15:28:17","2025-09-08T02:03:08","2023-04-20T15:28:17"' for n in range(3)]
    path = tmp_path / "targets.simple.csv"
    path.write_text("\n".join([OPENSANCTIONS_COLUMNS, *rows]) + "\n", encoding="utf-8")
    imported = import_list(path, today=TODAY)
    assert imported.rows == [] and dict(imported.left_out) == {"CryptoWallet entries": 3}
    assert imported.format == "OpenSanctions targets.simple.csv"


def test_a_file_of_neither_kind_is_refused_naming_the_columns_it_needs(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.csv: neither .*alt_names.*first_seen"):
        import_list(tmp_path / "x.csv")


def test_show_counts_rows_per_list_and_names_rows_not_checked_for_a_year(tmp_path: Path) -> None:
    imported = import_list(DATA / "csl_ours.json", today=date(2025, 6, 1))
    write_list(imported, tmp_path / "old.csv", today=date(2025, 6, 1))
    summary = summarise_lists(tmp_path, today=TODAY)
    assert summary.counts == {"Entity List (EL)": 2}
    assert [(name, checked) for _, _, name, checked in summary.stale] == [
        (NUDT, "2025-06-01"), ("Harbin Engineering University", "2025-06-01")]
    text = format_summary(summary)
    assert "    2  Entity List (EL)" in text and "2 rows last checked more than 365 days ago" in text
    fresh = summarise_lists(today=TODAY)  # figscan's own lists, checked on 2026-12-07
    assert sum(fresh.counts.values()) >= 250 and fresh.stale == []


def test_the_cli_imports_and_shows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "el.csv"
    assert main(["lists", "import", str(DATA / "csl_ours.csv"), "--out", str(out), "--weight", "3"]) == 0
    assert "2 rows ->" in capsys.readouterr().out and read_watchlist(out)[0].weight == 3.0
    assert main(["lists", "show", "--folder", str(tmp_path)]) == 0
    assert "Entity List (EL)" in capsys.readouterr().out
    assert main(["lists", "import", str(tmp_path / "missing.json")]) == 2
