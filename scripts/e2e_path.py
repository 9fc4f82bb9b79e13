"""The backend-only critical path, end to end, against real processes.

    python scripts/e2e_path.py                                   # embedded SQLite
    python scripts/e2e_path.py --database-url postgresql://… --runtimes 2 --workers 2

Starts the Runtime API and the Experience service as separate `symphainy` processes (on
PostgreSQL: N runtime API processes without workers, N worker processes, and one Experience
service per runtime, all sharing the database), then walks the path an experience takes:
register a user; open an anonymous session and upgrade it; upload a real CSV file; ingest,
save and parse it; follow the parse over the event stream; resolve the parsed artifact and
its lineage; trigger the content journey; verify the tenant's WAL chain. Each step prints
its duration; `--json FILE` also writes them for tests. Exits non-zero on the first failure.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from symphainy.sdk import HttpSDK
from symphainy.testing import free_port

JOURNEY = "content_ingest_pipeline"
READY_TIMEOUT = 60.0
STEP_TIMEOUT = 120.0


@dataclass
class Platform:
    """The processes of one run and where to reach them."""

    experiences: list[str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    database: str = "sqlite"


@dataclass
class Run:
    """What the steps share, and the timings they record."""

    platform: Platform
    workdir: Path
    steps: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    user: HttpSDK | None = None
    visitor: HttpSDK | None = None

    def sdk(self, index: int = 0) -> HttpSDK:
        """The signed-in user's SDK on Experience service number `index` (wrapping)."""
        assert self.user is not None
        assert self.user.token is not None
        urls = self.platform.experiences
        return HttpSDK(urls[index % len(urls)], self.user.token, timeout=STEP_TIMEOUT)


# Processes -----------------------------------------------------------------------------------


def _spawn(name: str, args: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen[bytes]:
    log = (logs / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "symphainy.cli", *args], env=env, stdout=log, stderr=log
    )


def _wait_for_line(proc: subprocess.Popen[bytes], log: Path, marker: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while marker not in log.read_text(errors="replace"):
        if proc.poll() is not None:
            raise RuntimeError(f"{log.stem} exited {proc.returncode}:\n{log.read_text()}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{log.stem} did not print {marker!r}:\n{log.read_text()}")
        time.sleep(0.05)


def _wait_ready(url: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/ready", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass  # not listening yet: keep polling until the deadline
        time.sleep(0.1)
    raise TimeoutError(f"{url}/ready did not answer 200 within {READY_TIMEOUT}s")


@contextmanager
def start_platform(
    home: Path, database_url: str, runtimes: int, workers: int
) -> Iterator[Platform]:
    """Start the processes; yield once every Experience service answers /ready; stop them."""
    env = {**os.environ, "SYMPHAINY_SERVICE_SECRET": secrets.token_urlsafe(32)}
    env.pop("SYMPHAINY_RUNTIME_URL", None)
    base = ["--home", str(home), *(["--database-url", database_url] if database_url else [])]
    logs = home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    platform = Platform([], database="postgresql" if database_url else "sqlite")
    with ExitStack() as stack:
        stack.callback(_stop_all, platform)
        # Runtimes and workers start together; each Experience service needs its runtime up.
        ports = [free_port() for _ in range(runtimes)]
        flag = "--no-workers" if workers else "--workers"
        first = {
            f"runtime-{i + 1}": (["runtime", *base, "--port", str(port), flag], "Runtime API")
            for i, port in enumerate(ports)
        }
        first |= {f"worker-{i + 1}": (["worker", *base], "running") for i in range(workers)}
        _start_all(platform, first, env, logs)
        second = {}
        for i, port in enumerate(ports):
            eport = free_port()
            args = [
                "experience",
                *base,
                "--port",
                str(eport),
                "--runtime-url",
                f"http://127.0.0.1:{port}",
            ]
            second[f"experience-{i + 1}"] = (args, "Experience service")
            platform.experiences.append(f"http://127.0.0.1:{eport}")
        _start_all(platform, second, env, logs)
        for url in platform.experiences:
            _wait_ready(url)
        yield platform


def _start_all(
    platform: Platform, specs: dict[str, tuple[list[str], str]], env: dict[str, str], logs: Path
) -> None:
    for name, (args, _) in specs.items():
        platform.processes[name] = _spawn(name, args, env, logs)
    for name, (_, marker) in specs.items():
        _wait_for_line(platform.processes[name], logs / f"{name}.log", marker)


def _stop_all(platform: Platform) -> None:
    for proc in platform.processes.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    for proc in platform.processes.values():
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# Steps ---------------------------------------------------------------------------------------


def claims_csv(rows: int = 250) -> bytes:
    """A real CSV: insurance claims with dates, amounts, statuses and a few blanks."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["claim_id", "policy", "filed_on", "amount", "status", "adjuster_email"])
    statuses = ["open", "approved", "denied", "paid"]
    for i in range(1, rows + 1):
        amount = "" if i % 37 == 0 else f"{(i * 7919) % 50000 / 100:.2f}"
        writer.writerow(
            [
                f"C{i:05d}",
                f"P-{i % 41:03d}",
                f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                amount,
                statuses[i % 4],
                f"adjuster{i % 9}@example.com",
            ]
        )
    return out.getvalue().encode()


async def register_user(run: Run) -> str:
    run.user = HttpSDK(run.platform.experiences[0], timeout=STEP_TIMEOUT)
    body = await run.user.register(
        f"e2e-{secrets.token_hex(4)}@example.com", "correct horse battery", "E2E"
    )
    run.facts["tenant_id"] = body["tenant"]["tenant_id"]
    return f"user {body['user']['user_id'][:8]} in tenant {body['tenant']['tenant_id'][:8]}"


async def anonymous_session(run: Run) -> str:
    run.visitor = HttpSDK(run.platform.experiences[0], timeout=STEP_TIMEOUT)
    session = await run.visitor.create_anonymous_session({"source": "e2e"})
    sub = await run.visitor.invoke_intent("echo", {"message": "before sign-in"}, session)
    done = await run.visitor.wait(sub.execution_id, timeout=STEP_TIMEOUT)
    _check(done.status == "completed", f"anonymous echo {done.status}")
    run.facts["session_id"] = session.session_id
    return f"session {session.session_id[:8]} anonymous; echo ran as the visitor"


async def upgrade_session(run: Run) -> str:
    assert run.user is not None
    assert run.visitor is not None
    view = await run.user.upgrade_session(run.facts["session_id"], run.visitor.token or "")
    _check(not view.is_anonymous and view.user_id is not None, "session not upgraded")
    return f"session {view.session_id[:8]} now belongs to user {view.user_id[:8]}"


async def upload_file(run: Run) -> str:
    data = claims_csv()
    path = run.workdir / "claims.csv"
    path.write_bytes(data)
    sdk = run.sdk()
    staged = await sdk.upload(path.read_bytes(), path.name)
    params = {"ui_name": path.name, "filename": path.name, "upload_uri": staged.upload_uri}
    result = await _complete(sdk, "ingest_file", params, run.facts["session_id"])
    run.facts.update(file_id=result["artifact_id"], contract=result["boundary_contract_id"])
    return f"{len(data)} bytes uploaded, file artifact {result['artifact_id'][:8]} PENDING"


async def save_file(run: Run) -> str:
    params = {"file_id": run.facts["file_id"], "boundary_contract_id": run.facts["contract"]}
    result = await _complete(run.sdk(), "save_materialization", params, run.facts["session_id"])
    _check(result["available_for_parsing"], "saved file is not available for parsing")
    return f"READY; parse deferred as pending intent {result['pending_intent_id'][:8]}"


async def parse_and_follow(run: Run) -> str:
    # Submit through one Experience service and follow through another (on PostgreSQL they
    # sit on different runtime processes; the events come from a worker process).
    submit, follow = run.sdk(0), run.sdk(1)
    sub = await submit.invoke_intent(
        "parse_content", {"file_id": run.facts["file_id"]}, run.facts["session_id"]
    )
    events = [e async for e in follow.subscribe(sub.execution_id)]
    seqs = [e.seq for e in events]
    _check(seqs == list(range(1, len(seqs) + 1)), f"stream not gap-free: {seqs}")
    _check(events[-1].kind == "execution.completed", f"parse ended {events[-1].kind}")
    result = events[-1].data["result"]
    workers = {e.data.get("worker") for e in events if e.kind == "execution.started"}
    run.facts.update(parsed_id=result["parsed_file_id"], parse_workers=sorted(map(str, workers)))
    return (
        f"{len(events)} events in order, {result['record_count']} records "
        f"({result['parser']}), run by worker {', '.join(run.facts['parse_workers'])}"
    )


async def resolve_lineage(run: Run) -> str:
    sdk = run.sdk(1)
    parsed = await sdk.resolve_artifact(run.facts["parsed_id"], "parsed_content")
    lineage = await sdk.artifact_lineage(parsed.artifact_id)
    _check(lineage.parents == [run.facts["file_id"]], f"parents {lineage.parents}")
    _check(parsed.lifecycle_state == "READY", f"parsed artifact {parsed.lifecycle_state}")
    return f"parsed_content {parsed.artifact_id[:8]} READY, parent = the uploaded file"


async def trigger_journey(run: Run) -> str:
    # The saved file goes through the content journey: parse → deterministic → semantic
    # embeddings, each step a child execution that any worker may run.
    submit, follow = run.sdk(0), run.sdk(1)
    sub = await submit.trigger_journey(
        JOURNEY, {"file_id": run.facts["file_id"]}, run.facts["session_id"]
    )
    events = [e async for e in follow.subscribe(sub.execution_id)]
    _check(events[-1].kind == "execution.completed", f"journey ended {events[-1].kind}")
    steps = {s["step"]: s for s in events[-1].data["result"]["steps"]}
    _check(all(s["status"] == "completed" for s in steps.values()), f"steps {steps}")
    semantic, deterministic = steps["semantic"]["result"], steps["deterministic"]["result"]
    lineage = await follow.artifact_lineage(semantic["embedding_id"])
    _check(deterministic["deterministic_embedding_id"] in lineage.parents, "embedding lineage")
    workers = set()
    for step in steps.values():
        async for event in follow.subscribe(step["execution_id"]):
            if event.kind == "execution.started":
                workers.add(str(event.data.get("worker")))
    run.facts["journey_workers"] = sorted(workers)
    return (
        f"{JOURNEY}: {' → '.join(steps)} as child executions, "
        f"{semantic['dimension']}-d vectors; steps run by {len(workers)} worker(s)"
    )


async def verify_wal(run: Run) -> str:
    verdict = await run.sdk().verify_wal()
    _check(verdict.valid, f"WAL chain broken at {verdict.first_broken_seq}: {verdict.reason}")
    return f"hash chain intact over {verdict.entries_checked} entries"


async def _complete(sdk: HttpSDK, intent: str, params: dict[str, Any], session: str) -> Any:
    sub = await sdk.invoke_intent(intent, params, session)
    done = await sdk.wait(sub.execution_id, timeout=STEP_TIMEOUT)
    _check(done.status == "completed", f"{intent} {done.status}: {done.error}")
    return done.result


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


STEPS: list[tuple[str, Callable[[Run], Awaitable[str]]]] = [
    ("register user", register_user),
    ("anonymous session", anonymous_session),
    ("upgrade session", upgrade_session),
    ("upload + ingest file", upload_file),
    ("save file", save_file),
    ("parse, follow stream", parse_and_follow),
    ("resolve artifact + lineage", resolve_lineage),
    ("trigger journey", trigger_journey),
    ("verify WAL chain", verify_wal),
]


# Driver --------------------------------------------------------------------------------------


async def walk(run: Run) -> None:
    """Run every step in order, printing and recording each one's duration."""
    for number, (name, step) in enumerate(STEPS, 2):
        start = time.perf_counter()
        detail = await step(run)
        _record(run, number, name, time.perf_counter() - start, detail)
    for sdk in (run.user, run.visitor):
        if sdk is not None:
            await sdk.aclose()


def _record(run: Run, number: int, name: str, seconds: float, detail: str) -> None:
    run.steps.append({"step": name, "seconds": round(seconds, 4), "detail": detail})
    print(f"[{number:>2}] {name:<28} {seconds * 1000:>9.1f} ms  {detail}", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="symphainy-e2e-") as tmp:
        home = Path(args.home) if args.home else Path(tmp)
        runtimes = args.runtimes or (2 if args.database_url else 1)
        workers = args.workers if args.workers is not None else (2 if args.database_url else 0)
        print(
            f"store: {'PostgreSQL' if args.database_url else 'SQLite'}; {runtimes} runtime, "
            f"{workers or 'in-runtime'} worker process(es); home {home}",
            flush=True,
        )
        start = time.perf_counter()
        with start_platform(home, args.database_url, runtimes, workers) as platform:
            run = Run(platform, home)
            run.facts["pids"] = {name: p.pid for name, p in platform.processes.items()}
            _record(
                run,
                1,
                "start processes",
                time.perf_counter() - start,
                f"{len(platform.processes)} processes: {', '.join(platform.processes)}",
            )
            asyncio.run(walk(run))
        total = sum(s["seconds"] for s in run.steps)
        print(f"all {len(run.steps)} steps passed in {total:.2f} s", flush=True)
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {"database": platform.database, "steps": run.steps, "facts": run.facts},
                    indent=2,
                )
            )
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default="", help="postgresql://… (default: SQLite)")
    p.add_argument("--runtimes", type=int, default=0, help="runtime API processes")
    p.add_argument("--workers", type=int, default=None, help="worker processes (0: in-runtime)")
    p.add_argument("--home", default="", help="directory for the store, blobs and logs")
    p.add_argument("--json", default="", help="also write the step timings here")
    return p


if __name__ == "__main__":
    sys.exit(main())
