"""File utilities shared by the store, the runner and the report: atomic writes, timestamps,
CSV cells a spreadsheet will not run, and the fingerprint of the code that computes results."""
from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
DATA_SUFFIXES = (".toml", ".json", ".csv", ".tsv")  # lists, weights, thresholds and models in figscan/data
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell starting with these


def write_atomic(path: Path, data: bytes) -> bool:
    """Write via a temp file and rename, so a reader never sees half a file; skip if unchanged."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with closing(os.fdopen(fd, "wb")) as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; reports are for reading
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def now_iso() -> str:
    """The current time in UTC, ISO 8601 to the second, as the report and the store show it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def code_fingerprint(root: Path = PACKAGE_ROOT) -> str:
    """sha256 over every Python file of the package and every data file under `root`/data
    (names and bytes), so a stored result is reused only if the same code and data made it:
    `__version__` does not change when the code does."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if "__pycache__" in relative.parts or not path.is_file():
            continue
        if path.suffix == ".py" or (relative.parts[0] == "data" and path.suffix in DATA_SUFFIXES):
            digest.update(relative.as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def code_hash() -> str:
    """This process's code fingerprint, computed once (about 10 ms)."""
    return code_fingerprint()


def spreadsheet_safe(text: str) -> str:
    """Keep PDF text inert when a CSV is opened in a spreadsheet (no formula injection)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def spreadsheet_plain(cell: str) -> str:
    """The text `spreadsheet_safe` protected, as it was."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell
