"""A police tree of the grievance tests' own: HQ → district → station, each with a head, and
an escalation ladder for blocked drains (station 15 min, district 45 min; the default ladder
gives HQ 60 min). Removed afterwards, so other tests see the demo as it was."""

import itertools
from dataclasses import dataclass

import pytest

from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Explanation, Ticket
from app.models.org import Department, LadderStep, Officer, OrgUnit
from app.services.org import tree
from tests.conftest import PASSWORD
from tests.grievance_helpers import category_id, new_ticket

_trees = itertools.count(1)


@dataclass
class PoliceTree:
    hq: int
    district: int
    station: int
    station_head: str  # usernames
    district_head: str
    hq_head: str
    station_phone: str

    def ticket(self, phone: str):
        """A blocked drain in ward 3 (assigned to the demo's water officer), held by the station."""
        ticket = new_ticket("DRAIN", ward=3, phone=phone)
        ticket.org_unit_id = self.station
        db.session.commit()
        return ticket

    def user(self, username: str) -> StaffUser:
        return db.session.query(StaffUser).filter_by(username=username).one()


def _user(sm, username, first, last, role, locale, department):
    user = sm.add_user(
        username, first, last, f"{username}@janseva.example", sm.find_role(role), password=PASSWORD
    )
    user.locale, user.department = locale, department
    return user


@pytest.fixture()
def police_tree(app):
    n = next(_trees)
    with app.app_context():
        sm = app.appbuilder.sm
        water = db.session.query(Department).filter_by(code="WATER").one()
        station_head = _user(sm, f"sho{n}", "Vikram", f"Singh{n}", "Officer", "hi", water)
        district_head = _user(sm, f"sp{n}", "Anita", f"Rao{n}", "Clerk", "bn", water)
        hq_head = _user(sm, f"dgp{n}", "Parvez", f"Alam{n}", "Clerk", "fa", water)
        hq = OrgUnit(name=f"Police HQ {n}", level_name="HQ", head_id=hq_head.id)
        tree.place(hq)
        district = OrgUnit(name=f"District {n}", parent_id=hq.id, head_id=district_head.id)
        tree.place(district)
        station = OrgUnit(name=f"Station {n}", parent_id=district.id, head_id=station_head.id)
        tree.place(station)
        phone = f"+9199{n:08d}"
        db.session.add(
            Officer(
                user_id=station_head.id,
                department_id=water.id,
                phone=phone,
                language="hi",
                available=False,  # not routed new tickets: only a head here
                org_unit_id=station.id,
            )
        )
        drain = category_id("DRAIN")
        steps = [
            LadderStep(category_id=drain, level=2, minutes=15),
            LadderStep(category_id=drain, level=3, minutes=45),
            LadderStep(category_id=None, level=4, minutes=60),
        ]
        db.session.add_all(steps)
        db.session.commit()
        made = PoliceTree(
            hq.id,
            district.id,
            station.id,
            station_head.username,
            district_head.username,
            hq_head.username,
            phone,
        )
        step_ids = [step.id for step in steps]
    yield made
    with app.app_context():
        db.session.query(LadderStep).filter(LadderStep.id.in_(step_ids)).delete()
        units = [made.station, made.district, made.hq]
        held = db.session.query(Ticket.id).filter(Ticket.org_unit_id.in_(units))
        db.session.query(Explanation).filter(Explanation.ticket_id.in_(held)).delete()
        db.session.query(Ticket).filter(Ticket.org_unit_id.in_(units)).update({"org_unit_id": None})
        db.session.query(Officer).filter_by(org_unit_id=made.station).delete()
        for unit in units:
            db.session.delete(db.session.get(OrgUnit, unit))
        db.session.commit()
