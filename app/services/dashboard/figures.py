"""The supervisors' dashboard: every figure for a date range, a department and a ward, within
the reader's scope, computed from this process's up-to-date copy of the tickets.

"tickets", the breakdowns and the performance tables count the tickets created in the range;
"open" and "today" are the state now; "resolved" and the resolved trend count resolutions by
the day they happened.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import jdatetime
import numpy as np
from babel.dates import format_date
from flask_babel import lazy_gettext as _l

from app.core.clock import utc_now
from app.core.dates import local_datetime, local_day, parse_day, solar_hijri
from app.core.digits import native_digits, to_ascii_digits
from app.core.i18n import current_language
from app.extensions import db
from app.models.org import Officer
from app.security.scope import role_names
from app.services.dashboard import store as dashboard_store
from app.services.dashboard.errors import BadDashboardFilter

EPOCH = date(1970, 1, 1)
DEFAULT_DAYS = 30
LONGEST = 3660  # days a range may span (ten years)
NO_WARD = _l("No ward")
UNASSIGNED = _l("Not assigned")


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    department: int | None = None
    ward: int | None = None

    def as_dict(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "department": self.department,
            "ward": self.ward,
        }


@dataclass(frozen=True)
class Scope:
    """Whose tickets a reader counts: the same rows as the Ticket row rules."""

    department: int | None = None  # a clerk: their department
    officers: tuple[int, ...] | None = None  # an officer: the tickets assigned to them
    nothing: bool = False


def scope_for(user) -> Scope:
    roles = role_names(user)
    if roles & {"Admin", "Supervisor", "Auditor"}:
        return Scope()
    if "Clerk" in roles:
        return Scope(department=user.department_id) if user.department_id else Scope(nothing=True)
    if "Officer" in roles:
        mine = db.session.query(Officer.id).filter(Officer.user_id == user.id)
        return Scope(officers=tuple(o for (o,) in mine))
    return Scope(nothing=True)


def parse_filters(args, scope: Scope) -> Filters:
    """The query string's filters; a clerk's department is always their own."""
    today = local_day(utc_now())
    end = _date(args.get("to"), today)
    start = _date(args.get("from"), end - timedelta(days=DEFAULT_DAYS - 1))
    if start > end or (end - start).days >= LONGEST:
        raise BadDashboardFilter()
    department = _id(args.get("department"))
    if scope.department is not None:
        department = scope.department
    return Filters(start, end, department, _id(args.get("ward")))


def figures(filters: Filters, scope: Scope, labels: dict[str, dict]) -> dict:
    """`labels` names each key in the reader's language: {"category": {id: name}, ...} for
    category, channel, kind, ward, department and officer (channels and kinds by code)."""
    now = utc_now()
    today = _day_number(local_day(now))
    start, end = _day_number(filters.start), _day_number(filters.end)
    with dashboard_store.up_to_date() as copy:
        a, period, today_rows = copy.rows(), copy.days(start, end), copy.days(today, today)
        base = _base(a, filters, scope, copy.absent)
        resolved_days = a["resolved_day"]
        histograms = {key: copy.cells(*key) for key in HISTOGRAMS}  # -> (cells, width)
        if base is None:  # every ticket counts: the period is a slice, nothing is copied
            c = {name: a[name][period] for name in COHORT_COLUMNS}
            cells = {key: (all_cells[period], w) for key, (all_cells, w) in histograms.items()}
            open_wards = a["ward"][a["open"]]
            today_count = today_rows.stop - today_rows.start
        else:
            picked = np.flatnonzero(base[period]) + period.start
            c = {name: a[name][picked] for name in COHORT_COLUMNS}
            cells = {key: (all_cells[picked], w) for key, (all_cells, w) in histograms.items()}
            open_wards = a["ward"][base & a["open"]]
            resolved_days = resolved_days[base]
            today_count = int(np.count_nonzero(base[today_rows]))
        resolved_days = resolved_days[(resolved_days >= start) & (resolved_days <= end)]
        totals = {"open": len(open_wards), "today": today_count} | _totals(c, len(resolved_days))
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
    return {
        "generated_at": now.isoformat(timespec="seconds") + "Z",
        "generated_label": local_datetime(now),
        "filters": filters.as_dict(),
        "totals": totals,
        "breakdowns": breakdowns,
        "trend": trend,
        "performance": performance,
    }


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
    "escalated",
    "rating",
)


def _base(a, filters: Filters, scope: Scope, absent: int) -> np.ndarray | None:
    """Which rows count for this reader and these filters; None when every row does."""
    if scope.nothing:
        return np.zeros(len(a["present"]), dtype=np.bool_)
    narrowed = scope.department, scope.officers, filters.department, filters.ward
    if not absent and all(value is None for value in narrowed):
        return None
    base = a["present"].copy()
    if scope.department is not None:
        base &= a["department"] == scope.department
    if scope.officers is not None:
        base &= np.isin(a["assignee"], np.array(scope.officers or [-2], dtype=np.int32))
    if filters.department is not None:
        base &= a["department"] == filters.department
    if filters.ward is not None:
        base &= a["ward"] == filters.ward
    return base


def _totals(c: dict, resolved: int) -> dict:
    tickets = len(c["day"])
    breaches = int(np.count_nonzero(c["breached"]))
    ratings = c["rating"][c["rating"] > 0]
    return {
        "tickets": tickets,
        "resolved": resolved,
        "breaches": breaches,
        "escalations": int(np.count_nonzero(c["escalated"])),
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


def _medians(cells: np.ndarray, width: int, values: np.ndarray, rows: int) -> np.ndarray:
    """The exact median of `values` (whole seconds) per histogram row (group + 2; see
    TicketColumns.cells); NaN where a group has none.

    A radix select instead of a sort: the histogram of buckets per group finds the bucket
    holding each group's middle ranks, then only the values in those buckets are sorted (a
    few thousand instead of a million)."""
    medians = np.full(rows, np.nan)
    histogram = np.bincount(cells, minlength=rows * width).reshape(rows, width)
    histogram[0] = 0  # cell 0: the value is unknown
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
    chosen = np.flatnonzero(wanted[cells])
    picked_rows, picked = cells[chosen] // width, values[chosen]
    picked = picked[np.lexsort((picked, picked_rows))].astype(np.int64)
    per_row = np.bincount(picked_rows, minlength=rows)
    first = np.cumsum(per_row) - per_row  # where each row's picked values start
    before = np.where(low_bucket > 0, below[present, np.maximum(low_bucket - 1, 0)], 0)
    start = first[present] - before
    medians[present] = (picked[start + low] + picked[start + high]) / 2
    return medians


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


def _date(value: str | None, default: date) -> date:
    if not (value or "").strip():
        return default
    try:
        return parse_day(value)  # Gregorian, or Solar Hijri as Persian readers type it
    except ValueError:
        raise BadDashboardFilter() from None


def _id(value: str | None) -> int | None:
    text = to_ascii_digits((value or "").strip())
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise BadDashboardFilter()
    return int(text)
