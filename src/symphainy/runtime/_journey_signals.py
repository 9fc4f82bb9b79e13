"""Signal steps of a journey: taken by the journey's own execution, keyed by step name.

A signal step becomes ready when the steps it runs after completed; from then on the journey's
execution holds an open wait for its signal (consumer `journey-step:<name>`), so a signal sent
to the journey resumes it even while it is parked on running children, and the step's result
(the signal's payload) is recorded once and replayed on every later run of the journey.
"""

from __future__ import annotations

from typing import Any

from symphainy.errors import SignalTimeout
from symphainy.runtime._context import ExecutionContext
from symphainy.runtime._journeys import Journey


async def take_signal_steps(
    ctx: ExecutionContext, journey: Journey, done: dict[str, Any]
) -> tuple[bool, dict[str, Any] | None]:
    """Complete every ready signal step whose signal came (into `done`).

    Returns (some ready signal step still waits, the first timed-out step as a failure).
    """
    waiting = False
    for step in journey.steps:
        if step.signal is None or step.name in done or any(d not in done for d in step.after):
            continue
        try:
            got = await ctx.signals.poll(
                step.signal, step.timeout_seconds, key=f"journey-step:{step.name}"
            )
        except SignalTimeout as exc:
            return waiting, {"step": step.name, "error": exc.to_problem()}
        if got is None:
            waiting = True
            continue
        done[step.name] = {
            "execution_id": ctx.execution_id,
            "signal_id": got.signal_id,
            "result": got.payload,
        }
        await ctx.emit("journey.step", step=step.name, status="completed", signal=step.signal)
    return waiting, None
