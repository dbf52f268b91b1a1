"""Settings files are read as typed records: a typo names its file and key instead of failing later."""
from __future__ import annotations

from pathlib import Path

import pytest

from figscan.config import Config
from figscan.settings import SettingsError, load_term_categories


def test_a_typo_in_figscan_toml_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "figscan.toml"
    path.write_text("[limits]\nmax_pags = 7\n")
    with pytest.raises(SettingsError, match=r"figscan.toml: \[limits\]: unknown key 'max_pags' \(did you mean 'max_pages'\?\)"):
        Config.load(path)
    path.write_text("workers = 'all'\n")
    with pytest.raises(SettingsError, match=r"figscan.toml: workers = 'all' is not an integer"):
        Config.load(path)
    path.write_text("timeout_seconds = 60\n[limits]\nmax_pages = 7\n")  # an integer where a float is due is fine
    loaded = Config.load(path)
    assert (loaded.timeout_seconds, loaded.limits.max_pages) == (60.0, 7)


def test_a_term_category_with_a_misspelt_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "terms.toml"
    path.write_text('[categories.x]\ngroup = "field"\nlabel = "X"\nwieght = 1\nsource = "https://x.org"\nterms = ["x"]\n')
    with pytest.raises(SettingsError, match=r"\[categories.x\]: unknown key 'wieght' \(did you mean 'weight'\?\)"):
        load_term_categories(path)
    path.write_text('[categories.x]\ngroup = "field"\nlabel = "X"\nweight = 1\nsource = "https://x.org"\nterms = "x"\n')
    with pytest.raises(SettingsError, match=r"categories.x.terms = 'x' is not a list"):
        load_term_categories(path)


def test_a_typo_in_a_packaged_settings_file_stops_the_scan_with_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    import figscan.settings as settings
    bad = tmp_path / "weights.toml"
    good = Path(settings.__file__).parent / "data" / "weights.toml"
    bad.write_text(good.read_text(encoding="utf-8").replace("[countries]", "[contries]"), encoding="utf-8")
    monkeypatch.setattr(settings, "default_weights", lambda: settings.load_weights(bad))
    from figscan.cli import main
    code = main(["scan", str(tmp_path), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "weights.toml: unknown key 'contries' (did you mean 'countries'?)" in capsys.readouterr().err
