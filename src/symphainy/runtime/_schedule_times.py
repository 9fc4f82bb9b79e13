"""When a schedule falls due, and what a scheduler does with the due times it finds.

Pure functions of a schedule's timing and a moment: no store, no clock. Cron expressions are
croniter's, read in the schedule's IANA zone (zoneinfo), so daylight-saving changes follow the
zone: a wall-clock time skipped when clocks go forward fires at the first moment after the gap,
and a fixed-hour time that occurs twice when clocks go back fires once (the first time), as
cron does; wildcard-hour expressions fire on each real occurrence. `every_seconds` due times
are the multiples of the interval since the Unix epoch (every 3600 s: each full UTC hour).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from croniter import croniter

from symphainy.store import ScheduleRow

_HOURS_IN_DAY = 24


@dataclass(frozen=True, slots=True)
class Timing:
    """One of: a cron expression in a zone, an interval in seconds, or a single moment."""

    cron: str | None = None
    timezone: str | None = None
    every_seconds: int | None = None
    at: float | None = None

    @classmethod
    def of(cls, row: ScheduleRow) -> Timing:
        """A stored schedule's timing."""
        return cls(row.cron, row.timezone, row.every_seconds, row.at)

    def next_after(self, moment: float) -> float | None:
        """The first due time strictly after `moment` (None: there is none)."""
        if self.every_seconds is not None:
            return float((math.floor(moment / self.every_seconds) + 1) * self.every_seconds)
        if self.at is not None:
            return self.at if self.at > moment else None
        return self._cron_next(moment)

    def latest_until(self, start: float, end: float, limit: int) -> list[float]:
        """Up to `limit` due times in [start, end], the latest ones, in order."""
        if self.every_seconds is not None:
            step = self.every_seconds
            first = max(math.ceil(start / step), math.floor(end / step) - limit + 1)
            return [float(k * step) for k in range(first, math.floor(end / step) + 1)]
        if self.at is not None:
            return [self.at] if start <= self.at <= end else []
        return self._cron_latest(start, end, limit)

    def _zone(self) -> ZoneInfo:
        assert self.timezone is not None
        return ZoneInfo(self.timezone)

    def _cron_next(self, moment: float) -> float:
        assert self.cron is not None
        zone = self._zone()
        it = croniter(self.cron, datetime.fromtimestamp(moment, zone))
        prev = datetime.fromtimestamp(moment, zone)
        while True:
            due: datetime = it.get_next(datetime)
            if not self._repeat(prev, due):
                return due.timestamp()
            prev = due

    def _cron_latest(self, start: float, end: float, limit: int) -> list[float]:
        assert self.cron is not None
        zone = self._zone()
        # croniter steps back from strictly before its start: nudge `end` in.
        it = croniter(self.cron, datetime.fromtimestamp(end + 0.001, zone))
        found: list[datetime] = []
        while len(found) < limit + 1:
            due: datetime = it.get_prev(datetime)
            if due.timestamp() < start:
                break
            found.append(due)
        found.reverse()
        kept = [d for i, d in enumerate(found) if i == 0 or not self._repeat(found[i - 1], d)]
        return [d.timestamp() for d in kept[-limit:]]

    def _repeat(self, prev: datetime, due: datetime) -> bool:
        # The second pass over a wall-clock time when clocks go back: cron fires a fixed-hour
        # job once, but a wildcard-hour job on each real occurrence.
        same_wall = prev.replace(tzinfo=None) == due.replace(tzinfo=None)
        return same_wall and prev.utcoffset() != due.utcoffset() and self._fixed_hours()

    def _fixed_hours(self) -> bool:
        hours = croniter(str(self.cron)).expanded[1]
        return hours != ["*"] and len(hours) < _HOURS_IN_DAY


@dataclass(frozen=True, slots=True)
class Limits:
    """The Settings a plan obeys."""

    grace_seconds: float
    max_catchup_runs: int


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do with a claimed schedule now."""

    fire: list[float]
    """Due times to submit runs for, in order."""
    skipped: list[float] = field(default_factory=list)
    """Due times the overlap policy dropped (a run was unfinished)."""
    missed: list[float] = field(default_factory=list)
    """The oldest and newest due time the catch-up policy dropped (empty: none)."""
    buffered_due: float | None = None
    next_due: float | None = None


def plan(row: ScheduleRow, busy: bool, now: float, limits: Limits) -> Plan:
    """The runs a due schedule starts now, by its catch-up and overlap policies.

    Due times reached within `grace_seconds` are on time and always considered; older ones
    were missed (no scheduler ran): `none` drops them, `latest` keeps the newest when nothing
    is on time, `all` keeps them (the newest `max_catchup_runs`). Then, in order, each kept
    due time runs unless a run is unfinished (`busy`, or one started just before it): `skip`
    drops it, `buffer_one` holds the first such one back, `allow` runs it anyway.
    """
    timing = Timing.of(row)
    due = row.next_due
    dues: list[float] = []
    if due is not None and due <= now:
        dues = timing.latest_until(due, now, limits.max_catchup_runs)
    kept, dropped = _catch_up(row, dues, now, limits)
    if dues and due is not None and dues[0] > due:  # older than the newest max_catchup_runs
        dropped = [due, *dropped]
    candidates = ([row.buffered_due] if row.buffered_due is not None else []) + kept
    fire, skipped, buffered = _overlap(row.overlap, candidates, busy)
    next_due = timing.next_after(now) if due is not None and due <= now else due
    return Plan(fire, skipped, dropped[:1] + dropped[-1:], buffered, next_due)


def _catch_up(
    row: ScheduleRow, dues: list[float], now: float, limits: Limits
) -> tuple[list[float], list[float]]:
    on_time = [d for d in dues if now - d <= limits.grace_seconds]
    late = [d for d in dues if now - d > limits.grace_seconds]
    if row.catchup == "all":
        return late + on_time, []
    if row.catchup == "latest" and not on_time:
        return late[-1:], late[:-1]
    return on_time, late


def _overlap(
    policy: str, candidates: list[float], busy: bool
) -> tuple[list[float], list[float], float | None]:
    fire: list[float] = []
    skipped: list[float] = []
    buffered: float | None = None
    for due in candidates:
        if not busy or policy == "allow":
            fire.append(due)
            busy = True  # the run just started is unfinished
        elif policy == "buffer_one" and buffered is None:
            buffered = due
        else:
            skipped.append(due)
    return fire, skipped, buffered
