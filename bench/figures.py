"""What the bench scripts share: timing an action and printing percentiles."""

import statistics
import time


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered):7.2f} ms  p95 {p95:7.2f} ms  (n={len(ordered)})"


def with_mean(samples_ms: list[float]) -> str:
    return f"mean {statistics.fmean(samples_ms):7.2f} ms  {percentiles(samples_ms)}"


def timed(action, repeat: int) -> list[float]:
    return timed_each(lambda _: action(), range(repeat))


def timed_each(action, items) -> list[float]:
    """Milliseconds of `action(item)` for each item."""
    samples = []
    for item in items:
        started = time.perf_counter()
        action(item)
        samples.append((time.perf_counter() - started) * 1000)
    return samples
