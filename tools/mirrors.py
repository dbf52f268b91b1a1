"""Files of fetched repositories: `fetch` stores owner/name as /work/.mirror/owner+name/repo, a
bare git directory or a work tree whose git directory is repo/.git. The data sets' rebuild
scripts read their sources from there, at the commit each manifest row names."""
from __future__ import annotations

import subprocess
from pathlib import Path

MIRRORS = Path("/work/.mirror")


def git_dir(repo: str, mirrors: Path = MIRRORS) -> Path:
    """The git directory of owner/name's snapshot."""
    root = mirrors / repo.replace("/", "+", 1)
    for candidate in (root / "repo" / ".git", root / "repo", root / ".git", root):
        if (candidate / "HEAD").is_file():
            return candidate
    raise FileNotFoundError(f"no snapshot of {repo} under {root}: fetch github:{repo} first")


def blob(repo: str, commit: str, path: str, mirrors: Path = MIRRORS) -> bytes:
    """The file as it was at that commit."""
    shown = subprocess.run(["git", "--git-dir", str(git_dir(repo, mirrors)), "show", f"{commit}:{path}"],
                           capture_output=True, check=False)
    if shown.returncode != 0:
        raise FileNotFoundError(f"{repo}@{commit[:10]} has no {path!r}: {shown.stderr.decode().strip()}")
    return shown.stdout
