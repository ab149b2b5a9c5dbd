"""The organisation tree as the dashboard reads it, and the figures per unit of one level.

Each unit's ancestors at every depth sit in one small table (from OrgUnit.path), so that a unit
filter (the unit and its whole subtree) and a grouping by the units of one level are a single
lookup per ticket in the copy's `unit` column; a unit that moves counts under its new parent
at the next answer (the tree is read each time, a few hundred rows).
"""

from dataclasses import dataclass

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models.org import OrgUnit
from app.services.dashboard.reading import NONE, STATES
from app.services.dashboard.stats import medians
from app.services.grievance import ticket_states
from app.services.org.tree import ancestor_ids

ABOVE = _l("Held above this level, or by no unit")
UPHELD = np.array([ticket_states.CATEGORY[s] == ticket_states.FIXED for s in STATES])
DISMISSED = np.array([s.value == "rejected" for s in STATES])


@dataclass(frozen=True)
class Tree:
    depth: dict[int, int]  # unit id -> depth (0 = a root)
    # row u: the ids on unit u's path by depth, NONE below its own depth; the last row is no
    # unit's (NONE, -1, indexes it), so the copy's `unit` column indexes this table as it is
    ancestors: np.ndarray

    @property
    def depths(self) -> list[int]:
        return sorted(set(self.depth.values()))

    def at(self, depth: int) -> list[int]:
        return [unit for unit, d in self.depth.items() if d == depth]

    def fits(self, units: np.ndarray) -> np.ndarray:
        """`units` as they are, unless one is newer than the table (then read as no unit)."""
        if len(units) and int(units.max()) >= len(self.ancestors) - 1:
            return np.where(units < len(self.ancestors) - 1, units, NONE)
        return units

    def within(self, unit: int, units: np.ndarray) -> np.ndarray:
        """Which of these tickets' units are `unit` or under it."""
        if unit not in self.depth:
            return np.zeros(len(units), dtype=np.bool_)
        return (self.ancestors[:, self.depth[unit]] == unit)[self.fits(units)]

    def slots(self, depth: int, units: list[int]) -> np.ndarray:
        """Per unit (indexed as `ancestors`): 1 + the position in `units` of its ancestor at
        `depth`; 0 when it has none there (held above that level) or is no unit."""
        slot = np.zeros(len(self.ancestors), dtype=np.int32)  # the last: no ancestor (NONE)
        slot[np.array(units, dtype=np.int64)] = np.arange(1, len(units) + 1)
        if depth >= self.ancestors.shape[1]:
            return np.zeros(len(self.ancestors), dtype=np.int32)
        return slot[self.ancestors[:, depth]]


_kept: dict[str, tuple[tuple, Tree]] = {}


def tree() -> Tree:
    """The tree as it is now (rebuilt only when a unit was added, moved or removed)."""
    rows = tuple(db.session.execute(select(OrgUnit.id, OrgUnit.path).order_by(OrgUnit.id)))
    kept = _kept.get("tree")
    if kept is not None and kept[0] == rows:
        return kept[1]
    paths = {unit: ancestor_ids(path) for unit, path in rows}
    deepest = max((len(p) for p in paths.values()), default=1)
    ancestors = np.full((max(paths, default=0) + 2, max(deepest, 1)), NONE, dtype=np.int32)
    for unit, path in paths.items():
        ancestors[unit, : len(path)] = path
    built = Tree({unit: len(path) - 1 for unit, path in paths.items()}, ancestors)
    _kept["tree"] = (rows, built)
    return built


def default_depth(tree: Tree, unit: int | None) -> int:
    """The level a table shows unless asked: the one below the filtered unit (or the root)."""
    below = tree.depth.get(unit, -1) + 1 if unit is not None else 1
    depths = tree.depths or [0]
    return below if below in depths else min(depths[-1], max(below, 0))


@dataclass(frozen=True)
class UnitRows:
    """What the per-unit figures are computed from (all within the reader's scope and filters)."""

    cohort: dict  # tickets created in the period: unit, breached, rating, resolution
    resolution_cells: tuple  # their cells in the store's (unit, resolution) histogram, width
    open_units: np.ndarray  # the unit of each ticket open now
    overdue_units: np.ndarray  # ... of each open ticket past its resolution deadline, not paused
    appeal_units: np.ndarray  # the unit of the ticket each appeal of the period is against
    appeal_states: np.ndarray  # each such appeal's state (index in STATES)


def table(rows: UnitRows, tree: Tree, depth: int, units: list[int], labels: dict) -> list[dict]:
    """One row per unit of `units` (at `depth`) with its subtree's figures, in name order, and
    a last row for tickets held above that level (or by no unit) when there are any."""
    order = sorted(units, key=lambda u: (labels.get(u, ""), u))
    by_unit, size = tree.slots(depth, order), len(order) + 1

    def slots(units_of):
        return by_unit[tree.fits(units_of)]

    c = rows.cohort
    cohort = slots(c["unit"])
    # one pass: tickets per slot, breached or not, by rating (0: none)
    code = cohort * 12
    code += c["breached"] * 6
    code += c["rating"]
    counts = np.bincount(code, minlength=size * 12).reshape(size, 2, 6)
    volume, breaches = counts.sum(axis=(1, 2)), counts[:, 1, :].sum(axis=1)
    by_rating = counts.sum(axis=1)
    rating_count = by_rating[:, 1:].sum(axis=1)
    rating_sum = (by_rating * np.arange(6)).sum(axis=1)
    resolution = _median_hours(rows, by_unit, c["resolution"], size)
    opened = np.bincount(slots(rows.open_units), minlength=size)
    overdue = np.bincount(slots(rows.overdue_units), minlength=size)
    appeal = slots(rows.appeal_units)
    appeals = np.bincount(appeal, minlength=size)
    upheld = np.bincount(appeal[UPHELD[rows.appeal_states]], minlength=size)
    dismissed = np.bincount(appeal[DISMISSED[rows.appeal_states]], minlength=size)
    result = []
    for n in range(size):
        if n == 0 and not (volume[0] or opened[0] or appeals[0]):
            continue
        key = order[n - 1] if n else None
        result.append(
            {
                "key": str(key) if key is not None else "",
                "label": labels.get(key, str(key)) if key is not None else str(ABOVE),
                "tickets": int(volume[n]),
                "open": int(opened[n]),
                "overdue": int(overdue[n]),
                "sla_compliance": float(1 - breaches[n] / volume[n]) if volume[n] else None,
                "median_resolution_hours": resolution[n],
                "rating_average": (
                    float(rating_sum[n] / rating_count[n]) if rating_count[n] else None
                ),
                "appeals": int(appeals[n]),
                "appeals_upheld": int(upheld[n]),
                "appeals_dismissed": int(dismissed[n]),
            }
        )
    return [row for row in result if row["key"]] + [row for row in result if not row["key"]]


def _median_hours(rows: UnitRows, by_unit, seconds, size: int) -> list[float | None]:
    """The exact median resolution per slot, in hours to one decimal (None without any)."""
    cells, width = rows.resolution_cells
    histogram_rows = max(len(by_unit) + 1, int(cells.max(initial=0)) // width + 1)
    # histogram row unit + 2 (row 1: no unit) counts towards output row slot + 1
    merge = np.ones(histogram_rows, dtype=np.int64)
    known = min(histogram_rows - 2, len(by_unit) - 1)
    merge[2 : 2 + known] = by_unit[:known] + 1
    merge[0] = 0
    found = medians(cells, width, seconds, size + 1, merge)[1:]
    return [None if np.isnan(v) else round(float(v) / 3600, 1) for v in found]


def ranked(rows: list[dict]) -> list[dict]:
    """Best first: SLA compliance (higher), then median resolution (shorter), then rating
    (higher), then fewer appeals upheld against them, then volume (more); units without a
    ticket come last, unranked."""

    def order(row):
        def missing(value):
            return value is None

        return (
            missing(row["sla_compliance"]),
            -(row["sla_compliance"] or 0),
            missing(row["median_resolution_hours"]),
            row["median_resolution_hours"] or 0,
            missing(row["rating_average"]),
            -(row["rating_average"] or 0),
            row["appeals_upheld"],
            -row["tickets"],
            row["label"],
        )

    units = sorted((row for row in rows if row["key"]), key=order)
    for n, row in enumerate(units, 1):
        row["rank"] = n if row["tickets"] else None
        compliance = row["sla_compliance"]
        row["sla_compliance_percent"] = None if compliance is None else round(100 * compliance, 1)
    return units
