"""The demo's organisation trees (issue 20, item 7): a police tree and a municipal one in four
languages with a head at every level, officers at stations and ward offices, calendars and
ladders; loaded again it changes nothing, the first demo's users keep their rights, and police
tickets made in the past stand at levels 2 and 3 of their ladder."""

from sqlalchemy import select

from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Ticket
from app.models.org import (
    Category,
    Department,
    Holiday,
    LadderStep,
    Officer,
    OrgUnit,
    PriorityTarget,
    Ward,
    staff_unit,
)
from app.services.grievance import demo as grievance_demo
from app.services.grievance import demo_escalations
from app.services.org import demo, demo_tree
from tests.conftest import login
from tests.i18n_helpers import visible_text

LANGUAGES = ("", "_hi", "_bn", "_fa")


def unit(name: str) -> OrgUnit:
    return db.session.query(OrgUnit).filter_by(name=name).one()


def children(parent: OrgUnit) -> list[OrgUnit]:
    """The demo's units under `parent` (other tests may add their own)."""
    below = db.session.query(OrgUnit).filter_by(parent_id=parent.id).order_by(OrgUnit.id)
    return [child for child in below if child.name in demo_unit_names()]


def test_a_police_tree_of_three_districts_with_two_stations_each(app_ctx):
    hq = unit(demo_tree.POLICE_HQ[0])
    assert (hq.parent_id, hq.depth, hq.path, hq.level_name) == (
        None,
        0,
        f"/{hq.id}/",
        "Headquarters",
    )
    districts = children(hq)
    assert [d.name for d in districts] == ["Indore district", "Bhopal district", "Ujjain district"]
    for district in districts:
        stations = children(district)
        assert len(stations) == 2 and {s.level_name for s in stations} == {"Police station"}
        for station in stations:
            assert station.path == f"{district.path}{station.id}/" and station.depth == 2
    police = db.session.query(Department).filter_by(code="POLICE").one()
    assert police.org_unit_id == hq.id


def test_a_municipal_tree_of_zones_over_the_twelve_wards(app_ctx):
    corporation = unit(demo_tree.CORPORATION_NAMES[0])
    zones = children(corporation)
    assert {z.name for z in zones} == {"North zone", "Central zone", "South zone"}
    for ward in db.session.query(Ward).filter(Ward.number <= 12):
        office = db.session.get(OrgUnit, ward.org_unit_id)
        zone = db.session.get(OrgUnit, office.parent_id)
        assert office.name == f"{ward.name} ward office" and office.level_name == "Ward office"
        assert zone.name == f"{ward.zone} zone" and zone.parent_id == corporation.id
        assert office.path == f"/{corporation.id}/{zone.id}/{office.id}/"
    municipal = db.session.query(Department).filter(Department.code.in_(("WATER", "ROADS")))
    assert {d.org_unit_id for d in municipal} == {corporation.id}


def demo_unit_names() -> set[str]:
    names = {demo_tree.POLICE_HQ[0], demo_tree.CORPORATION_NAMES[0]}
    for _key, district, stations in demo_tree.DISTRICTS:
        names |= {district[0], *(station[0] for _key, station in stations)}
    names |= {zone[0] for zone in demo_tree.ZONES.values()}
    wards = db.session.query(Ward).filter(Ward.number <= 12)
    return names | {f"{ward.name} ward office" for ward in wards}


def test_every_unit_is_named_in_four_languages_and_has_a_head(app_ctx):
    names = demo_unit_names()
    demo_units = db.session.query(OrgUnit).filter(OrgUnit.name.in_(names)).all()
    assert len(demo_units) == len(names) == 1 + 3 + 6 + 1 + 3 + 12
    for item in demo_units:
        for suffix in LANGUAGES:
            assert getattr(item, f"name{suffix}"), (item.name, suffix)
            assert getattr(item, f"level_name{suffix}"), (item.name, suffix)
        assert item.head is not None and item.head.first_name, item.name
    ward_office = unit("Vijay Nagar ward office")
    assert (ward_office.name_hi, ward_office.name_fa) == (
        "विजय नगर वार्ड कार्यालय",
        "دفتر ناحیه ویجای نگر",
    )


def test_calendars_targets_ladders_and_a_local_holiday(app_ctx):
    hq, corporation = unit(demo_tree.POLICE_HQ[0]), unit(demo_tree.CORPORATION_NAMES[0])
    assert (corporation.country, corporation.subdivision, corporation.working_days) == (
        "IN",
        "MP",
        "012345",
    )
    assert (str(corporation.opens_at), str(corporation.closes_at)) == ("10:00:00", "18:00:00")
    assert hq.working_days == "0123456"
    codes = {c.code: c for c in db.session.query(Category)}
    assert codes["POLICE-HELP"].clock == "round_the_clock"
    assert codes["STREETLIGHT"].clock == "office_hours"
    steps = db.session.query(LadderStep).filter_by(category_id=codes["POLICE-HELP"].id)
    assert {(s.level, s.minutes) for s in steps} == {(2, 15), (3, 30), (4, 60)}
    urgent = db.session.query(PriorityTarget).filter_by(
        category_id=codes["POLICE-HELP"].id, priority="urgent"
    )
    assert urgent.one().first_response_minutes == 1
    days = db.session.query(Holiday).filter_by(org_unit_id=corporation.id).all()
    assert {d.name for d in days} == {"Ahilyabai Holkar Jayanti"}


def test_the_trees_logins_head_their_units_and_the_desk_watches_two_districts(app_ctx):
    users = {u.username: u for u in db.session.query(StaffUser)}
    for username, first, _last, role, heads, works_for, department in demo_tree.users():
        user = users[username]
        assert user.first_name == first and [r.name for r in user.roles] == [role]
        names = {u.name for u in user.org_units}
        assert len(names) == len(works_for)
        if heads:
            assert db.session.query(OrgUnit).filter_by(head_id=user.id).count() == 1
        if department:
            officer = db.session.query(Officer).filter_by(user_id=user.id).one()
            assert officer.org_unit_id == user.org_units[0].id
    desk = users["hq_desk1"]
    assert sorted(u.name for u in desk.org_units) == ["Bhopal district", "Indore district"]
    assert desk.department_id is None  # the tree, not a department, is its scope
    inspector = db.session.query(Officer).join(Officer.user).filter_by(username="ward_inspector_3")
    assert [w.number for w in inspector.one().wards] == [3]


def test_the_first_demo_users_keep_their_rights(app_ctx):
    for username, first, last, role, department, beat in demo.USERS:
        user = db.session.query(StaffUser).filter_by(username=username).one()
        assert (user.first_name, user.last_name, [r.name for r in user.roles]) == (
            first,
            last,
            [role],
        )
        assert (user.department.code if user.department else None) == department
        assert user.org_units == []  # scope by department, as before
        officer = db.session.query(Officer).filter_by(user_id=user.id).one_or_none()
        assert (officer is not None) == (beat is not None)
        if officer is not None:
            assert [w.number for w in officer.wards] == list(beat)
            assert officer.org_unit_id is None


def snapshot() -> dict:
    """What the demo writes, row by row."""
    tables = [OrgUnit, Ward, Department, Category, Officer, Holiday, PriorityTarget, LadderStep]
    shot = {
        model.__tablename__: sorted(
            tuple(str(getattr(row, c.key)) for c in model.__table__.columns)
            for row in db.session.query(model)
        )
        for model in tables
    }
    shot["staff_unit"] = sorted(db.session.execute(select(staff_unit)).all())
    shot["users"] = sorted(
        (u.username, u.password, u.department_id, tuple(r.name for r in u.roles))
        for u in db.session.query(StaffUser)
    )
    shot["tickets"] = sorted((t.id, t.level, t.org_unit_id) for t in db.session.query(Ticket))
    return shot


def test_loading_the_demo_again_changes_nothing(app):
    runner = app.test_cli_runner()
    with app.app_context():
        grievance_demo.load()
        before = snapshot()
        demo.load()
        grievance_demo.load()
        db.session.expire_all()
        assert snapshot() == before
    assert "Demo data already loaded." in runner.invoke(args=["demo", "--once"]).output


def escalation_tickets() -> dict[str, Ticket]:
    """The police demo's tickets by station (loaded once in the run)."""
    grievance_demo.load()
    found = {}
    for station, *_rest, text, _sweeps in demo_escalations.TICKETS:
        found[station] = db.session.query(Ticket).filter_by(description=text).one()
    return found


def test_a_newcomer_sees_an_escalation_climb_the_ladder(app):
    with app.app_context():
        made = escalation_tickets()
        stations = {key: ticket.org_unit.name for key, ticket in made.items()}
        levels = {key: ticket.level for key, ticket in made.items()}
        pages = {key: ticket.id for key, ticket in made.items()}
    assert stations == {
        "vijaynagar": "Vijay Nagar police station",
        "ttnagar": "TT Nagar police station",
        "mahakal": "Mahakal police station",
    }
    assert levels == {"vijaynagar": 3, "ttnagar": 2, "mahakal": 1}
    client = login(app, "supervisor")
    climbed = visible_text(client.get(f"/ticketview/show/{pages['vijaynagar']}").text)
    assert "Escalated (level 2)" in climbed and "Escalated (level 3)" in climbed
    held = visible_text(client.get(f"/ticketview/show/{pages['ttnagar']}").text)
    assert "Escalated (level 2)" in held and "Escalated (level 3)" not in held


def test_the_hq_desk_operator_sees_only_its_two_districts_tickets(app):
    with app.app_context():
        made = {key: (t.id, t.tracking_no) for key, t in escalation_tickets().items()}
    client = login(app, "hq_desk1")
    listed = client.get("/ticketview/list/?psize_TicketView=100").text
    for key in ("vijaynagar", "ttnagar"):  # Indore and Bhopal districts
        pk, tracking_no = made[key]
        assert tracking_no in listed
        assert client.get(f"/ticketview/show/{pk}").status_code == 200
    pk, tracking_no = made["mahakal"]  # Ujjain district: not theirs
    assert tracking_no not in listed
    assert client.get(f"/ticketview/show/{pk}").status_code == 404
