"""Due times (cron in a zone across DST, intervals, one-shots) and catch-up/overlap plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from symphainy.runtime._schedule_times import Limits, Timing, plan
from symphainy.store import ScheduleRow

NY = ZoneInfo("America/New_York")
LIMITS = Limits(grace_seconds=2.0, max_catchup_runs=5)


def _walk(timing: Timing, start: datetime, n: int) -> list[str]:
    out, moment = [], start.timestamp()
    for _ in range(n):
        nxt = timing.next_after(moment)
        assert nxt is not None
        out.append(datetime.fromtimestamp(nxt, NY).isoformat())
        moment = nxt
    return out


def test_spring_forward_skipped_time_fires_after_the_gap() -> None:
    daily = Timing(cron="30 2 * * *", timezone="America/New_York")
    assert _walk(daily, datetime(2026, 3, 7, 12, tzinfo=NY), 3) == [
        "2026-03-08T03:00:00-04:00",
        "2026-03-09T02:30:00-04:00",
        "2026-03-10T02:30:00-04:00",
    ]


def test_fall_back_fixed_hour_fires_once() -> None:
    daily = Timing(cron="30 1 * * *", timezone="America/New_York")
    assert _walk(daily, datetime(2026, 10, 31, 12, tzinfo=NY), 3) == [
        "2026-11-01T01:30:00-04:00",
        "2026-11-02T01:30:00-05:00",
        "2026-11-03T01:30:00-05:00",
    ]


def test_fall_back_wildcard_hour_fires_each_real_hour() -> None:
    hourly = Timing(cron="0 * * * *", timezone="America/New_York")
    assert _walk(hourly, datetime(2026, 11, 1, 0, 30, tzinfo=NY), 4) == [
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:00:00-05:00",
        "2026-11-01T02:00:00-05:00",
        "2026-11-01T03:00:00-05:00",
    ]
    start = datetime(2026, 11, 1, 0, tzinfo=NY).timestamp()
    end = datetime(2026, 11, 1, 2, tzinfo=NY).timestamp()
    assert len(hourly.latest_until(start, end, 10)) == 4  # 00:00, 01:00 twice, 02:00


def test_fall_back_backwards_walk_agrees_with_forwards() -> None:
    daily = Timing(cron="30 1 * * *", timezone="America/New_York")
    start = datetime(2026, 10, 30, tzinfo=NY).timestamp()
    end = datetime(2026, 11, 3, tzinfo=NY).timestamp()
    forwards = _walk(daily, datetime(2026, 10, 29, 12, tzinfo=NY), 4)
    backwards = [
        datetime.fromtimestamp(d, NY).isoformat() for d in daily.latest_until(start, end, 9)
    ]
    assert backwards == forwards


def test_interval_due_times_are_epoch_multiples() -> None:
    every = Timing(every_seconds=60)
    assert every.next_after(119.5) == 120.0
    assert every.next_after(120.0) == 180.0
    assert every.latest_until(0.0, 600.0, 3) == [480.0, 540.0, 600.0]
    once = Timing(at=50.0)
    assert once.next_after(10.0) == 50.0
    assert once.next_after(50.0) is None


def _row(**fields: object) -> ScheduleRow:
    base = ScheduleRow(
        "s1",
        "t",
        "add_one",
        None,
        "{}",
        None,
        None,
        1,
        None,
        None,
        "u",
        "[]",
        "allow",
        "all",
        "active",
        100.0,
        None,
        None,
        None,
        None,
        None,
        None,
        0.0,
        0.0,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("catchup", "fire", "missed"),
    [
        # Due from 100, reached at 109.5: 108 and 109 are within the 2 s grace (on time).
        ("all", [105.0, 106.0, 107.0, 108.0, 109.0], [100.0, 100.0]),
        ("latest", [108.0, 109.0], [100.0, 107.0]),
        ("none", [108.0, 109.0], [100.0, 107.0]),
    ],
)
def test_catch_up_after_downtime(catchup: str, fire: list[float], missed: list[float]) -> None:
    todo = plan(_row(catchup=catchup), busy=False, now=109.5, limits=LIMITS)
    assert todo.fire == fire
    assert todo.missed == missed
    assert todo.next_due == 110.0


@pytest.mark.parametrize(
    ("catchup", "fire"), [("all", [100.0, 110.0, 120.0, 130.0]), ("latest", [130.0]), ("none", [])]
)
def test_catch_up_when_nothing_is_on_time(catchup: str, fire: list[float]) -> None:
    row = _row(catchup=catchup, every_seconds=10)
    todo = plan(row, busy=False, now=135.0, limits=LIMITS)
    assert todo.fire == fire
    assert todo.next_due == 140.0


def test_on_time_due_times_fire_whatever_the_catch_up_policy() -> None:
    for catchup in ("none", "latest", "all"):
        todo = plan(_row(catchup=catchup, next_due=110.0), busy=False, now=110.3, limits=LIMITS)
        assert todo.fire == [110.0]
        assert todo.missed == []
        assert todo.next_due == 111.0


@pytest.mark.parametrize(
    ("overlap", "fire", "skipped", "buffered"),
    [
        ("allow", [110.0, 111.0], [], None),
        ("skip", [], [110.0, 111.0], None),
        ("buffer_one", [], [111.0], 110.0),
    ],
)
def test_overlap_while_a_run_is_unfinished(
    overlap: str, fire: list[float], skipped: list[float], buffered: float | None
) -> None:
    row = _row(overlap=overlap, next_due=110.0)
    todo = plan(row, busy=True, now=111.5, limits=LIMITS)
    assert (todo.fire, todo.skipped, todo.buffered_due) == (fire, skipped, buffered)


def test_a_buffered_run_fires_once_the_previous_ended() -> None:
    row = _row(overlap="buffer_one", next_due=200.0, buffered_due=110.0)
    todo = plan(row, busy=False, now=150.0, limits=LIMITS)
    assert (todo.fire, todo.buffered_due, todo.next_due) == ([110.0], None, 200.0)
