"""The pre-commit hook through the real pre-commit framework, in a temporary git repository.

pre-commit installs this checkout into its own environment with pip, so the test needs the
package registry (CI has it); it skips, saying so, when the registry cannot be reached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
pytestmark = pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed")

CLEAN = """# Council approves school repair budget

2025-05-28

RIVERTON (AP) — The city council approved a $22 million budget to repair nine schools.

Original url: https://www.riverton-ledger.com/2025/05/28/council-approves-school-repair-budget
"""
MISSING_URL = """# Council approves school repair budget

2025-05-28

RIVERTON (AP) — The city council approved a $22 million budget to repair nine schools.
"""
REGISTRY_TROUBLE = ("Could not find a version", "No matching distribution", "NewConnectionError", "ConnectionError")


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_manifest_matches_the_readme():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["provenance"]["entry"] == "provenance audit --offline"
    assert hooks["provenance-resolve"]["stages"] == ["manual"]
    readme = (ROOT / "README.md").read_text()
    for hook_id in hooks:
        assert f"id: {hook_id}" in readme, f"README lacks the {hook_id} snippet"


def test_commits_pass_and_fail_through_pre_commit(tmp_path):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    if head.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "PATH": f"{Path(PRE_COMMIT).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    repo = tmp_path / "articles"
    repo.mkdir()
    assert _git(repo, "init", "-q", "-b", "main", env=env).returncode == 0
    config = {"repos": [{"repo": str(ROOT), "rev": head.stdout.strip(), "hooks": [{"id": "provenance"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    installed = subprocess.run([PRE_COMMIT, "install"], cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stderr

    (repo / "clean.md").write_text(CLEAN)
    _git(repo, "add", ".", env=env)
    first = _git(repo, "commit", "-q", "-m", "a clean article", env=env)
    output = first.stdout + first.stderr
    if first.returncode != 0 and any(trouble in output for trouble in REGISTRY_TROUBLE):
        pytest.skip("pre-commit could not install the hook: the package registry is unreachable")
    assert first.returncode == 0, output
    assert "provenance (offline audit)" in output and "Passed" in output

    (repo / "orphan.md").write_text(MISSING_URL)
    _git(repo, "add", "orphan.md", env=env)
    second = _git(repo, "commit", "-q", "-m", "an article without its URL", env=env)
    output = second.stdout + second.stderr
    assert second.returncode != 0
    assert "Failed" in output
    assert "orphan.md:1:1: PRV101 missing-original-url" in output
    assert "clean.md" not in output.split("Failed", 1)[1], "only the staged file is audited"
