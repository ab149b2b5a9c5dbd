"""A small police tree for scope tests: HQ, three districts (North, South, East), stations
under them, a ward per station, and logins at each level (password: the demo password)."""

from flask import current_app

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Department, OrgUnit, Ward
from app.services.org import tree

PASSWORD = "janseva-demo"


def unit(name, parent=None, level_name="District", head=None) -> OrgUnit:
    found = db.session.query(OrgUnit).filter_by(name=name).first()
    if found is not None:
        if head is not None and found.head_id != head.id:  # a screen test may have cleared it
            found.head = head
            db.session.commit()
        return found
    made = OrgUnit(name=name, level_name=level_name, parent=parent, head=head)
    tree.move(made)
    db.session.commit()
    return made


def staff(username, role, units=(), department=None) -> StaffUser:
    sm = current_app.appbuilder.sm
    user = db.session.query(StaffUser).filter_by(username=username).first()
    if user is None:
        sm.add_user(
            username, "Test", username, f"{username}@tree.example", sm.find_role(role), PASSWORD
        )
        user = db.session.query(StaffUser).filter_by(username=username).one()
    if department:
        user.department_id = db.session.query(Department.id).filter_by(code=department).scalar()
    user.org_units = list(units)
    db.session.commit()
    return user


def ward(number, station) -> Ward:
    found = db.session.query(Ward).filter_by(number=number).first()
    if found is None:
        found = Ward(number=number, name=f"Ward {number}")
        db.session.add(found)
    found.org_unit_id = station.id
    db.session.commit()
    return found


def police_tree() -> dict:
    """{name: unit}; heads sp_north (a Clerk heading North, no department) and sho_n1 (an
    Officer given station N1); hq_desk (a Clerk given North and East); water_north (a Clerk of
    Water & Drainage given North)."""
    hq = unit("Tree HQ", level_name="Headquarters")
    sp_north = staff("sp_north", "Clerk")
    north = unit("North", hq, head=sp_north)
    south = unit("South", hq, head=staff("sp_south", "Clerk"))
    east = unit("East", hq)
    units = {
        "hq": hq,
        "north": north,
        "south": south,
        "east": east,
        "n1": unit("N1", north, "Police station"),
        "n2": unit("N2", north, "Police station"),
        "s1": unit("S1", south, "Police station"),
    }
    staff("sho_n1", "Officer", [units["n1"]])
    staff("hq_desk", "Clerk", [north, east])
    staff("water_north", "Clerk", [north], department="WATER")
    for number, station in ((901, "n1"), (902, "n2"), (903, "s1"), (904, "east")):
        ward(number, units[station])
    return units
