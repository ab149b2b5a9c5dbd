"""What a reader asks the dashboard (a date range or a month, a department, a ward, a unit and
its subtree, a level of the tree) and whose tickets they may count (their row rules)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import jdatetime
from sqlalchemy.sql.elements import False_

from app.core.clock import utc_now
from app.core.dates import SOLAR_HIJRI_BEFORE, local_day, parse_day
from app.core.digits import to_ascii_digits
from app.models.grievance.ticket import Ticket
from app.security.scope import role_names, scope_criterion
from app.services.dashboard.errors import BadDashboardFilter, BadDashboardMonth

DEFAULT_DAYS = 30
LONGEST = 3660  # days a range may span (ten years)


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    department: int | None = None
    ward: int | None = None
    unit: int | None = None  # the unit and everything under it
    level: int | None = None  # the depth of the tree the unit table shows; None: the default

    def as_dict(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "department": self.department,
            "ward": self.ward,
            "unit": self.unit,
            "level": self.level,
        }


@dataclass(frozen=True)
class Scope:
    """Whose tickets a reader counts: the rows the Ticket row rules give them (`criterion`,
    None for every ticket). `department` only fixes the department filter of a clerk's page."""

    department: int | None = None
    nothing: bool = False
    criterion: object = field(default=None, compare=False)


def scope_for(user) -> Scope:
    criterion = scope_criterion(Ticket, user)
    if isinstance(criterion, False_):
        return Scope(nothing=True)
    clerk = "Clerk" in role_names(user) and criterion is not None
    return Scope(department=user.department_id if clerk else None, criterion=criterion)


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
    level = _id(args.get("level"))
    if level is not None and level > 50:
        raise BadDashboardFilter()
    return Filters(start, end, department, _id(args.get("ward")), _id(args.get("unit")), level)


def parse_month(text: str | None, language: str) -> tuple[str, date, date]:
    """A month "2026-11" (Gregorian; a year before 1700 is a Solar Hijri month, as Persian
    readers count them): its key, first and last day. Without one: last month in the reader's
    calendar."""
    text = to_ascii_digits((text or "").strip())
    if not text:
        today = local_day(utc_now())
        if language == "fa":
            solar = jdatetime.date.fromgregorian(date=today).replace(day=1) - timedelta(days=1)
            text = f"{solar.year:04d}-{solar.month:02d}"
        else:
            last = today.replace(day=1) - timedelta(days=1)
            text = f"{last.year:04d}-{last.month:02d}"
    parts = text.replace("/", "-").split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise BadDashboardMonth()
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12:
        raise BadDashboardMonth()
    key = f"{year:04d}-{month:02d}"
    if year < SOLAR_HIJRI_BEFORE:
        first = jdatetime.date(year, month, 1)
        following = jdatetime.date(year + month // 12, month % 12 + 1, 1)
        return key, first.togregorian(), following.togregorian() - timedelta(days=1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return key, date(year, month, 1), following - timedelta(days=1)


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
