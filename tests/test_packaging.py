"""What a user installs is well kept: metadata, license, a clean sdist, and a dev toolchain that cannot drift.

Building and installing the wheel for real (sdist contents, ``twine check``, a fresh
venv running ``--version``, ``--help``, ``completion bash`` and ``--demo`` in a pty) is
``scripts/smoke-wheel.sh``, run by ``.ci/run``: it needs the package index, so it is not a unit test.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def test_license_is_a_pep_639_expression_with_its_file() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert "License :: " not in " ".join(PROJECT["classifiers"])  # PEP 639: the expression replaces them


def test_metadata_a_registry_page_needs() -> None:
    assert PROJECT["authors"] and PROJECT["keywords"] and PROJECT["urls"]
    classifiers = PROJECT["classifiers"]
    assert "Environment :: Console" in classifiers and "Typing :: Typed" in classifiers
    minimum = PROJECT["requires-python"].removeprefix(">=")
    assert f"Programming Language :: Python :: {minimum}" in classifiers
    assert all(url.startswith("https://") for url in PROJECT["urls"].values())


def test_sdist_leaves_out_tests_and_dev_files() -> None:
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    for line in ("prune tests", "prune scripts", "prune screenshots", "prune .ci"):
        assert line in manifest


def test_every_dependency_and_dev_tool_is_pinned_in_the_constraints() -> None:
    """./dev installs with ``-c constraints.txt``: ruff, mypy, pytest… are the same version everywhere."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert re.fullmatch(r"[0-9][0-9A-Za-z.+-]*", version), f"not an exact pin: {line}"
            pins[_name(name)] = version
    wanted = [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["dev"]]
    missing = sorted({_name(req) for req in wanted} - pins.keys())
    assert not missing, f"add to constraints.txt: {missing}"
    dev = (ROOT / "dev").read_text(encoding="utf-8")
    assert "-c constraints.txt" in dev


def test_ci_builds_checks_and_smoke_tests_the_wheel() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./dev package" in ci
    dev = (ROOT / "dev").read_text(encoding="utf-8")
    assert "scripts/smoke-wheel.sh" in dev
    smoke = (ROOT / "scripts" / "smoke-wheel.sh").read_text(encoding="utf-8")
    for step in ("-m build", "twine check", "--version", "--help", "completion bash", "--demo"):
        assert step in smoke, step


def _debian_python(tmp_path: Path) -> Path:
    """A Python like Debian's without python3-venv: `-m venv` makes a venv without pip, then fails."""
    import sys

    fake = tmp_path / "python3-debian"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then\n'
        f'  "{sys.executable}" -m venv --without-pip "$3"\n'
        '  echo "The virtual environment was not created successfully because ensurepip is not available." >&2\n'
        "  exit 1\n"
        "fi\n"
        f'exec "{sys.executable}" "$@"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    return fake


def test_dev_rebuilds_a_broken_venv_and_names_the_package(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)  # the broken first run
    env = {**os.environ, "VENV": str(venv), "PYTHON": str(_debian_python(tmp_path))}
    done = subprocess.run(["sh", str(ROOT / "dev"), "lint"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "is broken (no working python or pip): rebuilding it" in done.stderr
    assert "apt-get install python3-venv" in done.stderr or "venv/ensurepip package" in done.stderr
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert f"python{version}-venv" in done.stderr or "venv/ensurepip package" in done.stderr
    assert not venv.exists()  # nothing half-made is left for the next run to trip over
    assert "No module named pip" not in done.stderr
