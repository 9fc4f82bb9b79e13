"""Histogram: the counting rule both the store's commits and the HTTP requests use."""

from __future__ import annotations

import pytest

from symphainy.histogram import Histogram


def test_an_observation_lands_in_the_first_bound_not_below_it() -> None:
    h = Histogram((1.0, 2.0, 5.0))
    for value in (0.5, 1.0, 1.5, 5.0, 7.0):
        h.observe(value)
    assert h.counts == [2, 1, 1]  # 1.0 is "le 1"; 7.0 is above every bound
    assert h.count == 5
    assert h.total == pytest.approx(15.0)
    assert h.cumulative() == [("1.0", 2), ("2.0", 3), ("5.0", 4), ("+Inf", 5)]
    assert h.mean == pytest.approx(3.0)


def test_an_empty_histogram_has_no_mean_and_zero_buckets() -> None:
    h = Histogram((1, 10))
    assert h.mean is None
    assert h.cumulative() == [("1", 0), ("10", 0), ("+Inf", 0)]


def test_a_copy_is_independent() -> None:
    h = Histogram((1.0,))
    h.observe(0.5)
    copy = h.copy()
    h.observe(0.5)
    assert copy.counts == [1]
    assert copy.count == 1
    assert h.counts == [2]


@pytest.mark.parametrize("bounds", [(), (2.0, 1.0), (1.0, 1.0)])
def test_bounds_must_increase(bounds: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="increasing"):
        Histogram(bounds)
