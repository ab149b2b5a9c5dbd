"""Exact medians per group without sorting a million values."""

import numpy as np


def medians(
    cells: np.ndarray, width: int, values: np.ndarray, rows: int, merge: np.ndarray | None = None
) -> np.ndarray:
    """The exact median of `values` (whole seconds) per histogram row (group + 2; see
    TicketColumns.cells); NaN where a group has none.

    A radix select instead of a sort: the histogram of buckets per group finds the bucket
    holding each group's middle ranks, then only the values in those buckets are sorted (a
    few thousand instead of a million).

    With `merge`, the cells' histogram rows are groups of their own (a unit each) that count
    towards output row merge[row] (the unit's ancestor at some level): the histograms add up,
    and the million cells are never rewritten."""
    medians = np.full(rows, np.nan)
    inputs = rows if merge is None else len(merge)
    histogram = np.bincount(cells, minlength=inputs * width).reshape(inputs, width)
    histogram[0] = 0  # cell 0: the value is unknown
    if merge is not None:
        into = (merge[:, None] * width + np.arange(width)).ravel()
        histogram = np.bincount(into, weights=histogram.ravel(), minlength=rows * width)
        histogram = histogram.astype(np.int64).reshape(rows, width)
    below = np.cumsum(histogram, axis=1)
    counts = below[:, -1]
    present = np.flatnonzero(counts)
    if not len(present):
        return medians
    low, high = (counts[present] - 1) // 2, counts[present] // 2
    low_bucket = (below[present] <= low[:, None]).sum(axis=1)
    high_bucket = (below[present] <= high[:, None]).sum(axis=1)
    wanted = np.zeros(rows * width, dtype=np.bool_)
    wanted[present * width + low_bucket] = wanted[present * width + high_bucket] = True
    if merge is None:
        chosen = np.flatnonzero(wanted[cells])
        picked_rows = cells[chosen] // width
    else:
        wanted = wanted.reshape(rows, width)[merge].ravel()
        chosen = np.flatnonzero(wanted[cells])
        picked_rows = merge[cells[chosen] // width]
    picked = values[chosen]
    picked = picked[np.lexsort((picked, picked_rows))].astype(np.int64)
    per_row = np.bincount(picked_rows, minlength=rows)
    first = np.cumsum(per_row) - per_row  # where each row's picked values start
    before = np.where(low_bucket > 0, below[present, np.maximum(low_bucket - 1, 0)], 0)
    start = first[present] - before
    medians[present] = (picked[start + low] + picked[start + high]) / 2
    return medians
