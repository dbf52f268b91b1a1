"""Checks of the hostile-corpus generator itself (not of figscan's behaviour on it)."""
from __future__ import annotations

import os
import random
from pathlib import Path

import pymupdf
import pytest

try:
    from tests import hostile
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    import hostile

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

SYMLINKS = {"subdir/loop", "link_outside.pdf", "link_etc_passwd.pdf", "dangling_link.pdf"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    directory = tmp_path_factory.mktemp("hostile") / "corpus"
    return directory, hostile.make_hostile_corpus(directory)


def _open(path: Path) -> pymupdf.Document:
    return pymupdf.open(stream=path.read_bytes(), filetype="pdf")


def test_every_case_is_written_with_a_known_kind(corpus):
    directory, kinds = corpus
    assert set(kinds) == set(hostile.CASES)
    assert set(kinds.values()) <= set(hostile.KINDS)
    for name in kinds:
        assert os.path.lexists(directory / name), name
        assert hostile.describe(name)


def test_files_are_small_and_names_are_the_hostile_ones(corpus):
    directory, kinds = corpus
    names = set(os.listdir(directory))
    for name in ("file with spaces.pdf", "résumé 論文.pdf", "it's \"x\".pdf",
                 "x<img src=x onerror=alert(1)>.pdf", "new\nline.pdf", "-leading-dash.pdf"):
        assert name in names
    assert os.fsencode(hostile.NON_UTF8_NAME) == b"latin1-\xe9t\xe9.pdf"
    assert hostile.NON_UTF8_NAME in names
    for name in kinds:
        path = directory / name
        if path.is_file() and not path.is_symlink():
            assert path.stat().st_size < 1_000_000, name
    assert (directory / "empty.pdf").stat().st_size == 0


def test_symlinks_and_special_entries(corpus):
    directory, kinds = corpus
    for name in SYMLINKS:
        assert (directory / name).is_symlink(), name
    assert os.readlink(directory / "subdir" / "loop") == "."
    outside = (directory / "link_outside.pdf").resolve()
    assert outside.is_file() and directory.resolve() not in outside.parents
    assert not (directory / "dangling_link.pdf").exists()
    assert (directory / "directory.pdf").is_dir()
    assert (directory / "unreadable.pdf").stat().st_mode & 0o777 == 0
    assert kinds["unreadable.pdf"] == ("ok" if os.geteuid() == 0 else "error")


def test_fifo_is_opt_in(tmp_path):
    kinds = hostile.make_hostile_corpus(tmp_path / "c", include_fifo=True)
    assert kinds["fifo.pdf"] == "skipped"
    assert (tmp_path / "c" / "fifo.pdf").is_fifo()


def test_magic_bytes(corpus):
    directory, _ = corpus
    assert (directory / "zip_disguised.pdf").read_bytes().startswith(b"PK\x03\x04")
    assert (directory / "html_disguised.pdf").read_bytes().startswith(b"<!DOCTYPE html>")
    assert (directory / "truncated_header_only.pdf").read_bytes() == b"%PDF-1.7\n"
    assert not (directory / "truncated_no_eof.pdf").read_bytes().rstrip().endswith(b"%%EOF")


def test_pymupdf_verdicts(corpus):
    directory, _ = corpus
    with _open(directory / "encrypted_user_password.pdf") as doc:
        assert doc.needs_pass
        assert doc.authenticate(hostile.USER_PASSWORD)
    with _open(directory / "encrypted_owner_only.pdf") as doc:
        assert not doc.needs_pass
        assert "Encrypted paper" in doc[0].get_text()
    for name in ("zip_disguised.pdf", "random_bytes.pdf", "random_bytes_pdf_header.pdf",
                 "truncated_05pct.pdf", "truncated_header_only.pdf"):
        with pytest.raises((pymupdf.FileDataError, RuntimeError, ValueError)):
            _open(directory / name)
    with pytest.raises(pymupdf.EmptyFileError):
        pymupdf.open(directory / "empty.pdf")
    with _open(directory / "zero_pages.pdf") as doc:
        assert doc.page_count == 0
    with _open(directory / "broken_xref.pdf") as doc:
        assert doc.page_count == 3 and doc.is_repaired


def test_pymupdf_sees_the_hostile_content(corpus):
    directory, _ = corpus
    with _open(directory / hostile.XSS_FILE_NAME) as doc:
        assert doc.metadata["title"] == hostile.XSS_SCRIPT
        assert doc.metadata["author"] == hostile.XSS_IMG
        assert hostile.XSS_IMG in doc[0].get_text()
    with _open(directory / "kids_loop.pdf") as doc:
        assert "only real page" in doc[0].get_text()
        with pytest.raises(Exception, match="cycle"):
            doc[1].get_text()
    with _open(directory / "image_bomb_short_data.pdf") as doc:
        xref = doc[0].get_images()[0][0]
        assert (doc.xref_get_key(xref, "Width")[1], doc.xref_get_key(xref, "Height")[1]) == ("30000", "30000")
    with _open(directory / "garbage_text_fonts.pdf") as doc:
        text = doc[0].get_text()
        assert "MISSILE" not in text and "ZVFFVYR" in text
    with _open(directory / "jbig2_image.pdf") as doc:
        image = doc.extract_image(doc[0].get_images()[0][0])
        assert (image["width"], image["height"]) == (64, 48)
    with _open(directory / "embedded_files.pdf") as doc:
        assert sorted(doc.embfile_names()) == ["inner.pdf", "notes.txt"]
    with _open(directory / "openaction_javascript.pdf") as doc:
        assert "JavaScript" in doc.xref_object(int(doc.xref_get_key(doc.pdf_catalog(), "OpenAction")[1].split()[0]))
    with _open(directory / "launch_action.pdf") as doc:
        link = doc[0].get_links()[0]
        assert link["file"] == "calc.exe"  # MuPDF reports a /Launch of a file as LINK_GOTOR
        assert "/Launch" in doc.xref_object(link["xref"])


def test_same_seed_same_bytes(tmp_path):
    first = hostile.make_hostile_corpus(tmp_path / "a", seed=11)
    hostile.make_hostile_corpus(tmp_path / "b", seed=11)
    other = tmp_path / "c"
    hostile.make_hostile_corpus(other, seed=12)
    for name in first:
        a, b = tmp_path / "a" / name, tmp_path / "b" / name
        if a.is_file() and not a.is_symlink() and name not in hostile.NONDETERMINISTIC:
            assert a.read_bytes() == b.read_bytes(), name
    assert (tmp_path / "a" / "random_bytes.pdf").read_bytes() != (other / "random_bytes.pdf").read_bytes()


def test_rerun_into_the_same_directory(tmp_path):
    hostile.make_hostile_corpus(tmp_path / "a")
    assert hostile.make_hostile_corpus(tmp_path / "a") == hostile.make_hostile_corpus(tmp_path / "b")


def test_mutate_pdf_is_seeded_and_total(corpus):
    directory, _ = corpus
    data = (directory / "broken_xref.pdf").read_bytes()
    runs = [[hostile.mutate_pdf(data, rng) for _ in range(50)]
            for rng in (random.Random(3), random.Random(3))]
    assert runs[0] == runs[1]
    assert all(isinstance(m, bytes) for m in runs[0])
    assert sum(m != data for m in runs[0]) >= 45
    other = [hostile.mutate_pdf(data, random.Random(4)) for _ in range(5)]
    assert other != runs[0][:5]
    rng = random.Random(5)
    for seed_input in (b"", b"%", b"1 0 obj", b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n"):
        for _ in range(200):
            assert isinstance(hostile.mutate_pdf(seed_input, rng, max_ops=5), bytes)
