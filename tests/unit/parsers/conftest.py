"""Fixtures for the parser tests: an output directory and a file writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

WriteFile = Callable[[str, bytes | str], Path]


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write bytes (or UTF-8 text) to a file in the test's temporary directory."""

    def write(name: str, data: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return write
