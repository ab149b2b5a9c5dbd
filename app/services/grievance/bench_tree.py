"""The bench data's organisation tree: a headquarters, its districts, four police stations in
each, a head (a login) for every unit and HQ desk operators watching five districts each, as
UP Police's complaint desk is organised. Wards sit under stations; a ticket is held by its
ward's station."""

from flask import current_app
from sqlalchemy import insert, select, update
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Department, Officer, OrgUnit, Ward, staff_unit
from app.security.roles import ensure_roles
from app.services.org.tree import place

ROOT_NAME = "Bench HQ"
DISTRICTS_PER_DESK = 5  # an HQ desk operator watches five districts


def seed_tree(ward_ids: list[int], districts: int, stations: int) -> dict[int, int]:
    """Find or make the tree; attach each ward to a station (round robin over districts first,
    so every district gets wards); return {ward id: its station's id}."""
    roles = ensure_roles()
    password = generate_password_hash(current_app.config.get("DEMO_PASSWORD", "janseva-demo"))
    root = _unit(None, ROOT_NAME, "Headquarters", "bench-hq", roles["Supervisor"], password)
    district_units, station_units = [], []
    for d in range(1, districts + 1):
        district = _unit(
            root, f"District {d:02d}", "District", f"bench-sp-{d:02d}", roles["Clerk"], password
        )
        district_units.append(district)
        station_units.append(
            [
                _unit(
                    district,
                    f"Station {d:02d}-{s}",
                    "Police station",
                    f"bench-sho-{d:02d}-{s}",
                    roles["Officer"],
                    password,
                )
                for s in range(1, stations + 1)
            ]
        )
    _desks(district_units, roles["Clerk"], password)
    db.session.execute(
        update(Department).where(Department.org_unit_id.is_(None)).values(org_unit_id=root.id)
    )
    db.session.execute(
        update(Officer).where(Officer.org_unit_id.is_(None)).values(org_unit_id=root.id)
    )
    stations_of_wards = {}
    for n, ward_id in enumerate(ward_ids):
        district = n % districts
        station = station_units[district][(n // districts) % stations]
        stations_of_wards[ward_id] = station.id
    for station_id in set(stations_of_wards.values()):
        wards = [w for w, s in stations_of_wards.items() if s == station_id]
        db.session.execute(update(Ward).where(Ward.id.in_(wards)).values(org_unit_id=station_id))
    db.session.commit()
    return stations_of_wards


def _unit(parent, name, level_name, head_username, role, password) -> OrgUnit:
    parent_id = parent.id if parent is not None else None
    unit = db.session.scalar(
        select(OrgUnit).where(OrgUnit.name == name, OrgUnit.parent_id.is_(parent_id))
        if parent_id is None
        else select(OrgUnit).where(OrgUnit.name == name, OrgUnit.parent_id == parent_id)
    )
    if unit is None:
        unit = OrgUnit(name=name, level_name=level_name, parent_id=parent_id, country="IN")
        unit.subdivision = "UP"
        place(unit)
    if unit.head_id is None:
        unit.head_id = _login(head_username, name, role, password).id
    return unit


def _login(username, unit_name, role, password) -> StaffUser:
    user = db.session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        user = StaffUser(
            first_name="Head",
            last_name=unit_name,
            username=username,
            email=f"{username}@bench.example",
            active=True,
            password=password,
            roles=[role],
        )
        db.session.add(user)
        db.session.flush()
    return user


def _desks(district_units, role, password) -> None:
    """HQ desk operators, each given five districts (staff_unit rows)."""
    for start in range(0, len(district_units), DISTRICTS_PER_DESK):
        number = start // DISTRICTS_PER_DESK + 1
        user = _login(f"bench-desk-{number:02d}", f"HQ desk {number}", role, password)
        have = set(
            db.session.scalars(
                select(staff_unit.c.org_unit_id).where(staff_unit.c.user_id == user.id)
            )
        )
        rows = [
            {"user_id": user.id, "org_unit_id": unit.id}
            for unit in district_units[start : start + DISTRICTS_PER_DESK]
            if unit.id not in have
        ]
        if rows:
            db.session.execute(insert(staff_unit), rows)
