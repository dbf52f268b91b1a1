import os

from figscan.discover import discover, sha256_file


def test_finds_pdfs_recursively_in_stable_order_with_hashes(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.PDF").write_bytes(b"%PDF-1.4 z")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 a")
    (tmp_path / "notes.txt").write_text("not an input")
    (tmp_path / "paper.bin").write_bytes(b"%PDF-1.7 a PDF under another name")
    found = discover(tmp_path)
    assert [f.relative for f in found] == ["a.pdf", "paper.bin", "b/z.PDF"]
    assert found[0].sha256 == sha256_file(tmp_path / "a.pdf") and found[0].size == 10


def test_symlink_loop_is_walked_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.pdf").write_bytes(b"%PDF-1.4")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    assert [f.relative for f in discover(tmp_path)] == ["sub/x.pdf"]


def test_links_outside_and_broken_links_are_inputs_with_reasons(tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF-1.4")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside, root / "out.pdf")
    os.symlink(root / "missing.pdf", root / "dangling.pdf")
    by_name = {f.relative: f for f in discover(root)}
    assert by_name["out.pdf"].error == "skipped: link points outside the scanned folder"
    assert by_name["dangling.pdf"].error == "broken link: the target does not exist"
    assert by_name["out.pdf"].sha256 is None
