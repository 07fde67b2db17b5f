"""The benchmark's log generator (benchmarks/generate.py), loaded once for every test that builds a generated log."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from kg.paths import ROOT

GENERATOR = ROOT / "benchmarks" / "generate.py"


@cache
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def generated_files(n: int, seed: int = 2024, split_months: bool = False) -> dict[str, str]:
    """File name -> text of a generated log of n entries."""
    files: dict[str, str] = generator().generate(n, seed=seed, split_months=split_months).files
    return files


def write_generated(folder: Path, n: int) -> Path:
    """A generated log of n entries written into `folder` (returned)."""
    generator().write(generator().generate(n), folder)
    return folder
