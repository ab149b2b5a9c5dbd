"""An admin builds the organisation tree on its screens: units shown as a tree, moved with
their subtrees (never under themselves), holidays, targets by priority, ladder steps, the
category's clock, and the units a login works for."""

import re

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Category, LadderStep, OrgUnit, PriorityTarget
from tests.conftest import csrf_token, login
from tests.org_tree_helpers import police_tree

UNIT_FORM = {
    "level_name": "District",
    "country": "IN",
    "subdivision": "UP",
    "working_days": ["0", "1", "2", "3", "4", "5"],
    "opens_at": "10:00",
    "closes_at": "18:00",
    "active": "y",
}


def _ids(app, *names):
    with app.app_context():
        return [db.session.query(OrgUnit.id).filter_by(name=n).scalar() for n in names]


def test_units_list_as_a_tree_and_a_new_unit_sits_under_its_parent(app):
    with app.test_request_context():
        police_tree()
    client = login(app, "admin")
    (north,) = _ids(app, "North")
    token = csrf_token(client, "/orgunitview/add")
    form = {**UNIT_FORM, "csrf_token": token, "name": "N3", "parent": north}
    page = client.post("/orgunitview/add", data=form, follow_redirects=True)
    assert page.status_code == 200
    with app.app_context():
        n3 = db.session.query(OrgUnit).filter_by(name="N3").one()
        north_path = db.session.get(OrgUnit, north).path
        assert (n3.path, n3.depth) == (f"{north_path}{n3.id}/", 2)
        assert n3.working_days == "012345"
    listing = client.get("/orgunitview/list/?psize_OrgUnitView=100").text
    # path order: North, then its stations, indented below it, before South
    at = {
        name: listing.index(name)
        for name in (
            "Tree HQ",
            "└ <bdi>North</bdi>",
            "└ <bdi>N1</bdi>",
            "└ <bdi>N3</bdi>",
            "└ <bdi>South</bdi>",
        )
    }
    assert (
        at["Tree HQ"] < at["└ <bdi>North</bdi>"] < min(at["└ <bdi>N1</bdi>"], at["└ <bdi>N3</bdi>"])
    )
    assert max(at["└ <bdi>N1</bdi>"], at["└ <bdi>N3</bdi>"]) < at["└ <bdi>South</bdi>"]
    with app.app_context():
        db.session.get(OrgUnit, north).level_name_hi = "ज़िला"
        db.session.commit()
    hindi = login(app, "admin", "hi").get("/orgunitview/list/?psize_OrgUnitView=100").text
    assert "ज़िला" in hindi


def test_moving_a_district_carries_its_stations_and_a_cycle_is_refused(app):
    with app.test_request_context():
        police_tree()
    client = login(app, "admin")
    east, north, n1 = _ids(app, "East", "North", "N1")
    token = csrf_token(client, f"/orgunitview/edit/{north}")
    form = {**UNIT_FORM, "csrf_token": token, "name": "North", "parent": n1}
    page = client.post(f"/orgunitview/edit/{north}", data=form, follow_redirects=True)
    assert "cannot sit under itself" in page.text
    hindi = login(app, "admin", "hi")
    token = csrf_token(hindi, f"/orgunitview/edit/{north}")
    page = hindi.post(
        f"/orgunitview/edit/{north}", data={**form, "csrf_token": token}, follow_redirects=True
    )
    assert "cannot sit under itself" not in page.text and "N1" in page.text
    form = {**form, "csrf_token": csrf_token(client, f"/orgunitview/edit/{north}"), "parent": east}
    client.post(f"/orgunitview/edit/{north}", data=form)
    with app.app_context():
        units = {u.name: u for u in db.session.query(OrgUnit)}
        assert units["North"].path == f"{units['East'].path}{north}/"
        assert units["N1"].path == f"{units['North'].path}{n1}/" and units["N1"].depth == 3
        hq = units["Tree HQ"].id
    form = {**form, "csrf_token": csrf_token(client, f"/orgunitview/edit/{north}"), "parent": hq}
    client.post(f"/orgunitview/edit/{north}", data=form)
    with app.app_context():
        assert db.session.get(OrgUnit, n1).depth == 2


def test_a_bad_calendar_is_refused_with_a_message(app):
    client = login(app, "admin")
    token = csrf_token(client, "/orgunitview/add")
    form = {**UNIT_FORM, "csrf_token": token, "name": "Nowhere", "timezone": "Mars/Olympus"}
    page = client.post("/orgunitview/add", data=form, follow_redirects=True)
    assert "Mars/Olympus" in page.text and "Time zone" in page.text
    with app.app_context():
        assert db.session.query(OrgUnit).filter_by(name="Nowhere").count() == 0


def test_supervisor_gives_a_login_its_units(app):
    with app.test_request_context():
        police_tree()
    client = login(app, "supervisor")
    south, east = _ids(app, "South", "East")
    with app.app_context():
        pk = db.session.query(StaffUser.id).filter_by(username="hq_desk").scalar()
    assert "hq_desk" in client.get("/staffunitview/list/").text
    token = csrf_token(client, f"/staffunitview/edit/{pk}")
    client.post(f"/staffunitview/edit/{pk}", data={"csrf_token": token, "org_units": [south]})
    try:
        with app.app_context():
            user = db.session.get(StaffUser, pk)
            assert [u.name for u in user.org_units] == ["South"]
        assert client.get("/staffunitview/add").status_code in (302, 403, 404)
        assert login(app, "clerk_water").get("/staffunitview/list/").status_code in (302, 403)
    finally:
        with app.test_request_context():
            police_tree()  # gives hq_desk North and East again


def test_targets_ladder_and_clock(app):
    client = login(app, "admin")
    with app.app_context():
        drain = db.session.query(Category.id).filter_by(code="DRAIN").scalar()
    token = csrf_token(client, "/prioritytargetview/add")
    data = {
        "csrf_token": token,
        "category": drain,
        "priority": "urgent",
        "first_response_minutes": "15",
        "primary_action_minutes": "60",
        "resolution_minutes": "240",
    }
    client.post("/prioritytargetview/add", data=data)
    assert "Urgent" in client.get("/prioritytargetview/list/").text
    refused = client.post(
        "/ladderstepview/add",
        data={"csrf_token": token, "category": drain, "level": "1", "minutes": "30"},
        follow_redirects=True,
    )
    assert "level 2 or higher" in refused.text
    client.post(
        "/ladderstepview/add",
        data={"csrf_token": token, "category": drain, "level": "2", "minutes": "30"},
    )
    with app.app_context():
        assert db.session.query(PriorityTarget).filter_by(category_id=drain).count() == 1
        steps = db.session.query(LadderStep.level).filter_by(category_id=drain).all()
        assert steps == [(2,)]
        db.session.query(PriorityTarget).filter_by(category_id=drain).delete()
        db.session.query(LadderStep).filter_by(category_id=drain).delete()
        db.session.commit()
    listing = client.get("/categoryview/list/").text
    assert "Round the clock" in listing
    assert re.search(r"Clock", client.get(f"/categoryview/edit/{drain}").text)
