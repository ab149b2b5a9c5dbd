"""Rules of the tree's units, their holidays and the SLA policy records, applied whichever
screen or API saves them (the tree's paths themselves: app.services.org.tree)."""

import re
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models.org import Holiday, LadderStep, OrgUnit, PriorityTarget
from app.services.org import tree
from app.services.org.errors import (
    BadCalendar,
    BadDay,
    BadLadderStep,
    BadTargets,
    HolidayTaken,
    UnknownUnit,
)

WEEKDAYS = "0123456"
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The grievance desk's priorities (app.models.grievance.ticket.Priority): org may not import it.
PRIORITIES = ("low", "normal", "high", "urgent")
CALENDAR_FIELDS = {
    "country": _l("Country"),
    "subdivision": _l("State / subdivision"),
    "timezone": _l("Time zone"),
    "working_days": _l("Working days"),
    "closes_at": _l("Closes at"),
}


def prepare_unit(unit: OrgUnit) -> None:
    """Check the calendar, then place the unit (and carry its subtree) under its parent."""
    unit.country = (unit.country or "IN").strip().upper()
    unit.subdivision = (unit.subdivision or "").strip().upper() or None
    unit.timezone = (unit.timezone or "").strip() or None
    days = unit.working_days  # a form gives a list of weekday digits, the API a text
    days = OrgUnit.__table__.c.working_days.default.arg if days is None else days
    unit.working_days = "".join(
        sorted(set(days if isinstance(days, list) else days.replace(",", "")))
    )
    supported = holidays.list_supported_countries()
    if unit.country not in supported:
        raise BadCalendar(field=CALENDAR_FIELDS["country"], value=unit.country)
    if unit.subdivision and unit.subdivision not in supported[unit.country]:
        raise BadCalendar(field=CALENDAR_FIELDS["subdivision"], value=unit.subdivision)
    if unit.timezone:
        try:
            ZoneInfo(unit.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise BadCalendar(field=CALENDAR_FIELDS["timezone"], value=unit.timezone) from None
    if not unit.working_days or set(unit.working_days) - set(WEEKDAYS):
        raise BadCalendar(field=CALENDAR_FIELDS["working_days"], value=unit.working_days)
    if unit.opens_at and unit.closes_at and unit.opens_at >= unit.closes_at:
        raise BadCalendar(
            field=CALENDAR_FIELDS["closes_at"], value=unit.closes_at.strftime("%H:%M")
        )
    tree.move(unit)


def prepare_holiday(holiday: Holiday) -> None:
    """A unit has at most one holiday a day (a clear message, not the database's refusal)."""
    unit_id = holiday.org_unit.id if holiday.org_unit is not None else holiday.org_unit_id
    unit = db.session.get(OrgUnit, unit_id) if unit_id is not None else None
    if unit is None:
        raise UnknownUnit(value=unit_id)
    holiday.name = (holiday.name or "").strip()
    with db.session.no_autoflush:
        taken = db.session.scalar(
            select(Holiday.id).where(
                Holiday.org_unit_id == unit.id,
                Holiday.day == holiday.day,
                Holiday.id != (holiday.id or 0),
            )
        )
    if taken is not None:
        raise HolidayTaken(unit=str(unit), day=holiday.day.isoformat())


def parse_day(value) -> date:
    """A day written YYYY-MM-DD (BadDay otherwise)."""
    text = value if isinstance(value, str) else ""
    try:
        if not DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadDay(value=str(value)[:40]) from None


def prepare_targets(target: PriorityTarget) -> None:
    if target.priority not in PRIORITIES:
        raise BadTargets()
    minutes = (target.first_response_minutes, target.primary_action_minutes)
    if any(value is None or value <= 0 for value in (*minutes, target.resolution_minutes)):
        raise BadTargets()
    if (
        not target.first_response_minutes
        <= target.primary_action_minutes
        <= (target.resolution_minutes)
    ):
        raise BadTargets()


def prepare_step(step: LadderStep) -> None:
    if step.level is None or step.level < 2 or step.minutes is None or step.minutes <= 0:
        raise BadLadderStep()
