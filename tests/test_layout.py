"""The package's shape: a scan loads no training code, and modules stay small enough to read alone."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAINING_MODULES = ("training", "sklearn", "torch")  # the 'train' extra: figure generators and trainers

SCAN_IN_PROCESS = """
import json, sys
from pathlib import Path
from figscan.cli import main
from figscan.config import Config
from figscan.discover import discover
from figscan.pipeline import scan_file
source = Path(sys.argv[1])
main(["scan", str(source), "--out", sys.argv[2], "--workers", "1", "--quiet"])
for item in discover(source):  # the worker's part, in this process, so its imports are seen too
    scan_file(item, Config())
print(json.dumps(sorted(sys.modules)))
"""


def test_a_scan_imports_no_training_code(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "paper.pdf").write_bytes((REPO / "samples" / "rocket_profile_aero.pdf").read_bytes())
    done = subprocess.run([sys.executable, "-c", SCAN_IN_PROCESS, str(source), str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert "figscan.analyse.shapes" in modules, "the scan really ran the shape detector"
    loaded = [m for m in modules if m.split(".")[0] in TRAINING_MODULES]
    assert loaded == [], f"a scan imported training code: {loaded}"


def test_no_runtime_module_is_over_600_lines() -> None:
    sizes = {path.relative_to(REPO).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in (REPO / "figscan").rglob("*.py")}
    assert sizes, "figscan/ holds the package"
    too_long = {name: n for name, n in sizes.items() if n > 600}
    assert too_long == {}
