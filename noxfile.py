"""Quality gates: `nox` runs lint, typecheck, tests and build_check.

Python versions and extras come from pyproject.toml, so this file never repeats them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import nox

PYPROJECT = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))
PYTHON = PYPROJECT["project"]["requires-python"].removeprefix(">=")

nox.options.sessions = ["lint", "typecheck", "tests", "build_check"]
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHON)
def build_check(session: nox.Session) -> None:
    """Build the wheel, install it in a clean venv and run it: proves rules/ ships inside."""
    session.install("build")
    dist = Path(session.create_tmp()) / "dist"
    session.run("python", "-m", "build", "--wheel", "--outdir", str(dist))
    wheel = next(dist.glob("provenance-*.whl"))
    session.install("--force-reinstall", str(wheel))
    with session.chdir(session.create_tmp()):
        session.run("provenance", "rules")
        examples = str(Path(__file__).parent / "examples")
        session.run("provenance", "audit", "--offline", examples, success_codes=[1])
        # the report templates ship too
        session.run("provenance", "audit", "--offline", examples, "--format", "html", "-o", "r.html", success_codes=[1])
