"""The benchmarks' statistics: what a run can say about two sets of samples."""

from __future__ import annotations

from benchmarks.harness import difference_interval, percentile


def p95(samples: list[float]) -> float:
    return percentile(samples, 95)


def test_two_runs_of_the_same_times_differ_by_an_interval_that_holds_nothing() -> None:
    times = [float(10 + i % 17) for i in range(120)]
    low, high = difference_interval(times, list(reversed(times)), p95)
    assert low <= 0.0 <= high


def test_times_ten_milliseconds_slower_throughout_differ_by_an_interval_around_ten() -> None:
    times = [float(10 + i % 17) for i in range(120)]
    slower = [t + 10.0 for t in times]
    low, high = difference_interval(slower, times, p95)
    assert 0.0 < low <= 10.0 <= high


def test_the_interval_narrows_as_the_samples_grow() -> None:
    few = [float(i % 23) for i in range(40)]
    many = [float(i % 23) for i in range(1000)]
    few_low, few_high = difference_interval(few, few, p95)
    many_low, many_high = difference_interval(many, many, p95)
    assert many_high - many_low < few_high - few_low


def test_a_run_s_interval_can_be_computed_again_from_its_samples() -> None:
    times = [float((i * 7) % 31) for i in range(100)]
    other = [float((i * 11) % 29) for i in range(120)]
    assert difference_interval(times, other, p95) == difference_interval(times, other, p95)
