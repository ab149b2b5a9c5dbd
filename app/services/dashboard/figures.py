"""The supervisors' dashboard: every figure for a date range, a department, a ward and a unit
of the tree (with its subtree), within the reader's scope, computed from this process's
up-to-date copy of the tickets.

"tickets", the breakdowns and the performance tables count the tickets created in the range;
"open" and "today" are the state now; "resolved" and the resolved trend count resolutions by
the day they happened. The unit table groups the same tickets by the units of one level of the
tree; appeals count under the unit of the ticket appealed against.
"""

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from functools import lru_cache

import jdatetime
import numpy as np
from babel.dates import format_date
from flask_babel import lazy_gettext as _l

from app.core.clock import utc_now
from app.core.dates import local_datetime, local_day, solar_hijri
from app.core.digits import native_digits
from app.core.i18n import current_language
from app.services.dashboard import explanations, scopes
from app.services.dashboard import store as dashboard_store
from app.services.dashboard import units as unit_figures
from app.services.dashboard.filters import (  # noqa: F401 - the dashboard's names, one import
    Filters,
    Scope,
    parse_filters,
    parse_month,
    scope_for,
)
from app.services.dashboard.reading import NONE
from app.services.dashboard.stats import medians as _medians

EPOCH = date(1970, 1, 1)
NO_WARD = _l("No ward")
UNASSIGNED = _l("Not assigned")


@dataclass
class _Selection:
    """The rows one answer counts: `cohort` (created in the period), `base` (every row within
    scope and filters; None when every row counts), and what the unit table needs."""

    a: dict
    base: np.ndarray | None
    cohort: dict
    picked: np.ndarray | slice
    units: unit_figures.UnitRows


def _select(copy, filters: Filters, scope: Scope, tree, start: int, end: int) -> _Selection:
    a, period = copy.rows(), copy.days(start, end)
    base = _base(copy, a, filters, scope, tree)
    if base is None:  # every ticket counts: the period is a slice, nothing is copied
        picked, current = period, a["open"]
    else:
        picked, current = np.flatnonzero(base[period]) + period.start, base & a["open"]
    cohort = {name: a[name][picked] for name in COHORT_COLUMNS}
    now = int(utc_now().replace(tzinfo=UTC).timestamp())
    overdue = current & ~a["paused"] & (a["due"] != NONE) & (a["due"] < now)
    # appeals of the period, under the ticket appealed against (when the reader may count it)
    appeals = period.start + np.flatnonzero(a["appeal_of"][period] != NONE)
    against = copy.position[a["appeal_of"][appeals]]
    keep = against != NONE
    appeals, against = appeals[keep], against[keep]
    keep = a["present"][against] if base is None else base[against]
    appeals, against = appeals[keep], against[keep]
    all_cells, width = copy.cells("unit", "resolution")
    rows = unit_figures.UnitRows(
        cohort=cohort,
        resolution_cells=(all_cells[picked], width),
        open_units=a["unit"][current],
        overdue_units=a["unit"][overdue],
        appeal_units=a["unit"][against],
        appeal_states=a["state"][appeals],
    )
    return _Selection(a, base, cohort, picked, rows)


def figures(filters: Filters, scope: Scope, labels: dict[str, dict]) -> dict:
    """`labels` names each key in the reader's language: {"category": {id: name}, ...} for
    category, channel, kind, ward, department, officer, unit and level (channels and kinds by
    code, levels by depth)."""
    now = utc_now()
    today = _day_number(local_day(now))
    start, end = _day_number(filters.start), _day_number(filters.end)
    tree = unit_figures.tree()
    depth = (
        filters.level
        if filters.level is not None
        else unit_figures.default_depth(tree, filters.unit)
    )
    with dashboard_store.up_to_date() as copy:
        s = _select(copy, filters, scope, tree, start, end)
        a, base, c, today_rows = s.a, s.base, s.cohort, copy.days(today, today)
        resolved_days = a["resolved_day"]
        histograms = {key: copy.cells(*key) for key in HISTOGRAMS}  # -> (cells, width)
        cells = {key: (all_cells[s.picked], w) for key, (all_cells, w) in histograms.items()}
        if base is None:
            open_wards = a["ward"][a["open"]]
            today_count = today_rows.stop - today_rows.start
        else:
            open_wards = a["ward"][base & a["open"]]
            resolved_days = resolved_days[base]
            today_count = int(np.count_nonzero(base[today_rows]))
        resolved_days = resolved_days[(resolved_days >= start) & (resolved_days <= end)]
        totals = {"open": len(open_wards), "today": today_count} | _totals(c, len(resolved_days))
        totals["appeals"] = len(s.units.appeal_units)
        breakdowns = {
            "category": _breakdown(c["category"], labels["category"]),
            "channel": _breakdown(c["channel"], labels["channel"]),
            "kind": _breakdown(c["kind"], labels["kind"]),
            "ward": _wards(c, open_wards, labels["ward"], filters.ward),
        }
        trend = _trend(c["day"], resolved_days, filters.start, filters.end)
        performance = {
            "department": _performance("department", c, cells, labels["department"]),
            "officer": _performance("assignee", c, cells, labels["officer"]),
        }
        shown = _units_shown(
            a, base if scope.criterion is not None else None, tree, depth, filters.unit
        )
        by_unit = unit_figures.table(s.units, tree, depth, shown, labels["unit"])
    return {
        "generated_at": now.isoformat(timespec="seconds") + "Z",
        "generated_label": local_datetime(now),
        "filters": filters.as_dict() | {"level": depth},
        "totals": totals,
        "breakdowns": breakdowns,
        "trend": trend,
        "performance": performance,
        "units": by_unit,
        "explanations": explanations.per_officer(filters, scope),
        "levels": [
            {"key": str(d), "label": labels["level"].get(d, str(d + 1))} for d in tree.depths
        ],
    }


def ranking(filters: Filters, scope: Scope, labels: dict[str, dict]) -> list[dict]:
    """The units of one level ranked over the filters' period (a month), best first."""
    tree = unit_figures.tree()
    depth = (
        filters.level
        if filters.level is not None
        else unit_figures.default_depth(tree, filters.unit)
    )
    start, end = _day_number(filters.start), _day_number(filters.end)
    with dashboard_store.up_to_date() as copy:
        s = _select(copy, filters, scope, tree, start, end)
        scoped = s.base if scope.criterion is not None else None
        shown = _units_shown(s.a, scoped, tree, depth, filters.unit)
        rows = unit_figures.table(s.units, tree, depth, shown, labels["unit"])
    return unit_figures.ranked(rows)


def visible_units(scope: Scope) -> list[int] | None:
    """The units a scoped reader may pick (those holding a ticket they may count, and the
    units above them); None when they may pick any."""
    if scope.criterion is None and not scope.nothing:
        return None
    if scope.nothing:
        return []
    tree = unit_figures.tree()
    with dashboard_store.up_to_date() as copy:
        a = copy.rows()
        held = a["unit"][a["present"] & scopes.rows(copy, scope.criterion)]
    above = tree.ancestors[_held(tree, held)]
    return sorted(int(u) for u in np.unique(above) if u != NONE)


def _units_shown(a, base, tree, depth: int, unit: int | None) -> list[int]:
    """The units of that level the table lists: for a scoped reader those holding a ticket
    they may count; otherwise every unit of the level within the unit filter."""
    at_depth = tree.at(depth)
    if base is not None:
        column = tree.ancestors[:, min(depth, tree.ancestors.shape[1] - 1)]
        reached = set(column[_held(tree, a["unit"][base])].tolist())
        return [u for u in at_depth if u in reached]
    if unit is None or unit not in tree.depth:
        return at_depth
    return [
        u
        for u in at_depth
        if tree.ancestors[u, min(tree.depth[unit], depth)]
        == tree.ancestors[unit, min(tree.depth[unit], depth)]
    ]


def _held(tree, units: np.ndarray) -> np.ndarray:
    """The distinct units among these (NONE, -1, indexes the tree's no-unit row)."""
    return np.flatnonzero(np.bincount(tree.fits(units) + 1)) - 1


# (group, measure) of the median histograms the store keeps
HISTOGRAMS = [(g, m) for g in ("department", "assignee") for m in ("first_response", "resolution")]
COHORT_COLUMNS = (
    "day",
    "department",
    "ward",
    "category",
    "channel",
    "kind",
    "assignee",
    "first_response",
    "resolution",
    "breached",
    "level",
    "rating",
    "unit",
)


def _base(copy, a, filters: Filters, scope: Scope, tree) -> np.ndarray | None:
    """Which rows count for this reader and these filters; None when every row does."""
    if scope.nothing:
        return np.zeros(len(a["present"]), dtype=np.bool_)
    narrowed = scope.criterion, filters.department, filters.ward, filters.unit
    if not copy.absent and all(value is None for value in narrowed):
        return None
    base = a["present"].copy()
    if scope.criterion is not None:
        base &= scopes.rows(copy, scope.criterion)
    if filters.department is not None:
        base &= a["department"] == filters.department
    if filters.ward is not None:
        base &= a["ward"] == filters.ward
    if filters.unit is not None:
        base &= tree.within(filters.unit, a["unit"])
    return base


def _totals(c: dict, resolved: int) -> dict:
    tickets = len(c["day"])
    breaches = int(np.count_nonzero(c["breached"]))
    ratings = c["rating"][c["rating"] > 0]
    return {
        "tickets": tickets,
        "resolved": resolved,
        "breaches": breaches,
        "escalations": int(np.count_nonzero(c["level"] > 1)),
        "sla_compliance": (tickets - breaches) / tickets if tickets else None,
        "rating_average": float(ratings.mean()) if len(ratings) else None,
        "ratings": len(ratings),
    }


def _breakdown(codes: np.ndarray, labels: dict) -> list[dict]:
    """Counts and shares of each value present, largest first."""
    total = len(codes)
    rows = [
        {"key": str(key), "label": labels.get(key, str(key)), "count": n, "share": _share(n, total)}
        for key, n in _tally(codes).items()
    ]
    return sorted(rows, key=lambda row: (-row["count"], row["label"]))


def _wards(c: dict, open_wards: np.ndarray, labels: dict, only: int | None) -> list[dict]:
    """Every ward in number order (and tickets without one), with a heat of 0..1 relative to
    the busiest."""
    total = len(c["ward"])
    counts, opened = _tally(c["ward"]), _tally(open_wards)
    breaches = _tally(c["ward"][c["breached"]])
    keys = [key for key in labels if only is None or key == only]
    keys += [key for key in counts if key not in labels]  # no ward
    busiest = max([counts.get(key, 0) for key in keys] or [0])
    no_ward = str(NO_WARD)
    return [
        {
            "key": str(key),
            "label": labels.get(key, no_ward),
            "count": counts.get(key, 0),
            "share": _share(counts.get(key, 0), total),
            "open": opened.get(key, 0),
            "breaches": breaches.get(key, 0),
            "heat": _share(counts.get(key, 0), busiest),
        }
        for key in keys
    ]


def _trend(created_days, resolved_days, start: date, end: date) -> dict:
    first, length = _day_number(start), (end - start).days + 1
    intake = np.bincount(created_days - first, minlength=length)
    resolved = np.bincount(resolved_days - first, minlength=length)
    language = current_language()
    days, months = [], {}
    for n in range(length):
        day = start + timedelta(days=n)
        days.append(
            {
                "key": day.isoformat(),
                "label": _day_label(day, language),
                "intake": int(intake[n]),
                "resolved": int(resolved[n]),
            }
        )
        key, label = _month(day, language)
        month = months.setdefault(key, {"key": key, "label": label, "intake": 0, "resolved": 0})
        month["intake"] += int(intake[n])
        month["resolved"] += int(resolved[n])
    return {"day": days, "month": list(months.values())}


def _performance(group: str, c: dict, cells: dict, labels: dict) -> list[dict]:
    """Per department or officer: tickets, resolved, SLA compliance, medians, rating."""
    groups = c[group]
    if not len(groups):
        return []
    size = int(groups.max()) + 2
    shifted = groups + 1  # NONE (not assigned) becomes 0
    # one pass counts tickets, resolved and breached per group: slot * 4 + resolved + 2 * breached
    code = shifted * 4
    code += c["resolution"] >= 0
    code += 2 * c["breached"]
    by_code = np.bincount(code, minlength=size * 4).reshape(size, 4)
    tickets = by_code.sum(axis=1)
    resolved, breaches = by_code[:, 1] + by_code[:, 3], by_code[:, 2] + by_code[:, 3]
    rated = np.flatnonzero(c["rating"] > 0)
    rating_sum = np.bincount(shifted[rated], weights=c["rating"][rated], minlength=size)
    rating_count = np.bincount(shifted[rated], minlength=size)
    # histogram rows are group + 2, slots here group + 1
    first_response = _medians(*cells[(group, "first_response")], c["first_response"], size + 1)
    resolution = _medians(*cells[(group, "resolution")], c["resolution"], size + 1)
    first_response, resolution = first_response[1:], resolution[1:]
    rows, unassigned = [], str(UNASSIGNED)
    for slot in np.flatnonzero(tickets):
        key = int(slot) - 1
        rows.append(
            {
                "key": str(key),
                "label": labels.get(key, unassigned),
                "tickets": int(tickets[slot]),
                "resolved": int(resolved[slot]),
                "sla_compliance": float(1 - breaches[slot] / tickets[slot]),
                "median_first_response_minutes": _scaled(first_response[slot], 60),
                "median_resolution_hours": _scaled(resolution[slot], 3600),
                "rating_average": (
                    float(rating_sum[slot] / rating_count[slot]) if rating_count[slot] else None
                ),
            }
        )
    return sorted(rows, key=lambda row: (-row["tickets"], row["label"]))


def _tally(codes: np.ndarray) -> dict[int, int]:
    """How often each code occurs (NONE, -1, included)."""
    if not len(codes):
        return {}
    counts = np.bincount(codes.astype(np.int64) + 1)
    present = np.flatnonzero(counts)
    return {int(slot) - 1: int(n) for slot, n in zip(present, counts[present], strict=True)}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0


def _scaled(seconds: float, unit: int) -> float | None:
    return None if np.isnan(seconds) else round(float(seconds) / unit, 1)


def _day_number(day: date) -> int:
    return (day - EPOCH).days


@lru_cache(maxsize=20_000)
def _day_label(day: date, language: str) -> str:
    if language == "fa":
        return solar_hijri(day)
    return native_digits(format_date(day, "d MMM y", locale=language), language)


@lru_cache(maxsize=20_000)
def _month(day: date, language: str) -> tuple[str, str]:
    """The month a day belongs to in the reader's calendar (Solar Hijri in Persian)."""
    if language == "fa":
        solar = jdatetime.date.fromgregorian(date=day, locale="fa_IR")
        return f"{solar.year:04d}-{solar.month:02d}", native_digits(solar.strftime("%B %Y"), "fa")
    key = f"{day.year:04d}-{day.month:02d}"
    return key, native_digits(format_date(day, "MMMM y", locale=language), language)


def recent_months(count: int = 13) -> list[tuple[str, str]]:
    """The last `count` months in the reader's calendar (Solar Hijri in Persian), newest first:
    (key for parse_month, label)."""
    language, day, months = current_language(), local_day(utc_now()), []
    for _ in range(count):
        key, label = _month(day, language)
        months.append((key, label))
        day = parse_month(key, language)[1] - timedelta(days=1)
    return months
