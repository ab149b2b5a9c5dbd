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
from app.services.dashboard.store import HISTOGRAM_CELLS, _cell
from app.services.grievance import ticket_states

ABOVE = _l("Held above this level, or by no unit")
UPHELD = np.array([ticket_states.CATEGORY[s] == ticket_states.FIXED for s in STATES])
DISMISSED = np.array([s.value == "rejected" for s in STATES])


@dataclass(frozen=True)
class Tree:
    depth: dict[int, int]  # unit id -> depth (0 = a root)
    # row u + 1: the ids on unit u's path by depth, NONE below its own depth; row 0: no unit
    ancestors: np.ndarray

    @property
    def depths(self) -> list[int]:
        return sorted(set(self.depth.values()))

    def at(self, depth: int) -> list[int]:
        return [unit for unit, d in self.depth.items() if d == depth]

    def rows_of(self, units: np.ndarray) -> np.ndarray:
        """Each ticket's row in `ancestors` (a unit newer than the table reads as no unit)."""
        rows = units.astype(np.int64) + 1
        if len(rows) and int(rows.max(initial=0)) >= len(self.ancestors):
            rows[rows >= len(self.ancestors)] = 0
        return rows

    def within(self, unit: int, units: np.ndarray) -> np.ndarray:
        """Which of these tickets' units are `unit` or under it."""
        if unit not in self.depth:
            return np.zeros(len(units), dtype=np.bool_)
        return (self.ancestors[:, self.depth[unit]] == unit)[self.rows_of(units)]


_kept: dict[str, tuple[tuple, Tree]] = {}


def tree() -> Tree:
    """The tree as it is now (rebuilt only when a unit was added, moved or removed)."""
    rows = tuple(db.session.execute(select(OrgUnit.id, OrgUnit.path).order_by(OrgUnit.id)))
    kept = _kept.get("tree")
    if kept is not None and kept[0] == rows:
        return kept[1]
    paths = {unit: [int(p) for p in path.strip("/").split("/") if p] for unit, path in rows}
    deepest = max((len(p) for p in paths.values()), default=1)
    ancestors = np.full((max(paths, default=0) + 2, max(deepest, 1)), NONE, dtype=np.int32)
    for unit, path in paths.items():
        ancestors[unit + 1, : len(path)] = path
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
    open_units: np.ndarray  # the unit of each ticket open now
    overdue_units: np.ndarray  # ... of each open ticket past its resolution deadline, not paused
    appeal_units: np.ndarray  # the unit of the ticket each appeal of the period is against
    appeal_states: np.ndarray  # each such appeal's state (index in STATES)


def table(rows: UnitRows, tree: Tree, depth: int, units: list[int], labels: dict) -> list[dict]:
    """One row per unit of `units` (at `depth`) with its subtree's figures, in name order, and
    a last row for tickets held above that level (or by no unit) when there are any."""
    order = sorted(units, key=lambda u: (labels.get(u, ""), u))
    slot = np.zeros(len(tree.ancestors) + 1, dtype=np.int32)  # ancestor id + 1 -> slot
    slot[np.array(order, dtype=np.int64) + 1] = np.arange(1, len(order) + 1)
    column = depth if depth < tree.ancestors.shape[1] else None
    by_row = (
        slot[tree.ancestors[:, column] + 1]
        if column is not None
        else np.zeros(len(tree.ancestors), dtype=np.int32)
    )
    size = len(order) + 1

    def slots(units_of):
        return by_row[tree.rows_of(units_of)]

    c = rows.cohort
    cohort = slots(c["unit"])
    volume = np.bincount(cohort, minlength=size)
    breaches = np.bincount(cohort[c["breached"]], minlength=size)
    rated = c["rating"] > 0
    rating_sum = np.bincount(cohort[rated], weights=c["rating"][rated], minlength=size)
    rating_count = np.bincount(cohort[rated], minlength=size)
    resolution = _median_hours(cohort, c["resolution"], size)
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
                "sla_compliance": (float(1 - breaches[n] / volume[n]) if volume[n] else None),
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


def _median_hours(slots: np.ndarray, seconds: np.ndarray, size: int) -> list[float | None]:
    """The exact median resolution per slot, in hours to one decimal (None without any)."""
    width = max(64, HISTOGRAM_CELLS // (size + 2))
    top = int(seconds.max(initial=1)) if len(seconds) else 1
    shift = max(0, top.bit_length() - (width - 1).bit_length())
    cells = _cell(slots - 1, seconds, width, shift)  # histogram row: slot + 1
    found = medians(cells, width, seconds, size + 1)[1:]
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
