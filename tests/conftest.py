"""Fixtures shared by several test files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def private_log(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the test module's `LOG` (an export under tests/data) at a copy in a temporary folder while its
    tests run: the query store is kept beside the data file it holds (`log.ttl.oxigraph/`), and tests must
    never write into tests/data."""
    original = request.module.LOG
    copy = tmp_path_factory.mktemp("query-data") / original.name
    shutil.copyfile(original, copy)
    request.module.LOG = copy
    yield
    request.module.LOG = original
