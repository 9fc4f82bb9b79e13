"""Tracing is off by default and then costs nothing: our code imports no OpenTelemetry.

(FastAPI itself imports the OpenTelemetry *API* for its own optional telemetry, so the servers'
modules bring that in; the SDK, exporter and our span module still stay unloaded.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# A fresh interpreter (this one has OpenTelemetry loaded by other tests): boot a runtime with
# the default settings, run an intent through submit, the queue and a worker, then list which
# OpenTelemetry modules got imported on the way.
SCRIPT = """
import asyncio, sys
from pathlib import Path
from symphainy.runtime import SubmitIntent
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import build_registry

async def main() -> None:
    async with local_runtime(build_registry(), home=Path(sys.argv[1])) as rt:
        assert rt.tracer is None
        request = SubmitIntent(tenant_id="t", intent_type="add_one", parameters={"x": 1})
        sub = await rt.submit(request)
        final = await rt.wait("t", sub.execution_id, timeout=60)
        assert final.status == "completed", final.error
    print(sorted(m for m in sys.modules if m.split(".")[0] == "opentelemetry"))
    import symphainy.cli._serve, symphainy.runtime.api  # the servers' modules too
    ours = ("opentelemetry.sdk", "opentelemetry.exporter", "symphainy.observability._exec")
    print(sorted(m for m in sys.modules if m.startswith(ours)))

asyncio.run(main())
"""


def test_no_opentelemetry_module_is_imported_when_tracing_is_off(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "HOME": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "[]"]


def test_the_same_run_with_an_endpoint_does_import_it(tmp_path: Path) -> None:
    """The check above can fail: with an endpoint set, the same script loads OpenTelemetry."""
    root = Path(__file__).resolve().parents[3]
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(root),
        "HOME": str(tmp_path),
        "SYMPHAINY_OTLP_ENDPOINT": "http://127.0.0.1:9/v1/traces",
    }
    script = SCRIPT.replace("assert rt.tracer is None", "assert rt.tracer is not None")
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    core, servers = done.stdout.splitlines()
    assert "opentelemetry.sdk.trace" in core
    assert "symphainy.observability._execution_spans" in servers
