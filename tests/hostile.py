"""A seeded corpus of hostile and awkward "PDF" files, and a PDF mutator for fuzzing.

Only the generator lives here; figscan's behaviour on these files is tested elsewhere.

`make_hostile_corpus(directory)` writes every case into `directory` and returns
``{relative name: expected kind}``. `CASES` holds one docstring-like description per case,
and `KINDS` says what each kind means for a scanner:

- ``ok``: opens without a password and every page can be read; the file may still carry
  something a report should show or neutralise (JavaScript, XSS text, odd file name, ...).
- ``partial``: opens, but MuPDF had to repair it or some content/pages/images are lost or
  must be refused (decompression bombs); expect a result with problems listed.
- ``error``: cannot be scanned at all (not a PDF, empty, no pages, password required,
  unreadable); expect one error result with a reason, and the batch carries on.
- ``skipped``: not a regular file inside the scanned folder (symlink loops, links out of
  the folder, dangling links, directories named ``*.pdf``, FIFOs); a scanner should not
  follow or open it, and must not hang or recurse forever on it.

Every file is small (< 1 MB) and the whole corpus is written in well under a second.
The same seed gives the same bytes, except for the two encrypted files: MuPDF draws a
random salt/key when encrypting, so their bytes change on every run (their content does not).
"""
from __future__ import annotations

import io
import os
import random
import re
import zipfile
import zlib
from pathlib import Path

import pymupdf

KINDS = {
    "ok": "opens without a password; all pages readable (may carry content to neutralise)",
    "partial": "opens, but repaired or with lost/refused content: a result with problems",
    "error": "cannot be scanned (not a PDF, empty, no pages, password, unreadable)",
    "skipped": "not a regular file inside the folder: do not follow/open; must not hang",
}

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_FILE_NAME = f"x{XSS_IMG}.pdf"  # '/' cannot appear in a Linux file name, so no </script>
USER_PASSWORD = "hostile-user"
OWNER_PASSWORD = "hostile-owner"
NON_UTF8_NAME = os.fsdecode(b"latin1-\xe9t\xe9.pdf")  # invalid UTF-8 byte: surrogate-escaped str
OUTSIDE_SUFFIX = ".outside"  # sibling folder that holds the target of `link_outside.pdf`

_DATE = "D:20240101120000+00'00'"

# name -> (kind, description). Names with a "/" live in a subfolder.
CASES: dict[str, tuple[str, str]] = {
    "truncated_05pct.pdf": ("error", "a valid 3-page paper cut to 5% of its bytes: header, "
                            "catalog and little else; MuPDF repairs it but finds no page"),
    "truncated_at_page2.pdf": ("partial", "the paper cut where page 2's object starts: MuPDF "
                               "repairs it; page 1 is whole, pages 2-3 come back empty"),
    "truncated_in_stream.pdf": ("partial", "cut in the middle of a content stream (the last "
                                "page's longest, which MuPDF's dedup shares with page 1): "
                                "repaired; part of page 1's text survives, pages 2-3 are empty"),
    "truncated_before_xref.pdf": ("partial", "every object present, only xref/trailer cut off: "
                                  "repaired (is_repaired), all content survives"),
    "truncated_header_only.pdf": ("error", "only the 9-byte '%PDF-1.7\\n' header"),
    "truncated_no_eof.pdf": ("ok", "valid file minus its final '%%EOF' line; readers accept it"),
    "random_bytes.pdf": ("error", "4 KiB of seeded random bytes"),
    "random_bytes_pdf_header.pdf": ("error", "'%PDF-1.7' followed by 4 KiB of random bytes: "
                                    "passes a header sniff, has no objects"),
    "zip_disguised.pdf": ("error", "a ZIP archive (starts with 'PK\\x03\\x04') that contains a "
                          "real PDF and an XML file"),
    "html_disguised.pdf": ("error", "an HTML page with a <script> named .pdf; NOTE: MuPDF sniffs "
                           "content and opens it as a 1-page HTML document (is_pdf False) even "
                           "with filetype='pdf', so reject it by its first bytes"),
    "empty.pdf": ("error", "0 bytes"),
    "zero_pages.pdf": ("error", "hand-written PDF whose page tree has /Count 0 and no /Kids"),
    "encrypted_user_password.pdf": ("error", f"AES-256, user password {USER_PASSWORD!r}, owner "
                                    f"password {OWNER_PASSWORD!r}: needs a password"),
    "encrypted_owner_only.pdf": ("ok", f"AES-256 with owner password {OWNER_PASSWORD!r} only and "
                                 "restricted permissions: opens without a password"),
    "broken_xref.pdf": ("partial", "valid paper whose xref offsets and startxref are garbage; "
                        "MuPDF repairs it and content survives (is_repaired)"),
    "kids_loop.pdf": ("partial", "hand-written page tree: /Kids of the root /Pages contains "
                      "itself next to one real page; /Count lies (3)"),
    "parent_loop.pdf": ("partial", "hand-written: two /Pages nodes that are each other's only "
                        "kid, plus one real page reached through the catalog"),
    "junk_before_header.pdf": ("ok", "1000 bytes of junk text before '%PDF-'; readers accept it"),
    "corrupt_content_stream.pdf": ("partial", "page 2's FlateDecode content stream holds "
                                   "random bytes; pages 1 and 3 are fine. NOTE: MuPDF does not "
                                   "raise, page 2 just has no text; only TOOLS.mupdf_warnings() "
                                   "says 'zlib error'"),
    "huge_page.pdf": ("ok", "one 14400 x 14400 pt page (200 in x 200 in) with text: rendering "
                      "at 150 dpi would be 30000 x 30000 px, so renders must be capped"),
    "absurd_mediabox.pdf": ("partial", "hand-written: MediaBox [0 0 1e7 1e7] and a negative-"
                            "origin CropBox; MuPDF keeps it (page.rect is 1e7 wide), text "
                            "extracts, but even a 10 dpi render raises 'Overly large image'"),
    "image_bomb_short_data.pdf": ("partial", "hand-written 30000 x 30000 DeviceRGB 8-bit "
                                  "FlateDecode image (2.7 GB decoded) whose stream holds only a "
                                  "few hundred bytes: extract_image raises 'Overly large image'; refuse by "
                                  "declared size before decoding"),
    "image_bomb_flate.pdf": ("partial", "hand-written 20000 x 20000 DeviceGray image whose "
                             "stream is a real zlib bomb (400 MB of zeros in 390 KB); NOTE: MuPDF's "
                             "extract_image decodes it (no limit hit), so refuse by declared size"),
    "cmyk_image.pdf": ("ok", "hand-written DCT (JPEG) image in DeviceCMYK, Adobe-inverted "
                       "(/Decode [1 0 ...]), under a caption"),
    "alpha_image.pdf": ("ok", "an RGB image with an alpha channel (/SMask)"),
    "jbig2_image.pdf": ("ok", "hand-written JBIG2Decode image (embedded stream: page info, "
                        "MMR generic region, end of page): black page with a white rectangle"),
    "garbage_text_fonts.pdf": ("ok", "'HYPERSONIC MISSILE GUIDANCE' shown twice: in a Type3 font "
                               "whose glyphs /g1.. paint Helvetica letters, without ToUnicode "
                               "(extracts as '$40\"12/.% ...' with control characters), and in "
                               "Helvetica with a lying ROT13 ToUnicode (extracts as 'ULCREFBAVP "
                               "ZVFFVYR THVQNAPR'); only OCR sees the real words"),
    "openaction_javascript.pdf": ("ok", "catalog /OpenAction runs JavaScript, plus a document-"
                                  "level /Names /JavaScript entry"),
    "embedded_files.pdf": ("ok", "two embedded files: a text file and a PDF with dual-use text"),
    "launch_action.pdf": ("ok", "a link annotation with a /Launch action for calc.exe, and "
                          "/OpenAction /Launch of cmd.exe"),
    "file with spaces.pdf": ("ok", "ordinary paper; the name has spaces"),
    "résumé 論文.pdf": ("ok", "ordinary paper; the name has accents and CJK (UTF-8)"),
    "it's \"x\".pdf": ("ok", "ordinary paper; the name has single and double quotes"),
    "-leading-dash.pdf": ("ok", "ordinary paper; the name starts with '-' (option injection)"),
    "new\nline.pdf": ("ok", "ordinary paper; the name contains a newline"),
    NON_UTF8_NAME: ("ok", "ordinary paper; the name has byte 0xE9 that is not valid UTF-8 "
                    "(Python gives a surrogate escape, which crashes naive .encode()); NOTE: "
                    "pymupdf.open(path) fails on it, open(path, 'rb') + stream= works"),
    XSS_FILE_NAME: ("ok", "XSS everywhere: title/author/subject/keywords metadata, a heading, "
                    "a figure caption and the file name carry <script>/<img onerror> payloads"),
    "unreadable.pdf": ("error", "valid paper with mode 000; NOTE: root (and CAP_DAC_OVERRIDE) "
                       "can still read it, so as root the kind is 'ok'"),
    "subdir/loop": ("skipped", "symlink 'loop -> .' inside subdir: a walk that follows links "
                    "never ends"),
    "subdir/inside.pdf": ("ok", "ordinary paper in the subfolder (the loop must not hide it)"),
    "link_outside.pdf": ("skipped", "symlink to a valid PDF in a sibling folder outside the "
                         "scanned one (<dir>.outside/outside.pdf)"),
    "link_etc_passwd.pdf": ("skipped", "symlink to /etc/passwd: following it would leak a "
                            "system file's name/content into a report"),
    "dangling_link.pdf": ("skipped", "symlink to a file that does not exist"),
    "directory.pdf": ("skipped", "a directory whose name ends in .pdf (holds one valid paper, "
                      "directory.pdf/nested.pdf, which is 'ok')"),
    "directory.pdf/nested.pdf": ("ok", "ordinary paper inside the directory named .pdf"),
}

FIFO_CASE = ("fifo.pdf", "skipped", "a named pipe: open() blocks forever (only with include_fifo)")

# Files whose bytes are not reproducible from the seed (MuPDF picks a random AES key/salt).
NONDETERMINISTIC = {"encrypted_user_password.pdf", "encrypted_owner_only.pdf"}


def make_hostile_corpus(directory: Path, seed: int = 7, *, include_fifo: bool = False) -> dict[str, str]:
    """Write every case of `CASES` into `directory` (created if needed); return {name: kind}.

    `seed` drives every random byte. `include_fifo` adds `fifo.pdf`, a named pipe that makes a
    naive `open()` block forever: use it only in tests with a timeout. A target for
    `link_outside.pdf` is written to the sibling folder ``<directory>.outside``.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    kinds = {name: kind for name, (kind, _) in CASES.items()}

    def write(name: str, data: bytes) -> None:
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.chmod(0o644)
        path.write_bytes(data)

    paper = _paper_bytes("Vibration of thin shells", pages=3, rng=rng)

    write("truncated_05pct.pdf", paper[: len(paper) * 5 // 100])
    write("truncated_at_page2.pdf", paper[: _object_start(paper, _page_object(paper, 1))])
    write("truncated_in_stream.pdf", _cut_in_last_content_stream(paper))
    write("truncated_before_xref.pdf", paper[: paper.rfind(b"\nxref\n") + 1])
    write("truncated_header_only.pdf", b"%PDF-1.7\n")
    write("truncated_no_eof.pdf", paper[: paper.rstrip().rfind(b"%%EOF")])
    write("random_bytes.pdf", rng.randbytes(4096))
    write("random_bytes_pdf_header.pdf", b"%PDF-1.7\n" + rng.randbytes(4096))
    write("zip_disguised.pdf", _zip_bytes(paper))
    write("html_disguised.pdf", _HTML.encode())
    write("empty.pdf", b"")
    write("zero_pages.pdf", _zero_pages())
    write("encrypted_user_password.pdf", _encrypted(user_pw=USER_PASSWORD))
    write("encrypted_owner_only.pdf", _encrypted(user_pw=None))
    write("broken_xref.pdf", _break_xref(paper))
    write("kids_loop.pdf", _kids_loop())
    write("parent_loop.pdf", _parent_loop())
    write("junk_before_header.pdf", b"Received: from mail.example.org\n" + b"J" * 967 + b"\n" + paper)
    write("corrupt_content_stream.pdf", _corrupt_content_stream(rng))
    write("huge_page.pdf", _huge_page())
    write("absurd_mediabox.pdf", _absurd_mediabox())
    write("image_bomb_short_data.pdf", _image_bomb_short())
    write("image_bomb_flate.pdf", _image_bomb_flate())
    write("cmyk_image.pdf", _cmyk_image(rng))
    write("alpha_image.pdf", _alpha_image(rng))
    write("jbig2_image.pdf", _jbig2_image())
    write("garbage_text_fonts.pdf", _garbage_text_fonts())
    write("openaction_javascript.pdf", _openaction_js())
    write("embedded_files.pdf", _embedded_files())
    write("launch_action.pdf", _launch_action())
    for name in ("file with spaces.pdf", "résumé 論文.pdf", "it's \"x\".pdf", "-leading-dash.pdf",
                 "new\nline.pdf", NON_UTF8_NAME, "subdir/inside.pdf", "directory.pdf/nested.pdf"):
        title = Path(name).stem.encode("utf-8", "backslashreplace").decode("utf-8")
        write(name, _paper_bytes(f"An ordinary paper: {title}", pages=1, rng=rng))
    write(XSS_FILE_NAME, _xss_paper())
    write("unreadable.pdf", _paper_bytes("Unreadable but valid", pages=1, rng=rng))
    (directory / "unreadable.pdf").chmod(0)
    if os.geteuid() == 0:
        kinds["unreadable.pdf"] = "ok"  # root bypasses file modes

    outside = directory.with_name(directory.name + OUTSIDE_SUFFIX)
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "outside.pdf").write_bytes(_paper_bytes("Outside the scanned folder", pages=1, rng=rng))
    _symlink(directory / "subdir" / "loop", ".")
    _symlink(directory / "link_outside.pdf", outside.resolve() / "outside.pdf")
    _symlink(directory / "link_etc_passwd.pdf", "/etc/passwd")
    _symlink(directory / "dangling_link.pdf", "does-not-exist.pdf")

    if include_fifo:
        name, kind, _ = FIFO_CASE
        if not (directory / name).exists():
            os.mkfifo(directory / name)
        kinds[name] = kind
    return kinds


def describe(name: str) -> str:
    """The description of one case (for test ids and failure messages)."""
    if name == FIFO_CASE[0]:
        return FIFO_CASE[2]
    return CASES[name][1]


# --- the PDF mutator ---------------------------------------------------------------------------

_NUM = re.compile(rb"\d+")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) [nf]")
_KEY_NUM = re.compile(rb"/(?:Length|Width|Height|Count|Size|BitsPerComponent|Columns|Predictor|"
                      rb"First|N|Prev|XRefStm|W|Index|Colors|Rotate)\s*\[?\s*(\d+)")
_OBJ_HEADER = re.compile(rb"(\d+) (\d+) obj")
_KEYWORDS = [b"endstream", b"stream", b"endobj", b"obj", b"xref", b"trailer", b"startxref",
             b">>", b"<<", b"]", b"[", b" R", b"/Root", b"/Pages", b"/Kids", b"/Type"]
_EVIL_NUMBERS = [b"0", b"-1", b"1", b"2147483647", b"2147483648", b"4294967295", b"4294967296",
                 b"99999999999999999999", b"-2147483649", b"65535", b"3.4e38", b"00"]


def mutate_pdf(data: bytes, rng: random.Random, *, max_ops: int = 3) -> bytes:
    """Return `data` with 1..`max_ops` seeded structural and byte-level mutations applied.

    Operations: byte flips, chunk deletion, chunk duplication, truncation, random insertion,
    splicing numbers (xref offsets, /Length, /Width, ... or any number) with evil or borrowed
    values, swapping object numbers of two ``N G obj`` headers, deleting/replacing a keyword.
    Deterministic for a given rng state; never raises, also for empty input.
    """
    out = bytes(data)
    for _ in range(rng.randint(1, max(1, max_ops))):
        op = rng.choice(_MUTATIONS)
        out = op(out, rng)
    return out


def _flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    buf = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(buf))
        buf[i] = buf[i] ^ (1 << rng.randrange(8)) if rng.random() < 0.7 else rng.randrange(256)
    return bytes(buf)


def _span(data: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    length = min(len(data) - start, int(rng.expovariate(1 / 64)) + 1)
    return start, start + length


def _delete_chunk(data: bytes, rng: random.Random) -> bytes:
    a, b = _span(data, rng)
    return data[:a] + data[b:]


def _duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    a, b = _span(data, rng)
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[a:b] * rng.randint(1, 4) + data[at:]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert_random(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def _splice_number(data: bytes, rng: random.Random) -> bytes:
    pattern = rng.choice([_XREF_ENTRY, _KEY_NUM, _NUM, _NUM])
    matches = list(pattern.finditer(data))
    if not matches:
        matches = list(_NUM.finditer(data))
    if not matches:
        return _insert_random(data, rng)
    m = rng.choice(matches)
    a, b = m.span(1) if m.re.groups else m.span()
    if rng.random() < 0.5:
        new = rng.choice(_EVIL_NUMBERS)
    elif rng.random() < 0.5:
        new = rng.choice(matches).group(0).split()[0]  # a number borrowed from elsewhere
    else:
        new = str(int(data[a:b] or b"0") + rng.choice([-1, 1, -100, 100, 4096])).encode()
    if pattern is _XREF_ENTRY:
        new = new.lstrip(b"-").rjust(b - a, b"0")[: b - a]  # keep the 20-byte entry layout
    return data[:a] + new + data[b:]


def _swap_object_numbers(data: bytes, rng: random.Random) -> bytes:
    headers = list(_OBJ_HEADER.finditer(data))
    if len(headers) < 2:
        return _splice_number(data, rng)
    m1, m2 = rng.sample(headers, 2)
    if m1.start() > m2.start():
        m1, m2 = m2, m1
    n1, n2 = m1.group(1), m2.group(1)
    return (data[: m1.start(1)] + n2 + data[m1.end(1): m2.start(1)] + n1 + data[m2.end(1):])


def _mangle_keyword(data: bytes, rng: random.Random) -> bytes:
    keyword = rng.choice(_KEYWORDS)
    positions = [m.start() for m in re.finditer(re.escape(keyword), data)]
    if not positions:
        return _flip_bytes(data, rng)
    at = rng.choice(positions)
    replacement = rng.choice([b"", keyword[:-1], keyword + keyword, rng.choice(_KEYWORDS)])
    return data[:at] + replacement + data[at + len(keyword):]


_MUTATIONS = [_flip_bytes, _delete_chunk, _duplicate_chunk, _truncate, _insert_random,
              _splice_number, _splice_number, _swap_object_numbers, _mangle_keyword]


# --- builders ----------------------------------------------------------------------------------

def _save(doc: pymupdf.Document, **kwargs) -> bytes:
    """Bytes of `doc` with fixed metadata dates and no random /ID, so reruns are identical."""
    meta = {"creationDate": _DATE, "modDate": _DATE, "producer": "figscan tests/hostile.py",
            "creator": "figscan tests/hostile.py"}
    meta.update({k: v for k, v in doc.metadata.items() if v and k not in meta and k != "format"
                 and k != "encryption"})
    doc.set_metadata(meta)
    options = dict(garbage=4, deflate=True, no_new_id=True, reproducible=True)
    options.update(kwargs)
    data = doc.tobytes(**options)
    doc.close()
    return data


def _paper_doc(title: str, pages: int, rng: random.Random) -> pymupdf.Document:
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=595, height=842)
        if number == 1:
            page.insert_text((72, 90), title, fontsize=18, fontname="tibo")
            page.insert_text((72, 115), "A. Author1, B. Writer2", fontsize=11, fontname="tiro")
            page.insert_text((72, 130), "1 University of Somewhere, Oslo, Norway", fontsize=9)
        page.insert_textbox(pymupdf.Rect(72, 150, 523, 400), _LOREM * 3, fontsize=10,
                            fontname="tiro")
        # a small raster figure with seeded pixels, so truncation hits image data too
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 48, 32), False)
        pix.set_rect(pix.irect, (255, 255, 255))
        for _ in range(12):
            x, y = rng.randrange(40), rng.randrange(24)
            pix.set_rect(pymupdf.IRect(x, y, x + 8, y + 8), tuple(rng.randrange(256) for _ in range(3)))
        page.insert_image(pymupdf.Rect(150, 420, 450, 620), pixmap=pix)
        page.insert_text((150, 640), f"Fig. {number}. A seeded raster figure on page {number}.",
                         fontsize=9, fontname="tiro")
        page.draw_rect(pymupdf.Rect(100, 660, 300, 760), color=(0, 0, 0), width=1)
        page.insert_text((72, 810), f"Page {number}", fontsize=8)
    doc.set_metadata({"title": title, "author": "A. Author; B. Writer"})
    return doc


def _paper_bytes(title: str, pages: int, rng: random.Random) -> bytes:
    return _save(_paper_doc(title, pages, rng))


def _encrypted(user_pw: str | None) -> bytes:
    doc = _paper_doc("Encrypted paper", pages=1, rng=random.Random(0))
    perm = pymupdf.PDF_PERM_ACCESSIBILITY | (0 if user_pw is None else pymupdf.PDF_PERM_PRINT)
    return _save(doc, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw=OWNER_PASSWORD,
                 user_pw=user_pw, permissions=perm)


def _build_pdf(objects: dict[int, bytes], root: int = 1, *, info: int | None = None,
               version: bytes = b"1.7") -> bytes:
    """A PDF from hand-written object bodies, with a correct xref table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    trailer = b"/Size %d /Root %d 0 R" % (size, root)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _text_content(text: bytes, y: int = 700) -> bytes:
    return b"BT /F1 14 Tf 72 %d Td (" % y + text + b") Tj ET"


_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _zero_pages() -> bytes:
    return _build_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [] /Count 0 >>",
    })


def _kids_loop() -> bytes:
    return _build_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 3 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: _stream(b"", _text_content(b"The only real page; /Kids also points back to its parent.")),
        5: _HELVETICA,
    })


def _parent_loop() -> bytes:
    return _build_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [6 0 R 3 0 R] /Count 2 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: _stream(b"", _text_content(b"A real page next to two page-tree nodes that loop.")),
        5: _HELVETICA,
        6: b"<< /Type /Pages /Parent 2 0 R /Kids [7 0 R] /Count 1 >>",
        7: b"<< /Type /Pages /Parent 6 0 R /Kids [6 0 R] /Count 1 >>",
    })


def _absurd_mediabox() -> bytes:
    return _build_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10000000 10000000] "
           b"/CropBox [-5000 -5000 10000000 10000000] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: _stream(b"", _text_content(b"A page ten million points wide.")),
        5: _HELVETICA,
    })


def _image_page(image_object: bytes, extra: dict[int, bytes] | None = None,
                caption: bytes = b"Fig. 1. An image.") -> bytes:
    content = (b"q 400 0 0 300 100 400 cm /Im1 Do Q " + _text_content(caption, y=370))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        4: _stream(b"", content),
        5: _HELVETICA,
        6: image_object,
    }
    objects.update(extra or {})
    return _build_pdf(objects)


def _image_bomb_short() -> bytes:
    data = zlib.compress(b"\x00" * 3000 + b"\xff" * 3000, 9)
    return _image_page(_stream(b"/Type /XObject /Subtype /Image /Width 30000 /Height 30000 "
                               b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode",
                               data), caption=b"Fig. 1. 30000 x 30000 RGB, short data.")


def _zero_bomb(total: int) -> bytes:
    """A zlib stream of `total` zero bytes, built from one repeated full-flushed block."""
    chunk = 1 << 20
    comp = zlib.compressobj(9)
    head = comp.compress(b"\x00" * chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    body = comp.compress(b"\x00" * chunk) + comp.flush(zlib.Z_FULL_FLUSH)  # history reset: same bytes
    tail = comp.compress(b"\x00" * (total % chunk)) + comp.flush()
    # the trailing Adler-32 covers only what was compressed: patch in the one of `total` zeros
    # (a = 1, b = total mod 65521)
    adler = ((total % 65521) << 16) | 1
    return head + body * (total // chunk - 1) + tail[:-4] + adler.to_bytes(4, "big")


def _image_bomb_flate() -> bytes:
    side = 20000
    data = _zero_bomb(side * side)
    return _image_page(_stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                               b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"
                               % (side, side), data),
                       caption=b"Fig. 1. 20000 x 20000 gray, a real zlib bomb.")


def _jbig2_segment(number: int, seg_type: int, data: bytes, page: int = 1) -> bytes:
    # header: number(4) flags(1) referred-to count/retain(1) page association(1) length(4)
    return (number.to_bytes(4, "big") + bytes([seg_type, 0, page]) + len(data).to_bytes(4, "big")
            + data)


def _jbig2_stream(width: int, height: int) -> bytes:
    """Embedded JBIG2: a black page with a white MMR generic region replacing its middle."""
    page_info = (width.to_bytes(4, "big") + height.to_bytes(4, "big") + (0).to_bytes(4, "big") * 2
                 + bytes([0b0100_0100])  # default pixel 1 (black), combination op overridden
                 + (0).to_bytes(2, "big"))
    rw, rh, rx, ry = width // 2, height // 2, width // 4, height // 4
    # MMR (T.6) coding of an all-white row over an all-white reference row is one V0 code: '1'
    bits = "1" * rh
    bits += "0" * (-len(bits) % 8)
    mmr = int(bits, 2).to_bytes(len(bits) // 8, "big")
    region = (rw.to_bytes(4, "big") + rh.to_bytes(4, "big") + rx.to_bytes(4, "big")
              + ry.to_bytes(4, "big") + bytes([4])  # external combination operator: REPLACE
              + bytes([1])  # generic region flags: MMR = 1
              + mmr)
    return (_jbig2_segment(0, 48, page_info) + _jbig2_segment(1, 38, region)
            + _jbig2_segment(2, 49, b""))


def _jbig2_image() -> bytes:
    width, height = 64, 48
    return _image_page(_stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                               b"/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode"
                               % (width, height), _jbig2_stream(width, height)),
                       caption=b"Fig. 1. A JBIG2 image.")


def _garbage_text_fonts() -> bytes:
    """Page 1: text that looks right but extracts wrong (no/lying ToUnicode)."""
    shown = "HYPERSONIC MISSILE GUIDANCE"
    letters = sorted(set(shown))
    procs: dict[int, bytes] = {}
    names = []
    for i, letter in enumerate(letters, 1):
        names.append(b"/g%d" % i)
        # a Type3 glyph that paints the Helvetica letter: looks like text, has no Unicode
        glyph = b"BT /H 1000 Tf 0 0 Td (" + letter.encode() + b") Tj ET"
        procs[10 + i] = _stream(b"", b"%d 0 d0 " % int(pymupdf.get_text_length(letter, "helv", 1000))
                                + glyph)
    widths = b" ".join(b"%d" % int(pymupdf.get_text_length(c, "helv", 1000)) for c in letters)
    char_procs = b" ".join(b"%s %d 0 R" % (n, 10 + i) for i, n in enumerate(names, 1))
    type3 = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 1000 900] "
             b"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << " + char_procs + b" >> "
             b"/Encoding << /Type /Encoding /Differences [1 " + b" ".join(names) + b"] >> "
             b"/FirstChar 1 /LastChar %d /Widths [" % len(letters) + widths + b"] "
             b"/Resources << /Font << /H 5 0 R >> >> >>")
    codes = b"".join(b"\\%03o" % (letters.index(c) + 1) for c in shown)
    rot13 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"NOPQRSTUVWXYZABCDEFGHIJKLM")
    bf = b"".join(b"<%02X> <%04X>\n" % (c, bytes([c]).translate(rot13)[0])
                  for c in range(65, 91))
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            b"/CMapName /Lying def 1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"26 beginbfchar\n" + bf + b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    lying = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
             b"/ToUnicode 8 0 R >>")
    content = (b"BT /F2 24 Tf 72 700 Td (" + codes + b") Tj ET "
               b"BT /F3 24 Tf 72 650 Td (" + shown.encode() + b") Tj ET "
               b"BT /F1 10 Tf 72 620 Td (Line 1: Type3 glyphs without ToUnicode; line 2: "
               b"Helvetica with a ROT13 ToUnicode.) Tj ET")
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> >>",
        4: _stream(b"", content),
        5: _HELVETICA,
        6: type3,
        7: lying,
        8: _stream(b"", cmap),
    }
    objects.update(procs)
    return _build_pdf(objects)


def _corrupt_content_stream(rng: random.Random) -> bytes:
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R 6 0 R 8 0 R] /Count 3 >>",
        5: _HELVETICA,
    }
    for page_obj, content_obj, number in ((3, 4, 1), (6, 7, 2), (8, 9, 3)):
        objects[page_obj] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                             b"/Resources << /Font << /F1 5 0 R >> >> >>" % content_obj)
        text = _text_content(b"Page %d of a paper with a broken middle page." % number)
        data = zlib.compress(text) if number != 2 else b"x\x9c" + rng.randbytes(200)
        objects[content_obj] = _stream(b"/Filter /FlateDecode", data)
    return _build_pdf(objects)


def _object_start(data: bytes, number: int) -> int:
    return re.search(rb"(?<![0-9])%d 0 obj" % number, data).start()


def _page_object(data: bytes, index: int) -> int:
    """Object number of page `index` (0-based), read from the /Kids of the page tree."""
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", data).group(1)
    return int(re.findall(rb"(\d+) 0 R", kids)[index])


def _cut_in_last_content_stream(data: bytes) -> bytes:
    page = re.search(rb"(?<![0-9])%d 0 obj(.*?)endobj" % _page_object(data, -1), data, re.S).group(1)
    refs = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", page).group(1)
    spans = []
    for number in re.findall(rb"(\d+) 0 R", refs):
        start = data.index(b"stream\n", _object_start(data, int(number))) + len(b"stream\n")
        spans.append((data.index(b"endstream", start) - start, start))
    length, start = max(spans)  # the page's longest content stream
    return data[: start + length // 2]


def _break_xref(data: bytes) -> bytes:
    at = data.rfind(b"\nxref\n")
    head, tail = data[:at], data[at:]
    tail = re.sub(rb"\d{10} 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(0)[:10]) * 7 + 13), tail)
    tail = re.sub(rb"startxref\n\d+", b"startxref\n123456789", tail)
    return head + tail


def _zip_bytes(paper: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("paper.pdf", paper), ("word/document.xml", b"<w:document/>")):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


_HTML = ("<!DOCTYPE html>\n<html><head><title>Download your paper</title>"
         "<script>alert(document.cookie)</script></head>\n<body><h1>Access denied</h1>"
         "<p>The publisher returned this page instead of a PDF.</p></body></html>\n")

_LOREM = ("We study the free vibration of thin cylindrical shells with a semi-analytical method. "
          "The results agree with finite element models within two percent. ")


def _huge_page() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=14400, height=14400)
    page.insert_text((720, 1440), "A 14400 x 14400 pt page (the PDF maximum).", fontsize=200)
    page.draw_rect(pymupdf.Rect(720, 2000, 13680, 13680), color=(0, 0, 0), width=20)
    return _save(doc)


def _cmyk_image(rng: random.Random) -> bytes:
    from PIL import Image

    img = Image.new("CMYK", (64, 48), (0, 0, 0, 0))
    for _ in range(20):
        x, y = rng.randrange(56), rng.randrange(40)
        img.paste(tuple(rng.randrange(256) for _ in range(4)), (x, y, x + 8, y + 8))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90)
    # hand-written so no 140 KB CMYK ICC profile is added; Pillow writes Adobe (inverted) CMYK
    return _image_page(_stream(b"/Type /XObject /Subtype /Image /Width 64 /Height 48 "
                               b"/ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /DCTDecode "
                               b"/Decode [1 0 1 0 1 0 1 0]", buf.getvalue()),
                       caption=b"Fig. 1. A CMYK JPEG image (Adobe, inverted).")


def _alpha_image(rng: random.Random) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 48), True)
    pix.set_rect(pix.irect, (30, 60, 200, 0))  # fully transparent blue
    for _ in range(15):
        x, y = rng.randrange(56), rng.randrange(40)
        pix.set_rect(pymupdf.IRect(x, y, x + 8, y + 8),
                     (rng.randrange(256), rng.randrange(256), rng.randrange(256), rng.randrange(64, 256)))
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(100, 100, 420, 340), stream=pix.tobytes("png"))
    page.insert_text((100, 360), "Fig. 1. An RGBA image (soft mask).", fontsize=10)
    return _save(doc)


def _openaction_js() -> bytes:
    doc = _paper_doc("A paper that runs JavaScript", pages=1, rng=random.Random(1))
    js = doc.get_new_xref()
    doc.update_object(js, "<< /S /JavaScript /JS (app.alert\\(1\\); this.exportDataObject\\({cName: 'x'}\\);) >>")
    cat = doc.pdf_catalog()
    doc.xref_set_key(cat, "OpenAction", f"{js} 0 R")
    doc.xref_set_key(cat, "Names", "<< /JavaScript << /Names [(init) << /S /JavaScript "
                                   "/JS (app.launchURL\\('http://example.invalid/'\\);) >>] >> >>")
    return _save(doc)


def _embedded_files() -> bytes:
    inner = _paper_bytes("Hypersonic glide vehicle thermal protection (embedded)", pages=1,
                         rng=random.Random(2))
    doc = _paper_doc("A paper with attachments", pages=1, rng=random.Random(3))
    doc.embfile_add("notes.txt", b"Supplementary data: none.\n", filename="notes.txt",
                    desc="plain text attachment")
    doc.embfile_add("inner.pdf", inner, filename="inner.pdf", desc="a PDF inside the PDF")
    _fix_embedded_file_dates(doc)
    return _save(doc)


def _fix_embedded_file_dates(doc: pymupdf.Document) -> None:
    """embfile_add stamps the current time into /Params; pin it so bytes are reproducible."""
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "Type") == ("name", "/EmbeddedFile"):
            for key in ("Params/CreationDate", "Params/ModDate"):
                doc.xref_set_key(xref, key, f"({_DATE})")


def _launch_action() -> bytes:
    doc = _paper_doc("A paper with a Launch action", pages=1, rng=random.Random(4))
    page = doc[0]
    page.insert_link({"kind": pymupdf.LINK_LAUNCH, "from": pymupdf.Rect(72, 700, 300, 720),
                      "file": "calc.exe"})
    page.insert_text((72, 715), "Click here for the supplementary data", fontsize=10,
                     color=(0, 0, 1))
    cat = doc.pdf_catalog()
    doc.xref_set_key(cat, "OpenAction", "<< /S /Launch /Win << /F (cmd.exe) /P (/c calc.exe) >> "
                                        "/F (cmd.exe) /NewWindow true >>")
    return _save(doc)


def _xss_paper() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 90), f"On {XSS_SCRIPT} and {XSS_IMG}", fontsize=16, fontname="tibo")
    page.insert_text((72, 115), "Mallory \"><svg onload=alert(1)>1, Eve &amp; Co.2",
                     fontsize=11, fontname="tiro")
    page.insert_text((72, 130), "1 University of <b>Injection</b>, javascript:alert(1)",
                     fontsize=9)
    page.insert_textbox(pymupdf.Rect(72, 150, 523, 300),
                        "Abstract. Text with </textarea></style></title><script>alert(2)</script> "
                        "and {{7*7}} ${7*7} <!-- --> ]]> &lt;&#x3C; in the body. " + _LOREM,
                        fontsize=10, fontname="tiro")
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(150, 320, 450, 520))
    shape.draw_line((160, 510), (440, 330))
    shape.finish(color=(0, 0, 0), width=1.5)
    shape.commit()
    page.insert_text((150, 540), f"Fig. 1. Caption {XSS_IMG} {XSS_SCRIPT}", fontsize=9,
                     fontname="tiro")
    doc.set_metadata({"title": XSS_SCRIPT, "author": XSS_IMG,
                      "subject": "\"><svg onload=alert(1)>", "keywords": "javascript:alert(1); <x>"})
    doc.set_toc([[1, XSS_SCRIPT, 1]])
    return _save(doc)


def _symlink(link: Path, target: str | Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(target, link)
