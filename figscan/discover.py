"""Walk the input folder: every file that looks like a PDF input, hashed, in a stable order.

A file that cannot be read still becomes an input (with its reason), so every file in the
folder appears in the report with a status. Symlink loops and links out of the folder are skipped.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20


@dataclass(frozen=True)
class InputFile:
    path: Path  # absolute
    relative: str  # posix path relative to the scanned folder: the key the report shows
    size: int
    sha256: str | None  # None when the file cannot be read
    error: str | None = None


def discover(root: Path, suffixes: tuple[str, ...] = (".pdf",)) -> list[InputFile]:
    """Inputs under `root`: names ending in `suffixes` (any case), and PDFs under other names."""
    root = root.resolve()
    found: list[InputFile] = []
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        stat = os.stat(dirpath)
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:  # a symlink loop: this folder was walked already
            dirnames.clear()
            continue
        seen_dirs.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.lower().endswith(suffixes) and not _starts_like_pdf(path):
                continue
            found.append(describe(path, root))
    return found


def describe(path: Path, root: Path) -> InputFile:
    relative = display_name(Path(os.path.relpath(path, root)).as_posix())
    try:
        real = path.resolve(strict=True)
        if not real.is_relative_to(root):
            return InputFile(path, relative, 0, None, "skipped: link points outside the scanned folder")
        size = real.stat().st_size
        return InputFile(path, relative, size, sha256_file(real))
    except FileNotFoundError:
        return InputFile(path, relative, 0, None, "broken link: the target does not exist")
    except PermissionError:
        return InputFile(path, relative, 0, None, "unreadable: permission denied")
    except OSError as exc:
        return InputFile(path, relative, 0, None, f"unreadable: {exc.strerror or exc}")


def display_name(name: str) -> str:
    """File names need not be UTF-8; show undecodable bytes as \\xNN instead of failing later."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _starts_like_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return b"%PDF-" in handle.read(1024)
    except OSError:
        return False


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
