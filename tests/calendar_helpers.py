"""Units with calendars for tests: an office anywhere in the tree, with its days and hours."""

from contextlib import contextmanager
from datetime import datetime, time
from itertools import count
from zoneinfo import ZoneInfo

from app.extensions import db
from app.models.org import Holiday, OrgUnit
from app.services.org import tree

_names = count(1)


def office(
    parent: OrgUnit | None = None,
    country: str = "IN",
    subdivision: str | None = "UP",
    timezone: str | None = None,
    working_days: str = "012345",
    opens: time = time(10),
    closes: time = time(18),
) -> OrgUnit:
    """A unit of its own (committed), placed in the tree under `parent`."""
    unit = OrgUnit(
        name=f"Calendar office {next(_names)}",
        parent_id=parent.id if parent else None,
        country=country,
        subdivision=subdivision,
        timezone=timezone,
        working_days=working_days,
        opens_at=opens,
        closes_at=closes,
    )
    tree.place(unit)
    db.session.commit()
    return unit


def local_holiday(unit: OrgUnit, day, name: str = "Local fair") -> None:
    db.session.add(Holiday(org_unit_id=unit.id, day=day, name=name))
    db.session.commit()


def utc(zone: str, *fields) -> datetime:
    """A local wall-clock time in `zone` as the naive UTC the database keeps."""
    local = datetime(*fields, tzinfo=ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def desk_at(monkeypatch, moment: datetime) -> None:
    """The desk's clock stands at `moment` (naive UTC): tickets are created and moved then."""
    from app.services.grievance import tickets

    monkeypatch.setattr(tickets, "utc_now", lambda: moment)


@contextmanager
def borrowed(code: str, clock, **targets):
    """A demo category with this clock and these targets for the length of a test; its own
    values come back after, and its priority table goes (other tests count categories and
    departments exactly, so tests make none of their own)."""
    from app.models.org import Category, PriorityTarget

    found = db.session.query(Category).filter_by(code=code).one()
    fields = ("clock", "first_response_minutes", "primary_action_minutes", "resolution_hours")
    saved = {name: getattr(found, name) for name in fields}
    found.clock = clock
    for name, value in targets.items():
        setattr(found, name, value)
    db.session.commit()
    try:
        yield found
    finally:
        db.session.rollback()
        found = db.session.query(Category).filter_by(code=code).one()
        for name, value in saved.items():
            setattr(found, name, value)
        db.session.query(PriorityTarget).filter_by(category_id=found.id).delete()
        db.session.commit()


def ward_of(unit: OrgUnit, number: int):
    """A ward of its own held by `unit` (no officer serves it: tickets wait in the queue); the
    same number again (a second run on one database) is the same ward, moved to `unit`."""
    from app.models.org import Ward

    ward = db.session.query(Ward).filter_by(number=number).one_or_none()
    if ward is None:
        ward = Ward(number=number, name=f"Ward {number}")
        db.session.add(ward)
    ward.org_unit_id = unit.id
    db.session.commit()
    return ward
