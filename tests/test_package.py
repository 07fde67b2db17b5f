"""The package as a user installs it: a wheel, not the checkout. Its vocabularies, patterns, ontology, shapes and
named queries must travel inside it, and a build made with it must give the checkout's bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.paths import ROOT

SAMPLE = ROOT / "tests" / "data" / "golden" / "daily-small.md"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel from a copy of the checkout's files and installed, without dependencies,
    into a folder of its own (the dependencies come from the test's own environment)."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheels, site = tmp / "wheels", tmp / "site"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)], tmp)
    (wheel,) = wheels.glob("papers_kg-*.whl")
    _run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)], tmp)
    return site


def _run(args: list[str], cwd: Path, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)} if site else dict(os.environ)
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{args}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done


def _kg(site: Path, cwd: Path, *args: str) -> str:
    return _run([sys.executable, "-c", "from kg.cli import run; run()", *args], cwd, site).stdout


def test_the_installed_package_carries_its_data(installed: Path, tmp_path: Path) -> None:
    shown = _run([sys.executable, "-c", "import kg.paths as p; print(p.PACKAGE); print(p.VOCAB_DIR.is_symlink(), "
                  "len(list(p.VOCAB_DIR.glob('*.ttl'))), "
                  "p.SHAPES.is_file(), p.ONTOLOGY.is_file(), len(list(p.QUERIES_DIR.glob('*.rq'))), "
                  "len(list(p.DERIVED_QUERIES_DIR.glob('*.rq'))) > 0, len(list(p.PATTERNS_DIR.glob('*.toml'))) > 0)"],
                 tmp_path, installed).stdout.splitlines()
    assert shown[0] == str(installed / "kg")  # the wheel's copy, not the checkout
    vocabularies = len(list((ROOT / "ontology" / "vocab").glob("*.ttl")))
    queries = len(list((ROOT / "queries").glob("*.rq")))
    assert shown[1] == f"False {vocabularies} True True {queries} True True"


def test_a_build_with_the_installed_package_gives_the_checkouts_bytes(installed: Path, tmp_path: Path) -> None:
    _kg(installed, tmp_path, "build", str(SAMPLE), "-o", "wheel", "--no-html", "--no-cache", "-q")
    _run([sys.executable, "-c", "from kg.cli import run; run()", "build", str(SAMPLE), "-o", "checkout", "--no-html",
          "--no-cache", "-q"], tmp_path)  # the package the tests import: the checkout
    for name in ("kg.ttl", "kg.nt", "kg.jsonld"):
        assert (tmp_path / "wheel" / name).read_bytes() == (tmp_path / "checkout" / name).read_bytes(), name
    assert _kg(installed, tmp_path, "validate", "--data", "wheel/kg.ttl") == "conforms\n"
    orgs = _kg(installed, tmp_path, "query", "orgs", "--data", "wheel/kg.ttl")
    assert "id:organization/hugging-face  Hugging Face  1" in orgs
